/**
 * better-sqlite3 is opened only through src/store/sqlite.ts, which keeps its native objects
 * reachable: under Node 24 one collected by a GC task outside any context aborts the process
 * (exit 134). A test file that opened a database with `new Database()` took its vitest worker down
 * that way once in a full run on Node 24.21 (2026-11-26). Source and tests alike.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from '../helpers/run-cli.js';

function tsFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) tsFiles(path, out);
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

describe('one opener for better-sqlite3', () => {
  it('no file but src/store/sqlite.ts imports its constructor or calls new Database()', () => {
    const offenders: string[] = [];
    for (const file of [...tsFiles(join(ROOT, 'src')), ...tsFiles(join(ROOT, 'test'))]) {
      const rel = relative(ROOT, file);
      if (rel === join('src', 'store', 'sqlite.ts') || rel === join('test', 'store', 'one-opener.test.ts')) continue;
      const text = readFileSync(file, 'utf8');
      // A type-only import is fine: it creates nothing.
      if (/import\s+(?!type\b)[^;]*from\s+'better-sqlite3'/.test(text) || /import\('better-sqlite3'\)/.test(text) || /new Database\(/.test(text)) offenders.push(rel);
    }
    expect(offenders).toEqual([]);
  });
});
