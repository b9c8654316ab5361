/**
 * The identity map (issue 5 item 4) and the review decisions, over migration 0004. One internal
 * person id per real person: found again by the mã định danh (person_identifiers), else by a
 * source row seen before (person_sources.record_key, any source), else created.
 */
import { userInfo } from 'node:os';
import { requireWritable, stmt } from './internal.js';
import { attachIdentifier, createPerson, findPerson } from './persons.js';
import type { PersonKind, Store } from './types.js';

export interface StoredDecision {
  leftKey: string;
  rightKey: string;
  decision: 'same' | 'different';
}

function osUser(): string | null {
  try {
    return userInfo().username;
  } catch {
    return null;
  }
}

/** Saves decisions (a later decision on the same pair replaces the earlier one); returns how many were new or changed. */
export function saveDecisions(store: Store, decisions: readonly StoredDecision[], runId?: number): number {
  requireWritable(store);
  const now = new Date().toISOString();
  const user = osUser();
  const get = stmt<[string, string], { decision: string }>(store, 'SELECT decision FROM reconcile_decisions WHERE left_key = ? AND right_key = ?');
  const put = stmt(
    store,
    `INSERT INTO reconcile_decisions (left_key, right_key, decision, decided_at, os_user, run_id) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (left_key, right_key) DO UPDATE SET decision = excluded.decision, decided_at = excluded.decided_at, os_user = excluded.os_user, run_id = excluded.run_id`,
  );
  return store.transaction(() => {
    let changed = 0;
    for (const d of decisions) {
      if (get.get(d.leftKey, d.rightKey)?.decision === d.decision) continue;
      put.run(d.leftKey, d.rightKey, d.decision, now, user, runId ?? null);
      changed++;
    }
    return changed;
  });
}

export function loadDecisions(store: Store): StoredDecision[] {
  return stmt<[], { left_key: string; right_key: string; decision: 'same' | 'different' }>(
    store,
    'SELECT left_key, right_key, decision FROM reconcile_decisions ORDER BY left_key, right_key',
  )
    .all()
    .map((r) => ({ leftKey: r.left_key, rightKey: r.right_key, decision: r.decision }));
}

export interface SourceRowRef {
  source: string;
  recordKey: string;
  file: string;
  sheet?: string | undefined;
  row: number;
}

export interface IdentityInput {
  kind: PersonKind;
  schoolId: string;
  personalId?: string | undefined;
  rows: SourceRowRef[];
}

export interface IdentityResult {
  personId: number;
  created: boolean;
  /** The personal ID already belongs to another person (kept for review, not attached). */
  identifierConflict: boolean;
  /** The person already had another personal ID (from an earlier month or source): one person, two numbers. */
  secondIdentifier: boolean;
}

/** Finds or creates the person behind a group of rows (a linked pair, or one unlinked row) and records every row. */
export function resolveIdentity(store: Store, input: IdentityInput, runId?: number): IdentityResult {
  requireWritable(store);
  return store.transaction((): IdentityResult => {
    let personId: number | undefined;
    if (input.personalId) personId = findPerson(store, { kind: input.kind, schoolId: input.schoolId, personalId: input.personalId })?.personId;
    if (personId === undefined) {
      const byRow = stmt<[string], { person_id: number }>(store, 'SELECT person_id FROM person_sources WHERE record_key = ? LIMIT 1');
      for (const row of input.rows) {
        personId = byRow.get(row.recordKey)?.person_id;
        if (personId !== undefined) break;
      }
    }
    let created = false;
    let identifierConflict = false;
    if (personId === undefined) {
      personId = createPerson(store, { kind: input.kind, schoolId: input.schoolId, runId });
      created = true;
    }
    let secondIdentifier = false;
    if (input.personalId && !created) {
      const known = stmt<[number], { value: string }>(store, "SELECT value FROM person_identifiers WHERE person_id = ? AND kind = 'personalId'").all(personId);
      secondIdentifier = known.some((k) => k.value !== input.personalId);
    }
    if (input.personalId) {
      identifierConflict = attachIdentifier(store, { personId, kind: 'personalId', value: input.personalId, runId }).status === 'conflict';
    }
    const put = stmt(
      store,
      `INSERT INTO person_sources (person_id, source, record_key, file, sheet, "row", first_run_id, last_run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (source, record_key) DO UPDATE SET file = excluded.file, sheet = excluded.sheet, "row" = excluded."row", last_run_id = excluded.last_run_id`,
    );
    for (const row of input.rows) put.run(personId, row.source, row.recordKey, row.file, row.sheet ?? null, row.row, runId ?? null, runId ?? null);
    return { personId, created, identifierConflict, secondIdentifier };
  });
}

export interface PersonSourceRow {
  source: string;
  recordKey: string;
  file: string | null;
  sheet: string | null;
  row: number | null;
}

export function personSources(store: Store, personId: number): PersonSourceRow[] {
  return stmt<[number], { source: string; record_key: string; file: string | null; sheet: string | null; row: number | null }>(
    store,
    'SELECT source, record_key, file, sheet, "row" FROM person_sources WHERE person_id = ? ORDER BY source, record_key',
  )
    .all(personId)
    .map((r) => ({ source: r.source, recordKey: r.record_key, file: r.file, sheet: r.sheet, row: r.row }));
}
