import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StateError } from '../../../src/errors.js';
import { openStore } from '../../../src/store/db.js';
import { diffToJson, formatDiffText, formatHistoryText, loadDiff, loadHistory, openStoreForReading, resolveDbPath } from '../../../src/store/diff/index.js';
import { createPerson } from '../../../src/store/persons.js';
import { beginRun, finishRun } from '../../../src/store/runs.js';
import { writeSnapshot } from '../../../src/store/snapshots.js';
import type { Store } from '../../../src/store/types.js';
import { clock, tempDir } from '../helpers.js';
import { OTHER_SCHOOL, SCHOOL, writeScenario, type Scenario } from './helpers.js';

let dir: string;
let cleanup: () => void;
let store: Store;
let scenario: Scenario;

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  store = openStore(join(dir, 'edusync.db'), { now: clock() });
  scenario = writeScenario(store);
});
afterEach(() => {
  store.close();
  cleanup();
});

function teachers(schoolId: string, period: string, entity: string, names: string[]): void {
  const runId = beginRun(store, { command: 'import', period });
  const records = names.map((fullName, i) => ({
    personId: createPerson(store, { kind: 'teacher', schoolId, staffId: `${schoolId}-GV${period}-${i}`, runId }),
    recordKey: `GV${i}`,
    values: { staffId: `GV${i}`, fullName },
  }));
  writeSnapshot(store, { runId, schoolId, period, entity, records });
  finishRun(store, runId, { outcome: 'ok', exitCode: 0 });
}

describe('loadDiff', () => {
  it('diffs the snapshots in force at each period: 5 new, 3 left, 4 moved, 2 renamed', () => {
    const report = loadDiff(store, { from: '2025-09', to: '2025-10' });
    expect(report.from).toBe('2025-09');
    expect(report.schools).toHaveLength(1);
    const s = report.schools[0]!;
    expect(s).toMatchObject({ schoolId: SCHOOL, entity: 'student', missing: null, unchanged: scenario.unchanged });
    expect(s.fromSnapshot).toMatchObject({ period: '2025-09', records: 20, runId: scenario.runIds[0] });
    expect(s.toSnapshot).toMatchObject({ period: '2025-10', records: 22, runId: scenario.runIds[1] });
    expect(s.new.map((i) => i.schoolPersonId).sort()).toEqual([...scenario.newIds].sort());
    expect(s.left.map((i) => i.schoolPersonId).sort()).toEqual([...scenario.leftIds].sort());
    expect(s.moved.map((i) => i.schoolPersonId).sort()).toEqual([...scenario.movedIds].sort());
    expect(s.updated.map((i) => [i.schoolPersonId, i.changes])).toEqual(
      scenario.renamed.map((r) => [r.studentId, [{ field: 'fullName', old: r.old, new: r.new }]]),
    );
    for (const i of [...s.new, ...s.left, ...s.moved, ...s.updated]) expect(i.personalId).toMatch(/^\d{12}$/);
  });

  it('uses the newest snapshot at or before each period; the same snapshot on both sides means no changes', () => {
    const later = loadDiff(store, { from: '2025-10', to: '2026-01' }).schools[0]!;
    expect(later.fromSnapshot!.id).toBe(later.toSnapshot!.id);
    expect(later).toMatchObject({ missing: null, new: [], left: [], unchanged: 22 });
    const sameMonth = loadDiff(store, { from: '2025-11', to: '2025-12' }).schools[0]!;
    expect(sameMonth.fromSnapshot!.period).toBe('2025-10');
  });

  it('lists a school with no snapshot on one side (or at all) instead of skipping it', () => {
    teachers(OTHER_SCHOOL, '2025-10', 'teachers', ['Cô Lan', 'Thầy Minh']);
    const report = loadDiff(store, { from: '2025-09', to: '2025-10' });
    expect(report.schools.map((s) => [s.schoolId, s.entity, s.missing])).toEqual([
      [SCHOOL, 'student', null],
      [OTHER_SCHOOL, 'teacher', 'from'],
    ]);
    const other = report.schools[1]!;
    expect(other.fromSnapshot).toBeNull();
    expect(other.toSnapshot).toMatchObject({ period: '2025-10', storedEntity: 'teachers', records: 2 });
    expect(other.new).toEqual([]);

    const before = loadDiff(store, { from: '2025-07', to: '2025-08' });
    expect(before.schools.map((s) => s.missing)).toEqual(['both', 'both']);
    const unknown = loadDiff(store, { from: '2025-09', to: '2025-10', schoolId: '79999999', entity: 'student' });
    expect(unknown.schools).toEqual([
      { schoolId: '79999999', entity: 'student', fromSnapshot: null, toSnapshot: null, missing: 'both', new: [], updated: [], moved: [], left: [], unchanged: 0 },
    ]);
  });

  it('filters by school and entity, and reads both spellings of an entity (teacher / teachers)', () => {
    teachers(SCHOOL, '2025-09', 'teachers', ['Cô Lan']);
    teachers(SCHOOL, '2025-10', 'teacher', ['Cô Lan', 'Thầy Minh']);
    const t = loadDiff(store, { from: '2025-09', to: '2025-10', schoolId: SCHOOL, entity: 'teacher' });
    expect(t.schools).toHaveLength(1);
    expect(t.schools[0]).toMatchObject({ entity: 'teacher', missing: null });
    expect(t.schools[0]!.fromSnapshot!.storedEntity).toBe('teachers');
    expect(t.schools[0]!.toSnapshot!.storedEntity).toBe('teacher');
    // different person ids (created per month in this fixture): one left, two new
    expect([t.schools[0]!.left.length, t.schools[0]!.new.length]).toEqual([1, 2]);
    const both = loadDiff(store, { from: '2025-09', to: '2025-10', schoolId: SCHOOL });
    expect(both.schools.map((s) => s.entity)).toEqual(['student', 'teacher']);
  });
});

describe('diff output', () => {
  it('text: counts then lists, Vietnamese by default, dates dd/mm/yyyy', () => {
    const report = loadDiff(store, { from: '2025-09', to: '2025-10' });
    const vi = formatDiffText(report, 'vi', { labels: { fullName: { vi: 'Họ và tên', en: 'Full name' } } });
    expect(vi).toContain('So sánh dữ liệu: kỳ 09/2025 → kỳ 10/2025');
    expect(vi).toContain(`Trường ${SCHOOL} — học sinh`);
    expect(vi).toContain('Mới: 5 · Cập nhật: 2 · Chuyển lớp: 4 · Rời trường: 3 · Không đổi: 11');
    expect(vi).toMatch(/ảnh chụp kỳ 09\/2025 \(20 bản ghi, lượt #1, \d\d\/\d\d\/2025 \d\d:\d\d\)/);
    expect(vi).toContain(`Họ và tên: ${scenario.renamed[0]!.old} → ${scenario.renamed[0]!.new}`);
    expect(vi).toContain('Rời trường (3):');
    const moved = scenario.september.find((s) => s.n === 1)!;
    expect(vi).toContain(`6A1 → 6A10  ${moved.fullName} · mã HS ${moved.studentId} · định danh ${moved.personalId}`);
    const en = formatDiffText(report, 'en');
    expect(en).toContain('New: 5 · Updated: 2 · Moved class: 4 · Left: 3 · Unchanged: 11');
    expect(en).toContain('fullName: ');
  });

  it('text: says which side is missing; an empty database says so', () => {
    const vi = formatDiffText(loadDiff(store, { from: '2025-07', to: '2025-09' }), 'vi');
    expect(vi).toContain('07/2025: không có ảnh chụp dữ liệu nào tại hoặc trước kỳ 07/2025');
    expect(vi).toContain('09/2025: ảnh chụp kỳ 09/2025');
    expect(formatDiffText({ from: '2025-09', to: '2025-10', schools: [] }, 'en')).toContain('no student or teacher snapshot');
  });

  it('JSON: the documented shape with counts and every key present', () => {
    const json = diffToJson(loadDiff(store, { from: '2025-09', to: '2025-10' }));
    expect(Object.keys(json)).toEqual(['from', 'to', 'schools']);
    const s = json.schools[0]!;
    expect(Object.keys(s)).toEqual(['schoolId', 'entity', 'fromSnapshot', 'toSnapshot', 'missing', 'changed', 'counts', 'new', 'updated', 'moved', 'left', 'unchanged']);
    expect(s.counts).toEqual({ new: 5, updated: 2, moved: 4, left: 3, unchanged: 11 });
    expect(Object.keys(s.moved[0]!)).toEqual(['schoolId', 'personId', 'schoolPersonId', 'personalId', 'fullName', 'classId', 'fromClass', 'toClass', 'changes']);
    expect(Object.keys(s.fromSnapshot!)).toEqual(['id', 'period', 'storedEntity', 'records', 'runId', 'createdAt']);
  });
});

describe('loadHistory', () => {
  it('lists runs newest first without personal data, and snapshots per school', () => {
    teachers(OTHER_SCHOOL, '2025-10', 'teachers', ['Cô Lan']);
    const h = loadHistory(store);
    expect(h.runs.map((r) => r.id)).toEqual([3, 2, 1]);
    expect(h.runs[2]).toMatchObject({ command: 'import', period: '2025-09', outcome: 'ok', exitCode: 0, counts: { records: 20 } });
    expect(Object.keys(h.runs[0]!)).not.toContain('osUser');
    expect(h.schools.map((s) => [s.schoolId, s.name, s.snapshots.map((x) => `${x.entity}@${x.period}:${x.records}`)])).toEqual([
      [SCHOOL, 'THCS Lê Lợi', ['student@2025-09:20', 'student@2025-10:22']],
      [OTHER_SCHOOL, null, ['teachers@2025-10:1']],
    ]);
    expect(JSON.stringify(h)).not.toContain('Nguyễn');

    const one = loadHistory(store, { schoolId: OTHER_SCHOOL });
    expect(one.runs.map((r) => r.id)).toEqual([3]);
    expect(one.schools.map((s) => s.schoolId)).toEqual([OTHER_SCHOOL]);
    expect(loadHistory(store, { limit: 1 }).runs.map((r) => r.id)).toEqual([3]);
    expect(loadHistory(store, { schoolId: '1' }).schools).toEqual([{ schoolId: '1', name: null, snapshots: [] }]);
  });

  it('text in vi and en', () => {
    const h = loadHistory(store);
    const vi = formatHistoryText(h, 'vi');
    expect(vi).toContain('Lượt chạy (2, mới nhất trước):');
    expect(vi).toMatch(/#1 {2}\d\d\/\d\d\/2025 \d\d:\d\d {2}import {2}kỳ 09\/2025 {2}xong {2}mã thoát 0 {2}records 20/);
    expect(vi).toContain(`Trường ${SCHOOL} — THCS Lê Lợi`);
    expect(vi).toMatch(/học sinh {2}kỳ 10\/2025 {2}22 bản ghi {2}lượt #2/);
    expect(formatHistoryText(h, 'en')).toContain('Snapshots per school:');
  });
});

describe('opening for reading', () => {
  it('resolves --db, then EDUSYNC_DB, then edusync.db in the current folder', () => {
    expect(resolveDbPath('x.db', { EDUSYNC_DB: '/e.db' }, '/w')).toBe('/w/x.db');
    expect(resolveDbPath(undefined, { EDUSYNC_DB: '/e.db' }, '/w')).toBe('/e.db');
    expect(resolveDbPath(undefined, {}, '/w')).toBe('/w/edusync.db');
  });

  it('a missing database is a StateError that says to import first; an existing one opens read-only', () => {
    expect(() => openStoreForReading(join(dir, 'none.db'))).toThrow(StateError);
    expect(() => openStoreForReading(join(dir, 'none.db'))).toThrow(/no database yet.*edusync import/);
    const ro = openStoreForReading(join(dir, 'edusync.db'));
    try {
      expect(ro.readonly).toBe(true);
      expect(loadDiff(ro, { from: '2025-09', to: '2025-10' }).schools[0]!.new).toHaveLength(5);
    } finally {
      ro.close();
    }
  });
});
