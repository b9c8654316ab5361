/**
 * The audit trail (issue 9 item 3): who wrote which personal data where, when. A row holds the OS
 * login, the time (ISO UTC), the command and action, the destination (path or URL), the SHA-256 of
 * the file written, the record count and the field keys written (never values, names or ids).
 * `edusync audit` lists it — what a school needs to answer a data subject (Law 91/2025/QH15) or to
 * report a breach within 72 hours (Decree 356/2025/NĐ-CP).
 */
import { createHash } from 'node:crypto';
import { createReadStream, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { EdusyncError } from '../errors.js';
import { stateErrorFor } from './store-errors.js';
import { userInfo } from 'node:os';
import { isoNow, readTransaction, requireWritable, stmt } from './internal.js';
import type { Store } from './types.js';

export type AuditAction = 'error-workbook' | 'export' | 'push' | 'diff-workbook' | 'backup' | 'purge';

export interface AuditEventInput {
  command: string;
  action: AuditAction;
  /** Path (made absolute by the caller) or URL; null when nothing left the store (purge). */
  destination?: string | null | undefined;
  fileSha256?: string | null | undefined;
  recordCount: number;
  /** Field keys written (fullName, dateOfBirth…); stored sorted and de-duplicated. */
  fields: readonly string[];
  runId?: number | null | undefined;
  /** Defaults to the OS login name. */
  osUser?: string | null | undefined;
}

export interface AuditEvent {
  id: number;
  time: string;
  osUser: string | null;
  command: string;
  action: AuditAction;
  destination: string | null;
  fileSha256: string | null;
  recordCount: number;
  fields: string[];
  runId: number | null;
}

export interface ListAuditQuery {
  /** yyyy-mm-dd (UTC day) or a full ISO time: events at or after it. */
  since?: string | undefined;
  limit?: number | undefined;
}

export function currentOsUser(): string | null {
  try {
    return userInfo().username;
  } catch {
    return null;
  }
}

/** Records one audit event (in the caller's transaction when there is one); returns its id. */
export function recordAudit(store: Store, event: AuditEventInput): number {
  requireWritable(store);
  const fields = [...new Set(event.fields)].sort();
  const info = stmt(
    store,
    `INSERT INTO audit_events (time, os_user, command, action, destination, file_sha256, record_count, field_list, run_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    isoNow(store),
    event.osUser === undefined ? currentOsUser() : event.osUser,
    event.command,
    event.action,
    event.destination ?? null,
    event.fileSha256 ?? null,
    Math.max(0, Math.trunc(event.recordCount)),
    JSON.stringify(fields),
    event.runId ?? null,
  );
  return Number(info.lastInsertRowid);
}

interface AuditDbRow {
  id: number;
  time: string;
  os_user: string | null;
  command: string;
  action: AuditAction;
  destination: string | null;
  file_sha256: string | null;
  record_count: number;
  field_list: string;
  run_id: number | null;
}

/** Audit events, oldest first (at most `limit`, the newest ones when limited). */
export function listAudit(store: Store, query: ListAuditQuery = {}): AuditEvent[] {
  const since = query.since ?? '';
  const limit = query.limit !== undefined ? Math.max(0, Math.trunc(query.limit)) : -1;
  const rows = readTransaction(store, () =>
    stmt<[string, number], AuditDbRow>(
      store,
      `SELECT * FROM (SELECT * FROM audit_events WHERE time >= ? ORDER BY time DESC, id DESC LIMIT ?) ORDER BY time, id`,
    ).all(since, limit),
  );
  return rows.map((r) => ({
    id: r.id,
    time: r.time,
    osUser: r.os_user,
    command: r.command,
    action: r.action,
    destination: r.destination,
    fileSha256: r.file_sha256,
    recordCount: r.record_count,
    fields: JSON.parse(r.field_list) as string[],
    runId: r.run_id,
  }));
}

/** SHA-256 (hex) of a file's bytes, streamed. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Records a file of personal data just written at `path`: its absolute path and SHA-256 with the
 * event, in one transaction. A file whose row cannot be written is removed, so no such file exists
 * without its record; the failure is a StateError naming the store (exit 5).
 */
export async function recordWrittenFile(store: Store, path: string, event: Omit<AuditEventInput, 'destination' | 'fileSha256'>): Promise<void> {
  try {
    const sha = await fileSha256(path);
    store.transaction(() => recordAudit(store, { ...event, destination: resolve(path), fileSha256: sha }));
  } catch (error) {
    rmSync(path, { force: true });
    throw error instanceof EdusyncError ? error : stateErrorFor(error, store.location);
  }
}

/**
 * What a copy of the whole database carries, for its audit row: the persons (data subjects) and
 * snapshot records stored, and every field key present in the stored records.
 */
export function storeContents(store: Store): { persons: number; records: number; fields: string[] } {
  return readTransaction(store, () => {
    const persons = Number(stmt(store, 'SELECT count(*) AS n FROM persons').pluck().get() ?? 0);
    const records = Number(stmt(store, 'SELECT count(*) AS n FROM snapshot_members').pluck().get() ?? 0);
    // Each stored version once (snapshots share unchanged records: migration 7).
    const fields = stmt(store, 'SELECT DISTINCT j.key FROM record_versions v, json_each(v.values_json) j ORDER BY 1')
      .pluck()
      .all()
      .map(String);
    return { persons, records, fields };
  });
}
