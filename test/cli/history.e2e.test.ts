/** Issue 4 item 3: `edusync history` lists the runs and the snapshots per school, without personal data. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { buildScenario, SCHOOL, type Scenario } from '../store/diff/helpers.js';

let dir: string;
let db: string;
let scenario: Scenario;

beforeAll(() => {
  dir = tempDir('edusync-history-');
  db = join(dir, 'edusync.db');
  scenario = buildScenario(db);
});

describe('edusync history', () => {
  it('--format json lists runs newest first and snapshots per school', async () => {
    const run = await runCli(['history', '--db', db, '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const h = JSON.parse(run.stdout);
    expect(h.runs.map((r: { id: number }) => r.id)).toEqual([...scenario.runIds].reverse());
    expect(h.runs[1]).toMatchObject({ command: 'import', period: '2025-09', outcome: 'ok', exitCode: 0, counts: { records: 20 } });
    expect(h.schools).toHaveLength(1);
    expect(h.schools[0]).toMatchObject({ schoolId: SCHOOL, name: 'THCS Lê Lợi' });
    expect(h.schools[0].snapshots.map((s: { period: string; records: number; runId: number; entity: string }) => [s.entity, s.period, s.records, s.runId])).toEqual([
      ['student', '2025-09', 20, scenario.runIds[0]],
      ['student', '2025-10', 22, scenario.runIds[1]],
    ]);
    // no personal data: no names, no ids of pupils, no OS user
    for (const p of scenario.september) {
      expect(run.stdout).not.toContain(p.fullName);
      expect(run.stdout).not.toContain(p.studentId);
    }
    expect(run.stdout).not.toContain('osUser');
  });

  it('text in Vietnamese (default) and English, and --school filters', async () => {
    const vi = await runCli(['history', '--db', db]);
    expect(vi.code, vi.stderr).toBe(0);
    expect(vi.stdout).toContain('Lượt chạy (2, mới nhất trước):');
    expect(vi.stdout).toMatch(/#1 {2}\d\d\/\d\d\/\d{4} \d\d:\d\d {2}import {2}kỳ 09\/2025 {2}xong {2}mã thoát 0/);
    expect(vi.stdout).toContain(`Trường ${SCHOOL} — THCS Lê Lợi`);
    expect(vi.stdout).toMatch(/học sinh {2}kỳ 10\/2025 {2}22 bản ghi {2}lượt #2/);
    const en = await runCli(['history', '--db', db, '--lang', 'en', '--school', '79999999']);
    expect(en.code, en.stderr).toBe(0);
    expect(en.stdout).toContain('Runs (0, newest first):');
    expect(en.stdout).toContain('School 79999999');
    expect(en.stdout).toContain('(no snapshots yet)');
  });

  it('a missing database exits 5 with a clear message and creates nothing', async () => {
    const cwd = tempDir('edusync-history-empty-');
    const run = await runCli(['history', '--lang', 'en'], { cwd, env: { EDUSYNC_DB: '' } });
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('no database yet');
    expect(run.stderr).toContain(join(cwd, 'edusync.db'));
    expect(existsSync(join(cwd, 'edusync.db'))).toBe(false);
  });
});
