/**
 * Types of a diff between two stored snapshots (issue 4 item 3: `edusync diff`). The item shapes
 * follow the import plan's (`src/store/plan/types.ts`: `schoolPersonId`, `personalId`,
 * `fullName`, `classId`, `changes: [{ field, old, new }]`, `fromClass`/`toClass`) so that one
 * reader understands both; a diff has no `rejected` list (only accepted rows are ever stored) and
 * no source rows of the user's files in its items (those belong to the import that wrote them).
 */
import type { PlanChange, PlanEntity } from '../plan/types.js';
import type { SnapshotRecordRow, SnapshotRow } from '../types.js';

/** The person entities a diff covers (the import plan's). */
export type DiffEntity = PlanEntity;

/**
 * One record of a stored snapshot as the diff needs it (`SnapshotRecordRow` from
 * `snapshotRecords`/`lastSnapshot` fits). `valuesJson`, when both sides have it, lets equal
 * records be told apart without comparing field by field.
 */
export type SnapshotRecord = Pick<SnapshotRecordRow, 'personId' | 'recordKey' | 'classId' | 'values'> &
  Partial<Pick<SnapshotRecordRow, 'valuesJson'>>;

export interface DiffItem {
  /** Mã trường of the snapshots compared. */
  schoolId: string;
  /** The internal, stable person id (null only for a record stored without one). */
  personId: number | null;
  /** Mã học sinh (students) / mã giáo viên (teachers). */
  schoolPersonId: string | null;
  /** Mã định danh (số định danh cá nhân). */
  personalId: string | null;
  fullName: string | null;
  /** The class in the later snapshot (for `left`: in the earlier one). */
  classId: string | null;
}

/**
 * One changed field (the import plan's `PlanChange`): the field key of the entity schema
 * (fullName, dateOfBirth, …) and its values as stored — ISO dates stay yyyy-mm-dd, null when the
 * field had no value.
 */
export type DiffChange = PlanChange;

export interface DiffUpdate extends DiffItem {
  changes: DiffChange[];
}

export interface DiffMove extends DiffItem {
  fromClass: string | null;
  toClass: string | null;
  /** Other fields that changed too (the grade, often). */
  changes: DiffChange[];
}

/** What changed between two snapshots of one school and entity. */
export interface SnapshotDiff {
  new: DiffItem[];
  updated: DiffUpdate[];
  moved: DiffMove[];
  left: DiffItem[];
  /** Persons present on both sides with the same class and values. */
  unchanged: number;
}

export interface DiffSnapshotsOptions {
  /** Written into every item (default: the record's own `schoolId` value, else ''). */
  schoolId?: string;
  /** Which field holds the school's own id; guessed from the values when absent. */
  entity?: DiffEntity;
}

/** A snapshot as the report shows it (no content hash: it is an internal detail). */
export interface SnapshotRef {
  id: number;
  period: string;
  /** The entity name as stored ('students', 'teachers', …). */
  storedEntity: string;
  records: number;
  runId: number;
  createdAt: string;
}

/** Why a school's diff has no lists. */
export type MissingSide = 'from' | 'to' | 'both';

export interface SchoolDiff extends SnapshotDiff {
  schoolId: string;
  entity: DiffEntity;
  /** The newest snapshot at or before `from` (null: none). */
  fromSnapshot: SnapshotRef | null;
  /** The newest snapshot at or before `to` (null: none). */
  toSnapshot: SnapshotRef | null;
  /** Set when a side has no snapshot: the lists are then empty and `unchanged` is 0. */
  missing: MissingSide | null;
}

export interface DiffReport {
  from: string;
  to: string;
  schools: SchoolDiff[];
}

export interface DiffQuery {
  /** YYYY-MM */
  from: string;
  /** YYYY-MM */
  to: string;
  schoolId?: string | undefined;
  entity?: DiffEntity | undefined;
}

export function toSnapshotRef(s: SnapshotRow): SnapshotRef {
  return { id: s.id, period: s.period, storedEntity: s.entity, records: s.recordCount, runId: s.runId, createdAt: s.createdAt };
}
