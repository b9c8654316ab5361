/**
 * `edusync run` end to end on generated schools: the lock between two runs started together,
 * JSON logs that carry no personal data, the summary file, stale-lock takeover, config errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import Papa from 'papaparse';
import { BIN, runCli, tempDir, type CliRun } from '../helpers/run-cli.js';

let dir: string;
let configPath: string;
/** Every name, personal ID, student ID, phone number and school code in the generated files. */
const secrets = new Set<string>();

beforeAll(async () => {
  dir = tempDir('edusync-run-e2e-');
  const gen = await runCli(['generate', '--out', join(dir, 'data'), '--seed', '1', '--schools', '3', '--entities', 'students', '--format', 'csv']);
  expect(gen.code).toBe(0);
  const files = readdirSync(join(dir, 'data')).filter((f) => f.endsWith('.csv')).sort();
  expect(files).toHaveLength(3);
  for (const f of files) {
    const parsed = Papa.parse<Record<string, string>>(readFileSync(join(dir, 'data', f), 'utf8'), { header: true, skipEmptyLines: true });
    for (const row of parsed.data) {
      for (const column of ['Mã trường', 'Mã học sinh', 'Họ và tên', 'Số định danh cá nhân', 'Họ tên cha', 'Họ tên mẹ', 'Số điện thoại liên hệ']) {
        const v = row[column]?.trim();
        if (v) secrets.add(v);
      }
    }
  }
  const truth = readFileSync(join(dir, 'data', 'truth.json'), 'utf8');
  expect(truth.length).toBeGreaterThan(0);
  expect(secrets.size).toBeGreaterThan(1000);
  configPath = join(dir, 'edusync.config.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      period: '2025-10',
      ruleSet: '2025-2026',
      schools: files.map((f) => ({ id: f.slice(0, 8), inputs: [`data/${f.slice(0, 8)}-*.csv`] })),
      import: { apply: true },
      log: { format: 'json', summaryDir: 'runs' },
    }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TODAY = ['--today', '2025-10-15'];

function jsonLines(stderr: string): Array<Record<string, unknown>> {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function expectNoSecrets(text: string): void {
  for (const s of secrets) if (text.includes(s)) throw new Error(`log output carries a personal value (${s.length} chars)`);
  expect(text).not.toContain(join(dir, 'data'));
}

function summaries(): string[] {
  try {
    return readdirSync(join(dir, 'runs')).sort();
  } catch {
    return [];
  }
}

describe('edusync run', () => {
  it('two runs started together: one runs, the other exits 6 with "another run holds the lock"', async () => {
    const env = { EDUSYNC_TEST_HOLD_LOCK_MS: '2000' };
    const [a, b] = await Promise.all([
      runCli(['run', '--config', configPath, '--lang', 'en', ...TODAY], { env }),
      runCli(['run', '--config', configPath, '--lang', 'en', ...TODAY], { env }),
    ]);
    const runs: CliRun[] = [a, b];
    const winner = runs.find((r) => r.code !== 6);
    const loser = runs.find((r) => r.code === 6);
    expect(runs.map((r) => r.code).sort()).toEqual([0, 6]);
    expect(winner && loser).toBeTruthy();
    const [summaryFile] = summaries();
    expect(summaries()).toHaveLength(1);
    const summary = JSON.parse(readFileSync(join(dir, 'runs', summaryFile!), 'utf8')) as Record<string, unknown>;
    expect(loser!.stderr).toContain(`Another run holds the lock (pid ${String(summary.pid)} since `);
    expect(summary).toMatchObject({ exitCode: 0, outcome: 'ok', apply: true, period: '2025-10', schools: 3 });
    expect(statSync(join(dir, 'runs', summaryFile!)).mode & 0o777).toBe(0o600);

    // Every line of the winner's log is JSON with time, level, stage, event.
    const lines = winner!.stderr.trim().split('\n');
    for (const line of lines) {
      const o = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(o).slice(0, 4)).toEqual(['time', 'level', 'stage', 'event']);
    }
    const events = jsonLines(winner!.stderr);
    expect(events.filter((e) => e.event === 'school-done')).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({ stage: 'run', event: 'finish', exitCode: 0, records: 834, new: 834, snapshots: 3 });
    expect(jsonLines(loser!.stderr)).toEqual([expect.objectContaining({ level: 'error', stage: 'lock', event: 'refused', exitCode: 6 })]);

    expectNoSecrets(winner!.stderr + loser!.stderr + winner!.stdout + loser!.stdout);
    expectNoSecrets(readFileSync(join(dir, 'runs', summaryFile!), 'utf8'));
  });

  it('a second run finds nothing new; text logs carry no personal data either', async () => {
    const r = await runCli(['run', '--config', configPath, '--log-format', 'text', '--lang', 'en', ...TODAY]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/run: finish exitCode=0 .*new=0 .*unchanged=834/);
    expectNoSecrets(r.stderr + r.stdout);
  });

  it('a stale lock of a dead process is taken over and logged', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const pid = Number(dead.stdout);
    writeFileSync(join(dir, 'edusync.db.lock'), JSON.stringify({ pid, host: hostname(), startedAt: '2025-10-01T00:00:00.000Z' }));
    const r = await runCli(['run', '--config', configPath, ...TODAY]);
    expect(r.code).toBe(0);
    expect(jsonLines(r.stderr)[0]).toMatchObject({ level: 'warn', stage: 'lock', event: 'stale-taken-over', stalePid: pid });
    expect(() => statSync(join(dir, 'edusync.db.lock'))).toThrow();
  });

  it('EDUSYNC_* and flags override the file: dry run on another period, no store writes', async () => {
    const before = summaries().length;
    const r = await runCli(['run', '--config', configPath, ...TODAY], { env: { EDUSYNC_APPLY: 'false', EDUSYNC_PERIOD: '2025-11' } });
    expect(r.code).toBe(0);
    expect(jsonLines(r.stderr).find((e) => e.event === 'start')).toMatchObject({ apply: false, period: '2025-11' });
    expect(summaries().length).toBe(before + 1);
    // --dry-run wins over the file's import.apply: the plan for 2025-12 is shown, nothing is stored.
    const dry = await runCli(['run', '--config', configPath, '--period', '2025-12', '--dry-run', ...TODAY]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(jsonLines(dry.stderr).find((e) => e.event === 'start')).toMatchObject({ apply: false, period: '2025-12' });
    const history = await runCli(['history', '--db', join(dir, 'edusync.db'), '--format', 'json']);
    expect(history.stdout).not.toContain('2025-12');
    expect(history.stdout).toContain('2025-10');
    const both = await runCli(['run', '--config', configPath, '--apply', '--dry-run', ...TODAY]);
    expect(both.code).toBe(2);
  });

  it('SIGTERM releases the lock (and the process ends by the signal)', async () => {
    const child = spawn(process.execPath, [BIN, 'run', '--config', configPath, ...TODAY], {
      env: { ...process.env, CI: 'true', EDUSYNC_TEST_HOLD_LOCK_MS: '20000' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    await new Promise<void>((resolve) => {
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
        if (stderr.includes('"event":"start"')) resolve();
      });
    });
    expect(existsSync(join(dir, 'edusync.db.lock'))).toBe(true);
    child.kill('SIGTERM');
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, sig) => resolve(sig)));
    expect(signal).toBe('SIGTERM');
    expect(existsSync(join(dir, 'edusync.db.lock'))).toBe(false);
    expect(jsonLines(stderr).at(-1)).toMatchObject({ stage: 'run', event: 'signal', signal: 'SIGTERM' });
  });

  it('an invalid config exits 2 naming the file and the path', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ schools: [{ id: 'x', inputs: ['a'] }], targets: [{ name: 't', url: 'http://example.com' }] }));
    const r = await runCli(['run', '--config', bad, '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Invalid config ${bad} at targets[0].url: the endpoint must use https`);
  });
});
