/**
 * Issue 9 item 4: `edusync purge --before PERIOD` shows a plan, deletes with --apply (old snapshots,
 * their records, findings, persons no longer referenced), keeps newer snapshots and run records,
 * and compacts the file (VACUUM).
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/sqlite.js';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli.js';

const TODAY = '2025-10-20';

function query<T>(path: string, sql: string): T {
  const conn = openDatabase(path, { readonly: true });
  try {
    return conn.prepare(sql).pluck().get() as T;
  } finally {
    conn.close();
  }
}

describe('edusync purge', () => {
  it('plans by default, deletes with --apply, keeps what is newer, compacts the file', async () => {
    const dir = tempDir('edusync-purge-');
    const db = join(dir, 'edusync.db');
    const gen = await runCli(['generate', '--out', 'old', '--entities', 'students', '--rows', '1500', '--format', 'csv', '--seed', '11'], { cwd: dir });
    expect(gen.code, gen.stderr).toBe(0);
    const a = await runCli(['import', 'old', '--period', '2024-05', '--apply', '--today', TODAY], { cwd: dir });
    expect([0, 1]).toContain(a.code);
    writeFileSync(join(dir, 'new.csv'), 'Mã trường,Mã học sinh,Họ và tên,Ngày sinh,Khối,Mã lớp\n79000001,0101,Nguyễn Thị Hoa,05/03/2014,6,6A1\n');
    const b = await runCli(['import', 'new.csv', '--period', '2025-10', '--apply', '--today', TODAY], { cwd: dir });
    expect([0, 1]).toContain(b.code);

    const oldRecords = query<number>(db, "SELECT count(*) FROM snapshot_records r JOIN snapshots s ON s.id = r.snapshot_id WHERE s.period = '2024-05'");
    const oldPersons = query<number>(db, "SELECT count(*) FROM persons WHERE school_id <> '79000001'");
    const oldSnapshots = query<number>(db, "SELECT count(*) FROM snapshots WHERE period = '2024-05'");
    expect(oldSnapshots).toBeGreaterThan(0);
    const runs = query<number>(db, 'SELECT count(*) FROM runs');
    expect(oldRecords).toBeGreaterThan(1000);
    expect(oldPersons).toBe(oldRecords);

    const plan = await runCli(['purge', '--before', '2025-01', '--db', db, '--format', 'json']);
    expect(plan.code, plan.stderr).toBe(0);
    const planned = JSON.parse(plan.stdout);
    expect(planned).toMatchObject({ applied: false, before: '2025-01', snapshots: oldSnapshots, snapshotRecords: oldRecords, persons: oldPersons, keptSnapshots: 1, keptPersons: 1, outbox: 0 });
    expect(planned.identifiers).toBeGreaterThanOrEqual(oldPersons);
    expect(query<number>(db, 'SELECT count(*) FROM snapshots')).toBe(oldSnapshots + 1); // nothing deleted

    const text = await runCli(['purge', '--before', '2025-01', '--db', db, '--lang', 'en']);
    expect(text.stdout).toContain('add --apply to delete');
    expect(text.stdout).toContain('aggregate reports: 0 (never deleted)');

    // checkpoint so the size compares the whole database
    const conn = openDatabase(db);
    conn.pragma('wal_checkpoint(TRUNCATE)');
    conn.close();
    const sizeBefore = statSync(db).size;

    const applied = await runCli(['purge', '--before', '2025-01', '--db', db, '--apply', '--format', 'json']);
    expect(applied.code, applied.stderr).toBe(0);
    const result = JSON.parse(applied.stdout);
    expect(result).toMatchObject({ applied: true, snapshots: oldSnapshots, snapshotRecords: oldRecords, persons: oldPersons });
    expect(result.bytesAfter).toBeLessThan(result.bytesBefore);

    expect(query<number>(db, "SELECT count(*) FROM snapshots WHERE period < '2025-01'")).toBe(0);
    expect(query<number>(db, "SELECT count(*) FROM snapshots WHERE period = '2025-10'")).toBe(1);
    expect(query<number>(db, 'SELECT count(*) FROM snapshot_records')).toBe(1);
    expect(query<number>(db, 'SELECT count(*) FROM persons')).toBe(1);
    expect(query<number>(db, "SELECT count(*) FROM person_identifiers WHERE school_id IS NOT NULL AND school_id <> '79000001'")).toBe(0);
    expect(query<number>(db, 'SELECT count(*) FROM person_identifiers i WHERE NOT EXISTS (SELECT 1 FROM persons p WHERE p.id = i.person_id)')).toBe(0);
    expect(query<number>(db, 'SELECT count(*) FROM runs')).toBe(runs); // run records kept
    expect(query<string>(db, 'PRAGMA integrity_check')).toBe('ok');
    expect(statSync(db).size).toBeLessThan(sizeBefore / 4);
    expect(query<number>(db, "SELECT record_count FROM audit_events WHERE action = 'purge'")).toBe(oldRecords);

    // Nothing left to purge: a second run changes nothing.
    const again = await runCli(['purge', '--before', '2025-01', '--db', db, '--apply', '--format', 'json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ snapshots: 0, persons: 0, snapshotRecords: 0 });
  });

  it('findings of runs before the period go; a bad period is a usage error; no database is exit 5', async () => {
    const dir = tempDir('edusync-purge-');
    const db = join(dir, 'edusync.db');
    const bad = await runCli(['purge', '--before', '2025-13', '--db', db]);
    expect(bad.code).toBe(2);
    const none = await runCli(['purge', '--before', '2025-01', '--db', db]);
    expect(none.code).toBe(5);
    writeFileSync(join(dir, 'hs.csv'), 'Mã trường,Mã học sinh,Họ và tên,Ngày sinh,Khối,Mã lớp\n79000001,0101,Nguyễn Thị Hoa,05/03/2014,6,6A1\n');
    await runCli(['import', 'hs.csv', '--period', '2025-10', '--apply', '--today', TODAY], { cwd: dir });
    const conn = openDatabase(db);
    conn.prepare("INSERT INTO runs (started_at, command, tool_version, outcome) VALUES ('2023-03-01T00:00:00.000Z', 'import', 't', 'findings')").run();
    const runId = conn.prepare('SELECT max(id) FROM runs').pluck().get() as number;
    conn.prepare("INSERT INTO findings (run_id, code, severity, file) VALUES (?, 'HS-001', 'error', 'x.csv'), (?, 'HS-002', 'error', 'x.csv')").run(runId, runId);
    conn.close();
    const findingsBefore = query<number>(db, 'SELECT count(*) FROM findings');
    const r = await runCli(['purge', '--before', '2024-01', '--db', db, '--apply', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ findings: 2, runsWithFindings: 1, snapshots: 0, persons: 0 });
    expect(query<number>(db, 'SELECT count(*) FROM findings')).toBe(findingsBefore - 2);
    expect(query<number>(db, `SELECT count(*) FROM runs WHERE id = ${runId}`)).toBe(1);
    expect(query<number>(db, 'SELECT count(*) FROM persons')).toBe(1);
  });
});
