/**
 * Small, allocation-free helpers the rules share. Rules run on every record (1 M records must pass
 * through every rule in about a second), so these avoid regexes, substrings and objects where a
 * character loop will do.
 */
import type { FieldValue, RecordRow } from '../../io/record.js';
import type { EntitySchema, Field } from '../../schema/format.js';
import type { LoadedSchemas } from '../../schema/load.js';
import { digitsValue } from '../../io/repair/digits.js';

export type EntityName = EntitySchema['entity'];
export const ENTITY_NAMES: readonly EntityName[] = ['school', 'class', 'student', 'teacher', 'result'];

/** True when a field holds nothing: the column exists but the cell is empty (or only spaces). */
export function isBlank(v: FieldValue | undefined): boolean {
  return v === null || (typeof v === 'string' && v.length === 0);
}

/** The value as text, or undefined when absent or empty. */
export function text(v: FieldValue | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v.length === 0 ? undefined : v;
  return String(v);
}

export { isDigits } from '../../io/repair/digits.js';

function d(s: string, i: number): number {
  return s.charCodeAt(i) - 48;
}

/**
 * An ISO date yyyy-mm-dd as the integer yyyymmdd (NaN when not that shape). Full years between
 * two such integers are `Math.floor((later - earlier) / 10000)`.
 */
export function isoToInt(s: FieldValue | undefined): number {
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  const n =
    d(s, 0) * 10_000_000 + d(s, 1) * 1_000_000 + d(s, 2) * 100_000 + d(s, 3) * 10_000 + d(s, 5) * 1000 + d(s, 6) * 100 + d(s, 8) * 10 + d(s, 9);
  return Number.isInteger(n) && n > 0 ? n : NaN;
}

/** Full years from `fromInt` to `toInt` (both yyyymmdd). */
export function yearsBetween(fromInt: number, toInt: number): number {
  return Math.floor((toInt - fromInt) / 10_000);
}

/** yyyymmdd → yyyy */
export function yearOf(dateInt: number): number {
  return Math.floor(dateInt / 10_000);
}

/** Today's local date as yyyy-mm-dd. */
export function todayIso(now: Date = new Date()): string {
  const m = now.getMonth() + 1;
  const day = now.getDate();
  return `${now.getFullYear()}-${m < 10 ? '0' : ''}${m}-${day < 10 ? '0' : ''}${day}`;
}

/** The year a school year starts in, for a day inside it (school years start in August or September). */
export function schoolYearStart(referenceInt: number): number {
  const year = yearOf(referenceInt);
  const month = Math.floor(referenceInt / 100) % 100;
  return month >= 8 ? year : year - 1;
}

/**
 * Per-entity precomputation: `compute` runs once per entity (lazily, on its first record), so a
 * rule's record hook only does an array walk.
 */
export function perEntity<T>(schemas: LoadedSchemas, compute: (entity: EntityName, fields: Map<string, Field> | undefined) => T): (entity: EntityName) => T {
  const cache = new Map<EntityName, T>();
  let lastEntity: EntityName | undefined;
  let lastValue: T | undefined;
  return (entity) => {
    // Records come table by table: the entity almost never changes between two calls.
    if (entity === lastEntity) return lastValue as T;
    let v = cache.get(entity);
    if (v === undefined && !cache.has(entity)) {
      v = compute(entity, schemas.entities.get(entity)?.fieldsByKey);
      cache.set(entity, v);
    }
    lastEntity = entity;
    lastValue = v;
    return v as T;
  };
}

/** Fields of an entity that satisfy `pick`, or an empty list when the entity has no schema. */
export function fieldsWhere(fields: Map<string, Field> | undefined, pick: (f: Field) => boolean): Field[] {
  if (!fields) return [];
  const out: Field[] = [];
  for (const f of fields.values()) if (pick(f)) out.push(f);
  return out;
}

/** Read a numeric option with a default. */
export function numberOption(options: Record<string, unknown>, name: string, fallback: number): number {
  const v = options[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** Read a string-list option with a default. */
export function stringListOption(options: Record<string, unknown>, name: string, fallback: readonly string[]): readonly string[] {
  const v = options[name];
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : fallback;
}

/** Lower-case mapping for code points below U+2000 (covers every Vietnamese letter), built once. */
const LOWER = (() => {
  const table = new Uint16Array(0x2000);
  for (let c = 0; c < 0x2000; c++) {
    const lower = String.fromCharCode(c).toLowerCase();
    table[c] = lower.length === 1 ? lower.charCodeAt(0) : c;
  }
  return table;
})();

/** 32-bit FNV-1a hash of a string, lower-cased (compact person fingerprints for duplicate checks). */
export function hashLower(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h ^= c < 0x2000 ? LOWER[c]! : c;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A digit-only identifier of at most 14 digits as one exact number (digits × 16 + length, so
 * "0123" and "123" differ), or -1. Lets duplicate checks hash numbers instead of strings.
 */
export function digitKey(s: string): number {
  const n = digitsValue(s, 14);
  return n < 0 ? -1 : n * 16 + s.length;
}

export function recordHas(record: RecordRow, field: string): boolean {
  return record.values[field] !== undefined;
}
