/**
 * The cell language of the forms: a predicate over one record's canonical fields (plus `age`,
 * the GSO age: reference year − birth year), compiled to a JS test over a row of the count cube.
 * Values compare as text, with booleans as "1"/"0", since SQLite's json_extract turns JSON
 * true/false into 1/0 and codes are text in the store.
 */
import type { Predicate } from './definitions.js';

/** A group of identical records: its dimension values (by field) and how many records it stands for. */
export interface CubeRow {
  school: string;
  values: Record<string, string | null>;
  birthYear: number | null;
  n: number;
}

export type Test = (row: CubeRow) => boolean;

export function valueText(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (v === true) return '1';
  if (v === false) return '0';
  return String(v);
}

/** The record fields a predicate reads (after resolving refs); `age` reads dateOfBirth. */
export function fieldsOf(p: Predicate | undefined, refs: Record<string, Predicate>, into = new Set<string>()): Set<string> {
  if (!p) return into;
  if ('field' in p) into.add(p.field);
  else if ('all' in p) p.all.forEach((q) => fieldsOf(q, refs, into));
  else if ('any' in p) p.any.forEach((q) => fieldsOf(q, refs, into));
  else if ('not' in p) fieldsOf(p.not, refs, into);
  else if ('ref' in p) fieldsOf(refs[p.ref], refs, into);
  else if ('age' in p) into.add('dateOfBirth');
  return into;
}

export function compile(p: Predicate | undefined, refs: Record<string, Predicate>, referenceYear: number): Test {
  if (!p) return () => true;
  if ('field' in p) {
    const f = p.field;
    if (p.isNull !== undefined) {
      const want = p.isNull;
      return (r) => (r.values[f] == null) === want;
    }
    if (p.eq !== undefined) {
      const want = valueText(p.eq);
      return (r) => r.values[f] === want;
    }
    if (p.in !== undefined) {
      const set = new Set(p.in.map(valueText));
      return (r) => r.values[f] != null && set.has(r.values[f] ?? null);
    }
    const set = new Set((p.notIn ?? []).map(valueText));
    // A missing value is "not in" any list: an unknown status is counted as present, not dropped.
    return (r) => !set.has(r.values[f] ?? null);
  }
  if ('all' in p) {
    const tests = p.all.map((q) => compile(q, refs, referenceYear));
    return (r) => tests.every((t) => t(r));
  }
  if ('any' in p) {
    const tests = p.any.map((q) => compile(q, refs, referenceYear));
    return (r) => tests.some((t) => t(r));
  }
  if ('not' in p) {
    const t = compile(p.not, refs, referenceYear);
    return (r) => !t(r);
  }
  if ('ref' in p) {
    const target = refs[p.ref];
    if (!target) throw new Error(`unknown predicate ${p.ref}`);
    return compile(target, refs, referenceYear);
  }
  const { min, max } = p.age;
  return (r) => {
    if (r.birthYear === null) return false;
    const age = referenceYear - r.birthYear;
    return (min === undefined || age >= min) && (max === undefined || age <= max);
  };
}
