/**
 * Import's first reading may check a large csv in two parts (check/parallel.ts): the worker counts
 * the person rows of each school in its part (check/group-count.ts) and hands the counts over.
 * The plan and the stored snapshots must be exactly those of one thread, wherever the cut lands —
 * also inside a school's run of rows — and a row without a school after the cut is still refused.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/sqlite.js';
import { runCli, tempDir } from '../helpers/run-cli.js';

const single = { EDUSYNC_THREADS: '1' };
const parts = (share: string): NodeJS.ProcessEnv => ({
  EDUSYNC_THREADS: '2',
  EDUSYNC_PARALLEL_MIN_BYTES: '1',
  EDUSYNC_DEBUG_PARTS: '1',
  EDUSYNC_PARALLEL_SHARE: share,
});

function importArgs(file: string, db: string, apply: boolean): string[] {
  return ['import', file, '--period', '2025-10', '--today', '2025-10-20', '--format', 'json', '--db', db, ...(apply ? ['--apply'] : [])];
}

/** What a snapshot holds, without the ids a run assigns (runs, snapshot ids). */
function storedSnapshots(db: string): unknown[] {
  // Through the store's opener: it keeps better-sqlite3's native objects from a Node 24 GC abort.
  const d = openDatabase(db, { readonly: true, fileMustExist: true });
  try {
    return d
      .prepare('SELECT school_id, entity, period, record_count, content_hash FROM snapshots ORDER BY school_id, entity')
      .all();
  } finally {
    d.close();
  }
}

describe.runIf(availableParallelism() > 1)('import with a file checked in two parts', () => {
  let dir = '';
  let file = '';
  beforeAll(async () => {
    dir = tempDir('edusync-import-parts-');
    const run = await runCli(
      ['generate', '--out', join(dir, 'g'), '--seed', '5', '--rows', '6000', '--entities', 'students', '--format', 'csv', '--layout', 'plain', '--defects', '0.02'],
      { timeoutMs: 120_000 },
    );
    expect(run.code, run.stderr).toBe(0);
    file = join(dir, 'g', readdirSync(join(dir, 'g')).find((f) => f.endsWith('.csv'))!);
  }, 180_000);

  it('plans and stores exactly what one thread does, wherever the cut falls', async () => {
    const one = await runCli(importArgs(file, join(dir, 'one.db'), true), { env: single });
    expect([0, 1], one.stderr).toContain(one.code);
    const plan = JSON.parse(one.stdout) as { plans: { school: string; new: unknown[] }[]; runId: unknown };
    expect(plan.plans.length).toBeGreaterThan(3);
    for (const share of ['0.3', '0.5', '0.77']) {
      const db = join(dir, `two-${share}.db`);
      const two = await runCli(importArgs(file, db, true), { env: parts(share) });
      expect(two.stderr).toMatch(/edusync parts: cut at byte \d+/);
      expect(two.code).toBe(one.code);
      expect(JSON.parse(two.stdout)).toEqual(plan);
      expect(storedSnapshots(db)).toEqual(storedSnapshots(join(dir, 'one.db')));
    }
  }, 120_000);

  it('refuses a row without a school that only the second part holds, naming the file', async () => {
    const lines = readFileSync(file, 'utf8').split('\n');
    const header = lines[0]!.replace(/^\uFEFF/, '').split(',');
    const schoolColumn = header.indexOf('Mã trường');
    expect(schoolColumn).toBe(0);
    // The last data row loses its Mã trường: only the worker's part sees it.
    const last = lines.length - 2;
    lines[last] = lines[last]!.replace(/^[^,]*/, '');
    const edited = join(dir, 'thieu-ma-truong.csv');
    writeFileSync(edited, lines.join('\n'));
    const two = await runCli(importArgs(edited, join(dir, 'refused.db'), false), { env: parts('0.5') });
    expect(two.stderr).toMatch(/edusync parts: cut at byte \d+/);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('thieu-ma-truong.csv');
    expect(two.stderr).toMatch(/--school/);
  }, 60_000);
});
