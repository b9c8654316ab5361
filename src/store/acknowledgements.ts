/**
 * Stored acknowledgements of warnings (migration 8; `edusync ack`). Rows are never deleted by the
 * command — `remove` stamps `removed_at` — only `purge` deletes those of a purged person.
 */
import { existsSync } from 'node:fs';
import { ackKey, type AckIndex, type AckKeyParts } from '../check/acknowledged.js';
import type { FindingAck } from '../check/finding.js';
import { currentOsUser } from './audit.js';
import { openStore } from './db.js';
import { openDatabase } from './sqlite.js';
import { isoNow, readTransaction, requireWritable, stmt } from './internal.js';
import type { Store } from './types.js';

export interface Acknowledgement {
  id: number;
  code: string;
  school: string;
  /** The person's key (personal ID or student/staff code): personal data. */
  subject: string;
  field: string | null;
  valueHash: string | null;
  reason: string;
  createdAt: string;
  createdBy: string | null;
  removedAt: string | null;
}

export interface AddAcknowledgementsResult {
  /** The rows written, in the order given. */
  added: Acknowledgement[];
  /** Keys already acknowledged by an active row (left as they were: the first reason stands). */
  already: number;
}

interface AckDbRow {
  id: number;
  code: string;
  school_id: string;
  subject: string;
  field: string | null;
  value_hash: string | null;
  reason: string;
  created_at: string;
  created_by: string | null;
  removed_at: string | null;
}

function fromRow(r: AckDbRow): Acknowledgement {
  return {
    id: r.id,
    code: r.code,
    school: r.school_id,
    subject: r.subject,
    field: r.field,
    valueHash: r.value_hash,
    reason: r.reason,
    createdAt: r.created_at,
    createdBy: r.created_by,
    removedAt: r.removed_at,
  };
}

const ACTIVE_OF_KEY = `SELECT id FROM acknowledgements
  WHERE removed_at IS NULL AND code = ? AND school_id = ? AND subject = ? AND ifnull(field, '') = ifnull(?, '') AND ifnull(value_hash, '') = ifnull(?, '')`;

/** Stores one acknowledgement per distinct key with `reason`, in one transaction. */
export function addAcknowledgements(
  store: Store,
  keys: readonly AckKeyParts[],
  reason: string,
  options: { osUser?: string | null } = {},
): AddAcknowledgementsResult {
  requireWritable(store);
  const by = options.osUser === undefined ? currentOsUser() : options.osUser;
  return store.transaction(() => {
    const at = isoNow(store);
    const added: Acknowledgement[] = [];
    let already = 0;
    const seen = new Set<string>();
    for (const k of keys) {
      const key = ackKey(k);
      if (seen.has(key)) continue;
      seen.add(key);
      if (stmt(store, ACTIVE_OF_KEY).get(k.code, k.school, k.subject, k.field, k.valueHash) !== undefined) {
        already++;
        continue;
      }
      const info = stmt(
        store,
        `INSERT INTO acknowledgements (code, school_id, subject, field, value_hash, reason, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(k.code, k.school, k.subject, k.field, k.valueHash, reason, at, by);
      added.push({ id: Number(info.lastInsertRowid), code: k.code, school: k.school, subject: k.subject, field: k.field, valueHash: k.valueHash, reason, createdAt: at, createdBy: by, removedAt: null });
    }
    return { added, already };
  });
}

export interface ListAcknowledgementsQuery {
  school?: string | undefined;
  code?: string | undefined;
}

/** Active acknowledgements, oldest first. */
export function listAcknowledgements(store: Store, query: ListAcknowledgementsQuery = {}): Acknowledgement[] {
  const rows = readTransaction(store, () =>
    stmt<[{ school: string | null; code: string | null }], AckDbRow>(
      store,
      `SELECT * FROM acknowledgements WHERE removed_at IS NULL AND (@school IS NULL OR school_id = @school) AND (@code IS NULL OR code = @code) ORDER BY id`,
    ).all({ school: query.school ?? null, code: query.code ?? null }),
  );
  return rows.map(fromRow);
}

/**
 * Marks the given acknowledgements removed, all or none: an id that is unknown or already removed
 * is returned in `unknown` and nothing is changed.
 */
export function removeAcknowledgements(store: Store, ids: readonly number[]): { removed: number[]; unknown: number[] } {
  requireWritable(store);
  return store.transaction(() => {
    const unique = [...new Set(ids)];
    const unknown = unique.filter((id) => stmt(store, 'SELECT 1 FROM acknowledgements WHERE id = ? AND removed_at IS NULL').get(id) === undefined);
    if (unknown.length > 0) return { removed: [], unknown };
    const at = isoNow(store);
    for (const id of unique) stmt(store, 'UPDATE acknowledgements SET removed_at = ? WHERE id = ?').run(at, id);
    return { removed: unique, unknown: [] };
  });
}

/** Every active acknowledgement by its key, for matching the findings of a run (check/acknowledged.ts). */
export function acknowledgementIndex(store: Store): AckIndex {
  const index = new Map<string, FindingAck>();
  for (const a of listAcknowledgements(store)) {
    index.set(ackKey({ code: a.code, school: a.school, subject: a.subject, field: a.field, valueHash: a.valueHash }), {
      id: a.id,
      reason: a.reason,
      by: a.createdBy,
      at: a.createdAt,
    });
  }
  return index;
}

/** The schema version that brought the table (migration 8). */
const ACK_SCHEMA = 8;

/**
 * The active acknowledgements of the store at `path`, for validate, import and run: undefined when
 * there is no store (it is never created for this), empty when it predates migration 8 (it can hold
 * none, and validate, which writes nothing, should not upgrade a store — a backup copy and a
 * migration — only to learn that). Opened read-only and closed again.
 */
export function loadAcknowledgementIndex(path: string): AckIndex | undefined {
  if (!existsSync(path)) return undefined;
  let version = ACK_SCHEMA;
  try {
    const db = openDatabase(path, { readonly: true, fileMustExist: true });
    try {
      version = Number(db.pragma('user_version', { simple: true }));
    } finally {
      db.close();
    }
  } catch {
    // Not a database, or damaged: openStore below says so as the store does everywhere (exit 5).
  }
  if (version < ACK_SCHEMA) return new Map();
  const store = openStore(path, { readonly: true });
  try {
    return acknowledgementIndex(store);
  } finally {
    store.close();
  }
}
