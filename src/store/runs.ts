/** Every run is recorded: who, when, which files with their hashes, counts, outcome (design §5). */
import { userInfo } from 'node:os';
import { StateError } from '../errors.js';
import { isoNow, requireWritable, stmt } from './internal.js';
import type { RunFile, RunOutcome, RunRow, Store } from './types.js';

export interface BeginRunInput {
  command: string;
  period?: string | undefined;
  files?: readonly RunFile[] | undefined;
  /** Defaults to the OS login name (not personal data of pupils; it says who ran the tool). */
  osUser?: string | undefined;
}

export interface FinishRunInput {
  outcome: Exclude<RunOutcome, 'running'>;
  exitCode: number;
  counts?: Readonly<Record<string, number>> | undefined;
}

function osUser(): string | null {
  try {
    return userInfo().username;
  } catch {
    return null;
  }
}

/** Starts a run (outcome 'running') and records its files, in one transaction. */
export function beginRun(store: Store, input: BeginRunInput): number {
  requireWritable(store);
  return store.transaction(() => {
    const info = stmt(
      store,
      `INSERT INTO runs (started_at, command, tool_version, os_user, pid, period, outcome)
       VALUES (?, ?, ?, ?, ?, ?, 'running')`,
    ).run(isoNow(store), input.command, store.toolVersion, input.osUser ?? osUser(), process.pid, input.period ?? null);
    const runId = Number(info.lastInsertRowid);
    if (input.files !== undefined) addRunFiles(store, runId, input.files);
    return runId;
  });
}

export function addRunFiles(store: Store, runId: number, files: readonly RunFile[]): void {
  requireWritable(store);
  const insert = stmt(
    store,
    'INSERT INTO run_files (run_id, path, sha256, size_bytes, records, entity) VALUES (?, ?, ?, ?, ?, ?)',
  );
  store.transaction(() => {
    for (const f of files) insert.run(runId, f.path, f.sha256.toLowerCase(), f.sizeBytes, f.records ?? null, f.entity ?? null);
  });
}

export function finishRun(store: Store, runId: number, input: FinishRunInput): void {
  requireWritable(store);
  const info = stmt(
    store,
    `UPDATE runs SET finished_at = ?, outcome = ?, exit_code = ?, counts_json = ? WHERE id = ?`,
  ).run(isoNow(store), input.outcome, input.exitCode, input.counts === undefined ? null : JSON.stringify(input.counts), runId);
  if (info.changes !== 1) {
    throw new StateError({ vi: `Không có lượt chạy ${runId}.`, en: `There is no run ${runId}.` });
  }
}

/**
 * Marks runs still 'running' whose process is gone as 'killed' (a crash or kill -9). The caller
 * must hold the run lock, so that no live run on another machine sharing the file is touched;
 * runs of this process and of live local processes are left alone. Returns the ids marked.
 */
export function markAbandonedRuns(store: Store, isAlive: (pid: number) => boolean = pidAlive): number[] {
  requireWritable(store);
  return store.transaction(() => {
    const running = stmt<[], { id: number; pid: number | null }>(store, "SELECT id, pid FROM runs WHERE outcome = 'running'").all();
    const dead = running.filter((r) => r.pid === null || (r.pid !== process.pid && !isAlive(r.pid)));
    const mark = stmt(store, "UPDATE runs SET outcome = 'killed', finished_at = ? WHERE id = ? AND outcome = 'running'");
    const at = isoNow(store);
    for (const r of dead) mark.run(at, r.id);
    return dead.map((r) => r.id);
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface RunDbRow {
  id: number;
  started_at: string;
  finished_at: string | null;
  command: string;
  tool_version: string;
  os_user: string | null;
  pid: number | null;
  period: string | null;
  outcome: RunOutcome;
  exit_code: number | null;
  counts_json: string | null;
}

function toRun(r: RunDbRow): RunRow {
  return {
    id: r.id,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    command: r.command,
    toolVersion: r.tool_version,
    osUser: r.os_user,
    pid: r.pid,
    period: r.period,
    outcome: r.outcome,
    exitCode: r.exit_code,
    counts: r.counts_json === null ? null : (JSON.parse(r.counts_json) as Record<string, number>),
  };
}

export function getRun(store: Store, runId: number): RunRow | undefined {
  const r = stmt<[number], RunDbRow>(store, 'SELECT * FROM runs WHERE id = ?').get(runId);
  return r === undefined ? undefined : toRun(r);
}

/** Newest first. */
export function listRuns(store: Store, options: { limit?: number; period?: string } = {}): RunRow[] {
  const limit = Math.max(1, Math.trunc(options.limit ?? 100));
  const rows =
    options.period === undefined
      ? stmt<[number], RunDbRow>(store, 'SELECT * FROM runs ORDER BY id DESC LIMIT ?').all(limit)
      : stmt<[string, number], RunDbRow>(store, 'SELECT * FROM runs WHERE period = ? ORDER BY id DESC LIMIT ?').all(options.period, limit);
  return rows.map(toRun);
}

export function listRunFiles(store: Store, runId: number): RunFile[] {
  return stmt<[number], { path: string; sha256: string; size_bytes: number; records: number | null; entity: string | null }>(
    store,
    'SELECT path, sha256, size_bytes, records, entity FROM run_files WHERE run_id = ? ORDER BY rowid',
  )
    .all(runId)
    .map((f) => ({
      path: f.path,
      sha256: f.sha256,
      sizeBytes: f.size_bytes,
      ...(f.records === null ? {} : { records: f.records }),
      ...(f.entity === null ? {} : { entity: f.entity }),
    }));
}
