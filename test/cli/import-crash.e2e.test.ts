/**
 * Issue #4: SIGKILL in the middle of `import --apply` of a large file leaves a database that passes
 * PRAGMA integrity_check, holding for every school either the old state or the new snapshot whole,
 * and the next run finishes the work.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/sqlite.js';
import { BIN, runCli, tempDir } from '../helpers/run-cli.js';

const TODAY = '2025-10-20';

function snapshotCounts(db: string, period: string): Map<string, number> {
  const conn = openDatabase(db, { readonly: true });
  try {
    const rows = conn.prepare('SELECT school_id, record_count FROM snapshots WHERE period = ? AND entity = ?').all(period, 'student') as Array<{ school_id: string; record_count: number }>;
    return new Map(rows.map((r) => [r.school_id, r.record_count]));
  } finally {
    conn.close();
  }
}

/**
 * A period's records as read back, per school in order (since migration 7 a later month shares
 * the unchanged records of the earlier one, so a kill must leave both months' rows readable).
 */
function readBack(db: string, period: string): { rows: string; members: Map<string, number> } {
  const conn = openDatabase(db, { readonly: true });
  try {
    const rows = conn
      .prepare(`SELECT s.school_id, r.person_id, r.record_key, r.class_id, r.row_hash, r.source_file, r.source_row
        FROM snapshots s JOIN snapshot_records r ON r.snapshot_id = s.id WHERE s.period = ? ORDER BY s.school_id, s.entity, r.ord`)
      .raw(true)
      .all(period) as unknown[][];
    const members = new Map<string, number>();
    for (const r of rows) members.set(String(r[0]), (members.get(String(r[0])) ?? 0) + 1);
    return { rows: JSON.stringify(rows), members };
  } finally {
    conn.close();
  }
}

function integrity(db: string): string {
  const conn = openDatabase(db, { readonly: true });
  try {
    return (conn.pragma('integrity_check', { simple: true }) as string);
  } finally {
    conn.close();
  }
}

/** Starts `import --apply` and SIGKILLs it `delayMs` after the write-ahead log starts growing. */
function killDuringWrite(cwd: string, args: string[], delayMs: number): Promise<{ killed: boolean; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: 'ignore', env: { ...process.env, CI: 'true' } });
    const wal = join(cwd, 'edusync.db-wal');
    let killed = false;
    const timer = setInterval(() => {
      if (existsSync(wal) && statSync(wal).size > 0 && !killed) {
        killed = true;
        clearInterval(timer);
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    }, 5);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ killed, code });
    });
  });
}

describe('import --apply survives SIGKILL', () => {
  it('keeps every school whole (old or new) and the re-run completes', async () => {
    const dir = tempDir();
    const gen = await runCli(['generate', '--out', 'data', '--seed', '5', '--rows', '40000', '--entities', 'students', '--format', 'csv'], { cwd: dir });
    expect(gen.code, gen.stderr).toBe(0);
    const db = join(dir, 'edusync.db');
    const base = await runCli(['import', 'data', '--period', '2025-09', '--apply', '--today', TODAY, '--format', 'json', '--out', 'sept.json'], { cwd: dir });
    expect([0, 1]).toContain(base.code);
    const september = snapshotCounts(db, '2025-09');
    expect(september.size).toBeGreaterThan(50);
    const septemberRows = readBack(db, '2025-09').rows;

    let kills = 0;
    let partial = 0;
    for (const delay of [0, 150]) {
      const run = await killDuringWrite(dir, ['import', 'data', '--period', '2025-10', '--apply', '--today', TODAY, '--format', 'json', '--out', 'oct.json'], delay);
      if (!run.killed || run.code === 0 || run.code === 1) continue; // finished before the kill landed
      kills++;
      expect(integrity(db)).toBe('ok');
      const october = snapshotCounts(db, '2025-10');
      if (october.size < september.size) partial++;
      // Each school has either no October snapshot yet, or a whole one.
      for (const [school, count] of october) expect(count, school).toBe(september.get(school));
      // …whose records are all there, and September, whose rows October shares, is untouched.
      expect(readBack(db, '2025-10').members).toEqual(october);
      expect(readBack(db, '2025-09').rows).toBe(septemberRows);
    }

    // The kill must really have interrupted a write, or this test would check nothing.
    expect(kills).toBeGreaterThan(0);
    expect(partial).toBeGreaterThan(0);

    const rerun = await runCli(['import', 'data', '--period', '2025-10', '--apply', '--today', TODAY, '--format', 'json', '--out', 'oct.json'], { cwd: dir });
    expect([0, 1]).toContain(rerun.code);
    expect(integrity(db)).toBe('ok');
    expect(snapshotCounts(db, '2025-10')).toEqual(september);
    expect(readBack(db, '2025-10').members).toEqual(september);
    expect(readBack(db, '2025-09').rows).toBe(septemberRows);
  }, 240_000);
});
