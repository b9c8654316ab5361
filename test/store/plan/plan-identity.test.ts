import { describe, expect, it } from 'vitest';
import { planImport } from '../../../src/store/plan/plan.js';
import { DUPLICATE_IN_IMPORT, type IncomingRecord, type PreviousRecord } from '../../../src/store/plan/types.js';
import { applied, counter, incoming, row, SCHOOL, student, type Student } from './helpers.js';

const base = (previous: PreviousRecord[], rows: IncomingRecord[], next = counter(100)) =>
  planImport({ school: SCHOOL, period: '2025-10', entity: 'student', previous, incoming: rows, nextPersonId: next });

/** A stored snapshot of these students (person ids 1…n). */
function stored(students: Student[]): PreviousRecord[] {
  return applied(planImport({ school: SCHOOL, period: '2025-09', entity: 'student', previous: [], incoming: incoming(students), nextPersonId: counter(1) }));
}

const idsOf = (prev: PreviousRecord[]) => new Map(prev.map((p) => [p.identifiers.studentId!, p.personId]));

describe('planImport — identity matching', () => {
  const students = Array.from({ length: 6 }, (_, i) => student(i));

  it('matches on mã định danh first, even when the school id changed', () => {
    const prev = stored(students);
    const changed = students.map((s, k) => (k === 2 ? { ...s, studentId: '7900009999' } : s));
    const plan = base(prev, incoming(changed));
    expect(plan.new).toEqual([]);
    expect(plan.left).toEqual([]);
    expect(plan.updated).toHaveLength(1);
    expect(plan.updated[0]).toMatchObject({ personId: idsOf(prev).get(students[2]!.studentId), changes: [{ field: 'studentId', old: students[2]!.studentId, new: '7900009999' }] });
  });

  it('falls back to the school id when the mã định danh is missing (column absent or cell empty)', () => {
    const prev = stored(students);
    const noColumn = base(prev, incoming(students, { drop: ['personalId'] }));
    expect(noColumn.unchanged).toBe(6);
    expect(noColumn.new.length + noColumn.left.length + noColumn.updated.length).toBe(0);

    const emptyCell = base(prev, incoming(students.map((s, k) => (k === 0 ? { ...s, personalId: null } : s))));
    expect(emptyCell.new).toEqual([]);
    expect(emptyCell.updated).toEqual([
      expect.objectContaining({ personId: idsOf(prev).get(students[0]!.studentId), personalId: null, changes: [{ field: 'personalId', old: students[0]!.personalId, new: null }] }),
    ]);
  });

  it('an invalid mã định danh (not 12 digits) is not used for matching; the school id still is', () => {
    const prev = stored(students);
    const plan = base(prev, incoming(students.map((s, k) => (k === 1 ? { ...s, personalId: '07931410003' } : s))));
    expect(plan.updated.map((u) => u.personId)).toEqual([idsOf(prev).get(students[1]!.studentId)]);
    expect(plan.new).toEqual([]);
  });

  it('falls back to folded name + date of birth when both ids are missing', () => {
    const prev = stored(students);
    const shouted = students.map((s, k) => (k === 3 ? { ...s, fullName: s.fullName.toUpperCase() } : s));
    const plan = base(prev, incoming(shouted, { drop: ['personalId', 'studentId'] }));
    expect(plan.new).toEqual([]);
    expect(plan.left).toEqual([]);
    expect(plan.unchanged).toBe(5);
    expect(plan.updated).toEqual([
      expect.objectContaining({ personId: idsOf(prev).get(students[3]!.studentId), changes: [{ field: 'fullName', old: students[3]!.fullName, new: 'PHẠM THU CHÂU' }] }),
    ]);
  });

  it('does not match on the school id when both sides carry different valid mã định danh', () => {
    const prev = stored(students);
    const other = students.map((s, k) => (k === 4 ? { ...s, personalId: '079214999999', fullName: 'Trịnh Công Sơn', dateOfBirth: '2014-06-30' } : s));
    const plan = base(prev, incoming(other));
    expect(plan.new.map((i) => i.personalId)).toEqual(['079214999999']);
    expect(plan.left.map((i) => i.personId)).toEqual([idsOf(prev).get(students[4]!.studentId)]);
  });

  it('never merges twins: same surname and birthday, different given names, no ids in the file', () => {
    const khoi: Student = { studentId: '7900002101', personalId: '079214000101', fullName: 'Trương Minh Khôi', dateOfBirth: '2013-11-20', classId: '7A1', genderCode: '1' };
    const khoa: Student = { ...khoi, studentId: '7900002102', personalId: '079214000102', fullName: 'Trương Minh Khoa' };
    const prev = stored([khoi, khoa, ...students]);
    const ids = idsOf(prev);
    const plan = base(prev, incoming([khoa, khoi, ...students], { drop: ['personalId', 'studentId'] }));
    expect(plan.new.length + plan.left.length + plan.updated.length).toBe(0);
    const kept = applied(plan);
    expect(kept.find((p) => p.values['fullName'] === 'Trương Minh Khôi')!.personId).toBe(ids.get(khoi.studentId));
    expect(kept.find((p) => p.values['fullName'] === 'Trương Minh Khoa')!.personId).toBe(ids.get(khoa.studentId));
    // one twin alone in next month's file takes their own id, not the sibling's
    const alone = base(prev, incoming([khoa], { drop: ['personalId', 'studentId'] }));
    expect(alone.unchanged).toBe(1);
    expect(applied(alone).find((p) => p.values['fullName'] === 'Trương Minh Khoa')!.personId).toBe(ids.get(khoa.studentId));
    expect(alone.left.map((i) => i.fullName)).toContain('Trương Minh Khôi');
  });

  it('twins whose names differ only by accents (Anh / Ánh) keep their own ids', () => {
    const twinA: Student = { studentId: '7900002001', personalId: '079314000001', fullName: 'Lê Ngọc Anh', dateOfBirth: '2014-03-08', classId: '6A1', genderCode: '2' };
    const twinB: Student = { ...twinA, studentId: '7900002002', personalId: '079314000002', fullName: 'Lê Ngọc Ánh' };
    const prev = stored([twinA, twinB, ...students]);
    const ids = idsOf(prev);
    const plan = base(prev, incoming([twinB, twinA, ...students], { drop: ['personalId', 'studentId'] }));
    expect(plan.new).toEqual([]);
    expect(plan.left).toEqual([]);
    expect(plan.unchanged).toBe(8);
    const kept = applied(plan);
    expect(kept.find((p) => p.values['fullName'] === 'Lê Ngọc Anh')!.personId).toBe(ids.get(twinA.studentId));
    expect(kept.find((p) => p.values['fullName'] === 'Lê Ngọc Ánh')!.personId).toBe(ids.get(twinB.studentId));
  });

  it('twins whose names fold alike (Anh / Ánh) are told apart by the name as written, or not matched at all', () => {
    const twinA: Student = { studentId: '7900002001', personalId: '079314000001', fullName: 'Lê Ngọc Anh', dateOfBirth: '2014-03-08', classId: '6A1', genderCode: '2' };
    const twinB: Student = { ...twinA, studentId: '7900002002', personalId: '079314000002', fullName: 'Lê Ngọc Ánh' };
    const prev = stored([twinA, twinB]);
    const ids = idsOf(prev);
    // written without accents, the two rows are indistinguishable: neither is matched, both say why
    const plain = base(prev, incoming([{ ...twinA, fullName: 'Le Ngoc Anh' }, { ...twinB, fullName: 'Le Ngoc Anh' }], { drop: ['personalId', 'studentId'] }));
    expect(plain.new.map((i) => i.note)).toEqual(['name-dob-ambiguous', 'name-dob-ambiguous']);
    expect(plain.left.map((i) => i.personId).sort()).toEqual([...ids.values()].sort());
    expect(plain.updated.length + plain.unchanged).toBe(0);
    // only one twin in the file, without accents: the folded key is unique on the rows' side but not on the store's
    const one = base(prev, incoming([{ ...twinB, fullName: 'LE NGOC ANH' }], { drop: ['personalId', 'studentId'] }));
    expect(one.new).toHaveLength(1);
    expect(one.left).toHaveLength(2);
  });

  it('does not use name + date of birth when that key occurs twice on one side, and says so', () => {
    const a: Student = { studentId: '7900003001', personalId: '001214000011', fullName: 'Nguyễn Văn Nam', dateOfBirth: '2014-09-02', classId: '6A1', genderCode: '1' };
    const b: Student = { ...a, studentId: '7900003002', personalId: '001214000012', classId: '6A2' };
    // twice among the previous records: the one row without ids matches neither
    const prev = stored([a, b]);
    const plan = base(prev, incoming([a], { drop: ['personalId', 'studentId'] }));
    expect(plan.new).toEqual([expect.objectContaining({ fullName: 'Nguyễn Văn Nam', note: 'name-dob-ambiguous', personId: 100 })]);
    expect(plan.left.map((i) => [i.personId, i.note])).toEqual([
      [1, 'name-dob-ambiguous'],
      [2, 'name-dob-ambiguous'],
    ]);
    // twice among the rows: neither row takes the single previous record
    const prevOne = stored([a]);
    const plan2 = base(prevOne, incoming([a, b], { drop: ['personalId', 'studentId'] }));
    expect(plan2.new.map((i) => i.note)).toEqual(['name-dob-ambiguous', 'name-dob-ambiguous']);
    expect(plan2.left).toEqual([expect.objectContaining({ personId: 1, note: 'name-dob-ambiguous' })]);
  });

  it('each previous person matches at most one row: the same person twice in one import is rejected', () => {
    const prev = stored(students);
    const rows = incoming([...students, students[1]!]);
    const plan = base(prev, rows);
    expect(plan.rejected).toEqual([expect.objectContaining({ schoolPersonId: students[1]!.studentId, codes: [DUPLICATE_IN_IMPORT], source: expect.objectContaining({ row: 13 }), duplicateOf: { file: 'hoc-sinh.xlsx', sheet: 'Học sinh', row: 8 } })]);
    expect(plan.unchanged).toBe(6);
    expect(plan.new).toEqual([]);

    // the same school id with another mã định danh and name is one id used twice: also rejected
    const clash = incoming([...students, { ...student(50), studentId: students[2]!.studentId }]);
    const plan2 = base(prev, clash);
    expect(plan2.rejected.map((r) => [r.fullName, r.codes])).toEqual([[student(50).fullName, [DUPLICATE_IN_IMPORT]]]);
    expect(plan2.new).toEqual([]);
  });

  it('rejected rows are never new or updated, and the person they match has not "left"', () => {
    const prev = stored(students);
    const edited = students.map((s, k) => (k === 0 ? { ...s, fullName: 'Nguyễn Văn Ân', dateOfBirth: '2014-13-01' } : s));
    const newcomer = student(60);
    const plan = base(prev, incoming([...edited, newcomer], { blocking: { [students[0]!.studentId]: ['NS-002'], [newcomer.studentId]: ['MD-001', 'MD-001'] } }));
    expect(plan.left).toEqual([]);
    expect(plan.new).toEqual([]);
    expect(plan.updated).toEqual([]);
    const first = idsOf(prev).get(students[0]!.studentId)!;
    expect(plan.rejected.map((r) => [r.schoolPersonId, r.personId, r.codes])).toEqual([
      [students[0]!.studentId, first, ['NS-002']],
      [newcomer.studentId, undefined, ['MD-001']],
    ]);
    // the applier keeps the previous state of person 1
    expect(plan.snapshot.filter((e) => e.kind === 'kept').map((e) => e.personId)).toEqual([first]);
    expect(applied(plan).find((p) => p.personId === first)!.values['fullName']).toBe(students[0]!.fullName);
  });

  it('a column missing from the new file erases nothing; an empty cell in a present column is a change', () => {
    const prev = stored(students);
    const plan = base(prev, incoming(students, { drop: ['genderCode', 'dateOfBirth', 'statusCode'] }));
    expect(plan.unchanged).toBe(6);
    expect(plan.updated).toEqual([]);
    // and the store keeps the values the file did not carry
    expect(applied(plan).every((p) => p.values['genderCode'] !== undefined)).toBe(true);

    const noClass = base(prev, incoming(students, { drop: ['classId', 'gradeCode'] }));
    expect(noClass.moved).toEqual([]);
    expect(noClass.unchanged).toBe(6);

    const blanked = base(prev, incoming(students.map((s, k) => (k === 5 ? { ...s, genderCode: null as unknown as string } : s))));
    expect(blanked.updated).toEqual([expect.objectContaining({ personId: idsOf(prev).get(students[5]!.studentId), changes: [{ field: 'genderCode', old: '2', new: null }] })]);
  });

  it('moves carry the other changes, e.g. the grade', () => {
    const prev = stored(students);
    const promoted = students.map((s, k) => (k === 0 ? { ...s, classId: '7A1' } : s));
    const plan = base(prev, incoming(promoted));
    expect(plan.moved).toEqual([
      expect.objectContaining({ personId: idsOf(prev).get(students[0]!.studentId), fromClass: '6A1', toClass: '7A1', classId: '7A1', changes: [{ field: 'gradeCode', old: '6', new: '7' }] }),
    ]);
  });

  it('teachers match on staffId and are never "moved"', () => {
    const t = (staffId: string, fullName: string, personalId: string | null) =>
      ({ record: { ...row({ schoolId: SCHOOL, staffId, fullName, dateOfBirth: '1985-04-30', personalId, subjectCode: 'TOAN' }, { row: 5, file: 'giao-vien.csv' }), entity: 'teacher' as const, sheet: undefined }, blocking: [] });
    const prev: PreviousRecord[] = [
      { personId: 7, recordKey: 'gv/GV001', classId: null, values: { schoolId: SCHOOL, staffId: 'GV001', fullName: 'Đinh Thị Hoa', dateOfBirth: '1985-04-30', personalId: '001185000777', subjectCode: 'TOAN' }, identifiers: { staffId: 'GV001', personalId: '001185000777' } },
    ];
    const plan = planImport({ school: SCHOOL, period: '2025-10', entity: 'teacher', previous: prev, incoming: [t('GV001', 'Đinh Thị Hoà', null)], nextPersonId: counter(1) });
    expect(plan.updated).toEqual([
      {
        personId: 7, schoolPersonId: 'GV001', personalId: null, fullName: 'Đinh Thị Hoà', source: { file: 'giao-vien.csv', row: 5 },
        changes: [{ field: 'fullName', old: 'Đinh Thị Hoa', new: 'Đinh Thị Hoà' }, { field: 'personalId', old: '001185000777', new: null }],
      },
    ]);
    expect(plan.moved).toEqual([]);
  });

  it('refuses rows of another entity', () => {
    expect(() => planImport({ school: SCHOOL, period: '2025-10', entity: 'teacher', previous: [], incoming: incoming([students[0]!]), nextPersonId: counter() })).toThrow(/student record/);
  });

  it('ignores STT (sortOrder) and unreadable values never become identity keys', () => {
    const prev = stored(students);
    const rows = incoming([...students].reverse());
    expect(base(prev, rows).unchanged).toBe(6);
    const bad = incoming(students, { drop: ['personalId', 'studentId'] });
    bad[0]!.record.problems['dateOfBirth'] = { kind: 'impossible-date' };
    const plan = base(prev, bad);
    expect(plan.new.map((i) => i.fullName)).toEqual([students[0]!.fullName]);
    expect(plan.left.map((i) => i.personId)).toEqual([idsOf(prev).get(students[0]!.studentId)]);
  });
});
