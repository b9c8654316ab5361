/**
 * What the store says now, as records ready for the wire: per school, its profile and classes
 * (as last imported) and the latest snapshot of teachers, students and results. Each record gets
 * its client_ref (the school's own stable key), its parent references and a row hash of exactly
 * what would be sent, so "changed since the last acknowledged push" is a hash comparison.
 */
import { canonicalJson, sha256Hex } from '../store/canonical.js';
import { listClasses, listSchools } from '../store/schools.js';
import { listSnapshots, snapshotRecords } from '../store/snapshots.js';
import type { Store } from '../store/types.js';
import { schoolYearOf, type Kind, type WireRecord } from './contract.js';
import { entityFieldFlags, pickValues, selectFields, type FieldSelection } from './fields.js';

export interface SourceRecord {
  kind: Kind;
  schoolId: string;
  schoolYear: string;
  recordKey: string;
  rowHash: string;
  wire: WireRecord;
}

export interface SourceReadout {
  records: SourceRecord[];
  /** Records skipped because their key repeats within a school and kind (first one kept). */
  duplicateKeys: number;
  /** Every field key that would be sent. */
  fields: string[];
  sensitiveSent: string[];
  /** Opt-in fields (parents, addresses) kept home: no targets[].fields list names them. */
  optInWithheld: string[];
}

const SNAPSHOT_KINDS: Array<[string, Kind]> = [
  ['teacher', 'giao_vien'],
  ['student', 'hoc_sinh'],
  ['result', 'ket_qua_hoc_tap'],
];

function clean(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== '') out[k] = v;
  return out;
}

export function readSource(store: Store, options: { targetFields?: readonly string[] | undefined; school?: string | undefined; today?: string }): SourceReadout {
  const selections = new Map<string, FieldSelection>();
  const selection = (entity: string): FieldSelection => {
    let s = selections.get(entity);
    if (s === undefined) {
      s = selectFields(entityFieldFlags(entity), options.targetFields);
      selections.set(entity, s);
    }
    return s;
  };
  const records: SourceRecord[] = [];
  const fields = new Set<string>();
  let duplicateKeys = 0;
  const seen = new Set<string>();
  const add = (kind: Kind, schoolId: string, schoolYear: string, recordKey: string, entity: string, values: Record<string, unknown>, ref?: WireRecord['tham_chieu']): void => {
    const id = `${kind}\u0000${schoolId}\u0000${recordKey}`;
    if (seen.has(id)) {
      duplicateKeys++;
      return;
    }
    seen.add(id);
    const du_lieu = pickValues(clean(values), selection(entity));
    for (const k of Object.keys(du_lieu)) fields.add(k);
    const wire: WireRecord = ref === undefined ? { client_ref: recordKey, du_lieu } : { client_ref: recordKey, tham_chieu: ref, du_lieu };
    records.push({ kind, schoolId, schoolYear, recordKey, rowHash: sha256Hex(canonicalJson(wire)), wire });
  };
  const snapshots = listSnapshots(store, options.school);
  const latest = new Map<string, (typeof snapshots)[number]>();
  const yearOf = new Map<string, string>();
  for (const s of snapshots) {
    const k = `${s.schoolId}\u0000${s.entity}`;
    const prev = latest.get(k);
    if (prev === undefined || prev.period < s.period) latest.set(k, s);
    const y = schoolYearOf(s.period);
    if ((yearOf.get(s.schoolId) ?? '') < y) yearOf.set(s.schoolId, y);
  }
  const fallbackYear = schoolYearOf((options.today ?? new Date().toISOString()).slice(0, 7));
  const schools = listSchools(store).filter((s) => options.school === undefined || s.schoolId === options.school);
  const schoolIds = new Set([...schools.map((s) => s.schoolId), ...snapshots.map((s) => s.schoolId)]);
  for (const schoolId of [...schoolIds].sort()) {
    const year = yearOf.get(schoolId) ?? fallbackYear;
    const school = schools.find((s) => s.schoolId === schoolId);
    add('truong', schoolId, year, schoolId, 'school', {
      schoolId,
      name: school?.name,
      provinceCode: school?.provinceCode,
      districtCode: school?.districtCode,
      communeCode: school?.communeCode,
    });
    for (const c of listClasses(store, schoolId)) {
      add('lop', schoolId, year, c.classId, 'class', { schoolId, classId: c.classId, name: c.name, gradeCode: c.gradeCode, homeroomTeacherId: c.homeroomTeacherId });
    }
    for (const [entity, kind] of SNAPSHOT_KINDS) {
      const snap = latest.get(`${schoolId}\u0000${entity}`);
      if (snap === undefined) continue;
      for (const r of snapshotRecords(store, snap.id)) {
        if (kind === 'hoc_sinh') add(kind, schoolId, year, r.recordKey, entity, r.values, { ma_lop: String(r.classId ?? r.values.classId ?? '') });
        else if (kind === 'ket_qua_hoc_tap') add(kind, schoolId, year, r.recordKey, entity, r.values, { hoc_sinh: String(r.values.studentId ?? r.recordKey) });
        else add(kind, schoolId, year, r.recordKey, entity, r.values);
      }
    }
  }
  const sensitiveSent = [...new Set([...selections.values()].flatMap((s) => s.sensitiveSent))].sort();
  const optInWithheld = [...new Set([...selections.values()].flatMap((s) => s.optInWithheld))].sort();
  return { records, duplicateKeys, fields: [...fields].sort(), sensitiveSent, optInWithheld };
}
