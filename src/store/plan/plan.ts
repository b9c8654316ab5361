/**
 * The import planner (design §1 "plan, then apply"; issue 4 item 2): compares the validated rows
 * of one school, period and entity with the last snapshot and says what `--apply` would do —
 * new, updated, moved class, left, rejected, unchanged — without any I/O.
 *
 * Identity, greedy in this order, each previous person matching at most one row and vice versa:
 *  1. mã định danh (personalId, 12 digits);
 *  2. the school's own id (studentId / staffId), unless both sides carry different valid
 *     personal ids (two different mã định danh are two different people);
 *  3. folded full name + date of birth, among the records still unmatched after 1 and 2 (a
 *     person already identified by an id is nobody's fallback candidate), only when that key
 *     occurs once among those previous records and once among those rows, and no identifier
 *     contradicts it. When the folded key is shared (twins Lê Ngọc Anh / Lê Ngọc Ánh fold
 *     alike), the name as written (diacritics kept) decides under the same once-on-each-side
 *     rule. Identical names born the same day are never matched this way; the unmatched items
 *     carry `note: 'name-dob-ambiguous'`.
 * Names are folded only where needed (the fallback's candidates and the reported items), so a
 * month where 1 % changed does not fold a million names.
 * Two rows of one import that share a personal id or a school id are one person twice: the later
 * row is rejected with `duplicate-in-import`.
 */
import { idText, type FieldValue, type RecordRow } from '../../io/record.js';
import { detach } from '../../io/detach.js';
import { foldKey } from '../../schema/fold.js';
import { hasCanonicalJson, sameValue } from './canonical.js';
import {
  DUPLICATE_IN_IMPORT,
  type ImportPlan,
  type IncomingRecord,
  type PlanChange,
  type PlanEntity,
  type PlanInput,
  type PlanItem,
  type PlanMove,
  type PlanNote,
  type PlanRejected,
  type PlanUpdate,
  type PreviousRecord,
  type SnapshotEntry,
} from './types.js';

/** The field holding the school's own id of a person. */
export const SCHOOL_PERSON_ID_FIELD: Record<PlanEntity, 'studentId' | 'staffId'> = { student: 'studentId', teacher: 'staffId' };

/** Fields never compared: STT (the row's position in the list) shifts whenever someone joins or leaves. */
export const IGNORED_FIELDS: ReadonlySet<string> = new Set(['sortOrder']);

const PERSONAL_ID = /^\d{12}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

interface Incoming {
  index: number;
  rec: RecordRow;
  codes: string[];
  pid: string | null;
  sid: string | null;
  /** Folded full name (foldKey), computed on first use (undefined = not yet). */
  folded?: string | null;
  classId: string | null;
  duplicate: Incoming | null;
  match: Previous | null;
  note?: PlanNote;
  /** Its values have exactly the matched previous record's canonical JSON (the common case). */
  sameJson?: boolean;
}

/** The codes of a row without any: shared by most rows, never changed in place. */
const NO_CODES: string[] = [];

interface Previous {
  rec: PreviousRecord;
  pid: string | null;
  sid: string | null;
  folded?: string | null;
  classId: string | null;
  match: Incoming | null;
  note?: PlanNote;
}

/** An identifier as text: trimmed, empty → null (io/record.ts, shared with the row count of check/group-count.ts). */
export { idText };

/** A usable mã định danh: exactly 12 digits. */
function validPersonalId(v: string | null | undefined): string | null {
  return v !== null && v !== undefined && PERSONAL_ID.test(v) ? v : null;
}

/** Folded full name + ISO date of birth, or null when either is missing or unreadable. */
export function nameDobKey(fullName: FieldValue | undefined, dateOfBirth: FieldValue | undefined): string | null {
  return dobKey(foldName(fullName), dateOfBirth);
}

function foldName(fullName: FieldValue | undefined): string | null {
  if (typeof fullName !== 'string') return null;
  const name = foldKey(fullName);
  return name === '' ? null : name;
}

function dobKey(folded: string | null, dateOfBirth: FieldValue | undefined): string | null {
  if (folded === null || typeof dateOfBirth !== 'string' || !ISO_DATE.test(dateOfBirth)) return null;
  return `${folded}|${dateOfBirth}`;
}

/** A full name as written, for telling apart names that fold alike: NFC, lower case, single spaces. */
function exactName(v: FieldValue | undefined): string {
  return typeof v === 'string' ? v.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim() : '';
}

/** Groups by key; items whose key is null are left out. */
function groupBy<T>(items: T[], key: (item: T) => string | null): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    const list = m.get(k);
    if (list) list.push(item);
    else m.set(k, [item]);
  }
  return m;
}

/** A row's value unless it could not be read (an unreadable date or id is no identity key). */
function readable(rec: RecordRow, field: string): FieldValue | undefined {
  return rec.problems[field] ? undefined : rec.values[field];
}

/** The folded full name of a row or previous record, computed once. */
function folded(item: Incoming | Previous): string | null {
  if (item.folded === undefined) item.folded = foldName('index' in item ? readable(item.rec, 'fullName') : item.rec.values['fullName']);
  return item.folded;
}

function conflicts(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a !== b;
}

export function planImport(input: PlanInput): ImportPlan {
  const { entity } = input;
  const sidField = SCHOOL_PERSON_ID_FIELD[entity];

  const previous: Previous[] = [...input.previous]
    .sort((a, b) => a.personId - b.personId)
    .map((rec) => ({
      rec,
      pid: validPersonalId(rec.identifiers.personalId ?? idText(rec.values['personalId'])),
      sid: idText(rec.identifiers[sidField]) ?? idText(rec.values[sidField]),
      classId: rec.classId ?? idText(rec.values['classId']),
      match: null,
    }));

  const incoming: Incoming[] = input.incoming.map((inc: IncomingRecord, index) => {
    const rec = inc.record;
    if (rec.entity !== entity) throw new Error(`planImport(${entity}): row ${rec.file}:${rec.row} is a ${rec.entity} record`);
    const v = rec.values;
    return {
      index,
      rec,
      codes: inc.blocking.length === 0 ? NO_CODES : [...new Set(inc.blocking)],
      pid: validPersonalId(idText(readable(rec, 'personalId'))),
      sid: idText(readable(rec, sidField)),
      classId: idText(v['classId']),
      duplicate: null,
      match: null,
    };
  });

  // One person twice in this import: the later row is rejected.
  const seenPid = new Map<string, Incoming>();
  const seenSid = new Map<string, Incoming>();
  for (const inc of incoming) {
    const first = (inc.pid !== null ? seenPid.get(inc.pid) : undefined) ?? (inc.sid !== null ? seenSid.get(inc.sid) : undefined);
    if (first) {
      inc.duplicate = first;
      if (inc.codes === NO_CODES) inc.codes = [DUPLICATE_IN_IMPORT];
      else inc.codes.push(DUPLICATE_IN_IMPORT);
      continue;
    }
    if (inc.pid !== null) seenPid.set(inc.pid, inc);
    if (inc.sid !== null) seenSid.set(inc.sid, inc);
  }
  const candidates = incoming.filter((i) => i.duplicate === null);

  const link = (i: Incoming, p: Previous): void => {
    i.match = p;
    p.match = i;
  };
  /** First previous record by key; the rare further ones (a store holding one id twice) aside. */
  const indexBy = (from: Previous[], key: (p: Previous) => string | null) => {
    const first = new Map<string, Previous>();
    const more = new Map<string, Previous[]>();
    for (const p of from) {
      const k = key(p);
      if (k === null) continue;
      if (!first.has(k)) first.set(k, p);
      else more.set(k, [...(more.get(k) ?? []), p]);
    }
    return (k: string, ok: (p: Previous) => boolean): Previous | undefined => {
      const p = first.get(k);
      if (p === undefined) return undefined;
      if (ok(p)) return p;
      return more.get(k)?.find(ok);
    };
  };

  // 1. mã định danh
  const byPid = indexBy(previous, (p) => p.pid);
  for (const i of candidates) {
    if (i.pid === null) continue;
    const p = byPid(i.pid, (c) => c.match === null);
    if (p) link(i, p);
  }

  // 2. the school's own id, among those still unmatched
  const openIns = previous.length === 0 ? [] : candidates.filter((i) => i.match === null && i.sid !== null);
  if (openIns.length > 0) {
    const bySid = indexBy(
      previous.filter((p) => p.match === null),
      (p) => p.sid,
    );
    for (const i of openIns) {
      const p = bySid(i.sid!, (c) => c.match === null && !conflicts(c.pid, i.pid));
      if (p) link(i, p);
    }
  }

  // 3. name + date of birth, once on each side among the records still unmatched
  const openPrevs = previous.filter((p) => p.match === null);
  const stillOpen = openPrevs.length === 0 ? [] : candidates.filter((i) => i.match === null);
  const prevByKey = stillOpen.length === 0 ? new Map<string, Previous[]>() : groupBy(openPrevs, (p) => dobKey(folded(p), p.rec.values['dateOfBirth']));
  const inByKey = prevByKey.size === 0 ? new Map<string, Incoming[]>() : groupBy(stillOpen, (i) => dobKey(folded(i), readable(i.rec, 'dateOfBirth')));
  for (const [key, ins] of inByKey) {
    const prevs = prevByKey.get(key);
    if (!prevs) continue;
    if (ins.length === 1 && prevs.length === 1) {
      const i = ins[0]!;
      const p = prevs[0]!;
      if (!conflicts(i.pid, p.pid) && !conflicts(i.sid, p.sid)) link(i, p);
      continue;
    }
    // The folded key is shared (Lê Ngọc Anh and Lê Ngọc Ánh, twins born the same day, fold
    // alike): the name as written — diacritics kept, case and spacing ignored — may still tell
    // them apart, under the same rule: once on each side, or not at all.
    const exactPrevs = groupBy(prevs, (p) => exactName(p.rec.values['fullName']));
    const exactIns = groupBy(ins, (i) => exactName(i.rec.values['fullName']));
    for (const [name, group] of exactIns) {
      const other = exactPrevs.get(name);
      if (group.length !== 1 || other?.length !== 1) continue;
      const i = group[0]!;
      const p = other[0]!;
      if (i.match === null && p.match === null && !conflicts(i.pid, p.pid) && !conflicts(i.sid, p.sid)) link(i, p);
    }
    for (const i of ins) if (i.match === null) i.note = 'name-dob-ambiguous';
    for (const p of prevs) if (p.match === null) p.note = 'name-dob-ambiguous';
  }

  // Classify.
  const news: Array<{ item: PlanItem; inc: Incoming }> = [];
  const updated: Array<{ item: PlanUpdate; inc: Incoming }> = [];
  const moved: Array<{ item: PlanMove; inc: Incoming }> = [];
  const unchanged: Incoming[] = [];
  const rejected: Array<{ item: PlanRejected; inc: Incoming }> = [];

  for (const inc of incoming) {
    if (inc.codes.length > 0) {
      const item: PlanRejected = { ...itemOf(inc, sidField), codes: inc.codes };
      if (inc.match) item.personId = inc.match.rec.personId;
      if (inc.duplicate) item.duplicateOf = sourceOf(inc.duplicate.rec);
      rejected.push({ item, inc });
      continue;
    }
    const prev = inc.match;
    if (!prev) {
      news.push({ item: itemOf(inc, sidField), inc });
      continue;
    }
    const personId = prev.rec.personId;
    // Most months most rows are the stored text again: no need to read the previous values.
    if (prev.rec.valuesJson !== undefined && hasCanonicalJson(inc.rec.values, prev.rec.valuesJson)) {
      unchanged.push(inc);
      inc.sameJson = true;
      continue;
    }
    const changes = compare(prev.rec, inc.rec);
    const fromClass = prev.classId;
    const classGiven = inc.rec.values['classId'] !== undefined;
    const toClass = inc.classId;
    if (classGiven && toClass !== fromClass) {
      moved.push({ item: { ...itemOf(inc, sidField), personId, fromClass, toClass: detach(toClass), changes }, inc });
    } else if (changes.length > 0) {
      updated.push({ item: { ...itemOf(inc, sidField), personId, changes }, inc });
    } else {
      unchanged.push(inc);
    }
  }

  const order = new Order([...incoming.map((i) => i.classId), ...previous.map((p) => p.classId)]);
  const byRow = <T extends { inc: Incoming }>(list: T[]): T[] => list.sort((a, b) => order.incoming(a.inc, b.inc));
  byRow(news);
  byRow(updated);
  byRow(moved);
  byRow(rejected);

  for (const n of news) n.item.personId = input.nextPersonId();

  const leftPrevs = previous.filter((p) => p.match === null).sort((a, b) => order.previous(a, b));
  const left: PlanItem[] = leftPrevs.map((p) => {
    const item: PlanItem = {
      personId: p.rec.personId,
      schoolPersonId: p.sid,
      personalId: p.rec.identifiers.personalId ?? idText(p.rec.values['personalId']),
    };
    if (typeof p.rec.values['fullName'] === 'string') item.fullName = p.rec.values['fullName'];
    item.classId = p.classId;
    if (p.note) item.note = p.note;
    return item;
  });

  const snapshot: SnapshotEntry[] = [];
  for (const n of news) snapshot.push({ kind: 'new', personId: n.item.personId!, record: n.inc.rec });
  for (const u of updated) snapshot.push({ kind: 'updated', personId: u.item.personId!, record: u.inc.rec, previous: u.inc.match!.rec });
  for (const m of moved) snapshot.push({ kind: 'moved', personId: m.item.personId!, record: m.inc.rec, previous: m.inc.match!.rec });
  for (const u of unchanged) {
    const entry: SnapshotEntry = { kind: 'unchanged', personId: u.match!.rec.personId, record: u.rec, previous: u.match!.rec };
    if (u.sameJson === true) entry.sameJson = true;
    snapshot.push(entry);
  }
  for (const r of rejected) if (r.inc.match) snapshot.push({ kind: 'kept', personId: r.inc.match.rec.personId, previous: r.inc.match.rec });

  return {
    school: input.school,
    period: input.period,
    entity,
    new: news.map((n) => n.item),
    updated: updated.map((u) => u.item),
    moved: moved.map((m) => m.item),
    left,
    rejected: rejected.map((r) => r.item),
    unchanged: unchanged.length,
    snapshot,
  };
}

/** Field-by-field differences; fields absent from the row (column not in the file) are not compared. */
function compare(prev: PreviousRecord, rec: RecordRow): PlanChange[] {
  const changes: PlanChange[] = [];
  for (const field of Object.keys(rec.values)) {
    if (field === 'classId' || IGNORED_FIELDS.has(field)) continue;
    const now = rec.values[field];
    if (now === undefined) continue;
    const old = prev.values[field];
    if (!sameValue(old, now)) changes.push({ field, old: old ?? null, new: detach(now) });
  }
  return changes;
}

function sourceOf(rec: RecordRow): { file: string; sheet?: string; row: number } {
  const source: { file: string; sheet?: string; row: number } = { file: rec.file, row: rec.row };
  if (rec.sheet !== undefined) source.sheet = rec.sheet;
  return source;
}

/**
 * A row as a plan item. Its texts are detached from the CSV chunk they were read from (io/detach.ts):
 * the plan outlives the records, and a few thousand items must not keep the whole file in memory.
 */
function itemOf(inc: Incoming, sidField: string): PlanItem {
  const v = inc.rec.values;
  const item: PlanItem = {
    schoolPersonId: detach(idText(v[sidField])),
    personalId: detach(idText(v['personalId'])),
  };
  if (typeof v['fullName'] === 'string') item.fullName = detach(v['fullName']);
  if (v['classId'] !== undefined) item.classId = detach(idText(v['classId']));
  item.source = sourceOf(inc.rec);
  if (inc.note) item.note = inc.note;
  return item;
}

// ── Order: by class (6A2 before 6A10), then name (Vietnamese lists sort by given name, then the
//    whole name), then file, sheet and row. Plain code-unit comparisons of folded text, so the
//    order does not depend on the ICU data of the machine.

const DIGITS = /(\d+)/;

export function compareClass(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const pa = a.toUpperCase().split(DIGITS);
  const pb = b.toUpperCase().split(DIGITS);
  for (let k = 0; k < Math.min(pa.length, pb.length); k++) {
    const x = pa[k]!;
    const y = pb[k]!;
    if (x === y) continue;
    if (k % 2 === 1) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
    }
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length || (a < b ? -1 : a > b ? 1 : 0);
}

function givenName(folded: string | null): string {
  return folded === null ? '\uffff' : folded.slice(folded.lastIndexOf(' ') + 1);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Ordering with keys computed once per item (a million rows must not fold names in a comparator). */
class Order {
  private readonly rank = new Map<string, number>();
  constructor(classes: Array<string | null>) {
    const distinct = [...new Set(classes.filter((c): c is string => c !== null))].sort(compareClass);
    distinct.forEach((c, k) => this.rank.set(c, k));
  }

  private classRank(c: string | null): number {
    return c === null ? Number.MAX_SAFE_INTEGER : (this.rank.get(c) ?? Number.MAX_SAFE_INTEGER);
  }

  /** By class, then (as Vietnamese lists do) by given name — the last word — then the whole name. */
  private byClassName(a: Incoming | Previous, b: Incoming | Previous): number {
    const c = this.classRank(a.classId) - this.classRank(b.classId);
    if (c !== 0) return c;
    const fa = folded(a);
    const fb = folded(b);
    return cmp(givenName(fa), givenName(fb)) || cmp(fa ?? '\uffff', fb ?? '\uffff');
  }

  incoming(a: Incoming, b: Incoming): number {
    return (
      this.byClassName(a, b) ||
      cmp(a.rec.file, b.rec.file) ||
      cmp(a.rec.sheet ?? '', b.rec.sheet ?? '') ||
      a.rec.row - b.rec.row ||
      a.index - b.index
    );
  }

  previous(a: Previous, b: Previous): number {
    return this.byClassName(a, b) || a.rec.personId - b.rec.personId;
  }
}
