/**
 * The store seen by the rest of edusync. It is kept small on purpose (design §5): the pipeline talks
 * to the store only through the repository functions of this folder (`runs.ts`, `persons.ts`,
 * `snapshots.ts`, `findings.ts`, `schools.ts`), which take a `Store` and return plain values. A
 * second implementation (PostgreSQL for a Sở) would provide the same functions over its own
 * connection; nothing outside this folder sees SQL or a driver handle.
 */
export interface Store {
  /** 'sqlite' today; the tag lets repository functions refuse a store they cannot serve. */
  readonly kind: 'sqlite';
  /** Where the data lives (a file path for SQLite). Not personal data. */
  readonly location: string;
  readonly readonly: boolean;
  /** Schema version of the open database (`PRAGMA user_version`). */
  readonly schemaVersion: number;
  /** Version of the edusync that opened it; recorded on every run. */
  readonly toolVersion: string;
  /** Set when opening migrated an older database: the version it had and where the copy went. */
  readonly migratedFrom?: { readonly version: number; readonly backupPath: string | undefined } | undefined;
  /** The clock (injectable for tests). */
  now(): Date;
  /**
   * Runs `fn` in one transaction: all of it or none of it. Nested calls become savepoints. `fn` must
   * be synchronous (a SQLite transaction cannot span an await).
   */
  transaction<T>(fn: () => T): T;
  close(): void;
  readonly open: boolean;
}

export type PersonKind = 'student' | 'teacher';
export type IdentifierKind = 'personalId' | 'studentId' | 'staffId';
export type RunOutcome = 'running' | 'ok' | 'findings' | 'failed' | 'killed';
export type SnapshotEntity = string;

/** A file a run read: its hash identifies "the same file" across runs. */
export interface RunFile {
  path: string;
  sha256: string;
  sizeBytes: number;
  records?: number | undefined;
  entity?: string | undefined;
}

export interface RunRow {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  command: string;
  toolVersion: string;
  osUser: string | null;
  pid: number | null;
  period: string | null;
  outcome: RunOutcome;
  exitCode: number | null;
  counts: Record<string, number> | null;
}

export interface SnapshotRow {
  id: number;
  schoolId: string;
  period: string;
  entity: SnapshotEntity;
  runId: number;
  createdAt: string;
  recordCount: number;
  contentHash: string;
}

/** What a caller gives `writeSnapshot` for one record. */
export interface SnapshotRecordInput {
  personId?: number | null | undefined;
  /** The record's key within the snapshot (Mã học sinh, mã giáo viên, mã lớp, mã trường…). */
  recordKey: string;
  classId?: string | null | undefined;
  /** Field values; stored as canonical JSON (keys sorted, undefined dropped). */
  values: Readonly<Record<string, unknown>>;
  /** `canonicalJson(values)` and its SHA-256 when the caller has them already (a record carried over as stored). */
  valuesJson?: string | undefined;
  rowHash?: string | undefined;
  /**
   * The stored version (`record_versions.id`) this record is, unchanged: same person, key, class and
   * values (`valuesJson` and `rowHash` must then be given too). Only from the previous snapshot of
   * the same school and entity — a version is shared within one school and entity, which is what
   * lets a replaced snapshot find its unused versions without scanning every snapshot. The record
   * is then stored as one membership row instead of a copy of its values.
   */
  versionId?: number | undefined;
  sourceFile?: string | null | undefined;
  sourceRow?: number | null | undefined;
}

export interface SnapshotRecordRow {
  personId: number | null;
  recordKey: string;
  classId: string | null;
  values: Record<string, unknown>;
  /** Canonical JSON of `values` as stored. */
  valuesJson: string;
  /** SHA-256 (hex) of `valuesJson`: equal hashes ⇔ equal values. */
  rowHash: string;
  sourceFile: string | null;
  sourceRow: number | null;
}
