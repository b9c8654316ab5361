/**
 * The simulator's own SQLite state (never the edusync store): clients, tokens, idempotency keys,
 * batches, stored records with their delivery counts, and period locks. `--db FILE` keeps it
 * across restarts so crash/resume tests run against a server that remembers.
 */
import type Database from 'better-sqlite3';
import { openDatabase } from '../store/sqlite.js';
import { createHash, randomBytes } from 'node:crypto';
import type { Kind } from '../push/contract.js';

export interface SimClient {
  id: string;
  secret: string;
  /** School codes this client may write; `*` = every school (a Sở-level client; simulator convenience). */
  schools: string[];
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS clients (id TEXT PRIMARY KEY, secret_sha256 TEXT NOT NULL, schools TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS tokens (token TEXT PRIMARY KEY, client_id TEXT NOT NULL, expires_at INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS idempotency (client_id TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL, state TEXT NOT NULL,
  status INTEGER, body TEXT, created_at INTEGER NOT NULL, PRIMARY KEY (client_id, key));
CREATE TABLE IF NOT EXISTS batches (ma_lo TEXT PRIMARY KEY, client_id TEXT NOT NULL, school TEXT NOT NULL, kind TEXT NOT NULL,
  nam_hoc TEXT NOT NULL, created_at INTEGER NOT NULL, response TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (kind TEXT NOT NULL, school TEXT NOT NULL, client_ref TEXT NOT NULL, server_id TEXT NOT NULL,
  content_hash TEXT NOT NULL, data TEXT NOT NULL, writes INTEGER NOT NULL, first_batch TEXT NOT NULL, last_batch TEXT NOT NULL,
  PRIMARY KEY (kind, school, client_ref)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS records_personal ON records (kind, school, json_extract(data, '$.du_lieu.personalId'));
CREATE TABLE IF NOT EXISTS deliveries (kind TEXT NOT NULL, school TEXT NOT NULL, client_ref TEXT NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY (kind, school, client_ref)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS locks (nam_hoc TEXT PRIMARY KEY, locked INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export interface StoredRecord {
  kind: Kind;
  school: string;
  client_ref: string;
  server_id: string;
  content_hash: string;
  writes: number;
  deliveries: number;
  first_batch: string;
  last_batch: string;
}

export class SimState {
  readonly db: Database.Database;
  constructor(file: string | undefined) {
    this.db = openDatabase(file ?? ':memory:');
    if (file !== undefined) this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
  }

  close(): void {
    this.db.close();
  }

  addClient(client: SimClient): void {
    this.db
      .prepare('INSERT INTO clients (id, secret_sha256, schools) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET secret_sha256 = excluded.secret_sha256, schools = excluded.schools')
      .run(client.id, sha256(client.secret), JSON.stringify(client.schools));
  }

  setClientRevoked(id: string, revoked: boolean): boolean {
    const info = this.db.prepare('UPDATE clients SET revoked = ? WHERE id = ?').run(revoked ? 1 : 0, id);
    if (revoked) this.db.prepare('UPDATE tokens SET revoked = 1 WHERE client_id = ?').run(id);
    return info.changes > 0;
  }

  /** The client when id and secret match and it is not revoked. */
  authenticate(id: string, secret: string): { id: string; schools: string[] } | undefined {
    const row = this.db.prepare('SELECT id, secret_sha256, schools, revoked FROM clients WHERE id = ?').get(id) as
      | { id: string; secret_sha256: string; schools: string; revoked: number }
      | undefined;
    if (row === undefined || row.revoked === 1 || row.secret_sha256 !== sha256(secret)) return undefined;
    return { id: row.id, schools: JSON.parse(row.schools) as string[] };
  }

  issueToken(clientId: string, ttlMs: number, now: number): string {
    const token = randomBytes(24).toString('base64url');
    this.db.prepare('INSERT INTO tokens (token, client_id, expires_at) VALUES (?, ?, ?)').run(token, clientId, now + ttlMs);
    return token;
  }

  revokeToken(token: string): void {
    this.db.prepare('UPDATE tokens SET revoked = 1 WHERE token = ?').run(token);
  }

  tokenClient(token: string, now: number): { id: string; schools: string[] } | undefined {
    const row = this.db
      .prepare(
        `SELECT c.id, c.schools FROM tokens t JOIN clients c ON c.id = t.client_id
         WHERE t.token = ? AND t.revoked = 0 AND c.revoked = 0 AND t.expires_at > ?`,
      )
      .get(token, now) as { id: string; schools: string } | undefined;
    return row === undefined ? undefined : { id: row.id, schools: JSON.parse(row.schools) as string[] };
  }

  isLocked(namHoc: string): boolean {
    const row = this.db.prepare('SELECT locked FROM locks WHERE nam_hoc = ?').get(namHoc) as { locked: number } | undefined;
    return row?.locked === 1;
  }

  setLocked(namHoc: string, locked: boolean): void {
    this.db.prepare('INSERT INTO locks (nam_hoc, locked) VALUES (?, ?) ON CONFLICT (nam_hoc) DO UPDATE SET locked = excluded.locked').run(namHoc, locked ? 1 : 0);
  }

  nextCounter(name: string): number {
    const row = this.db
      .prepare('INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value')
      .get(name) as { value: number };
    return row.value;
  }

  idempotency(clientId: string, key: string): { fingerprint: string; state: string; status: number | null; body: string | null } | undefined {
    return this.db.prepare('SELECT fingerprint, state, status, body FROM idempotency WHERE client_id = ? AND key = ?').get(clientId, key) as
      | { fingerprint: string; state: string; status: number | null; body: string | null }
      | undefined;
  }

  beginIdempotent(clientId: string, key: string, fingerprint: string, now: number): void {
    this.db.prepare(`INSERT INTO idempotency (client_id, key, fingerprint, state, created_at) VALUES (?, ?, ?, 'running', ?)`).run(clientId, key, fingerprint, now);
  }

  finishIdempotent(clientId: string, key: string, status: number, body: string): void {
    this.db.prepare(`UPDATE idempotency SET state = 'done', status = ?, body = ? WHERE client_id = ? AND key = ?`).run(status, body, clientId, key);
  }

  /** A key whose request failed before it committed anything is forgotten, so a retry runs again. */
  forgetIdempotent(clientId: string, key: string): void {
    this.db.prepare('DELETE FROM idempotency WHERE client_id = ? AND key = ?').run(clientId, key);
  }

  countDeliveries(kind: string, school: string, refs: readonly string[]): void {
    const up = this.db.prepare('INSERT INTO deliveries (kind, school, client_ref, n) VALUES (?, ?, ?, 1) ON CONFLICT DO UPDATE SET n = n + 1');
    this.db.transaction(() => {
      for (const ref of refs) up.run(kind, school, ref);
    })();
  }

  listRecords(kind: Kind | undefined, school: string | undefined): StoredRecord[] {
    return this.db
      .prepare(
        `SELECT r.kind, r.school, r.client_ref, r.server_id, r.content_hash, r.writes, ifnull(d.n, 0) AS deliveries, r.first_batch, r.last_batch
         FROM records r LEFT JOIN deliveries d USING (kind, school, client_ref)
         WHERE (@kind IS NULL OR r.kind = @kind) AND (@school IS NULL OR r.school = @school)
         ORDER BY r.kind, r.school, r.client_ref`,
      )
      .all({ kind: kind ?? null, school: school ?? null }) as StoredRecord[];
  }
}
