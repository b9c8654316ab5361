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

/**
 * Key order and quoted keys of the last object shape: the records of one table share their
 * fields in one order, so a million records sort and quote 21 keys once, not a million times.
 */
let shapeKeys: string[] = [];
let shapeOrder: string[] = [];
let shapeQuoted: string[] = [];

function sameKeys(keys: string[]): boolean {
  if (keys.length !== shapeKeys.length) return false;
  for (let i = 0; i < keys.length; i++) if (keys[i] !== shapeKeys[i]) return false;
  return true;
}

function useShape(obj: Record<string, unknown>): void {
  const keys = Object.keys(obj);
  if (sameKeys(keys)) return;
  shapeKeys = keys;
  shapeOrder = [...keys].sort();
  shapeQuoted = shapeOrder.map((key) => `${JSON.stringify(key)}:`);
}

/** The common case, a record of primitive values, without building a sorted copy. */
function flatObject(obj: Record<string, unknown>): string | undefined {
  useShape(obj);
  const order = shapeOrder;
  const quoted = shapeQuoted;
  let out = '{';
  for (let i = 0; i < order.length; i++) {
    const v = obj[order[i]!];
    if (v === undefined) continue;
    let text: string;
    if (typeof v === 'string') text = JSON.stringify(v);
    else if (typeof v === 'number') text = Number.isFinite(v) ? String(v) : 'null';
    else if (typeof v === 'boolean' || v === null) text = String(v);
    else return undefined;
    out += (out.length === 1 ? '' : ',') + quoted[i]! + text;
  }
  return out + '}';
}

/** Characters JSON.stringify escapes in a string (quote, backslash, controls; surrogates, paired or not, to be safe). */
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * Whether `canonicalJson(obj) === json`, read member by member off `json` without building the
 * string: an import compares a million rows with their stored text, and most are equal.
 */
export function equalsCanonicalJson(obj: Record<string, unknown>, json: string): boolean {
  useShape(obj);
  const order = shapeOrder;
  const quoted = shapeQuoted;
  if (json.charCodeAt(0) !== 123) return false;
  let pos = 1;
  for (let i = 0; i < order.length; i++) {
    const v = obj[order[i]!];
    if (v === undefined) continue;
    if (pos > 1) {
      if (json.charCodeAt(pos) !== 44) return false;
      pos++;
    }
    const key = quoted[i]!;
    if (!json.startsWith(key, pos)) return false;
    pos += key.length;
    let text: string;
    if (typeof v === 'string') {
      if (!ESCAPED.test(v)) {
        // Nothing to escape: the JSON text is the string between quotes.
        if (json.charCodeAt(pos) !== 34 || !json.startsWith(v, pos + 1) || json.charCodeAt(pos + 1 + v.length) !== 34) return false;
        pos += v.length + 2;
        continue;
      }
      text = JSON.stringify(v);
    } else if (typeof v === 'number') text = Number.isFinite(v) ? String(v) : 'null';
    else if (typeof v === 'boolean' || v === null) text = String(v);
    else return canonicalJson(obj) === json;
    if (!json.startsWith(text, pos)) return false;
    pos += text.length;
  }
  return pos === json.length - 1 && json.charCodeAt(pos) === 125;
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
