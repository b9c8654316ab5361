import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalValues, rowHash, sameValue } from '../../../src/store/plan/canonical.js';

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
});
