/**
 * Canonical form of a record's values: one JSON string with the keys sorted, so that two records
 * holding the same values give the same text whatever order their columns came in, and its
 * SHA-256 (`rowHash`) that the store keeps to tell "no change" without reading the values.
 */
import { createHash } from 'node:crypto';
import type { FieldValue } from '../../io/record.js';

/** Values by field key; `undefined` means "not provided" and is left out. */
export type Values = Readonly<Record<string, FieldValue | undefined>>;

export function canonicalValues(values: Values): string {
  const keys = Object.keys(values).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const v = values[key];
    if (v === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += JSON.stringify(key) + ':' + canonicalValue(v);
  }
  return out + '}';
}

/** One value as canonical JSON. Non-finite numbers (which JSON cannot hold) become null. */
export function canonicalValue(v: FieldValue | undefined): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(Object.is(v, -0) ? 0 : v) : 'null';
  return JSON.stringify(v);
}

/** SHA-256 (hex) of `canonicalValues(values)`. */
export function rowHash(values: Values): string {
  return createHash('sha256').update(canonicalValues(values), 'utf8').digest('hex');
}

/** Two values are the same when their canonical JSON is. */
export function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a === 'number' || typeof b === 'number') return canonicalValue(a) === canonicalValue(b);
  // null and undefined (absent) are the same "no value"
  return (a === null || a === undefined) && (b === null || b === undefined);
}
