/**
 * Persons (students, teachers) and their identifiers. A person keeps one internal id across months
 * even when a name is corrected or a class changes. Identity order (issue 4): the national mã định
 * danh (`personalId`, unique nationwide) first, then the school-scoped id (`studentId` — Mã học
 * sinh, `staffId` — mã giáo viên); the last resort, name + date of birth within the school, is the
 * caller's, over the values of the school's last snapshot (`lastSnapshot`), because names are
 * personal data that this table group does not hold.
 */
import { InternalError, StateError } from '../errors.js';
import { requireWritable, stmt } from './internal.js';
import type { IdentifierKind, PersonKind, Store } from './types.js';

export interface PersonKeys {
  kind: PersonKind;
  schoolId: string;
  personalId?: string | null | undefined;
  studentId?: string | null | undefined;
  staffId?: string | null | undefined;
}

export interface PersonMatch {
  personId: number;
  /** Which identifier decided the match. */
  matchedBy: IdentifierKind;
  /** The school the person belongs to now (differs from the query's when they moved school). */
  schoolId: string;
  /**
   * Identifiers of the query that belong to a different person than the one matched (e.g. the
   * Mã học sinh is someone else's): for the review queue; the match itself is still by priority.
   */
  conflicts: Array<{ kind: IdentifierKind; personId: number }>;
}

const ORDER: readonly IdentifierKind[] = ['personalId', 'studentId', 'staffId'];

function present(v: string | null | undefined): v is string {
  return v !== undefined && v !== null && v !== '';
}

/** The identifier's scope in the table: NULL (national) for personalId, else the school. */
function scopeOf(kind: IdentifierKind, schoolId: string | null | undefined): string | null {
  if (kind === 'personalId') return null;
  if (!present(schoolId)) {
    throw new InternalError({
      vi: `Mã ${kind} cần mã trường.`,
      en: `A ${kind} needs a school id.`,
    });
  }
  return schoolId;
}

function owner(store: Store, personKind: PersonKind | undefined, kind: IdentifierKind, scope: string | null, value: string): { personId: number; schoolId: string } | undefined {
  const row = stmt<[string, string, string], { person_id: number; school_id: string; kind: PersonKind }>(
    store,
    `SELECT i.person_id, p.school_id, p.kind FROM person_identifiers i JOIN persons p ON p.id = i.person_id
     WHERE i.kind = ? AND ifnull(i.school_id, '') = ? AND i.value = ?`,
  ).get(kind, scope ?? '', value);
  if (row === undefined || (personKind !== undefined && row.kind !== personKind)) return undefined;
  return { personId: row.person_id, schoolId: row.school_id };
}

/** Finds the person the keys name, by the identity order; undefined when no identifier is known. */
export function findPerson(store: Store, keys: PersonKeys): PersonMatch | undefined {
  const hits: Array<{ kind: IdentifierKind; personId: number; schoolId: string }> = [];
  for (const kind of ORDER) {
    const value = keys[kind];
    if (!present(value)) continue;
    const hit = owner(store, keys.kind, kind, scopeOf(kind, keys.schoolId), value);
    if (hit !== undefined) hits.push({ kind, ...hit });
  }
  const first = hits[0];
  if (first === undefined) return undefined;
  return {
    personId: first.personId,
    matchedBy: first.kind,
    schoolId: first.schoolId,
    conflicts: hits.filter((h) => h.personId !== first.personId).map((h) => ({ kind: h.kind, personId: h.personId })),
  };
}

export interface CreatePersonInput extends PersonKeys {
  runId?: number | undefined;
}

/**
 * Creates a person with the identifiers given, in one transaction. An identifier that already
 * belongs to someone else is a StateError (call `findPerson` first; it reports such conflicts).
 */
export function createPerson(store: Store, input: CreatePersonInput): number {
  requireWritable(store);
  return store.transaction(() => {
    const info = stmt(store, 'INSERT INTO persons (kind, school_id, created_run_id) VALUES (?, ?, ?)').run(
      input.kind,
      input.schoolId,
      input.runId ?? null,
    );
    const personId = Number(info.lastInsertRowid);
    for (const kind of ORDER) {
      const value = input[kind];
      if (!present(value)) continue;
      const result = attachIdentifier(store, { personId, kind, value, schoolId: input.schoolId, runId: input.runId });
      if (result.status === 'conflict') {
        throw new StateError({
          vi: `Không tạo được người mới: mã ${kind} đã thuộc về người khác (mã nội bộ ${result.ownerPersonId}).`,
          en: `Cannot create the person: the ${kind} already belongs to another person (internal id ${result.ownerPersonId}).`,
        });
      }
    }
    return personId;
  });
}

export interface AttachIdentifierInput {
  personId: number;
  kind: IdentifierKind;
  value: string;
  /** Required for studentId/staffId; ignored for personalId (national). */
  schoolId?: string | null | undefined;
  runId?: number | undefined;
}

export type AttachResult =
  | { status: 'added' | 'seen' }
  | { status: 'conflict'; ownerPersonId: number };

/**
 * Links an identifier to a person: 'added' (new link), 'seen' (already this person's; its
 * last_run_id moves on) or 'conflict' (someone else's; nothing changes).
 */
export function attachIdentifier(store: Store, input: AttachIdentifierInput): AttachResult {
  requireWritable(store);
  if (!present(input.value)) throw new InternalError({ vi: 'Mã định danh rỗng.', en: 'Empty identifier.' });
  const scope = scopeOf(input.kind, input.schoolId);
  return store.transaction((): AttachResult => {
    const current = owner(store, undefined, input.kind, scope, input.value);
    if (current === undefined) {
      stmt(
        store,
        `INSERT INTO person_identifiers (person_id, kind, value, school_id, first_run_id, last_run_id) VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(input.personId, input.kind, input.value, scope, input.runId ?? null, input.runId ?? null);
      return { status: 'added' };
    }
    if (current.personId !== input.personId) return { status: 'conflict', ownerPersonId: current.personId };
    if (input.runId !== undefined) {
      stmt(
        store,
        `UPDATE person_identifiers SET last_run_id = ? WHERE kind = ? AND ifnull(school_id, '') = ? AND value = ?`,
      ).run(input.runId, input.kind, scope ?? '', input.value);
    }
    return { status: 'seen' };
  });
}

export interface PersonRow {
  id: number;
  kind: PersonKind;
  schoolId: string;
  createdRunId: number | null;
}

export interface IdentifierRow {
  kind: IdentifierKind;
  value: string;
  schoolId: string | null;
  firstRunId: number | null;
  lastRunId: number | null;
}

export function getPerson(store: Store, personId: number): PersonRow | undefined {
  const r = stmt<[number], { id: number; kind: PersonKind; school_id: string; created_run_id: number | null }>(
    store,
    'SELECT id, kind, school_id, created_run_id FROM persons WHERE id = ?',
  ).get(personId);
  return r === undefined ? undefined : { id: r.id, kind: r.kind, schoolId: r.school_id, createdRunId: r.created_run_id };
}

export function personIdentifiers(store: Store, personId: number): IdentifierRow[] {
  return stmt<[number], { kind: IdentifierKind; value: string; school_id: string | null; first_run_id: number | null; last_run_id: number | null }>(
    store,
    'SELECT kind, value, school_id, first_run_id, last_run_id FROM person_identifiers WHERE person_id = ? ORDER BY kind, school_id, value',
  )
    .all(personId)
    .map((r) => ({ kind: r.kind, value: r.value, schoolId: r.school_id, firstRunId: r.first_run_id, lastRunId: r.last_run_id }));
}

/** A person who moved school (matched by mã định danh): their school-scoped ids stay with the old school. */
export function setPersonSchool(store: Store, personId: number, schoolId: string): void {
  requireWritable(store);
  stmt(store, 'UPDATE persons SET school_id = ? WHERE id = ?').run(schoolId, personId);
}

export interface IdentifierIndex {
  /** mã định danh → person id, for the persons now in the school. */
  personalId: Map<string, number>;
  /** Mã học sinh / mã giáo viên of the school → person id. */
  studentId: Map<string, number>;
  staffId: Map<string, number>;
}

/**
 * The identifiers of one school in memory, for matching a whole file without a query per row.
 * A mã định danh that misses here may still belong to a person of another school (a transfer):
 * fall back to `findPerson` for those rows.
 */
export function identifierIndex(store: Store, kind: PersonKind, schoolId: string): IdentifierIndex {
  const index: IdentifierIndex = { personalId: new Map(), studentId: new Map(), staffId: new Map() };
  const personal = stmt<[string, string], { value: string; person_id: number }>(
    store,
    `SELECT i.value, i.person_id FROM persons p JOIN person_identifiers i ON i.person_id = p.id
     WHERE p.school_id = ? AND p.kind = ? AND i.kind = 'personalId'`,
  );
  for (const r of personal.iterate(schoolId, kind)) index.personalId.set(r.value, r.person_id);
  const scoped = stmt<[string, string], { kind: IdentifierKind; value: string; person_id: number }>(
    store,
    `SELECT i.kind, i.value, i.person_id FROM person_identifiers i JOIN persons p ON p.id = i.person_id
     WHERE ifnull(i.school_id, '') = ? AND i.kind IN ('studentId', 'staffId') AND p.kind = ?`,
  );
  for (const r of scoped.iterate(schoolId, kind)) {
    (r.kind === 'studentId' ? index.studentId : index.staffId).set(r.value, r.person_id);
  }
  return index;
}

/** Whether the store holds any person of this kind (a first import can skip identity lookups). */
export function hasPersons(store: Store, kind: PersonKind): boolean {
  return stmt<[string], { one: number }>(store, 'SELECT 1 AS one FROM persons WHERE kind = ? LIMIT 1').get(kind) !== undefined;
}
