/**
 * Canonical form of a record's values: one JSON string with the keys sorted, so that two records
 * holding the same values give the same text whatever order their columns came in, and its
 * SHA-256 (`rowHash`) that the store keeps to tell "no change" without reading the values.
 */
import { canonicalJson, equalsCanonicalJson, sha256Hex } from '../canonical.js';
import type { FieldValue } from '../../io/record.js';

/** Values by field key; `undefined` means "not provided" and is left out. */
export type Values = Readonly<Record<string, FieldValue | undefined>>;

/** The store's canonical JSON (keys sorted, `undefined` left out), of a record's values. */
export function canonicalValues(values: Values): string {
  return canonicalJson(values);
}

/** Whether `canonicalValues(values) === json`, without building the text. */
export function hasCanonicalJson(values: Values, json: string): boolean {
  return equalsCanonicalJson(values, json);
}

/** One value as canonical JSON. Non-finite numbers (which JSON cannot hold) become null. */
export function canonicalValue(v: FieldValue | undefined): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(Object.is(v, -0) ? 0 : v) : 'null';
  return JSON.stringify(v);
}

/** SHA-256 (hex) of `canonicalValues(values)`: the `row_hash` the store keeps. */
export function rowHash(values: Values): string {
  return sha256Hex(canonicalJson(values));
}

/** Two values are the same when their canonical JSON is. */
export function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a === 'number' || typeof b === 'number') return canonicalValue(a) === canonicalValue(b);
  // null and undefined (absent) are the same "no value"
  return (a === null || a === undefined) && (b === null || b === undefined);
}
