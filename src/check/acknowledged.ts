/**
 * Matching warnings against stored acknowledgements (`edusync ack`, migration 8). The key of a
 * finding is its code, its subject (school and person key, set by the engine on findings about a
 * student or teacher row), its field and a hash of its offending value: the same warning about the
 * same person next month matches, the same code with a changed value does not. Only warnings are
 * ever matched — an error blocks submission whatever anyone wrote about it.
 */
import { createHash } from 'node:crypto';
import type { Finding, FindingAck } from './finding.js';

/** Active acknowledgements by `ackKey`. */
export type AckIndex = ReadonlyMap<string, FindingAck>;

/** The first 16 hex digits of the SHA-256 of a finding's value (NFC text as read), or null without one. */
export function valueHash(value: string | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  return createHash('sha256').update(value.normalize('NFC'), 'utf8').digest('hex').slice(0, 16);
}

export interface AckKeyParts {
  code: string;
  school: string;
  subject: string;
  field: string | null;
  valueHash: string | null;
}

export function ackKey(k: AckKeyParts): string {
  return [k.code, k.school, k.subject, k.field ?? '', k.valueHash ?? ''].join('\u0000');
}

/** The key parts of a finding that may be acknowledged: a warning about a person row; otherwise undefined. */
export function ackKeyParts(f: Finding): AckKeyParts | undefined {
  if (f.severity !== 'warning' || f.subject === undefined) return undefined;
  return { code: f.code, school: f.subject.school, subject: f.subject.person, field: f.field ?? null, valueHash: valueHash(f.value) };
}

/** Per index, the code-school-person part of its keys: most warnings have no acknowledgement, and this tells without hashing their value. */
const subjectsOf = new WeakMap<AckIndex, Set<string>>();

function subjects(index: AckIndex): Set<string> {
  let set = subjectsOf.get(index);
  if (set === undefined) {
    set = new Set<string>();
    for (const key of index.keys()) set.add(key.split('\u0000', 3).join('\u0000'));
    subjectsOf.set(index, set);
  }
  return set;
}

/**
 * The acknowledgement matching `f`, if any. Findings are only looked up, never changed here: the
 * caller copies the ones that match (a finding may be shared with the engine's list). The value is
 * hashed only for a warning whose code and person have an acknowledgement at all (a file with a
 * million warnings and one acknowledgement hashes a handful, not a million).
 */
export function matchAck(f: Finding, index: AckIndex): FindingAck | undefined {
  if (index.size === 0 || f.severity !== 'warning' || f.subject === undefined) return undefined;
  if (!subjects(index).has(`${f.code}\u0000${f.subject.school}\u0000${f.subject.person}`)) return undefined;
  const parts = ackKeyParts(f);
  return parts === undefined ? undefined : index.get(ackKey(parts));
}
