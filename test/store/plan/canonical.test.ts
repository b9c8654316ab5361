import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalValues, hasCanonicalJson, rowHash, sameValue } from '../../../src/store/plan/canonical.js';

describe('canonicalValues / rowHash', () => {
  it('is independent of key order and leaves out values not provided', () => {
    const a = canonicalValues({ fullName: 'Nguyễn Văn An', classId: '6A1', dateOfBirth: '2014-01-01', email: undefined });
    const b = canonicalValues({ dateOfBirth: '2014-01-01', classId: '6A1', fullName: 'Nguyễn Văn An' });
    expect(a).toBe(b);
    expect(a).toBe('{"classId":"6A1","dateOfBirth":"2014-01-01","fullName":"Nguyễn Văn An"}');
    expect(JSON.parse(a)).toEqual({ classId: '6A1', dateOfBirth: '2014-01-01', fullName: 'Nguyễn Văn An' });
  });

  it('keeps types apart (the id "1" is not the number 1) and null apart from absent', () => {
    expect(canonicalValues({ x: '1' })).not.toBe(canonicalValues({ x: 1 }));
    expect(canonicalValues({ x: null })).toBe('{"x":null}');
    expect(canonicalValues({ x: null })).not.toBe(canonicalValues({}));
    expect(canonicalValues({ b: true, n: -0, f: Number.NaN })).toBe('{"b":true,"f":null,"n":0}');
  });

  it('rowHash is the SHA-256 hex of the canonical text, equal for equal values', () => {
    const v = { studentId: '7900001000', personalId: '001214100000' };
    expect(rowHash(v)).toMatch(/^[0-9a-f]{64}$/);
    expect(rowHash(v)).toBe(createHash('sha256').update(canonicalValues(v)).digest('hex'));
    expect(rowHash({ personalId: '001214100000', studentId: '7900001000' })).toBe(rowHash(v));
    expect(rowHash({ ...v, studentId: '7900001001' })).not.toBe(rowHash(v));
  });

  it('sameValue: equal canonical values; null and absent are both "no value"', () => {
    expect(sameValue('6A1', '6A1')).toBe(true);
    expect(sameValue(1.5, 1.5)).toBe(true);
    expect(sameValue(0, -0)).toBe(true);
    expect(sameValue('1', 1)).toBe(false);
    expect(sameValue(null, undefined)).toBe(true);
    expect(sameValue(null, '')).toBe(false);
    expect(sameValue(true, false)).toBe(false);
  });

  it('hasCanonicalJson answers exactly canonicalValues(values) === json, without building it', () => {
    const values: Array<Record<string, string | number | boolean | null | undefined>> = [
      { fullName: 'Nguyễn Văn An', classId: '6A1', dateOfBirth: '2014-01-01', email: undefined },
      { fullName: 'a"b', note: 'x\\y', tab: 'c\td', nl: 'e\nf' },
      { fullName: 'a\\"b' },
      { emoji: 'Lê 😀', lone: '\ud800x', ls: 'p\u2028q' },
      { n: 1.5, z: -0, nan: Number.NaN, t: true, f: false, nothing: null },
      {},
      { only: undefined },
    ];
    for (const v of values) {
      const json = canonicalValues(v);
      expect(hasCanonicalJson(v, json)).toBe(true);
      // Every shorter or longer text, and each one-character change, is another text.
      expect(hasCanonicalJson(v, json.slice(0, -1))).toBe(false);
      expect(hasCanonicalJson(v, `${json} `)).toBe(false);
      for (let i = 0; i < json.length; i++) {
        const other = `${json.slice(0, i)}${json[i] === 'x' ? 'y' : 'x'}${json.slice(i + 1)}`;
        expect(hasCanonicalJson(v, other)).toBe(false);
      }
      for (const w of values) expect(hasCanonicalJson(w, json)).toBe(canonicalValues(w) === json);
    }
    // A raw string that reads like the escaped text of another is not equal to it.
    expect(hasCanonicalJson({ s: 'a\\"b' }, canonicalValues({ s: 'a"b' }))).toBe(false);
    expect(hasCanonicalJson({ s: '1' }, canonicalValues({ s: 1 }))).toBe(false);
    expect(hasCanonicalJson({ s: 1 }, canonicalValues({ s: '1' }))).toBe(false);
    expect(hasCanonicalJson({ s: null }, canonicalValues({}))).toBe(false);
  });
});
