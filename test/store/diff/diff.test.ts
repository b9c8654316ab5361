import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/store/canonical.js';
import { diffSnapshots } from '../../../src/store/diff/diff.js';
import type { SnapshotRecord } from '../../../src/store/diff/types.js';

const SCHOOL = '79000101';

function rec(personId: number | null, classId: string | null, values: Record<string, unknown>, withJson = true): SnapshotRecord {
  const v = { classId: classId ?? undefined, ...values };
  const r: SnapshotRecord = { personId, recordKey: String(values['studentId'] ?? `p${personId}`), classId, values: v };
  if (withJson) r.valuesJson = canonicalJson(v);
  return r;
}

function person(id: number, classId: string, name: string, extra: Record<string, unknown> = {}): SnapshotRecord {
  return rec(id, classId, {
    studentId: `0790${String(id).padStart(6, '0')}`,
    personalId: `079213${String(id).padStart(6, '0')}`,
    fullName: name,
    dateOfBirth: '2013-05-01',
    gradeCode: '6',
    ...extra,
  });
}

describe('diffSnapshots', () => {
  it('classifies new, left, moved, updated and unchanged by the internal person id', () => {
    const from = [
      person(1, '6A1', 'Nguyễn Văn An'),
      person(2, '6A1', 'Trần Thị Bình'),
      person(3, '6A2', 'Lê Văn Cường'),
      person(4, '6A2', 'Phạm Thị Dung'),
      person(5, '6A3', 'Hoàng Văn Em'),
    ];
    const to = [
      person(1, '6A1', 'Nguyễn Văn An'), // unchanged
      person(2, '6A2', 'Trần Thị Bình'), // moved
      person(3, '6A2', 'Lê Văn Cường', { dateOfBirth: '2013-06-01' }), // updated
      // 4 left
      person(5, '6A3', 'Hoàng Văn Em'), // unchanged
      person(6, '6A1', 'Vũ Thị Giang'), // new
    ];
    const d = diffSnapshots(from, to, { schoolId: SCHOOL, entity: 'student' });
    expect(d.unchanged).toBe(2);
    expect(d.new).toEqual([
      { schoolId: SCHOOL, personId: 6, schoolPersonId: '0790000006', personalId: '079213000006', fullName: 'Vũ Thị Giang', classId: '6A1' },
    ]);
    expect(d.left).toEqual([
      { schoolId: SCHOOL, personId: 4, schoolPersonId: '0790000004', personalId: '079213000004', fullName: 'Phạm Thị Dung', classId: '6A2' },
    ]);
    expect(d.moved).toEqual([
      {
        schoolId: SCHOOL,
        personId: 2,
        schoolPersonId: '0790000002',
        personalId: '079213000002',
        fullName: 'Trần Thị Bình',
        classId: '6A2',
        fromClass: '6A1',
        toClass: '6A2',
        changes: [],
      },
    ]);
    expect(d.updated).toEqual([
      {
        schoolId: SCHOOL,
        personId: 3,
        schoolPersonId: '0790000003',
        personalId: '079213000003',
        fullName: 'Lê Văn Cường',
        classId: '6A2',
        changes: [{ field: 'dateOfBirth', old: '2013-05-01', new: '2013-06-01' }],
      },
    ]);
  });

  it('a corrected name is an update of fullName (same person id), not a left + new', () => {
    const d = diffSnapshots([person(7, '7A1', 'Nguyen Van Hai')], [person(7, '7A1', 'Nguyễn Văn Hải')], { schoolId: SCHOOL });
    expect(d.new).toEqual([]);
    expect(d.left).toEqual([]);
    expect(d.updated).toHaveLength(1);
    expect(d.updated[0]!.fullName).toBe('Nguyễn Văn Hải');
    expect(d.updated[0]!.changes).toEqual([{ field: 'fullName', old: 'Nguyen Van Hai', new: 'Nguyễn Văn Hải' }]);
  });

  it('a move carries the other fields that changed with it', () => {
    const d = diffSnapshots([person(1, '6A1', 'An')], [person(1, '7A1', 'An', { gradeCode: '7' })]);
    expect(d.moved).toHaveLength(1);
    expect(d.moved[0]).toMatchObject({ fromClass: '6A1', toClass: '7A1', classId: '7A1', changes: [{ field: 'gradeCode', old: '6', new: '7' }] });
    expect(d.updated).toEqual([]);
  });

  it('a class given to a person who had none, or taken away, is a move', () => {
    const d = diffSnapshots([rec(1, null, { fullName: 'A' }), rec(2, '6A1', { fullName: 'B' })], [rec(1, '6A1', { fullName: 'A' }), rec(2, null, { fullName: 'B' })]);
    expect(d.moved.map((m) => [m.personId, m.fromClass, m.toClass])).toEqual([
      [1, null, '6A1'],
      [2, '6A1', null],
    ]);
  });

  it('ignores STT, treats null and absent alike, and does not count a field the later record lacks as erased', () => {
    const from = [rec(1, '6A1', { fullName: 'A', sortOrder: 1, email: null, contactPhone: '0901234567' })];
    const to = [rec(1, '6A1', { fullName: 'A', sortOrder: 9 })];
    expect(diffSnapshots(from, to)).toMatchObject({ unchanged: 1, updated: [], moved: [] });
    const to2 = [rec(1, '6A1', { fullName: 'A', sortOrder: 9, contactPhone: null })];
    expect(diffSnapshots(from, to2).updated[0]!.changes).toEqual([{ field: 'contactPhone', old: '0901234567', new: null }]);
  });

  it('compares values field by field when the canonical JSON is not given', () => {
    const from = [rec(1, '6A1', { fullName: 'A', repeatedLastYear: false, fatherBirthYear: 1980 }, false)];
    const same = [rec(1, '6A1', { fatherBirthYear: 1980, repeatedLastYear: false, fullName: 'A' }, false)];
    expect(diffSnapshots(from, same).unchanged).toBe(1);
    const changed = [rec(1, '6A1', { fullName: 'A', repeatedLastYear: true, fatherBirthYear: '1980' }, false)];
    expect(diffSnapshots(from, changed).updated[0]!.changes).toEqual([
      { field: 'fatherBirthYear', old: 1980, new: '1980' },
      { field: 'repeatedLastYear', old: false, new: true },
    ]);
  });

  it('matches records without a person id by their record key', () => {
    const from = [rec(null, '6A1', { studentId: 'X1', fullName: 'A' })];
    const to = [rec(null, '6A2', { studentId: 'X1', fullName: 'A' }), rec(null, '6A2', { studentId: 'X2', fullName: 'B' })];
    const d = diffSnapshots(from, to);
    expect(d.moved.map((m) => m.schoolPersonId)).toEqual(['X1']);
    expect(d.new.map((m) => [m.personId, m.schoolPersonId])).toEqual([[null, 'X2']]);
  });

  it('takes the staff code for teachers and the school id from the values when not given', () => {
    const t = (id: number, name: string): SnapshotRecord => ({
      personId: id,
      recordKey: `GV${id}`,
      classId: null,
      values: { schoolId: '79000999', staffId: `GV00${id}`, fullName: name, personalId: null },
    });
    const d = diffSnapshots([], [t(1, 'Cô Lan')], { entity: 'teacher' });
    expect(d.new).toEqual([{ schoolId: '79000999', personId: 1, schoolPersonId: 'GV001', personalId: null, fullName: 'Cô Lan', classId: null }]);
  });

  it('orders by class (6A2 before 6A10), then given name, then whole name, whatever the input order', () => {
    const people = [
      person(1, '6A10', 'Trần Văn An'),
      person(2, '6A2', 'Lê Thị Yến'),
      person(3, '6A2', 'Phạm Văn Bảo'),
      person(4, '6A2', 'Nguyễn Văn Bảo'),
      person(5, '6A1', 'Võ Thị Ánh'),
      rec(6, null, { studentId: '0790000006', fullName: 'Đỗ Văn An' }),
    ];
    const expected = [5, 4, 3, 2, 1, 6];
    for (let k = 0; k < 6; k++) {
      const shuffled = [...people.slice(k), ...people.slice(0, k)].reverse();
      const d = diffSnapshots([], shuffled);
      expect(d.new.map((i) => i.personId)).toEqual(expected);
      const l = diffSnapshots(shuffled, []);
      expect(l.left.map((i) => i.personId)).toEqual(expected);
    }
  });

  it('keeps a person stored twice in one snapshot (a damaged store) instead of losing one', () => {
    const d = diffSnapshots([person(1, '6A1', 'A')], [person(1, '6A1', 'A'), person(1, '6A2', 'A bis')]);
    expect(d.unchanged).toBe(1);
    expect(d.new.map((i) => i.fullName)).toEqual(['A bis']);
  });

  it('two empty snapshots give an empty diff', () => {
    expect(diffSnapshots([], [])).toEqual({ new: [], updated: [], moved: [], left: [], unchanged: 0 });
  });
});
