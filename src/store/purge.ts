/**
 * Retention (issue 9 item 4): `edusync purge [--before PERIOD]` deletes the personal data older than
 * a period and compacts the file. Without --before the period comes from the retention setting
 * (`retention.months`, default DEFAULT_RETENTION_MONTHS in src/config/schema.ts: `retentionCutoff`).
 *
 * Deleted — and ONLY these, by the explicit list `PURGED` below (a table not on it is never touched,
 * so aggregate reports, which carry no personal data and must outlive the records, stay):
 * snapshots whose period is before PERIOD (with their memberships, by cascade) and then the record
 * versions no kept snapshot shares (a base month's rows that later months still use stay); findings of runs
 * started before the first day of PERIOD (UTC); persons no longer referenced by any kept snapshot
 * record, with their identifiers (cascade) and the acknowledged warnings (migration 8) that name them
 * (and those made before PERIOD that name no kept person); push batches created before PERIOD that the server has
 * answered or that were abandoned (their outbox rows by cascade). A batch still pending is kept
 * whatever its age: it is the only copy of records not yet delivered, and `push` resumes it.
 * The push watermark (`push_state`: record keys, row hashes, server ids) is kept, or the next push
 * would send everything again.
 * Kept: run records (who, when, which files with hashes, counts, outcome: no personal data),
 * schools and classes, aggregate reports, the audit trail, and every person still referenced by a
 * kept snapshot.
 *
 * `planPurge` only counts. `applyPurge` deletes in one IMMEDIATE transaction that also records the
 * audit event, then checkpoints the WAL, VACUUMs (outside the transaction, as SQLite requires) and
 * checkpoints again with TRUNCATE so the freed pages leave the file.
 */
import { recordAudit } from './audit.js';
import { readTransaction, requireWritable, sqlite } from './internal.js';
import type { Store } from './types.js';

export interface PurgePlan {
  /** YYYY-MM: everything before this period goes. */
  before: string;
  snapshots: number;
  snapshotRecords: number;
  findings: number;
  /** Runs whose findings go (the runs themselves are kept). */
  runsWithFindings: number;
  persons: number;
  identifiers: number;
  /** Acknowledged warnings (`edusync ack`) about the persons that go: they name the person. */
  acknowledgements: number;
  /** Push outbox rows of the answered batches that go. */
  outbox: number;
  /** Tables the purge may delete from, in order (the explicit list; nothing else is touched). */
  tables: string[];
  /** Snapshots kept (period ≥ before). */
  keptSnapshots: number;
  /** Persons kept (still referenced by a kept snapshot). */
  keptPersons: number;
  /** Aggregate reports stored (always kept). */
  keptReports: number;
}

export interface PurgeResult extends PurgePlan {
  bytesBefore: number;
  bytesAfter: number;
  auditId: number;
}

// The persons of the kept snapshots, gathered once (records are shared versions: migration 7).
const ORPHANS = `SELECT id FROM persons WHERE id NOT IN (
  SELECT v.person_id FROM snapshots s
  JOIN snapshot_members m ON m.snapshot_id = s.id
  JOIN record_versions v ON v.id = m.version_id
  WHERE s.period >= @before AND v.person_id IS NOT NULL)`;

// Acknowledgements (`edusync ack`) hold a person's key and a free-text reason about them. One goes
// when it names no kept person and either names a person that goes (by one of its identifiers, in
// its school for a school code) or was made before PERIOD — one that names nobody in the store (a
// school that only validates, a row without identifiers: DS-002) is kept for the retention period
// like the rest. Whether each named person goes is asked once (the orphan list is built once, not
// once for "kept" and again for "gone"). Driven by the (few) acknowledgements (CROSS JOIN fixes the order), each looked up
// through person_identifiers' unique index (the unary + drops a.school_id's TEXT affinity, which
// would otherwise keep SQLite from using the index's ifnull(school_id, '') expression).
const PURGED_ACKS = `WITH named (ack_id, person_id) AS (
    SELECT a.id, i.person_id FROM acknowledgements a
    CROSS JOIN person_identifiers i ON i.kind = 'personalId' AND ifnull(i.school_id, '') = '' AND i.value = a.subject
    UNION ALL
    SELECT a.id, i.person_id FROM acknowledgements a
    CROSS JOIN person_identifiers i ON i.kind = 'studentId' AND ifnull(i.school_id, '') = +a.school_id AND i.value = a.subject
    UNION ALL
    SELECT a.id, i.person_id FROM acknowledgements a
    CROSS JOIN person_identifiers i ON i.kind = 'staffId' AND ifnull(i.school_id, '') = +a.school_id AND i.value = a.subject
  ),
  seen (ack_id, all_gone, any_gone) AS (
    SELECT ack_id, min(gone), max(gone) FROM (SELECT ack_id, person_id IN (${ORPHANS}) AS gone FROM named) GROUP BY ack_id
  )
  SELECT a.id FROM acknowledgements a LEFT JOIN seen s ON s.ack_id = a.id
  WHERE ifnull(s.all_gone, 1) = 1 AND (ifnull(s.any_gone, 0) = 1 OR a.created_at < @beforeTime)`;

const OLD_BATCH = "created_at < @beforeTime AND status <> 'pending'";

function count(store: Store, sql: string, before: string): number {
  return Number(sqlite(store).prepare(sql).pluck().get({ before, beforeTime: `${before}-01T00:00:00.000Z` }) ?? 0);
}

/** The first period kept when `months` of data are retained on `today` (yyyy-mm-dd): its month minus `months`. */
export function retentionCutoff(today: string, months: number): string {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const index = y * 12 + (m - 1) - Math.max(0, Math.trunc(months));
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * What purge deletes, table by table; a table that is not listed here — reports, runs,
 * audit_events, schools, classes, push_state — is never deleted from. (`openStore` has migrated the
 * store to the current schema, so every table named here exists.)
 */
const PURGED: ReadonlyArray<{ table: string; delete: string }> = [
  { table: 'snapshots', delete: 'DELETE FROM snapshots WHERE period < @before' }, // members and files: ON DELETE CASCADE
  // The record versions no kept snapshot shares any more; a later month's shared rows stay.
  { table: 'record_versions', delete: 'DELETE FROM record_versions WHERE id NOT IN (SELECT version_id FROM snapshot_members)' },
  { table: 'findings', delete: 'DELETE FROM findings WHERE run_id IN (SELECT id FROM runs WHERE started_at < @beforeTime)' },
  // While the identifiers that name them are still there.
  { table: 'acknowledgements', delete: `DELETE FROM acknowledgements WHERE id IN (${PURGED_ACKS})` },
  // Persons first lose the references of the deleted records (already gone), then go themselves;
  // their identifiers follow by cascade.
  { table: 'persons', delete: `DELETE FROM persons WHERE id IN (${ORPHANS})` },
  { table: 'push_batches', delete: `DELETE FROM push_batches WHERE ${OLD_BATCH}` }, // outbox rows: ON DELETE CASCADE
];

function plan(store: Store, before: string): PurgePlan {
  const c = (sql: string): number => count(store, sql, before);
  return {
    before,
    snapshots: c('SELECT count(*) FROM snapshots WHERE period < @before'),
    snapshotRecords: c('SELECT count(*) FROM snapshot_records r JOIN snapshots s ON s.id = r.snapshot_id WHERE s.period < @before'),
    findings: c('SELECT count(*) FROM findings f JOIN runs u ON u.id = f.run_id WHERE u.started_at < @beforeTime'),
    runsWithFindings: c('SELECT count(DISTINCT f.run_id) FROM findings f JOIN runs u ON u.id = f.run_id WHERE u.started_at < @beforeTime'),
    persons: c(`SELECT count(*) FROM (${ORPHANS})`),
    identifiers: c(`SELECT count(*) FROM person_identifiers WHERE person_id IN (${ORPHANS})`),
    acknowledgements: c(`SELECT count(*) FROM (${PURGED_ACKS})`),
    outbox: c(`SELECT count(*) FROM push_outbox WHERE batch_id IN (SELECT id FROM push_batches WHERE ${OLD_BATCH})`),
    tables: PURGED.map((p) => p.table),
    keptReports: c('SELECT count(*) FROM reports'),
    keptSnapshots: c('SELECT count(*) FROM snapshots WHERE period >= @before'),
    keptPersons: c(`SELECT count(*) FROM persons WHERE id NOT IN (${ORPHANS})`),
  };
}

/** What `applyPurge` would delete and keep; changes nothing. */
export function planPurge(store: Store, before: string): PurgePlan {
  return readTransaction(store, () => plan(store, before));
}

function pageBytes(store: Store): number {
  const db = sqlite(store);
  return Number(db.pragma('page_count', { simple: true })) * Number(db.pragma('page_size', { simple: true }));
}

/** Deletes what `planPurge` counts, records the audit event, then compacts the file. */
export function applyPurge(store: Store, before: string, options: { command?: string } = {}): PurgeResult {
  requireWritable(store);
  const db = sqlite(store);
  const bytesBefore = pageBytes(store);
  const params = { before, beforeTime: `${before}-01T00:00:00.000Z` };
  const { counts, auditId } = store.transaction(() => {
    const counted = plan(store, before);
    for (const p of PURGED) db.prepare(p.delete).run(params);
    const id = recordAudit(store, {
      command: options.command ?? 'purge',
      action: 'purge',
      destination: store.location,
      recordCount: counted.snapshotRecords,
      fields: [],
    });
    return { counts: counted, auditId: id };
  });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
  return { ...counts, bytesBefore, bytesAfter: pageBytes(store), auditId };
}
