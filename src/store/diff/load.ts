/**
 * `edusync diff --from P1 --to P2 [--school ID] [--entity student|teacher]`: for every school (or
 * the one asked for) and person entity it has snapshots of, the newest snapshot at or before each
 * period (`findLastSnapshot`), diffed. A school with no snapshot on one side is listed with
 * `missing` set (and empty lists), never skipped.
 *
 * Snapshot entities are stored by name ('students'/'teachers' as the store's tests write them, or
 * 'student'/'teacher' as the import plan names them): both spellings count as the same entity.
 */
import { findLastSnapshot, listSnapshots, snapshotRecords } from '../snapshots.js';
import { readTransaction } from '../internal.js';
import type { SnapshotRow, Store } from '../types.js';
import { diffSnapshots } from './diff.js';
import { toSnapshotRef, type DiffEntity, type DiffQuery, type DiffReport, type SchoolDiff, type SnapshotRecord } from './types.js';

const ENTITY_NAMES: Record<DiffEntity, readonly string[]> = {
  student: ['students', 'student'],
  teacher: ['teachers', 'teacher'],
};

/** The person entity a stored snapshot entity name stands for (undefined: not a person entity). */
export function personEntityOf(stored: string): DiffEntity | undefined {
  const name = stored.toLowerCase();
  if (ENTITY_NAMES.student.includes(name)) return 'student';
  if (ENTITY_NAMES.teacher.includes(name)) return 'teacher';
  return undefined;
}

/** The newest snapshot of any spelling of `entity` at or before `period`. */
function newestAtOrBefore(store: Store, schoolId: string, names: readonly string[], period: string): SnapshotRow | undefined {
  let best: SnapshotRow | undefined;
  for (const name of names) {
    const s = findLastSnapshot(store, schoolId, name, period);
    if (s !== undefined && (best === undefined || s.period > best.period || (s.period === best.period && s.id > best.id))) best = s;
  }
  return best;
}

function records(store: Store, snapshot: SnapshotRow): SnapshotRecord[] {
  const out: SnapshotRecord[] = [];
  for (const r of snapshotRecords(store, snapshot.id)) {
    out.push({ personId: r.personId, recordKey: r.recordKey, classId: r.classId, values: r.values, valuesJson: r.valuesJson });
  }
  return out;
}

export function loadDiff(store: Store, query: DiffQuery): DiffReport {
  // One read transaction: every school is seen at the same version of the database.
  return readTransaction(store, () => {
    const wanted = query.entity === undefined ? (['student', 'teacher'] as const) : ([query.entity] as const);
    const pairs = new Map<string, Set<DiffEntity>>();
    for (const s of listSnapshots(store, query.schoolId)) {
      const entity = personEntityOf(s.entity);
      if (entity === undefined || !(wanted as readonly DiffEntity[]).includes(entity)) continue;
      let set = pairs.get(s.schoolId);
      if (set === undefined) pairs.set(s.schoolId, (set = new Set()));
      set.add(entity);
    }
    // The school asked for is listed even when it has no snapshot at all.
    if (query.schoolId !== undefined && !pairs.has(query.schoolId)) pairs.set(query.schoolId, new Set(wanted));

    const schools: SchoolDiff[] = [];
    for (const schoolId of [...pairs.keys()].sort()) {
      for (const entity of (['student', 'teacher'] as const).filter((e) => pairs.get(schoolId)!.has(e))) {
        const names = ENTITY_NAMES[entity];
        const a = newestAtOrBefore(store, schoolId, names, query.from);
        const b = newestAtOrBefore(store, schoolId, names, query.to);
        const base = {
          schoolId,
          entity,
          fromSnapshot: a === undefined ? null : toSnapshotRef(a),
          toSnapshot: b === undefined ? null : toSnapshotRef(b),
        };
        if (a === undefined || b === undefined) {
          const missing = a === undefined && b === undefined ? 'both' : a === undefined ? 'from' : 'to';
          schools.push({ ...base, missing, new: [], updated: [], moved: [], left: [], unchanged: 0 });
          continue;
        }
        const to = records(store, b);
        const diff = a.id === b.id ? { new: [], updated: [], moved: [], left: [], unchanged: to.length } : diffSnapshots(records(store, a), to, { schoolId, entity });
        schools.push({ ...base, missing: null, ...diff });
      }
    }
    return { from: query.from, to: query.to, schools };
  });
}
