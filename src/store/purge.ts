/**
 * Retention (issue 9 item 4): `edusync purge --before PERIOD` deletes the personal data older than
 * a period and compacts the file.
 *
 * Deleted: snapshots whose period is before PERIOD (with their records, by cascade); findings of
 * runs started before the first day of PERIOD (UTC); persons no longer referenced by any kept
 * snapshot record, with their identifiers (cascade); the push outbox when it exists (not yet).
 * Kept: run records (who, when, which files with hashes, counts, outcome: no personal data),
 * schools and classes, aggregate reports (none are stored yet), the audit trail, and every
 * person still referenced by a kept snapshot.
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
  /** Push outbox rows: always 0 until the outbox exists. */
  outbox: number;
  /** Snapshots kept (period ≥ before). */
  keptSnapshots: number;
  /** Persons kept (still referenced by a kept snapshot). */
  keptPersons: number;
}

export interface PurgeResult extends PurgePlan {
  bytesBefore: number;
  bytesAfter: number;
  auditId: number;
}

const ORPHANS = `SELECT id FROM persons p WHERE NOT EXISTS (
  SELECT 1 FROM snapshot_records r JOIN snapshots s ON s.id = r.snapshot_id
  WHERE r.person_id = p.id AND s.period >= @before)`;

function count(store: Store, sql: string, before: string): number {
  return Number(sqlite(store).prepare(sql).pluck().get({ before, beforeTime: `${before}-01T00:00:00.000Z` }) ?? 0);
}

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
    outbox: 0,
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
    db.prepare('DELETE FROM snapshots WHERE period < @before').run(params); // records: ON DELETE CASCADE
    db.prepare('DELETE FROM findings WHERE run_id IN (SELECT id FROM runs WHERE started_at < @beforeTime)').run(params);
    // Persons first lose the references of the deleted records (already gone), then go themselves;
    // their identifiers follow by cascade.
    db.prepare(`DELETE FROM persons WHERE id IN (${ORPHANS})`).run(params);
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
