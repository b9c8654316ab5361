/**
 * Types of the import plan (design §1 "plan, then apply", §5): what `edusync import` would write
 * for one school, period and entity, computed by a pure function from the previous snapshot and
 * the validated rows. Nothing here does I/O; the store loads `PreviousRecord`s and the applier
 * writes `ImportPlan.snapshot`.
 */
import type { FieldValue, RecordRow } from '../../io/record.js';

export type PlanEntity = 'student' | 'teacher';

/** One person of the last snapshot of the same school and period (loaded from the store). */
export interface PreviousRecord {
  /** The internal, stable person id (kept across months, name corrections and class changes). */
  personId: number;
  /** The store's key of the record (opaque to the planner). */
  recordKey: string;
  classId: string | null;
  /** Canonical values by field key, as stored. */
  values: Record<string, FieldValue>;
  identifiers: { personalId?: string; studentId?: string; staffId?: string };
  /**
   * The stored canonical JSON of `values` and its SHA-256, when the store gave them: a row whose
   * canonical JSON is the same text is unchanged without `values` being read (the store then
   * parses the JSON only for the few rows that changed).
   */
  valuesJson?: string;
  rowHash?: string;
  /** The stored version of this record (opaque to the planner): written again unchanged, it is shared, not copied. */
  versionId?: number;
}

export interface IncomingRecord {
  record: RecordRow;
  /** Error-level finding codes on this row (the row is rejected when non-empty). */
  blocking: readonly string[];
}

/** Why a person could not be matched by name + date of birth (shown with the item). */
export type PlanNote = 'name-dob-ambiguous';

export interface PlanItem {
  /** Internal person id: the previous one for a matched person, a fresh one for `new`; absent on a rejected row that matched nobody. */
  personId?: number;
  /** Mã học sinh (students) / mã giáo viên (teachers). */
  schoolPersonId: string | null;
  /** Mã định danh (số định danh cá nhân, 12 digits). */
  personalId: string | null;
  fullName?: string;
  classId?: string | null;
  /** Where the row is in the user's files (absent for `left`). */
  source?: { file: string; sheet?: string; row: number };
  /** Set when the name + date-of-birth fallback was not used because the key is not unique. */
  note?: PlanNote;
}

export interface PlanChange {
  field: string;
  old: unknown;
  new: unknown;
}

export interface PlanUpdate extends PlanItem {
  changes: PlanChange[];
}

export interface PlanMove extends PlanItem {
  fromClass: string | null;
  toClass: string | null;
  /** Other fields that changed too (the grade, often). */
  changes: PlanChange[];
}

export interface PlanRejected extends PlanItem {
  codes: string[];
  /** For `duplicate-in-import`: the earlier row holding the same person. */
  duplicateOf?: { file: string; sheet?: string; row: number };
}

/**
 * What `--apply` writes: one entry per person of the new snapshot. `sameJson`: the row's values
 * have exactly the previous record's canonical JSON (`previous.valuesJson`), so it is written as is.
 */
export type SnapshotEntry =
  | { kind: 'new' | 'updated' | 'moved' | 'unchanged'; personId: number; record: RecordRow; previous?: PreviousRecord; sameJson?: boolean }
  /** A previous person whose row this month was rejected: the previous state is kept. */
  | { kind: 'kept'; personId: number; previous: PreviousRecord };

export interface ImportPlan {
  school: string;
  period: string;
  entity: PlanEntity;
  new: PlanItem[];
  updated: PlanUpdate[];
  moved: PlanMove[];
  left: PlanItem[];
  rejected: PlanRejected[];
  /** Matched persons whose values did not change. */
  unchanged: number;
  /** For the applier, not part of the JSON output: new, updated, moved (each in output order), unchanged (in input order), kept. */
  snapshot: SnapshotEntry[];
}

export interface PlanInput {
  school: string;
  period: string;
  entity: PlanEntity;
  previous: PreviousRecord[];
  incoming: IncomingRecord[];
  /** Hands out fresh internal person ids; called once per `new` item, in output order. */
  nextPersonId: () => number;
}

/** Rejection codes the planner adds itself (beside the blocking finding codes of a row). */
export const DUPLICATE_IN_IMPORT = 'duplicate-in-import';
