/**
 * Imports are snapshots (design §5): what the files said for one school, period (YYYY-MM) and entity.
 * Writing the same school/period/entity again replaces that snapshot inside one transaction, so a
 * reader — or a process killed half-way — sees the old snapshot whole or the new one whole.
 *
 * Snapshots share the records that did not change (migration 7, which explains the shape): a month
 * of a million students where 1 % changed writes ten thousand records and a million small
 * membership rows, not a million copies. Every reader still sees each snapshot whole, as imported.
 */
import { InternalError } from '../errors.js';
import { canonicalJson, sha256Hex } from './canonical.js';
import { isoNow, readTransaction, requireWritable, stmt } from './internal.js';
import type { SnapshotRecordInput, SnapshotRecordRow, SnapshotRow, Store } from './types.js';

export interface WriteSnapshotInput {
  runId: number;
  schoolId: string;
  /** YYYY-MM */
  period: string;
  /** 'students', 'teachers', 'classes', 'schools', 'results'… */
  entity: string;
  records: readonly SnapshotRecordInput[];
  /** Rewrite even when the content equals the stored snapshot (default false: keep it). */
  force?: boolean;
  /** Called inside the transaction every `progressEvery` records (default 10 000) and at the end. */
  onProgress?: (written: number, total: number) => void;
  progressEvery?: number;
}

export interface WriteSnapshotResult {
  snapshotId: number;
  recordCount: number;
  contentHash: string;
  /** A snapshot for the same school/period/entity existed before. */
  replaced: boolean;
  /** The stored snapshot already had exactly this content: nothing was written. */
  unchanged: boolean;
}

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

function checkPeriod(period: string): void {
  if (!PERIOD.test(period)) {
    throw new InternalError({ vi: `Kỳ không hợp lệ: ${period} (cần YYYY-MM).`, en: `Invalid period: ${period} (expected YYYY-MM).` });
  }
}

/** Each record's canonical JSON and hash (given, or computed here) and the snapshot's content hash. */
interface Prepared {
  valuesJson: string[];
  rowHash: string[];
  contentHash: string;
}

/** The stored version a record repeats (see SnapshotRecordInput.versionId): only with its stored text and hash. */
function sharedVersion(r: SnapshotRecordInput): number | undefined {
  return r.versionId !== undefined && r.valuesJson !== undefined && r.rowHash !== undefined ? r.versionId : undefined;
}

/**
 * The content hash covers what a snapshot says, independent of row order and source positions:
 * each record's key, class, person and values. Arrays of texts rather than an object per record:
 * a month of a million records allocated a million copies of its inputs here.
 */
function prepare(records: readonly SnapshotRecordInput[]): Prepared {
  const valuesJson = new Array<string>(records.length);
  const rowHash = new Array<string>(records.length);
  const lines: string[] = new Array<string>(records.length);
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    const json = r.valuesJson ?? canonicalJson(r.values);
    const hash = r.valuesJson !== undefined && r.rowHash !== undefined ? r.rowHash : sha256Hex(json);
    valuesJson[i] = json;
    rowHash[i] = hash;
    lines[i] = `${r.recordKey}\u0000${r.classId ?? ''}\u0000${r.personId ?? ''}\u0000${hash}`;
  }
  lines.sort();
  return { valuesJson, rowHash, contentHash: sha256Hex(lines.join('\n')) };
}

/**
 * Stores a snapshot, replacing the one of the same school/period/entity atomically.
 *
 * Storage (migration 7): a record is a row of `record_versions`, a snapshot is its rows of
 * `snapshot_members` (version, source position). A record given with the `versionId` of the
 * previous snapshot's identical record costs one small membership row instead of a new copy of its
 * values; the versions of a replaced snapshot that no snapshot uses any more are deleted here.
 */
export function writeSnapshot(store: Store, input: WriteSnapshotInput): WriteSnapshotResult {
  requireWritable(store);
  checkPeriod(input.period);
  const records = input.records;
  const { valuesJson, rowHash, contentHash } = prepare(records);
  const every = Math.max(1, Math.trunc(input.progressEvery ?? 10_000));
  return store.transaction((): WriteSnapshotResult => {
    const existing = stmt<[string, string, string], { id: number; content_hash: string; record_count: number }>(
      store,
      'SELECT id, content_hash, record_count FROM snapshots WHERE school_id = ? AND period = ? AND entity = ?',
    ).get(input.schoolId, input.period, input.entity);
    if (existing !== undefined && !(input.force ?? false) && existing.content_hash === contentHash && existing.record_count === records.length) {
      return { snapshotId: existing.id, recordCount: records.length, contentHash, replaced: false, unchanged: true };
    }
    // The replaced snapshot's versions: those the new one does not reuse may be left unused.
    const dropped = existing === undefined ? [] : versionIds(store, existing.id);
    if (existing !== undefined) stmt(store, 'DELETE FROM snapshots WHERE id = ?').run(existing.id); // members, files: cascade
    const info = stmt(
      store,
      `INSERT INTO snapshots (school_id, period, entity, run_id, created_at, record_count, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(input.schoolId, input.period, input.entity, input.runId, isoNow(store), records.length, contentHash);
    const snapshotId = Number(info.lastInsertRowid);
    const files = new Map<string, number>();
    const addFile = stmt(store, 'INSERT INTO snapshot_files (snapshot_id, file_no, path) VALUES (?, ?, ?)');
    const insertVersion = stmt(store, 'INSERT INTO record_versions (person_id, record_key, class_id, values_json, row_hash) VALUES (?, ?, ?, ?, ?)');
    const members = new MemberInserts(store, snapshotId);
    const reused = dropped.length > 0 ? new Set<number>() : undefined;
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const sourceFile = r.sourceFile ?? null;
      let fileNo: number | null = null;
      if (sourceFile !== null) {
        let n = files.get(sourceFile);
        if (n === undefined) {
          files.set(sourceFile, (n = files.size));
          addFile.run(snapshotId, n, sourceFile);
        }
        fileNo = n;
      }
      let versionId = sharedVersion(r);
      if (versionId === undefined) {
        versionId = Number(insertVersion.run(r.personId ?? null, r.recordKey, r.classId ?? null, valuesJson[i], rowHash[i]).lastInsertRowid);
      } else reused?.add(versionId);
      members.add(i, versionId, fileNo, r.sourceRow ?? null);
      if (input.onProgress !== undefined && (i + 1) % every === 0) {
        members.flush();
        input.onProgress(i + 1, records.length);
      }
    }
    members.flush();
    if (existing !== undefined) {
      const candidates = dropped.filter((id) => !reused!.has(id));
      if (candidates.length > 0) deleteUnusedVersions(store, input.schoolId, input.entity, candidates);
    }
    input.onProgress?.(records.length, records.length);
    return { snapshotId, recordCount: records.length, contentHash, replaced: existing !== undefined, unchanged: false };
  });
}

/** Members per INSERT statement: one statement call per member cost twice the CPU of the rows themselves. */
const MEMBERS_PER_INSERT = 64;
const MEMBER_SQL = 'INSERT INTO snapshot_members (snapshot_id, ord, version_id, source_file, source_row) VALUES ';
const MEMBERS_SQL = MEMBER_SQL + new Array<string>(MEMBERS_PER_INSERT).fill('(?, ?, ?, ?, ?)').join(', ');

/** A snapshot's membership rows, inserted `MEMBERS_PER_INSERT` at a time (the rest one by one). */
class MemberInserts {
  private readonly params: Array<number | null> = new Array<number | null>(MEMBERS_PER_INSERT * 5);
  private count = 0;
  constructor(
    private readonly store: Store,
    private readonly snapshotId: number,
  ) {}

  add(ord: number, versionId: number, fileNo: number | null, sourceRow: number | null): void {
    const p = this.params;
    const at = this.count * 5;
    p[at] = this.snapshotId;
    p[at + 1] = ord;
    p[at + 2] = versionId;
    p[at + 3] = fileNo;
    p[at + 4] = sourceRow;
    if (++this.count === MEMBERS_PER_INSERT) {
      stmt(this.store, MEMBERS_SQL).run(p);
      this.count = 0;
    }
  }

  /** Inserts the members still held. */
  flush(): void {
    if (this.count === 0) return;
    const one = stmt(this.store, `${MEMBER_SQL}(?, ?, ?, ?, ?)`);
    const p = this.params;
    for (let k = 0; k < this.count * 5; k += 5) one.run(p[k], p[k + 1], p[k + 2], p[k + 3], p[k + 4]);
    this.count = 0;
  }
}

function versionIds(store: Store, snapshotId: number): number[] {
  return stmt<[number], number>(store, 'SELECT version_id FROM snapshot_members WHERE snapshot_id = ?').pluck().all(snapshotId);
}

/**
 * Deletes those of `candidates` that no snapshot of the school and entity uses. A version is only
 * ever shared within one school and entity (it is reused from the previous snapshot of the same
 * school and entity), so the other snapshots of that school and entity are all that can hold it.
 */
function deleteUnusedVersions(store: Store, schoolId: string, entity: string, candidates: number[]): void {
  stmt(
    store,
    `DELETE FROM record_versions WHERE id IN (SELECT value FROM json_each(?))
       AND id NOT IN (SELECT m.version_id FROM snapshots s JOIN snapshot_members m ON m.snapshot_id = s.id
                      WHERE s.school_id = ? AND s.entity = ?)`,
  ).run(JSON.stringify(candidates), schoolId, entity);
}

interface SnapshotDbRow {
  id: number;
  school_id: string;
  period: string;
  entity: string;
  run_id: number;
  created_at: string;
  record_count: number;
  content_hash: string;
}

function toSnapshot(r: SnapshotDbRow): SnapshotRow {
  return {
    id: r.id,
    schoolId: r.school_id,
    period: r.period,
    entity: r.entity,
    runId: r.run_id,
    createdAt: r.created_at,
    recordCount: r.record_count,
    contentHash: r.content_hash,
  };
}

export function getSnapshot(store: Store, key: { schoolId: string; period: string; entity: string }): SnapshotRow | undefined {
  const r = stmt<[string, string, string], SnapshotDbRow>(
    store,
    'SELECT * FROM snapshots WHERE school_id = ? AND period = ? AND entity = ?',
  ).get(key.schoolId, key.period, key.entity);
  return r === undefined ? undefined : toSnapshot(r);
}

/**
 * The newest snapshot of a school and entity at or before `period` (strictly before with
 * `{ before: true }`), without its records.
 */
export function findLastSnapshot(
  store: Store,
  schoolId: string,
  entity: string,
  period: string,
  options: { before?: boolean } = {},
): SnapshotRow | undefined {
  checkPeriod(period);
  const op = options.before === true ? '<' : '<=';
  const r = stmt<[string, string, string], SnapshotDbRow>(
    store,
    `SELECT * FROM snapshots WHERE school_id = ? AND entity = ? AND period ${op} ? ORDER BY period DESC LIMIT 1`,
  ).get(schoolId, entity, period);
  return r === undefined ? undefined : toSnapshot(r);
}

/** `findLastSnapshot` with all its records (values parsed), in the order they were written. */
export function lastSnapshot(
  store: Store,
  schoolId: string,
  entity: string,
  beforeOrAtPeriod: string,
  options: { before?: boolean } = {},
): { snapshot: SnapshotRow; records: SnapshotRecordRow[] } | undefined {
  // One read transaction so the header and the records are the same version of the snapshot.
  return readTransaction(store, () => {
    const snapshot = findLastSnapshot(store, schoolId, entity, beforeOrAtPeriod, options);
    if (snapshot === undefined) return undefined;
    return { snapshot, records: [...snapshotRecords(store, snapshot.id)] };
  });
}

/** A snapshot's records, in the order they were written. */
const RECORDS_SQL = `SELECT v.person_id, v.record_key, v.class_id, v.values_json, v.row_hash, f.path AS source_file, m.source_row
  FROM snapshot_members m JOIN record_versions v ON v.id = m.version_id
  LEFT JOIN snapshot_files f ON f.snapshot_id = m.snapshot_id AND f.file_no = m.source_file
  WHERE m.snapshot_id = ? ORDER BY m.ord`;

interface RecordDbRow {
  person_id: number | null;
  record_key: string;
  class_id: string | null;
  values_json: string;
  row_hash: string;
  source_file: string | null;
  source_row: number | null;
}

/**
 * What the import planner needs of the last snapshot — person, key, class, stored JSON, hash and
 * version — as one `make(...)` call per record with a person, in the order written: one range of
 * the members' primary key, each joined to its version (the planner orders by person itself, a
 * school at a time). Array rows, no source columns: a million previous records cost a third less
 * CPU than reading whole rows.
 */
export function lastSnapshotForPlanning<T>(
  store: Store,
  schoolId: string,
  entity: string,
  beforeOrAtPeriod: string,
  make: (personId: number, recordKey: string, classId: string | null, valuesJson: string, rowHash: string, versionId: number) => T,
): T[] {
  return readTransaction(store, () => {
    const snapshot = findLastSnapshot(store, schoolId, entity, beforeOrAtPeriod);
    if (snapshot === undefined) return [];
    const rows = stmt<[number], [number, string, string | null, string, string, number]>(store, PLANNING_SQL)
      .raw(true)
      .all(snapshot.id) as unknown as Array<[number, string, string | null, string, string, number]>;
    const out = new Array<T>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      out[i] = make(r[0], r[1], r[2], r[3], r[4], r[5]);
    }
    return out;
  });
}

const PLANNING_SQL = `SELECT v.person_id, v.record_key, v.class_id, v.values_json, v.row_hash, v.id
  FROM snapshot_members m JOIN record_versions v ON v.id = m.version_id
  WHERE m.snapshot_id = ? AND v.person_id IS NOT NULL ORDER BY m.ord`;

/** Streams a snapshot's records (for a million rows without holding them twice). */
export function* snapshotRecords(store: Store, snapshotId: number): Generator<SnapshotRecordRow> {
  const rows = stmt<[number], RecordDbRow>(
    store,
    RECORDS_SQL,
  ).iterate(snapshotId);
  for (const r of rows) {
    yield {
      personId: r.person_id,
      recordKey: r.record_key,
      classId: r.class_id,
      values: JSON.parse(r.values_json) as Record<string, unknown>,
      valuesJson: r.values_json,
      rowHash: r.row_hash,
      sourceFile: r.source_file,
      sourceRow: r.source_row,
    };
  }
}

/** Snapshots, optionally of one school, ordered by school, entity, period. */
export function listSnapshots(store: Store, schoolId?: string): SnapshotRow[] {
  const rows =
    schoolId === undefined
      ? stmt<[], SnapshotDbRow>(store, 'SELECT * FROM snapshots ORDER BY school_id, entity, period').all()
      : stmt<[string], SnapshotDbRow>(store, 'SELECT * FROM snapshots WHERE school_id = ? ORDER BY entity, period').all(schoolId);
  return rows.map(toSnapshot);
}
