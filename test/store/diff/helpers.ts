/**
 * The issue-4 scenario built directly with the store API: one school, two monthly student
 * snapshots (2025-09, 2025-10) where 5 students are new, 3 left, 4 changed class and 2 had their
 * name corrected; the other 11 are unchanged (STT shifts for everyone and is ignored). Ids keep
 * leading zeros so a text cell can be told from a number.
 */
import { openStore } from '../../../src/store/db.js';
import { createPerson } from '../../../src/store/persons.js';
import { beginRun, finishRun } from '../../../src/store/runs.js';
import { upsertSchools } from '../../../src/store/schools.js';
import { writeSnapshot } from '../../../src/store/snapshots.js';
import type { SnapshotRecordInput, Store } from '../../../src/store/types.js';

export const SCHOOL = '79000101';
export const OTHER_SCHOOL = '79000202';

export interface Student {
  n: number;
  studentId: string;
  personalId: string;
  fullName: string;
  dateOfBirth: string;
  classId: string;
}

const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hà', 'Khoa', 'Lan', 'Minh', 'Nam', 'Oanh', 'Phúc', 'Quân', 'Sơn', 'Tâm', 'Uyên', 'Vy', 'Xuân', 'Yến', 'Đạt', 'Hùng', 'Linh', 'Mai', 'Ngọc', 'Thảo'];

export function student(n: number, classId: string): Student {
  return {
    n,
    studentId: `079${String(n).padStart(7, '0')}`,
    personalId: `0792130${String(n).padStart(5, '0')}`,
    fullName: `Nguyễn Văn ${GIVEN[(n - 1) % GIVEN.length]}`,
    dateOfBirth: `2013-0${(n % 9) + 1}-1${n % 10}`,
    classId,
  };
}

export function values(s: Student, sortOrder: number): Record<string, unknown> {
  return {
    schoolId: SCHOOL,
    gradeCode: '6',
    classId: s.classId,
    studentId: s.studentId,
    fullName: s.fullName,
    dateOfBirth: s.dateOfBirth,
    genderCode: s.n % 2 === 0 ? '2' : '1',
    personalId: s.personalId,
    sortOrder,
  };
}

export interface Scenario {
  september: Student[];
  october: Student[];
  newIds: string[];
  leftIds: string[];
  movedIds: string[];
  renamed: Array<{ studentId: string; old: string; new: string }>;
  unchanged: number;
  personIds: Map<number, number>;
  runIds: number[];
}

/** Writes the scenario into the database at `path` (created); the store is closed afterwards. */
export function buildScenario(path: string, options: { now?: () => Date } = {}): Scenario {
  const store = openStore(path, options.now ? { now: options.now } : {});
  try {
    return writeScenario(store);
  } finally {
    store.close();
  }
}

export function writeScenario(store: Store): Scenario {
  // September: 20 students in 6A1, 6A2 and 6A10.
  const classes = ['6A1', '6A2', '6A10'];
  const september = Array.from({ length: 20 }, (_, i) => student(i + 1, classes[i % 3]!));
  // October: 18-20 left; 1-4 changed class; 5 and 6 had their name corrected; 21-25 are new.
  const october: Student[] = [];
  const renamed: Scenario['renamed'] = [];
  for (const s of september) {
    if (s.n >= 18) continue;
    if (s.n <= 4) october.push({ ...s, classId: s.classId === '6A10' ? '6A1' : '6A10' });
    else if (s.n === 5 || s.n === 6) {
      const fixed = { ...s, fullName: s.fullName.replace('Nguyễn Văn', 'Nguyễn Thị') };
      renamed.push({ studentId: s.studentId, old: s.fullName, new: fixed.fullName });
      october.push(fixed);
    } else october.push(s);
  }
  for (let n = 21; n <= 25; n++) october.push(student(n, n % 2 === 0 ? '6A2' : '6A10'));

  upsertSchools(store, null, [{ schoolId: SCHOOL, name: 'THCS Lê Lợi' }]);
  const personIds = new Map<number, number>();
  const runIds: number[] = [];
  const write = (period: string, list: Student[]): void => {
    const runId = beginRun(store, { command: 'import', period, files: [{ path: `hs-${period}.xlsx`, sha256: 'c'.repeat(64), sizeBytes: 1000, records: list.length, entity: 'student' }] });
    runIds.push(runId);
    const records: SnapshotRecordInput[] = list.map((s, i) => {
      let personId = personIds.get(s.n);
      if (personId === undefined) {
        personId = createPerson(store, { kind: 'student', schoolId: SCHOOL, personalId: s.personalId, studentId: s.studentId, runId });
        personIds.set(s.n, personId);
      }
      return { personId, recordKey: s.studentId, classId: s.classId, values: values(s, i + 1), sourceFile: `hs-${period}.xlsx`, sourceRow: i + 2 };
    });
    writeSnapshot(store, { runId, schoolId: SCHOOL, period, entity: 'student', records });
    finishRun(store, runId, { outcome: 'ok', exitCode: 0, counts: { records: list.length } });
  };
  write('2025-09', september);
  write('2025-10', october);
  return {
    september,
    october,
    newIds: october.filter((s) => s.n >= 21).map((s) => s.studentId),
    leftIds: september.filter((s) => s.n >= 18).map((s) => s.studentId),
    movedIds: september.filter((s) => s.n <= 4).map((s) => s.studentId),
    renamed,
    unchanged: 11,
    personIds,
    runIds,
  };
}
