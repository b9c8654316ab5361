import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, ExitCode, InputError, LockedError, StateError } from '../../src/errors.js';
import type { ResolvedConfig } from '../../src/config/load.js';
import { createRunLogger, token } from '../../src/run/log.js';
import { executeRun } from '../../src/run/run.js';
import { RUN_STAGES, configuredStages, worstExitCode, type ImportFilesFn } from '../../src/run/pipeline.js';
import { acquireLock } from '../../src/run/lock.js';
import type { ImportResult } from '../../src/store/import.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'edusync-run-'));
  for (const s of ['a', 'b', 'c']) {
    mkdirSync(join(dir, 'in', s), { recursive: true });
    writeFileSync(join(dir, 'in', s, `${s}.csv`), `school ${s}\n`);
  }
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function config(overrides: Partial<ResolvedConfig> = {}): ResolvedConfig {
  return {
    locale: 'en',
    storePath: join(dir, 'edusync.db'),
    period: '2025-10',
    ruleSet: undefined,
    schools: [
      { id: 'A', inputs: ['in/a/*.csv'] },
      { id: 'B', inputs: ['in/b'] },
      { id: 'C', inputs: ['in/c/**/*.csv'] },
    ],
    apply: false,
    log: { format: 'json', summaryDir: join(dir, 'runs') },
    targets: [],
    stages: {},
    lockPath: join(dir, 'edusync.db.lock'),
    baseDir: dir,
    ...overrides,
  };
}

function fakeResult(paths: string[], exitCode: ExitCode, records = 10): ImportResult {
  return {
    runId: null,
    period: '2025-10',
    applied: false,
    snapshots: [],
    exitCode,
    plans: [],
    report: {
      valid: exitCode === ExitCode.Ok,
      ruleSet: '2025-2026',
      stats: { files: paths.length, tables: paths.length, records, errors: exitCode === ExitCode.Findings ? 2 : 0, warnings: 1, infos: 0, byCode: {} },
      tables: paths.map((file) => ({ file, entity: 'student', records, errors: 0, warnings: 1, infos: 0 })),
      unreadable: [],
      findings: [],
      dropped: 0,
    },
  } as unknown as ImportResult;
}

function collect(): { lines: string[]; logger: ReturnType<typeof createRunLogger> } {
  const lines: string[] = [];
  return { lines, logger: createRunLogger({ format: 'json', locale: 'en', write: (l) => lines.push(l) }) };
}

describe('executeRun', () => {
  it('imports every school with its own files and id, writes a 0600 summary, releases the lock', async () => {
    const calls: Array<{ paths: string[]; school?: string | undefined; apply: boolean; period?: string | undefined }> = [];
    const importFiles: ImportFilesFn = async (paths, o) => {
      calls.push({ paths, school: o.school, apply: o.apply, period: o.period });
      return fakeResult(paths, o.school === 'B' ? ExitCode.Findings : ExitCode.Ok);
    };
    const { lines, logger } = collect();
    const result = await executeRun({ config: config(), logger, importFiles, handleSignals: false });
    expect(calls).toEqual([
      { paths: [join(dir, 'in/a/a.csv')], school: 'A', apply: false, period: '2025-10' },
      { paths: [join(dir, 'in/b/b.csv')], school: 'B', apply: false, period: '2025-10' },
      { paths: [join(dir, 'in/c/c.csv')], school: 'C', apply: false, period: '2025-10' },
    ]);
    expect(result.exitCode).toBe(ExitCode.Findings);
    expect(statSync(result.summaryPath).mode & 0o777).toBe(0o600);
    const summary = JSON.parse(readFileSync(result.summaryPath, 'utf8'));
    expect(summary).toMatchObject({ exitCode: 1, outcome: 'findings', period: '2025-10', schools: 3, notConfigured: ['reconcile', 'report', 'push'] });
    expect(summary.stages[0]).toMatchObject({ name: 'import', status: 'findings', counts: { schools: 3, files: 3, records: 30, errors: 2 } });
    expect(existsSync(join(dir, 'edusync.db.lock'))).toBe(false);
    const events = lines.map((l) => JSON.parse(l) as { stage: string; event: string });
    expect(events.map((e) => `${e.stage}.${e.event}`)).toEqual([
      'lock.acquired',
      'run.start',
      'import.school-start',
      'import.file',
      'import.school-done',
      'import.school-start',
      'import.file',
      'import.school-done',
      'import.school-start',
      'import.file',
      'import.school-done',
      'run.finish',
    ]);
    // No school ids, no paths in the log.
    const all = lines.join('');
    expect(all).not.toContain(dir);
    expect(all).not.toMatch(/"[ABC]"/);
  });

  it('a school with no matching input exits 4 but the others still run', async () => {
    const importFiles: ImportFilesFn = async (paths) => fakeResult(paths, ExitCode.Ok);
    const { lines, logger } = collect();
    const c = config({ schools: [{ id: 'A', inputs: ['in/a/*.csv'] }, { id: 'Z', inputs: ['in/z/*.csv', 'missing.csv'] }] });
    const result = await executeRun({ config: c, logger, importFiles, handleSignals: false });
    expect(result.exitCode).toBe(ExitCode.Input);
    expect(result.summary.stages[0]!.schools.map((s) => s.exitCode)).toEqual([0, 4]);
    expect(result.summary.stages[0]!.schools[1]!.unreadableReasons).toEqual(['not-found']);
    expect(lines.some((l) => l.includes('"event":"no-input"'))).toBe(true);
  });

  it('an input error from one school is recorded, the run goes on', async () => {
    const importFiles: ImportFilesFn = async (paths, o) => {
      if (o.school === 'A') throw new InputError({ file: paths[0]! }, 'encrypted', { vi: 'x', en: 'x' });
      return fakeResult(paths, ExitCode.Ok);
    };
    const { logger } = collect();
    const result = await executeRun({ config: config(), logger, importFiles, handleSignals: false });
    expect(result.summary.stages[0]!.schools.map((s) => s.exitCode)).toEqual([4, 0, 0]);
    expect(result.exitCode).toBe(ExitCode.Input);
  });

  it('a state error stops the run, the summary is still written, then it is rethrown; the lock is released', async () => {
    let calls = 0;
    const importFiles: ImportFilesFn = async () => {
      calls++;
      throw new StateError({ vi: 'hỏng', en: 'broken' });
    };
    const { logger } = collect();
    await expect(executeRun({ config: config(), logger, importFiles, handleSignals: false })).rejects.toBeInstanceOf(StateError);
    expect(calls).toBe(1);
    const [file] = readdirSync(join(dir, 'runs'));
    const summary = JSON.parse(readFileSync(join(dir, 'runs', file!), 'utf8'));
    expect(summary).toMatchObject({ exitCode: 5, outcome: 'failed', stoppedBy: 'StateError' });
    expect(existsSync(join(dir, 'edusync.db.lock'))).toBe(false);
  });

  it('refuses when the lock is held (exit 6), runs nothing, writes no summary', async () => {
    const held = acquireLock(join(dir, 'edusync.db.lock'));
    const { lines, logger } = collect();
    let called = false;
    await expect(
      executeRun({
        config: config(),
        logger,
        importFiles: async (p) => {
          called = true;
          return fakeResult(p, ExitCode.Ok);
        },
        handleSignals: false,
      }),
    ).rejects.toBeInstanceOf(LockedError);
    held.release();
    expect(called).toBe(false);
    expect(existsSync(join(dir, 'runs'))).toBe(false);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', stage: 'lock', event: 'refused', exitCode: 6 });
  });

  it('no inputs configured → ConfigError before taking the lock', async () => {
    const { logger } = collect();
    await expect(executeRun({ config: config({ schools: [] }), logger, importFiles: async (p) => fakeResult(p, 0), handleSignals: false })).rejects.toBeInstanceOf(
      ConfigError,
    );
    expect(existsSync(join(dir, 'edusync.db.lock'))).toBe(false);
  });
});

describe('pieces', () => {
  it('worstExitCode', () => {
    expect(worstExitCode([])).toBe(0);
    expect(worstExitCode([0, 1, 0])).toBe(1);
    expect(worstExitCode([1, 4, 2])).toBe(2);
    expect(worstExitCode([4, 5, 1])).toBe(5);
  });
  it('the stages run in flow order, import always, the others when the config has their section', () => {
    expect(RUN_STAGES).toEqual(['import', 'reconcile', 'report', 'push']);
    expect(configuredStages(config())).toEqual(['import']);
    const outDir = join(dir, 'r');
    expect(configuredStages(config({ stages: { push: { target: 't' }, report: { level: 'school', formats: ['xlsx'], outDir } } }))).toEqual(['import', 'report', 'push']);
  });
  it('a field named like a line key (level, stage…) is renamed, never overwrites the line\'s own', () => {
    const lines: string[] = [];
    createRunLogger({ format: 'json', locale: 'en', write: (l) => lines.push(l) }).log('warn', 'report', 'done', { level: token('school'), reports: 2 });
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'warn', stage: 'report', event: 'done', level_: 'school', reports: 2 });
  });
  it('text and json log lines', () => {
    const lines: string[] = [];
    const now = () => new Date('2025-10-01T02:03:04.000Z');
    createRunLogger({ format: 'json', locale: 'en', write: (l) => lines.push(l), now }).log('info', 'import', 'file', { school: 1, sha256: token('abc'), ok: true });
    createRunLogger({ format: 'text', locale: 'vi', write: (l) => lines.push(l), now }).log('warn', 'import', 'no-input', { school: 2 });
    expect(JSON.parse(lines[0]!)).toEqual({ time: '2025-10-01T02:03:04.000Z', level: 'info', stage: 'import', event: 'file', school: 1, sha256: 'abc', ok: true });
    expect(lines[1]).toBe('02:03:04 WARN import: không có tệp đầu vào khớp school=2\n');
  });
});
