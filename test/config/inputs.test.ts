import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandGlob } from '../../src/config/inputs.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'edusync-glob-'));
  for (const f of ['a/x.csv', 'a/y.xlsx', 'a/b/z.csv', 'a/b/c/w.csv', 'a/.hidden/h.csv', 'd/x.csv', 'a/.dot.csv']) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), '');
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('expandGlob', () => {
  const rel = (pattern: string): string[] => expandGlob(pattern, dir).map((p) => p.slice(dir.length + 1));
  it.each([
    ['a/*.csv', ['a/x.csv']],
    ['a/*', ['a/b', 'a/x.csv', 'a/y.xlsx']],
    ['a/**/*.csv', ['a/b/c/w.csv', 'a/b/z.csv', 'a/x.csv']],
    ['**/x.csv', ['a/x.csv', 'd/x.csv']],
    ['?/x.csv', ['a/x.csv', 'd/x.csv']],
    ['a/.*.csv', ['a/.dot.csv']],
    ['a/*/z.csv', ['a/b/z.csv']],
    ['nope/*.csv', []],
  ])('%s', (pattern, expected) => {
    expect(rel(pattern)).toEqual(expected);
  });
  it('a plain path is returned as is (absolute), even when missing', () => {
    expect(expandGlob('missing.csv', dir)).toEqual([join(dir, 'missing.csv')]);
    expect(expandGlob(join(dir, 'a', '*.xlsx'), '/elsewhere')).toEqual([join(dir, 'a', 'y.xlsx')]);
  });
});
