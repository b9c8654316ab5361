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
  // A cell test reads the form's own counts, not a record field.
  return into;
}

/** A school's own count in a cell of the form being built (null = blocked or not counted). */
export type CellLookup = (school: string, sheet: string, row: string, column: string) => number | null;

export function compile(p: Predicate | undefined, refs: Record<string, Predicate>, referenceYear: number, cell?: CellLookup): Test {
  if (!p) return () => true;
  if ('cell' in p) {
    if (!cell) throw new Error('a cell test needs the form being built');
    const { sheet, row, column } = p.cell;
    const { min, max } = p;
    return (r) => {
      const v = cell(r.school, sheet, row, column);
      return v !== null && (min === undefined || v >= min) && (max === undefined || v <= max);
    };
  }
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
    const tests = p.all.map((q) => compile(q, refs, referenceYear, cell));
    return (r) => tests.every((t) => t(r));
  }
  if ('any' in p) {
    const tests = p.any.map((q) => compile(q, refs, referenceYear, cell));
    return (r) => tests.some((t) => t(r));
  }
  if ('not' in p) {
    const t = compile(p.not, refs, referenceYear, cell);
    return (r) => !t(r);
  }
  if ('ref' in p) {
    const target = refs[p.ref];
    if (!target) throw new Error(`unknown predicate ${p.ref}`);
    return compile(target, refs, referenceYear, cell);
  }
  const { min, max } = p.age;
  return (r) => {
    if (r.birthYear === null) return false;
    const age = referenceYear - r.birthYear;
    return (min === undefined || age >= min) && (max === undefined || age <= max);
  };
}
