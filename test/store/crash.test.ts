/**
 * Crash safety (issue 4, item 6): a process killed with SIGKILL in the middle of writing a large
 * snapshot leaves a database that passes `PRAGMA integrity_check` and holds the previous snapshot
 * whole; the next run completes the work.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrityCheck, openStore } from '../../src/store/db.js';
import { beginRun, finishRun, getRun, listRuns, markAbandonedRuns } from '../../src/store/runs.js';
import { lastSnapshot, writeSnapshot } from '../../src/store/snapshots.js';
import { bundleChild, mode, tempDir } from './helpers.js';

const SCHOOL = '79000701';
const PERIOD = '2025-10';
let dir: string;
let cleanup: () => void;
let child: string;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  child = join(dir, 'crash-child.mjs');
  await bundleChild('fixtures/crash-child.ts', child);
});
afterAll(() => cleanup());

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the child; with `killOnStart`, SIGKILLs it as soon as it reports the transaction started. */
function runChild(args: string[], killOnStart: boolean): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => proc.kill('SIGKILL'), 120_000);
    proc.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      if (killOnStart && stdout.includes('started')) proc.kill('SIGKILL');
    });
    proc.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe('crash safety', () => {
  it.each([10_000, 180_000])('SIGKILL during a 200 000-record snapshot (after %i rows): integrity ok, old snapshot whole, re-run completes', async (at) => {
    const path = join(dir, `edusync-${at}.db`);
    // last month's state: a 1 000-record snapshot of the same school, period and entity
    const setup = openStore(path);
    const runId = beginRun(setup, { command: 'import', period: PERIOD });
    const old = writeSnapshot(setup, {
      runId,
      schoolId: SCHOOL,
      period: PERIOD,
      entity: 'students',
      records: Array.from({ length: 1000 }, (_, i) => ({ recordKey: `HS${String(i).padStart(7, '0')}`, classId: '6A1', values: { fullName: `Học sinh cũ ${i}` } })),
    });
    finishRun(setup, runId, { outcome: 'ok', exitCode: 0 });
    setup.close();

    const killed = await runChild([path, SCHOOL, PERIOD, '200000', '25', String(at)], true);
    expect(killed.stderr).toBe('');
    expect(killed.stdout).toContain('started');
    expect(killed.stdout).not.toContain('done');
    expect(killed.signal).toBe('SIGKILL');

    // the kill landed inside the open transaction: its pages may be in the WAL, never committed
    const after = openStore(path);
    expect(integrityCheck(after)).toEqual(['ok']);
    const got = lastSnapshot(after, SCHOOL, 'students', PERIOD);
    expect(got?.snapshot).toMatchObject({ id: old.snapshotId, recordCount: 1000, contentHash: old.contentHash });
    expect(got?.records).toHaveLength(1000);
    expect(got?.records.every((r) => String(r.values['fullName']).startsWith('Học sinh cũ'))).toBe(true);
    // the killed run's own row (committed before the snapshot transaction) says 'running' until marked
    const runs = listRuns(after);
    expect(runs).toHaveLength(2);
    const dead = runs[0]!;
    expect(dead.outcome).toBe('running');
    expect(markAbandonedRuns(after)).toEqual([dead.id]);
    expect(getRun(after, dead.id)?.outcome).toBe('killed');
    expect(mode(path)).toBe(0o600);
    expect(mode(`${path}-wal`)).toBe(0o600);
    after.close();

    // the next run completes the work
    const rerun = await runChild([path, SCHOOL, PERIOD, '200000', '0'], false);
    expect(rerun.stderr).toBe('');
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain('done');
    const done = openStore(path);
    expect(integrityCheck(done)).toEqual(['ok']);
    const now = lastSnapshot(done, SCHOOL, 'students', PERIOD);
    expect(now?.snapshot.recordCount).toBe(200_000);
    expect(now?.records).toHaveLength(200_000);
    expect(now?.records[199_999]?.values['fullName']).toBe('Học sinh mới 199999');
    done.close();
  });
});
