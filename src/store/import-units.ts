/**
 * The non-person entities of an import: school lists and classes update the store's current
 * directory (schools, classes) — each school's full record is also kept as a one-record snapshot
 * (entity `school`) so that reports can read its ownership and area, and each class list as a
 * snapshot (entity `class`) so that a report counts the classes of its own period; learning
 * results are kept as a snapshot per school and period,
 * keyed by student code + term and linked to the student's internal person id when known.
 * Like persons, rows with error-level findings are rejected and never written.
 */
import type { RecordRow } from '../io/record.js';
import { idText } from './plan/index.js';
import { canonicalJson } from './canonical.js';
import { identifierIndex } from './persons.js';
import { getSchool, listClasses, upsertClasses, upsertSchools } from './schools.js';
import { lastSnapshot, writeSnapshot } from './snapshots.js';
import type { SnapshotRecordInput, Store } from './types.js';

export type UnitEntity = 'school' | 'class' | 'result';

export interface UnitPlan {
  entity: UnitEntity;
  school: string;
  records: number;
  new: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export const UNIT_ENTITIES: ReadonlySet<string> = new Set<UnitEntity>(['school', 'class', 'result']);

/** The key of a record within its entity: school id, class id, or student code + term. */
function unitKey(entity: UnitEntity, r: RecordRow): string | null {
  if (entity === 'school') return idText(r.values.schoolId);
  if (entity === 'class') return idText(r.values.classId);
  const student = idText(r.values.studentId);
  return student ? `${student}|${idText(r.values.term) ?? ''}` : null;
}

interface Accepted {
  key: string;
  record: RecordRow;
}

function accepted(entity: UnitEntity, records: RecordRow[], isBlocked: (r: RecordRow) => boolean, plan: UnitPlan): Accepted[] {
  const out: Accepted[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    const key = unitKey(entity, record);
    // A row without its key, with blocking findings, or repeating a key cannot be stored.
    if (key === null || isBlocked(record) || seen.has(key)) {
      plan.rejected++;
      continue;
    }
    seen.add(key);
    out.push({ key, record });
  }
  return out;
}

function schoolValues(r: RecordRow): { name: string | null; provinceCode: string | null; districtCode: string | null; communeCode: string | null } {
  return {
    name: idText(r.values.schoolName),
    provinceCode: idText(r.values.provinceCode),
    districtCode: idText(r.values.districtCode),
    communeCode: idText(r.values.communeCode),
  };
}

function classValues(r: RecordRow): { name: string | null; gradeCode: string | null; homeroomTeacherId: string | null } {
  return { name: idText(r.values.className), gradeCode: idText(r.values.gradeCode), homeroomTeacherId: idText(r.values.homeroomTeacherId) };
}

export interface UnitImport {
  plan: UnitPlan;
  apply(store: Store, runId: number): void;
}

/** Plans (and, through `apply`, writes) one entity of one school. `store` is undefined on a dry run without a database. */
export function planUnits(
  store: Store | undefined,
  entity: UnitEntity,
  school: string,
  period: string,
  records: RecordRow[],
  isBlocked: (r: RecordRow) => boolean,
): UnitImport {
  const plan: UnitPlan = { entity, school, records: records.length, new: 0, updated: 0, unchanged: 0, rejected: 0 };
  const rows = accepted(entity, records, isBlocked, plan);

  if (entity === 'school') {
    for (const { key, record } of rows) {
      const before = store ? getSchool(store, key) : undefined;
      const after = schoolValues(record);
      // The rest of the record (ownership, area…) lives in the school's last school-list snapshot.
      const kept = store ? lastSnapshot(store, key, 'school', period)?.records[0]?.valuesJson : undefined;
      if (!before) plan.new++;
      else if (before.name === after.name && before.provinceCode === after.provinceCode && before.districtCode === after.districtCode && before.communeCode === after.communeCode && kept === canonicalJson(record.values)) plan.unchanged++;
      else plan.updated++;
    }
    return {
      plan,
      apply(s, runId) {
        upsertSchools(s, runId, rows.map(({ key, record }) => ({ schoolId: key, ...schoolValues(record) })));
        // The directory row keeps only names and unit codes; the whole school record (ownership,
        // area, school type…) is kept as a one-record snapshot per school and period, which the
        // statistical report reads for its ownership and region breakdowns (no schema change).
        for (const { key, record } of rows) {
          writeSnapshot(s, { runId, schoolId: key, period, entity: 'school', records: [{ recordKey: key, values: record.values, sourceFile: record.file, sourceRow: record.row }] });
        }
      },
    };
  }

  if (entity === 'class') {
    const existing = new Map((store ? listClasses(store, school) : []).map((c) => [c.classId, c]));
    for (const { key, record } of rows) {
      const before = existing.get(key);
      const after = classValues(record);
      if (!before) plan.new++;
      else if (before.name === after.name && before.gradeCode === after.gradeCode && before.homeroomTeacherId === after.homeroomTeacherId) plan.unchanged++;
      else plan.updated++;
    }
    return {
      plan,
      apply(s, runId) {
        upsertClasses(s, runId, rows.map(({ key, record }) => ({ schoolId: school, classId: key, ...classValues(record) })));
        // The directory holds the classes as they are now; the report of an earlier period counts
        // the classes of that period, so each import's class list is also kept as a snapshot.
        const snapshot = rows.map(({ key, record }) => ({ recordKey: key, classId: key, values: record.values, sourceFile: record.file, sourceRow: record.row }));
        writeSnapshot(s, { runId, schoolId: school, period, entity: 'class', records: snapshot });
      },
    };
  }

  const previous = new Map((store ? (lastSnapshot(store, school, 'result', period)?.records ?? []) : []).map((r) => [r.recordKey, r.valuesJson]));
  for (const { key, record } of rows) {
    const before = previous.get(key);
    if (before === undefined) plan.new++;
    else if (before === canonicalJson(record.values)) plan.unchanged++;
    else plan.updated++;
  }
  return {
    plan,
    apply(s, runId) {
      const students = identifierIndex(s, 'student', school).studentId;
      const snapshot: SnapshotRecordInput[] = rows.map(({ key, record }) => ({
        personId: students.get(idText(record.values.studentId) ?? '') ?? null,
        recordKey: key,
        classId: idText(record.values.classId),
        values: record.values,
        sourceFile: record.file,
        sourceRow: record.row,
      }));
      writeSnapshot(s, { runId, schoolId: school, period, entity: 'result', records: snapshot });
    },
  };
}
