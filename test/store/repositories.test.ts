import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StateError } from '../../src/errors.js';
import { openStore, transaction } from '../../src/store/db.js';
import { countFindings, listFindings, recordFindings } from '../../src/store/findings.js';
import { attachIdentifier, createPerson, findPerson, getPerson, identifierIndex, personIdentifiers, setPersonSchool } from '../../src/store/persons.js';
import { beginRun, finishRun, getRun, listRunFiles, listRuns, markAbandonedRuns } from '../../src/store/runs.js';
import { getSchool, listClasses, upsertClasses, upsertSchools } from '../../src/store/schools.js';
import { findLastSnapshot, getSnapshot, lastSnapshot, listSnapshots, writeSnapshot } from '../../src/store/snapshots.js';
import { canonicalJson } from '../../src/store/canonical.js';
import type { SnapshotRecordInput, Store } from '../../src/store/types.js';
import { clock, tempDir } from './helpers.js';

let dir: string;
let cleanup: () => void;
let store: Store;
const SCHOOL = '79000701';
const SHA = 'a'.repeat(64);

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  store = openStore(join(dir, 'edusync.db'), { now: clock(), toolVersion: '9.9.9' });
});
afterEach(() => {
  store.close();
  cleanup();
});

const db = (): Database.Database => (store as unknown as { db: Database.Database }).db;

function students(n: number, tag = ''): SnapshotRecordInput[] {
  return Array.from({ length: n }, (_, i) => ({
    recordKey: `HS${String(i).padStart(4, '0')}`,
    classId: `6A${(i % 3) + 1}`,
    values: { fullName: `Học sinh ${i}${tag}`, dateOfBirth: '2013-05-0' + ((i % 9) + 1), studentId: `HS${String(i).padStart(4, '0')}` },
    sourceFile: 'hs.xlsx',
    sourceRow: i + 3,
  }));
}

describe('runs', () => {
  it('begin records command, period, tool version, user, pid and files; finish records the outcome', () => {
    const runId = beginRun(store, {
      command: 'import',
      period: '2025-10',
      files: [{ path: 'hs.xlsx', sha256: SHA.toUpperCase(), sizeBytes: 1234, records: 40, entity: 'students' }, { path: 'gv.csv', sha256: 'b'.repeat(64), sizeBytes: 10 }],
    });
    const run = getRun(store, runId);
    expect(run).toMatchObject({ command: 'import', period: '2025-10', toolVersion: '9.9.9', outcome: 'running', pid: process.pid, finishedAt: null, startedAt: '2025-10-01T07:30:00.000Z' });
    expect(listRunFiles(store, runId)).toEqual([
      { path: 'hs.xlsx', sha256: SHA, sizeBytes: 1234, records: 40, entity: 'students' },
      { path: 'gv.csv', sha256: 'b'.repeat(64), sizeBytes: 10 },
    ]);
    finishRun(store, runId, { outcome: 'findings', exitCode: 1, counts: { new: 5, left: 3 } });
    expect(getRun(store, runId)).toMatchObject({ outcome: 'findings', exitCode: 1, counts: { new: 5, left: 3 }, finishedAt: '2025-10-01T07:30:01.000Z' });
    expect(() => finishRun(store, 999, { outcome: 'ok', exitCode: 0 })).toThrow(StateError);
  });

  it('lists newest first, by period, with a limit; rejects a bad period and outcome', () => {
    const a = beginRun(store, { command: 'import', period: '2025-09' });
    const b = beginRun(store, { command: 'import', period: '2025-10' });
    const c = beginRun(store, { command: 'validate' });
    expect(listRuns(store).map((r) => r.id)).toEqual([c, b, a]);
    expect(listRuns(store, { limit: 1 }).map((r) => r.id)).toEqual([c]);
    expect(listRuns(store, { period: '2025-09' }).map((r) => r.id)).toEqual([a]);
    expect(() => beginRun(store, { command: 'import', period: '2025/10' })).toThrow(/CHECK/);
    expect(() => finishRun(store, a, { outcome: 'weird' as 'ok', exitCode: 0 })).toThrow(/CHECK/);
  });

  it('markAbandonedRuns marks runs of dead processes killed, leaves live ones', () => {
    const mine = beginRun(store, { command: 'import' });
    const dead = beginRun(store, { command: 'run' });
    db().prepare('UPDATE runs SET pid = 424242 WHERE id = ?').run(dead);
    expect(markAbandonedRuns(store, (pid) => pid !== 424242)).toEqual([dead]);
    expect(getRun(store, dead)?.outcome).toBe('killed');
    expect(getRun(store, mine)?.outcome).toBe('running');
  });
});

describe('persons and identifiers', () => {
  it('finds by mã định danh first, then by school student id; reports conflicts', () => {
    const runId = beginRun(store, { command: 'import' });
    const a = createPerson(store, { kind: 'student', schoolId: SCHOOL, personalId: '079213000001', studentId: 'HS0001', runId });
    const b = createPerson(store, { kind: 'student', schoolId: SCHOOL, studentId: 'HS0002', runId });
    expect(findPerson(store, { kind: 'student', schoolId: SCHOOL, personalId: '079213000001' })).toEqual({ personId: a, matchedBy: 'personalId', schoolId: SCHOOL, conflicts: [] });
    expect(findPerson(store, { kind: 'student', schoolId: SCHOOL, studentId: 'HS0002' })).toMatchObject({ personId: b, matchedBy: 'studentId' });
    // mã định danh wins over a student id that points at someone else; the clash is reported
    expect(findPerson(store, { kind: 'student', schoolId: SCHOOL, personalId: '079213000001', studentId: 'HS0002' })).toEqual({
      personId: a,
      matchedBy: 'personalId',
      schoolId: SCHOOL,
      conflicts: [{ kind: 'studentId', personId: b }],
    });
    // an unknown mã định danh falls through to the student id
    expect(findPerson(store, { kind: 'student', schoolId: SCHOOL, personalId: '079213009999', studentId: 'HS0002' })).toMatchObject({ personId: b, matchedBy: 'studentId' });
    // student ids are per school; kinds do not mix
    expect(findPerson(store, { kind: 'student', schoolId: '79000702', studentId: 'HS0002' })).toBeUndefined();
    expect(findPerson(store, { kind: 'teacher', schoolId: SCHOOL, personalId: '079213000001' })).toBeUndefined();
    expect(findPerson(store, { kind: 'student', schoolId: SCHOOL })).toBeUndefined();
    expect(personIdentifiers(store, a)).toEqual([
      { kind: 'personalId', value: '079213000001', schoolId: null, firstRunId: runId, lastRunId: runId },
      { kind: 'studentId', value: 'HS0001', schoolId: SCHOOL, firstRunId: runId, lastRunId: runId },
    ]);
  });

  it('a person who moves school keeps the id, found by mã định danh from the new school', () => {
    const a = createPerson(store, { kind: 'student', schoolId: SCHOOL, personalId: '079213000001', studentId: 'HS0001' });
    const match = findPerson(store, { kind: 'student', schoolId: '79000702', personalId: '079213000001', studentId: 'X9' });
    expect(match).toMatchObject({ personId: a, matchedBy: 'personalId', schoolId: SCHOOL });
    setPersonSchool(store, a, '79000702');
    expect(attachIdentifier(store, { personId: a, kind: 'studentId', value: 'X9', schoolId: '79000702' })).toEqual({ status: 'added' });
    expect(getPerson(store, a)?.schoolId).toBe('79000702');
    expect(findPerson(store, { kind: 'student', schoolId: '79000702', studentId: 'X9' })?.personId).toBe(a);
  });

  it('attachIdentifier: added, seen (moves last_run_id), conflict (changes nothing)', () => {
    const r1 = beginRun(store, { command: 'import' });
    const r2 = beginRun(store, { command: 'import' });
    const a = createPerson(store, { kind: 'teacher', schoolId: SCHOOL, staffId: 'GV01', runId: r1 });
    const b = createPerson(store, { kind: 'teacher', schoolId: SCHOOL, runId: r1 });
    expect(attachIdentifier(store, { personId: a, kind: 'staffId', value: 'GV01', schoolId: SCHOOL, runId: r2 })).toEqual({ status: 'seen' });
    expect(personIdentifiers(store, a)[0]).toMatchObject({ firstRunId: r1, lastRunId: r2 });
    expect(attachIdentifier(store, { personId: b, kind: 'staffId', value: 'GV01', schoolId: SCHOOL, runId: r2 })).toEqual({ status: 'conflict', ownerPersonId: a });
    expect(personIdentifiers(store, b)).toEqual([]);
    expect(() => createPerson(store, { kind: 'teacher', schoolId: SCHOOL, staffId: 'GV01' })).toThrow(StateError);
    // the failed create left no half person behind
    expect(db().prepare('SELECT count(*) FROM persons').pluck().get()).toBe(2);
  });

  it('unique constraints hold at the SQL level: national ids across schools, school ids per school', () => {
    const a = createPerson(store, { kind: 'student', schoolId: SCHOOL });
    const b = createPerson(store, { kind: 'student', schoolId: '79000702' });
    const insert = db().prepare('INSERT INTO person_identifiers (person_id, kind, value, school_id) VALUES (?, ?, ?, ?)');
    insert.run(a, 'personalId', '079213000001', null);
    // NULL school ids do not escape uniqueness
    expect(() => insert.run(b, 'personalId', '079213000001', null)).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_UNIQUE' }));
    insert.run(a, 'studentId', 'HS0001', SCHOOL);
    expect(() => insert.run(b, 'studentId', 'HS0001', SCHOOL)).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_UNIQUE' }));
    insert.run(b, 'studentId', 'HS0001', '79000702'); // same id, other school: fine
    // personalId must be national, school ids must have a school
    expect(() => insert.run(a, 'personalId', '079213000002', SCHOOL)).toThrow(/CHECK/);
    expect(() => insert.run(a, 'studentId', 'HS0009', null)).toThrow(/CHECK/);
    expect(() => insert.run(999, 'studentId', 'HS0010', SCHOOL)).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }));
    // the lookup uses the unique index
    const plan = db()
      .prepare("EXPLAIN QUERY PLAN SELECT person_id FROM person_identifiers i WHERE i.kind = 'studentId' AND ifnull(i.school_id, '') = ? AND i.value = ?")
      .all(SCHOOL, 'HS0001') as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toContain('person_identifiers_unique');
  });

  it('identifierIndex loads one school for matching a whole file', () => {
    const a = createPerson(store, { kind: 'student', schoolId: SCHOOL, personalId: '079213000001', studentId: 'HS0001' });
    const b = createPerson(store, { kind: 'student', schoolId: SCHOOL, studentId: 'HS0002' });
    createPerson(store, { kind: 'student', schoolId: '79000702', personalId: '079213000003', studentId: 'HS0001' });
    createPerson(store, { kind: 'teacher', schoolId: SCHOOL, staffId: 'GV01' });
    const index = identifierIndex(store, 'student', SCHOOL);
    expect([...index.personalId]).toEqual([['079213000001', a]]);
    expect(new Map(index.studentId)).toEqual(new Map([['HS0001', a], ['HS0002', b]]));
    expect(index.staffId.size).toBe(0);
  });
});

describe('snapshots', () => {
  it('writes canonical values and hashes; reads back the last snapshot at or before a period', () => {
    const r1 = beginRun(store, { command: 'import', period: '2025-09' });
    const person = createPerson(store, { kind: 'student', schoolId: SCHOOL, studentId: 'HS0000' });
    const records = students(3);
    records[0] = { ...records[0]!, personId: person, values: { studentId: 'HS0000', fullName: 'Lê Thị B', dateOfBirth: '2013-05-01', extra: undefined } };
    const w = writeSnapshot(store, { runId: r1, schoolId: SCHOOL, period: '2025-09', entity: 'students', records });
    expect(w).toMatchObject({ recordCount: 3, replaced: false, unchanged: false });
    const r2 = beginRun(store, { command: 'import', period: '2025-11' });
    writeSnapshot(store, { runId: r2, schoolId: SCHOOL, period: '2025-11', entity: 'students', records: students(2) });

    const got = lastSnapshot(store, SCHOOL, 'students', '2025-10');
    expect(got?.snapshot).toMatchObject({ id: w.snapshotId, period: '2025-09', runId: r1, recordCount: 3, contentHash: w.contentHash });
    const first = got?.records[0];
    expect(first).toMatchObject({ personId: person, recordKey: 'HS0000', classId: '6A1', sourceFile: 'hs.xlsx', sourceRow: 3 });
    expect(first?.valuesJson).toBe('{"dateOfBirth":"2013-05-01","fullName":"Lê Thị B","studentId":"HS0000"}');
    expect(first?.values).toEqual({ dateOfBirth: '2013-05-01', fullName: 'Lê Thị B', studentId: 'HS0000' });
    expect(first?.rowHash).toMatch(/^[0-9a-f]{64}$/);
    expect(lastSnapshot(store, SCHOOL, 'students', '2025-11')?.snapshot.period).toBe('2025-11');
    expect(lastSnapshot(store, SCHOOL, 'students', '2025-11', { before: true })?.snapshot.period).toBe('2025-09');
    expect(lastSnapshot(store, SCHOOL, 'students', '2025-08')).toBeUndefined();
    expect(lastSnapshot(store, SCHOOL, 'teachers', '2025-12')).toBeUndefined();
    expect(findLastSnapshot(store, SCHOOL, 'students', '2026-01')?.period).toBe('2025-11');
    expect(listSnapshots(store).map((s) => s.period)).toEqual(['2025-09', '2025-11']);
    expect(listSnapshots(store, 'other')).toEqual([]);
    expect(() => writeSnapshot(store, { runId: r1, schoolId: SCHOOL, period: '2025-13', entity: 'students', records: [] })).toThrow(/YYYY-MM/);
  });

  it('re-writing identical content is a no-op; the same content in another order hashes the same', () => {
    const runId = beginRun(store, { command: 'import' });
    const a = writeSnapshot(store, { runId, schoolId: SCHOOL, period: '2025-10', entity: 'students', records: students(10) });
    const shuffled = students(10).reverse().map((r) => ({ ...r, values: Object.fromEntries(Object.entries(r.values).reverse()), sourceRow: 99 }));
    const b = writeSnapshot(store, { runId, schoolId: SCHOOL, period: '2025-10', entity: 'students', records: shuffled });
    expect(b).toEqual({ ...a, unchanged: true });
    const c = writeSnapshot(store, { runId, schoolId: SCHOOL, period: '2025-10', entity: 'students', records: students(10, ' (sửa)') });
    expect(c).toMatchObject({ unchanged: false, replaced: true });
    expect(c.contentHash).not.toBe(a.contentHash);
    expect(db().prepare('SELECT count(*) FROM snapshot_records').pluck().get()).toBe(10);
    expect(db().prepare('SELECT count(*) FROM snapshots').pluck().get()).toBe(1);
  });

  it('replacing is atomic: a throw inside the transaction leaves the previous snapshot whole', () => {
    const runId = beginRun(store, { command: 'import' });
    const old = writeSnapshot(store, { runId, schoolId: SCHOOL, period: '2025-10', entity: 'students', records: students(500) });
    expect(() =>
      transaction(store, () => {
        writeSnapshot(store, { runId, schoolId: SCHOOL, period: '2025-10', entity: 'students', records: students(800, ' mới') });
        throw new Error('boom after writing');
      }),
    ).toThrow('boom after writing');
    // and a failure half-way through the insert loop (the progress callback throws)
    expect(() =>
      writeSnapshot(store, {
        runId,
        schoolId: SCHOOL,
        period: '2025-10',
        entity: 'students',
        records: students(800, ' mới'),
        progressEvery: 100,
        onProgress: (written) => {
          if (written === 300) throw new Error('boom mid-insert');
        },
      }),
    ).toThrow('boom mid-insert');
    const got = lastSnapshot(store, SCHOOL, 'students', '2025-10');
    expect(got?.snapshot).toMatchObject({ id: old.snapshotId, recordCount: 500, contentHash: old.contentHash });
    expect(got?.records).toHaveLength(500);
    expect(got?.records.every((r) => !String(r.values['fullName']).endsWith('mới'))).toBe(true);
    expect(db().prepare('SELECT count(*) FROM snapshot_records').pluck().get()).toBe(500);
  });

  it('deleting a snapshot cascades to its records; unknown persons are refused', () => {
    const runId = beginRun(store, { command: 'import' });
    const w = writeSnapshot(store, { runId, schoolId: SCHOOL, period: '2025-10', entity: 'classes', records: [{ recordKey: '6A1', values: { name: '6A1' } }] });
    expect(getSnapshot(store, { schoolId: SCHOOL, period: '2025-10', entity: 'classes' })?.id).toBe(w.snapshotId);
    db().prepare('DELETE FROM snapshots WHERE id = ?').run(w.snapshotId);
    expect(db().prepare('SELECT count(*) FROM snapshot_records').pluck().get()).toBe(0);
    expect(() =>
      writeSnapshot(store, { runId, schoolId: SCHOOL, period: '2025-10', entity: 'students', records: [{ personId: 12345, recordKey: 'HS1', values: {} }] }),
    ).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }));
  });

  it('canonical JSON sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"z":1}]},"b":1}');
    expect(canonicalJson({ b: 'x', a: true, c: undefined, n: Number.NaN })).toBe('{"a":true,"b":"x","n":null}');
    expect(canonicalJson({ b: 'x', a: true, n: Number.NaN })).toBe(JSON.stringify({ a: true, b: 'x', n: null }));
  });
});

describe('findings', () => {
  it('stores codes and positions only, in batches, and counts them', () => {
    const runId = beginRun(store, { command: 'validate' });
    const findings = Array.from({ length: 451 }, (_, i) => ({
      code: i % 2 === 0 ? 'HS-014' : 'DL-001',
      severity: (i % 2 === 0 ? 'error' : 'warning') as 'error' | 'warning',
      messageId: 'invalid',
      file: 'hs.xlsx',
      sheet: 'DS',
      row: i + 2,
      column: 'D',
      field: 'dateOfBirth',
      value: '31/02/2013 Nguyễn Văn A',
      data: { value: 'Nguyễn Văn A' },
    }));
    expect(recordFindings(store, runId, findings)).toBe(451);
    const stored = listFindings(store, runId);
    expect(stored).toHaveLength(451);
    expect(stored[0]).toEqual({ code: 'HS-014', severity: 'error', messageId: 'invalid', file: 'hs.xlsx', sheet: 'DS', row: 2, column: 'D', field: 'dateOfBirth' });
    expect(stored[450]?.row).toBe(452);
    expect(countFindings(store, runId)).toEqual([
      { code: 'DL-001', severity: 'warning', count: 225 },
      { code: 'HS-014', severity: 'error', count: 226 },
    ]);
    // no column can hold a value, and no value text reached the database
    const columns = (db().prepare('PRAGMA table_info(findings)').all() as Array<{ name: string }>).map((c) => c.name);
    expect(columns).toEqual(['run_id', 'code', 'severity', 'message_id', 'file', 'sheet', 'row', 'column', 'field']);
    const dump = JSON.stringify(db().prepare('SELECT * FROM findings').all());
    expect(dump).not.toContain('Nguyễn');
    expect(recordFindings(store, runId, [])).toBe(0);
    expect(recordFindings(store, runId, [{ code: 'file/empty', severity: 'error', file: 'x.csv' }])).toBe(1);
    expect(listFindings(store, runId).at(-1)).toEqual({ code: 'file/empty', severity: 'error', messageId: null, file: 'x.csv', sheet: null, row: null, column: null, field: null });
  });
});

describe('schools and classes', () => {
  it('upserts schools (district before July 2025, none after) and classes', () => {
    const runId = beginRun(store, { command: 'import' });
    upsertSchools(store, runId, [{ schoolId: SCHOOL, name: 'THCS A', provinceCode: '79', districtCode: '760', communeCode: '26734' }]);
    upsertSchools(store, runId, [{ schoolId: SCHOOL, name: 'THCS A', provinceCode: '79', communeCode: '26734' }]);
    expect(getSchool(store, SCHOOL)).toEqual({ schoolId: SCHOOL, name: 'THCS A', provinceCode: '79', districtCode: null, communeCode: '26734', updatedRunId: runId });
    upsertClasses(store, runId, [
      { schoolId: SCHOOL, classId: '6A2', name: '6A2', gradeCode: '6' },
      { schoolId: SCHOOL, classId: '6A1', name: '6A1', gradeCode: '6', homeroomTeacherId: 'GV01' },
    ]);
    upsertClasses(store, runId, [{ schoolId: SCHOOL, classId: '6A2', name: '6A2', gradeCode: '6', homeroomTeacherId: 'GV02' }]);
    expect(listClasses(store, SCHOOL).map((c) => [c.classId, c.homeroomTeacherId])).toEqual([
      ['6A1', 'GV01'],
      ['6A2', 'GV02'],
    ]);
  });
});

describe('read-only store', () => {
  it('reads, and refuses writes with a StateError', () => {
    const runId = beginRun(store, { command: 'import' });
    writeSnapshot(store, { runId, schoolId: SCHOOL, period: '2025-10', entity: 'students', records: students(3) });
    const ro = openStore(join(dir, 'edusync.db'), { readonly: true });
    try {
      expect(lastSnapshot(ro, SCHOOL, 'students', '2025-10')?.records).toHaveLength(3);
      expect(listRuns(ro)).toHaveLength(1);
      expect(() => beginRun(ro, { command: 'x' })).toThrow(StateError);
      expect(() => writeSnapshot(ro, { runId, schoolId: SCHOOL, period: '2025-10', entity: 'students', records: [] })).toThrow(StateError);
    } finally {
      ro.close();
    }
    expect(() => listRuns(ro)).toThrow(StateError);
  });
});
