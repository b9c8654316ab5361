/**
 * Synthetic rows for the planner tests (no real personal data): a small THCS school with classes
 * 6A1, 6A2 and 7A1, Vietnamese names, 12-digit personal ids with a province prefix (001 Hà Nội,
 * 079 TP Hồ Chí Minh).
 */
import type { FieldValue, RecordRow } from '../../../src/io/record.js';
import type { ImportPlan, IncomingRecord, PreviousRecord } from '../../../src/store/plan/types.js';

export const SCHOOL = '79000001';

export interface Student {
  studentId: string;
  personalId: string | null;
  fullName: string;
  dateOfBirth: string;
  classId: string;
  genderCode: string;
}

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE_M = ['Văn', 'Minh', 'Đức', 'Quốc', 'Gia', 'Hữu'];
const MIDDLE_F = ['Thị', 'Ngọc', 'Thanh', 'Thu', 'Bảo', 'Khánh'];
const GIVEN_M = ['An', 'Bảo', 'Dũng', 'Hùng', 'Khoa', 'Long', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Thắng', 'Tuấn', 'Việt', 'Vinh'];
const GIVEN_F = ['Anh', 'Châu', 'Diệp', 'Giang', 'Hà', 'Hương', 'Lan', 'Linh', 'Mai', 'Ngân', 'Nhung', 'Thảo', 'Trang', 'Yến'];

/** The i-th synthetic student (deterministic). */
export function student(i: number): Student {
  const male = i % 2 === 0;
  const surname = SURNAMES[i % SURNAMES.length]!;
  const middle = (male ? MIDDLE_M : MIDDLE_F)[(i * 7) % 6]!;
  const given = (male ? GIVEN_M : GIVEN_F)[(i * 5) % 14]!;
  const classId = ['6A1', '6A2', '7A1'][i % 3]!;
  const year = classId.startsWith('6') ? 2014 : 2013;
  const month = String((i % 12) + 1).padStart(2, '0');
  const day = String((i % 28) + 1).padStart(2, '0');
  const province = i % 4 === 0 ? '001' : '079';
  return {
    studentId: `79${String(1000 + i).padStart(8, '0')}`,
    personalId: `${province}${male ? '2' : '3'}${String(year).slice(2)}${String(100000 + i * 37).padStart(6, '0')}`,
    fullName: `${surname} ${middle} ${given}`,
    dateOfBirth: `${year}-${month}-${day}`,
    classId,
    genderCode: male ? '1' : '2',
  };
}

export type Row = Partial<Record<string, FieldValue>>;

let rowFile = 'hoc-sinh.xlsx';

/** A RecordRow as the validate pipeline gives it; `drop` leaves columns out of the file. */
export function row(values: Row, at: { row: number; file?: string; sheet?: string }): RecordRow {
  const clean: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined) clean[k] = v;
  return {
    entity: 'student',
    file: at.file ?? rowFile,
    sheet: at.sheet ?? 'Học sinh',
    row: at.row,
    level: 'THCS',
    values: clean,
    problems: {},
    repairs: [],
    columns: {},
  };
}

export function setFile(file: string): void {
  rowFile = file;
}

/** Students → incoming rows (row numbers from 7, as under a two-row title and header). */
export function incoming(students: Student[], opts: { drop?: string[]; blocking?: Record<string, string[]>; file?: string } = {}): IncomingRecord[] {
  return students.map((s, k) => {
    const values: Row = {
      schoolId: SCHOOL,
      gradeCode: s.classId.slice(0, 1),
      classId: s.classId,
      sortOrder: k + 1,
      studentId: s.studentId,
      fullName: s.fullName,
      dateOfBirth: s.dateOfBirth,
      genderCode: s.genderCode,
      personalId: s.personalId,
      statusCode: '1',
    };
    for (const d of opts.drop ?? []) delete values[d];
    const at: { row: number; file?: string } = { row: k + 7 };
    if (opts.file !== undefined) at.file = opts.file;
    return { record: row(values, at), blocking: opts.blocking?.[s.studentId] ?? [] };
  });
}

/** What the store would hold after `--apply` of a plan (the planner's snapshot, as PreviousRecords). */
export function applied(plan: ImportPlan): PreviousRecord[] {
  return plan.snapshot.map((e) => {
    if (e.kind === 'kept') return e.previous;
    const v = e.record.values;
    const values: Record<string, FieldValue> = { ...(e.previous?.values ?? {}) };
    for (const [k, x] of Object.entries(v)) if (x !== undefined) values[k] = x;
    const identifiers: PreviousRecord['identifiers'] = {};
    if (typeof values['personalId'] === 'string') identifiers.personalId = values['personalId'];
    if (typeof values['studentId'] === 'string') identifiers.studentId = values['studentId'];
    if (typeof values['staffId'] === 'string') identifiers.staffId = values['staffId'];
    return {
      personId: e.personId,
      recordKey: `${plan.school}/${e.personId}`,
      classId: typeof values['classId'] === 'string' ? values['classId'] : null,
      values,
      identifiers,
    };
  });
}

/** A counter for fresh person ids. */
export function counter(start = 1): () => number {
  let n = start;
  return () => n++;
}
