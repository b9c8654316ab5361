import * as crypto from 'node:crypto';

/**
 * Canonical JSON: object keys sorted (by UTF-16 code unit order), `undefined` members dropped,
 * no whitespace. Two records with equal values give equal strings, whatever order their fields
 * were read in. Dates become their ISO string and non-finite numbers null, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
    const flat = flatObject(value as Record<string, unknown>);
    if (flat !== undefined) return flat;
  }
  return JSON.stringify(sortKeys(value));
}

/** The common case, a record of primitive values, without building a sorted copy. */
function flatObject(obj: Record<string, unknown>): string | undefined {
  const keys = Object.keys(obj).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const v = obj[key];
    if (v === undefined) continue;
    let text: string;
    if (typeof v === 'string') text = JSON.stringify(v);
    else if (typeof v === 'number') text = Number.isFinite(v) ? String(v) : 'null';
    else if (typeof v === 'boolean' || v === null) text = String(v);
    else return undefined;
    out += (first ? '' : ',') + JSON.stringify(key) + ':' + text;
    first = false;
  }
  return out + '}';
}

function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortKeys(v)));
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}

// crypto.hash (node ≥ 20.12) is a one-shot digest, faster than createHash for short inputs.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

export function sha256Hex(text: string): string {
  return oneShot !== undefined ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}
