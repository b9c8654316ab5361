/**
 * Issue 9 item 3: the audit trail. validate and diff writing a file (--out, any format), backup and
 * purge each leave one row (who, when, destination, SHA-256 of the written file, record count, field
 * keys) and never a name, id or value; `edusync audit` lists them.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatabase } from '../../src/store/sqlite.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { buildScenario } from '../store/diff/helpers.js';
import { AUDIT_REFUSED, storeRefusingAudit } from '../helpers/audit-refused.js';

const TODAY = '2025-10-20';
let dir: string;
let db: string;
const secrets: string[] = [];

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

interface AuditRow {
  id: number;
  time: string;
  os_user: string | null;
  command: string;
  action: string;
  destination: string | null;
  file_sha256: string | null;
  record_count: number;
  field_list: string;
  run_id: number | null;
}

function auditRows(path: string): AuditRow[] {
  const conn = openDatabase(path, { readonly: true });
  try {
    return conn.prepare('SELECT * FROM audit_events ORDER BY id').all() as AuditRow[];
  } finally {
    conn.close();
  }
}

/** Names, student codes and personal ids of a generated CSV. */
function personalValues(csv: string): string[] {
  const [head, ...lines] = readFileSync(csv, 'utf8').trim().split('\n');
  const cols = head!.split(',');
  const wanted = ['Họ và tên', 'Mã học sinh', 'Số định danh cá nhân'].map((h) => cols.indexOf(h));
  return lines.flatMap((l) => {
    const cells = l.split(',');
    return wanted.map((i) => cells[i] ?? '').filter((v) => v.length >= 6);
  });
}

beforeAll(async () => {
  dir = tempDir('edusync-audit-');
  db = join(dir, 'edusync.db');
  const gen = await runCli(['generate', '--out', 'data', '--entities', 'students', '--rows', '60', '--format', 'csv', '--seed', '7', '--defects', '0.3'], { cwd: dir });
  expect(gen.code, gen.stderr).toBe(0);
  secrets.push(...personalValues(join(dir, 'data', 'hoc-sinh.csv')));
  expect(secrets.length).toBeGreaterThan(100);
});

describe('audit trail', () => {
  it('validate --format xlsx records the error workbook: rows, field keys and the sha256 of the file', async () => {
    const out = join(dir, 'so-loi.xlsx');
    const r = await runCli(['validate', 'data', '--format', 'xlsx', '--out', out, '--today', TODAY, '--db', db], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    const json = JSON.parse((await runCli(['validate', 'data', '--format', 'json', '--today', TODAY], { cwd: dir })).stdout) as {
      tables: Array<{ headerRows: number[] }>;
      findings: Array<{ row?: number | null; field?: string | null }>;
    };
    const header = new Set(json.tables.flatMap((t) => t.headerRows));
    const rows = new Set(json.findings.map((f) => f.row).filter((n): n is number => typeof n === 'number' && !header.has(n)));
    const events = auditRows(db);
    expect(events).toHaveLength(1);
    const e = events[0]!;
    expect(e).toMatchObject({ command: 'validate', action: 'error-workbook', destination: resolve(out), file_sha256: sha256(out), record_count: rows.size, run_id: null });
    expect(e.os_user).toBeTruthy();
    expect(e.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const fields = JSON.parse(e.field_list) as string[];
    expect(fields).toEqual(expect.arrayContaining(['fullName', 'studentId', 'personalId', 'dateOfBirth', 'schoolId', 'classId']));
    expect(fields).toEqual([...fields].sort());
    for (const f of fields) expect(f).toMatch(/^[a-z][A-Za-z0-9]*$/);
  });

  it('validate --format xlsx with a database that cannot be opened: exit 5 and no workbook written', async () => {
    const bad = join(dir, 'not-a-db.db');
    writeFileSync(bad, 'this is not sqlite at all, just text long enough');
    const out = join(dir, 'never.xlsx');
    const r = await runCli(['validate', 'data', '--format', 'xlsx', '--out', out, '--today', TODAY, '--db', bad], { cwd: dir });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('not-a-db.db');
    expect(existsSync(out)).toBe(false);
  });

  it('diff --format xlsx records the persons listed and the fields the sheets carry', async () => {
    const diffDb = join(dir, 'diff.db');
    buildScenario(diffDb);
    const out = join(dir, 'so-sanh.xlsx');
    const r = await runCli(['diff', '--from', '2025-09', '--to', '2025-10', '--db', diffDb, '--format', 'xlsx', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const events = auditRows(diffDb);
    expect(events).toHaveLength(1);
    // 5 new, 2 updated, 4 moved class, 3 left (test/store/diff/helpers.ts)
    expect(events[0]).toMatchObject({ command: 'diff', action: 'diff-workbook', destination: resolve(out), file_sha256: sha256(out), record_count: 14 });
    expect(JSON.parse(events[0]!.field_list)).toEqual(['classId', 'fullName', 'personalId', 'schoolId', 'studentId']);
    // The text and JSON diffs on the screen: no audit row, and the store is not written.
    expect((await runCli(['diff', '--from', '2025-09', '--to', '2025-10', '--db', diffDb, '--format', 'json'])).code).toBe(0);
    expect(auditRows(diffDb)).toHaveLength(1);
    // The same JSON written to a file carries the same names and ids: recorded like the workbook.
    const jsonOut = join(dir, 'so-sanh.json');
    const j = await runCli(['diff', '--from', '2025-09', '--to', '2025-10', '--db', diffDb, '--format', 'json', '--out', jsonOut]);
    expect(j.code, j.stderr).toBe(0);
    expect(auditRows(diffDb)[1]).toMatchObject({ command: 'diff', action: 'export', destination: resolve(jsonOut), file_sha256: sha256(jsonOut), record_count: 14 });
  });

  it('validate --format json|text --out records the report file and the fields whose values it shows', async () => {
    const reportDb = join(dir, 'report.db');
    const out = join(dir, 'bao-cao.json');
    const r = await runCli(['validate', 'data', '--format', 'json', '--out', out, '--today', TODAY, '--db', reportDb], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(readFileSync(out, 'utf8')) as { findings: Array<{ field?: string | null; value?: unknown }> };
    const valued = report.findings.filter((f) => f.field && f.value !== undefined && f.value !== null);
    expect(valued.length).toBeGreaterThan(0);
    const [e] = auditRows(reportDb);
    expect(e).toMatchObject({ command: 'validate', action: 'export', destination: resolve(out), file_sha256: sha256(out), record_count: valued.length });
    expect(JSON.parse(e!.field_list)).toEqual([...new Set(valued.map((f) => f.field!))].sort());
    const text = join(dir, 'bao-cao.txt');
    expect((await runCli(['validate', 'data', '--out', text, '--today', TODAY, '--db', reportDb], { cwd: dir })).code).toBe(1);
    expect(auditRows(reportDb).map((x) => [x.action, x.destination])).toEqual([['export', resolve(out)], ['export', resolve(text)]]);
    for (const s of secrets) expect(JSON.stringify(auditRows(reportDb))).not.toContain(s);
  });

  it('import --out records the plan file: the persons it lists and the fields it names', async () => {
    const planDb = join(dir, 'plan.db');
    const out = join(dir, 'ke-hoach.json');
    const r = await runCli(['import', 'data', '--period', '2025-09', '--format', 'json', '--out', out, '--today', TODAY, '--db', planDb], { cwd: dir });
    expect([0, 1], r.stderr).toContain(r.code);
    const plan = JSON.parse(readFileSync(out, 'utf8')) as { plans: Array<{ new: unknown[]; rejected: unknown[] }> };
    const listed = plan.plans.reduce((n, p) => n + p.new.length + p.rejected.length, 0);
    expect(listed).toBeGreaterThan(0);
    const [e] = auditRows(planDb);
    expect(e).toMatchObject({ command: 'import', action: 'export', destination: resolve(out), file_sha256: sha256(out), record_count: listed });
    expect(JSON.parse(e!.field_list)).toEqual(['classId', 'fullName', 'personalId', 'schoolId', 'studentId']);
    for (const s of secrets) expect(JSON.stringify(auditRows(planDb))).not.toContain(s);
    // A plan file whose audit row cannot be written is removed: exit 5, dry run or --apply.
    const refusing = storeRefusingAudit(join(dir, 'refusing.db'));
    for (const apply of [[], ['--apply']]) {
      const gone = join(dir, 'never-recorded.json');
      const f = await runCli(['import', 'data', '--period', '2025-09', ...apply, '--format', 'json', '--out', gone, '--today', TODAY, '--db', refusing], { cwd: dir });
      expect(f.code, f.stderr).toBe(5);
      expect(f.stderr).toContain(AUDIT_REFUSED);
      expect(existsSync(gone)).toBe(false);
    }
  });

  it('backup and purge are recorded; audit lists everything as text and JSON; no personal value in the table', async () => {
    const imp = await runCli(['import', 'data', '--period', '2025-09', '--apply', '--today', TODAY, '--db', db], { cwd: dir });
    expect([0, 1]).toContain(imp.code);
    const copy = join(dir, 'ban-sao.db');
    const b = await runCli(['backup', '--db', db, '--out', copy], { cwd: dir });
    expect(b.code, b.stderr).toBe(0);
    const p = await runCli(['purge', '--before', '2025-01', '--apply', '--db', db], { cwd: dir });
    expect(p.code, p.stderr).toBe(0);

    const events = auditRows(db);
    expect(events.map((e) => e.action)).toEqual(['error-workbook', 'backup', 'purge']);
    const backup = events[1]!;
    const conn = openDatabase(copy, { readonly: true });
    const persons = conn.prepare('SELECT count(*) FROM persons').pluck().get() as number;
    conn.close();
    expect(persons).toBeGreaterThan(0);
    expect(backup).toMatchObject({ command: 'backup', destination: resolve(copy), file_sha256: sha256(copy), record_count: persons });
    expect(JSON.parse(backup.field_list)).toEqual(expect.arrayContaining(['fullName', 'personalId', 'dateOfBirth']));
    expect(events[2]).toMatchObject({ command: 'purge', action: 'purge', record_count: 0, file_sha256: null, destination: resolve(db) });

    const everything = JSON.stringify(events);
    for (const s of secrets) expect(everything, 'a personal value in audit_events').not.toContain(s);

    const json = await runCli(['audit', '--db', db, '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const listed = JSON.parse(json.stdout) as { events: Array<{ action: string; fileSha256: string | null; recordCount: number; fields: string[] }> };
    expect(listed.events.map((e) => e.action)).toEqual(['error-workbook', 'backup', 'purge']);
    expect(listed.events[1]).toMatchObject({ fileSha256: sha256(copy), recordCount: persons });
    const text = await runCli(['audit', '--lang', 'en'], { cwd: dir });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(sha256(copy));
    expect(text.stdout).toContain('3 events.');
    const later = await runCli(['audit', '--db', db, '--since', '2999-01-01', '--format', 'json']);
    expect(JSON.parse(later.stdout).events).toEqual([]);
    const limited = await runCli(['audit', '--db', db, '--limit', '1', '--format', 'json']);
    expect(JSON.parse(limited.stdout).events.map((e: { action: string }) => e.action)).toEqual(['purge']);
    const badDate = await runCli(['audit', '--db', db, '--since', '2025-13']);
    expect(badDate.code).toBe(2);
  });

  it('a database from the previous schema (v1) is backed up and migrated, then audited', async () => {
    const old = join(dir, 'old.db');
    const conn = openDatabase(old);
    const { migration0001 } = await import('../../src/store/migrations/0001-init.js');
    conn.exec(migration0001.sql);
    conn.pragma('user_version = 1');
    conn.close();
    const r = await runCli(['audit', '--db', old, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).events).toEqual([]);
    const after = openDatabase(old, { readonly: true });
    const { SCHEMA_VERSION } = await import('../../src/store/migrations/index.js');
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    after.close();
  });
});
