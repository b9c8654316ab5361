/**
 * Migration 7: snapshots share the records that did not change (record_versions + snapshot_members).
 * Whatever is shared, each snapshot must read back exactly as it was imported — values, order,
 * source file and row — through replacing a period, importing an older period after newer ones,
 * and purging the base month whose rows later months share; and a version-6 database converts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type Database from 'better-sqlite3';
import { generate } from '../../src/generate/index.js';
import { importFiles } from '../../src/store/import.js';
import { openStore, integrityCheck } from '../../src/store/db.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { applyPurge } from '../../src/store/purge.js';
import { findLastSnapshot, listSnapshots, snapshotRecords } from '../../src/store/snapshots.js';
import type { Store } from '../../src/store/types.js';
import { tempDir } from './helpers.js';
import { writeCsvRows } from '../helpers/csv.js';

const TODAY = '2025-10-20';
type Row = Record<string, string>;

const tmp = tempDir();
afterAll(() => tmp.cleanup());

let header: string[] = [];
let base: Row[] = [];

function writeCsv(name: string, rows: Row[]): string {
  const path = join(tmp.dir, name);
  writeCsvRows(path, header, rows);
  return path;
}

/** The base file with some names corrected (row index → suffix) and some classes changed. */
function month(name: string, renamed: Record<number, string>, moved: number[] = []): { path: string; rows: Row[] } {
  const rows = base.map((r, i) => {
    const out = { ...r };
    if (renamed[i] !== undefined) out['Họ và tên'] = `${r['Họ và tên']} ${renamed[i]}`;
    if (moved.includes(i)) out['Mã lớp'] = r['Mã lớp']!.replace(/\d$/, (d) => String((Number(d) % 2) + 1));
    return out;
  });
  return { path: writeCsv(name, rows), rows };
}

const db = (): string => join(tmp.dir, 'edusync.db');

async function importMonth(path: string, period: string): Promise<void> {
  const result = await importFiles([path], { dbPath: db(), period, apply: true, today: TODAY });
  expect(result.applied).toBe(true);
}

function conn(store: Store): Database.Database {
  return (store as unknown as { db: Database.Database }).db;
}

/** Every student snapshot of a period as read back: school → records in order, with positions. */
function readBack(store: Store, period: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of listSnapshots(store).filter((x) => x.period === period && x.entity === 'student')) {
    out.set(s.schoolId, [...snapshotRecords(store, s.id)].map((r) => JSON.stringify([r.personId, r.recordKey, r.classId, r.valuesJson, r.rowHash, r.sourceFile, r.sourceRow])));
  }
  return out;
}

/** The snapshot of `period` says what `rows` of `file` said: names, classes, source file and rows. */
function expectImported(store: Store, period: string, file: string, rows: Row[]): void {
  const bySchool = new Map<string, Array<{ row: number; name: string; cls: string }>>();
  rows.forEach((r, i) => {
    const list = bySchool.get(r['Mã trường']!) ?? [];
    list.push({ row: i + 2, name: r['Họ và tên']!, cls: r['Mã lớp']! });
    bySchool.set(r['Mã trường']!, list);
  });
  for (const [school, expected] of bySchool) {
    const snap = findLastSnapshot(store, school, 'student', period)!;
    expect(snap.period).toBe(period);
    // Written in the planner's order (by person); the positions say where each row was read.
    const got = [...snapshotRecords(store, snap.id)].sort((a, b) => a.sourceRow! - b.sourceRow!);
    expect(got.map((r) => [r.sourceFile, r.sourceRow, r.values.fullName, r.classId])).toEqual(expected.map((e) => [file, e.row, e.name, e.cls]));
    expect(snap.recordCount).toBe(got.length);
  }
}

function counts(store: Store): { versions: number; members: number; orphans: number; distinctUsed: number } {
  const c = conn(store);
  const n = (sql: string): number => Number(c.prepare(sql).pluck().get());
  return {
    versions: n('SELECT count(*) FROM record_versions'),
    members: n('SELECT count(*) FROM snapshot_members'),
    orphans: n('SELECT count(*) FROM record_versions WHERE id NOT IN (SELECT version_id FROM snapshot_members)'),
    distinctUsed: n('SELECT count(DISTINCT version_id) FROM snapshot_members'),
  };
}

beforeAll(async () => {
  const gen = join(tmp.dir, 'gen');
  await generate({ seed: 31, outDir: gen, schools: 2, rows: 300, level: 'THCS', entities: ['students'], format: 'csv', layout: 'plain' });
  const file = readdirSync(gen).find((f) => f.endsWith('.csv'))!;
  base = parse(readFileSync(join(gen, file), 'utf8'), { bom: true, columns: true }) as Row[];
  header = Object.keys(base[0]!);
  expect(new Set(base.map((r) => r['Mã trường'])).size).toBeGreaterThanOrEqual(2);
});

describe('snapshots sharing unchanged records (migration 7)', () => {
  it('month 2 stores only what changed; replace, an older period and purging the base month keep every snapshot as imported', async () => {
    const sept = month('2025-09.csv', {});
    await importMonth(sept.path, '2025-09');
    let store = openStore(db());
    const september = readBack(store, '2025-09');
    expectImported(store, '2025-09', sept.path, sept.rows);
    const first = counts(store);
    expect(first).toEqual({ versions: base.length, members: base.length, orphans: 0, distinctUsed: base.length });
    store.close();

    // October: 2 names corrected, 1 class changed (3 rows), every row one place lower in a new file.
    const oct = month('2025-10.csv', { 5: 'Anh', 200: 'Minh' }, [17]);
    await importMonth(oct.path, '2025-10');
    store = openStore(db());
    expect(readBack(store, '2025-09')).toEqual(september);
    expectImported(store, '2025-10', oct.path, oct.rows);
    expect(counts(store)).toEqual({ versions: base.length + 3, members: 2 * base.length, orphans: 0, distinctUsed: base.length + 3 });
    store.close();

    // October imported again with other corrections replaces it whole; its unused versions go
    // (row 200's correction), the one still in use (row 5's) and September's stay. It is planned
    // against the October it replaces, so rows 17 and 200, back to September's values, are
    // changes there and get versions of their own (sharing follows the snapshot compared with).
    const oct2 = month('2025-10-b.csv', { 5: 'Anh', 250: 'Thu' });
    await importMonth(oct2.path, '2025-10');
    store = openStore(db());
    expect(readBack(store, '2025-09')).toEqual(september);
    expectImported(store, '2025-10', oct2.path, oct2.rows);
    expect(counts(store)).toEqual({ versions: base.length + 4, members: 2 * base.length, orphans: 0, distinctUsed: base.length + 4 });
    const october = readBack(store, '2025-10');
    const persons = Number(conn(store).prepare('SELECT count(*) FROM persons').pluck().get());
    store.close();

    // An older period after newer ones: planned against nothing before it, it shares nothing, and
    // changes neither later month; the persons are the same people.
    const aug = month('2025-08.csv', { 9: 'Văn' });
    await importMonth(aug.path, '2025-08');
    store = openStore(db());
    expectImported(store, '2025-08', aug.path, aug.rows);
    expect(readBack(store, '2025-09')).toEqual(september);
    expect(readBack(store, '2025-10')).toEqual(october);
    expect(Number(conn(store).prepare('SELECT count(*) FROM persons').pluck().get())).toBe(persons);
    expect(counts(store).orphans).toBe(0);

    // Purging August and September — the base month whose rows October shares — keeps October whole.
    applyPurge(store, '2025-10');
    expect(listSnapshots(store).map((s) => s.period)).toEqual(listSnapshots(store).map(() => '2025-10'));
    expect(readBack(store, '2025-10')).toEqual(october);
    expect(counts(store)).toEqual({ versions: base.length, members: base.length, orphans: 0, distinctUsed: base.length });
    expect(integrityCheck(store)).toEqual(['ok']);
    expect(conn(store).pragma('foreign_key_check')).toEqual([]);

    // A person erased by hand as docs/privacy.md §6.2 says (through the view): gone from every
    // snapshot, version included; everyone else still reads back.
    const c = conn(store);
    const erased = Number(c.prepare("SELECT person_id FROM snapshot_records WHERE person_id IS NOT NULL LIMIT 1").pluck().get());
    c.transaction(() => {
      c.prepare('DELETE FROM snapshot_records WHERE person_id = ?').run(erased);
      c.prepare('DELETE FROM person_identifiers WHERE person_id = ?').run(erased);
      c.prepare('DELETE FROM persons WHERE id = ?').run(erased);
    })();
    expect(Number(c.prepare('SELECT count(*) FROM record_versions WHERE person_id = ?').pluck().get(erased))).toBe(0);
    const others = (m: Map<string, string[]>): string[] => [...m.values()].flat().filter((r) => JSON.parse(r)[0] !== erased);
    expect(others(readBack(store, '2025-10'))).toEqual(others(october));
    expect(counts(store)).toEqual({ versions: base.length - 1, members: base.length - 1, orphans: 0, distinctUsed: base.length - 1 });
    store.close();

    // And the next month still plans against October and shares with it.
    const nov = month('2025-11.csv', { 5: 'Anh', 250: 'Thu', 3: 'Hà' });
    const plan = await importFiles([nov.path], { dbPath: db(), period: '2025-11', apply: true, today: TODAY });
    expect(plan.plans.reduce((n, p) => n + p.updated.length, 0)).toBe(1);
    expect(plan.plans.reduce((n, p) => n + p.new.length, 0)).toBe(1); // the erased person, back from the file
    store = openStore(db());
    expectImported(store, '2025-11', nov.path, nov.rows);
    expect(counts(store).versions).toBe(base.length - 1 + 2);
    store.close();
  }, 30_000);

  it('converts a version-6 database: every snapshot reads back the same, equal records of one school shared', () => {
    const path = join(tmp.dir, 'v6.db');
    const old = openStore(path, { migrations: MIGRATIONS.slice(0, 6) });
    const c = conn(old);
    c.exec("INSERT INTO runs (id, started_at, command, tool_version) VALUES (1, '2025-10-01T00:00:00Z', 'import', 't')");
    const person = c.prepare("INSERT INTO persons (kind, school_id) VALUES ('student', ?)");
    const snap = c.prepare("INSERT INTO snapshots (school_id, period, entity, run_id, created_at, record_count, content_hash) VALUES (?, ?, 'student', 1, '2025-10-01T00:00:00Z', ?, 'h')");
    const rec = c.prepare('INSERT INTO snapshot_records (snapshot_id, person_id, record_key, class_id, values_json, row_hash, source_file, source_row) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const p = [1, 2, 3].map(() => Number(person.run('S1').lastInsertRowid));
    const q = Number(person.run('S2').lastInsertRowid);
    const v = (name: string): string => JSON.stringify({ fullName: name });
    const s9 = Number(snap.run('S1', '2025-09', 3).lastInsertRowid);
    rec.run(s9, p[0], 'HS1', '6A1', v('An'), 'a', 'sept.csv', 2);
    rec.run(s9, p[1], 'HS2', '6A1', v('Bình'), 'b', 'sept.csv', 3);
    rec.run(s9, p[2], 'HS3', '6A2', v('Chi'), 'c', 'sept-extra.csv', 2);
    const s10 = Number(snap.run('S1', '2025-10', 3).lastInsertRowid);
    rec.run(s10, p[1], 'HS2', '6A1', v('Bình'), 'b', 'oct.csv', 2); // same as September
    rec.run(s10, p[0], 'HS1', '6A1', v('An'), 'a', 'oct.csv', 3); // same, another position
    rec.run(s10, p[2], 'HS3', '6A1', v('Chi'), 'c', null, null); // moved class: a new version
    const t10 = Number(snap.run('S2', '2025-10', 1).lastInsertRowid);
    rec.run(t10, q, 'HS1', '6A1', v('An'), 'a', 'other.csv', 2); // equal values, another school: not shared
    const before = (store: Store): unknown[] =>
      conn(store).prepare('SELECT snapshot_id, person_id, record_key, class_id, values_json, row_hash, source_file, source_row FROM snapshot_records ORDER BY snapshot_id, rowid').all();
    const expected = before(old);
    old.close();

    const store = openStore(path);
    expect(store.migratedFrom?.version).toBe(6);
    expect(existsSync(store.migratedFrom!.backupPath!)).toBe(true);
    const after = conn(store).prepare('SELECT snapshot_id, person_id, record_key, class_id, values_json, row_hash, source_file, source_row FROM snapshot_records ORDER BY snapshot_id, ord').all();
    expect(after).toEqual(expected);
    expect([...snapshotRecords(store, s10)].map((r) => [r.recordKey, r.sourceFile, r.sourceRow])).toEqual([['HS2', 'oct.csv', 2], ['HS1', 'oct.csv', 3], ['HS3', null, null]]);
    expect(counts(store)).toEqual({ versions: 5, members: 7, orphans: 0, distinctUsed: 5 });

    // SQL writers (bench/report's seeding) still insert through the view: one version per row,
    // appended in order, with its source file.
    const t11 = Number(conn(store).prepare("INSERT INTO snapshots (school_id, period, entity, run_id, created_at, record_count, content_hash) VALUES ('S2', '2025-11', 'student', 1, '2025-11-01T00:00:00Z', 2, 'h')").run().lastInsertRowid);
    const viaView = conn(store).prepare('INSERT INTO snapshot_records (snapshot_id, person_id, record_key, class_id, values_json, row_hash, source_file, source_row) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    viaView.run(t11, q, 'HS1', '6A1', v('An'), 'a', 'nov.csv', 2);
    viaView.run(t11, null, 'HS9', null, v('Dũng'), 'd', null, null);
    expect([...snapshotRecords(store, t11)].map((r) => [r.personId, r.recordKey, r.values.fullName, r.sourceFile, r.sourceRow])).toEqual([[q, 'HS1', 'An', 'nov.csv', 2], [null, 'HS9', 'Dũng', null, null]]);
    expect(counts(store)).toEqual({ versions: 7, members: 9, orphans: 0, distinctUsed: 7 });
    expect(integrityCheck(store)).toEqual(['ok']);
    expect(conn(store).pragma('foreign_key_check')).toEqual([]);
    store.close();
  });
});
