/**
 * What changed between two stored snapshots of one school and entity — pure, no I/O.
 *
 * Persons are matched by their internal `personId`: the import already decided identity (mã định
 * danh, then the school's id, then name + date of birth) and the store keeps one id per person
 * across months, name corrections and class changes. So here:
 *  - only in `to` → new; only in `from` → left;
 *  - a different class → moved (with the other fields that changed);
 *  - other differences → updated, with `{ field, old, new }` per field;
 *  - otherwise unchanged (counted).
 * A record stored without a person id is matched by its record key instead.
 *
 * Fields compared: those present in the later record, except the class (reported as a move) and
 * STT (`sortOrder`, the row's position, which shifts whenever someone joins or leaves). A field
 * the later file did not carry is "not provided", not "erased" — as in the import plan. `null`
 * and absent are the same "no value".
 *
 * Order (deterministic, independent of the machine's locale data): by class (6A2 before 6A10),
 * then given name (the last word, as Vietnamese class lists sort), then the whole name (folded),
 * then the school's id, then the person id.
 */
import { foldKey } from '../../schema/fold.js';
import type { FieldValue } from '../../io/record.js';
import { sameValue } from '../plan/canonical.js';
import { compareClass, IGNORED_FIELDS, SCHOOL_PERSON_ID_FIELD } from '../plan/plan.js';
import type {
  DiffChange,
  DiffItem,
  DiffMove,
  DiffSnapshotsOptions,
  DiffUpdate,
  SnapshotDiff,
  SnapshotRecord,
} from './types.js';

/** Fields not compared as values: the class (a move) and the import plan's ignored fields (STT). */
export const DIFF_IGNORED_FIELDS: ReadonlySet<string> = new Set(['classId', ...IGNORED_FIELDS]);

/** An identifier as text: trimmed, empty → null. */
export function idText(v: unknown): string | null {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v !== 'string') return null;
  const s = v.trim();
  return s === '' ? null : s;
}

function classOf(r: SnapshotRecord): string | null {
  return idText(r.classId) ?? idText(r.values['classId']);
}

function keyOf(r: SnapshotRecord): string {
  return r.personId !== null ? `p${r.personId}` : `k${r.recordKey}`;
}

/** Keys of a side; a key seen again (a store holding one person twice) gets an occurrence suffix. */
function indexSide(records: readonly SnapshotRecord[]): Map<string, SnapshotRecord> {
  const map = new Map<string, SnapshotRecord>();
  const seen = new Map<string, number>();
  for (const r of records) {
    const base = keyOf(r);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    map.set(n === 0 ? base : `${base}#${n}`, r);
  }
  return map;
}

function changesOf(from: SnapshotRecord, to: SnapshotRecord): DiffChange[] {
  const changes: DiffChange[] = [];
  for (const field of Object.keys(to.values).sort()) {
    if (DIFF_IGNORED_FIELDS.has(field)) continue;
    const now = to.values[field];
    if (now === undefined) continue;
    const old = from.values[field];
    if (!sameValue(old as FieldValue | undefined, now as FieldValue | undefined)) changes.push({ field, old: old ?? null, new: now });
  }
  return changes;
}

interface Keyed<T> {
  item: T;
  cls: string | null;
  folded: string;
}

export function diffSnapshots(
  from: readonly SnapshotRecord[],
  to: readonly SnapshotRecord[],
  options: DiffSnapshotsOptions = {},
): SnapshotDiff {
  const before = indexSide(from);
  const after = indexSide(to);

  const item = (r: SnapshotRecord, other?: SnapshotRecord): DiffItem => {
    const v = r.values;
    const o = other?.values;
    const sidField = options.entity !== undefined ? SCHOOL_PERSON_ID_FIELD[options.entity] : undefined;
    const sid =
      sidField !== undefined
        ? (idText(v[sidField]) ?? idText(o?.[sidField]))
        : (idText(v['studentId']) ?? idText(v['staffId']) ?? idText(o?.['studentId']) ?? idText(o?.['staffId']));
    const name = typeof v['fullName'] === 'string' ? v['fullName'] : typeof o?.['fullName'] === 'string' ? o['fullName'] : null;
    return {
      schoolId: options.schoolId ?? idText(v['schoolId']) ?? '',
      personId: r.personId,
      schoolPersonId: sid ?? idText(r.recordKey),
      personalId: idText(v['personalId']) ?? idText(o?.['personalId']),
      fullName: name,
      classId: classOf(r),
    };
  };
  const keyed = <T extends DiffItem>(i: T): Keyed<T> => ({ item: i, cls: i.classId, folded: i.fullName === null ? '' : foldKey(i.fullName) });

  const news: Keyed<DiffItem>[] = [];
  const updated: Keyed<DiffUpdate>[] = [];
  const moved: Keyed<DiffMove>[] = [];
  const left: Keyed<DiffItem>[] = [];
  let unchanged = 0;

  for (const [key, now] of after) {
    const prev = before.get(key);
    if (prev === undefined) {
      news.push(keyed(item(now)));
      continue;
    }
    const fromClass = classOf(prev);
    const toClass = classOf(now);
    const sameValues = prev.valuesJson !== undefined && now.valuesJson !== undefined && prev.valuesJson === now.valuesJson;
    if (fromClass === toClass && sameValues) {
      unchanged++;
      continue;
    }
    const changes = sameValues ? [] : changesOf(prev, now);
    if (fromClass !== toClass) moved.push(keyed({ ...item(now, prev), fromClass, toClass, changes }));
    else if (changes.length > 0) updated.push(keyed({ ...item(now, prev), changes }));
    else unchanged++;
  }
  for (const [key, prev] of before) {
    if (!after.has(key)) left.push(keyed(item(prev)));
  }

  const rank = classRanks([...news, ...updated, ...moved, ...left].map((k) => k.cls));
  const sorted = <T extends DiffItem>(list: Keyed<T>[]): T[] => list.sort((a, b) => compareKeyed(rank, a, b)).map((k) => k.item);
  return { new: sorted(news), updated: sorted(updated), moved: sorted(moved), left: sorted(left), unchanged };
}

// ── Order (class order is the import plan's `compareClass`)

function classRanks(classes: Array<string | null>): Map<string, number> {
  const distinct = [...new Set(classes.filter((c): c is string => c !== null))].sort(compareClass);
  return new Map(distinct.map((c, k) => [c, k]));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function givenName(folded: string): string {
  return folded === '' ? '\uffff' : folded.slice(folded.lastIndexOf(' ') + 1);
}

function compareKeyed(rank: Map<string, number>, a: Keyed<DiffItem>, b: Keyed<DiffItem>): number {
  const ra = a.cls === null ? Number.MAX_SAFE_INTEGER : (rank.get(a.cls) ?? Number.MAX_SAFE_INTEGER);
  const rb = b.cls === null ? Number.MAX_SAFE_INTEGER : (rank.get(b.cls) ?? Number.MAX_SAFE_INTEGER);
  return (
    ra - rb ||
    cmp(givenName(a.folded), givenName(b.folded)) ||
    cmp(a.folded || '\uffff', b.folded || '\uffff') ||
    cmp(a.item.schoolPersonId ?? '\uffff', b.item.schoolPersonId ?? '\uffff') ||
    (a.item.personId ?? Number.MAX_SAFE_INTEGER) - (b.item.personId ?? Number.MAX_SAFE_INTEGER) ||
    cmp(a.item.fullName ?? '', b.item.fullName ?? '')
  );
}
