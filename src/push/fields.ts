/**
 * Which fields leave the machine (Law 91/2025/QH15, Decree 356/2025/NĐ-CP; csdl-integration.md
 * §3.3 "minimise by default"). Fields marked `"sensitive": true` in schemas/entities/*.json
 * (ethnicity, religion, disability, health…) are sent only when the target's `fields` list names
 * them, and so are those marked `"optIn": true` (parents, guardians, detailed addresses). With a
 * `fields` list, only those fields go, plus the keys a record needs to be placed (school, class,
 * student, staff, term). The mã định danh is not opt-in here: it is the key the national database
 * files every person under. The rule is src/privacy/fields.ts's; this module adapts it to push's
 * records.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectFields as decideFields } from '../privacy/fields.js';

/** What this module needs of a schema field. */
export interface FieldFlags {
  key: string;
  sensitive?: boolean | undefined;
  optIn?: boolean | undefined;
}

const ENTITIES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas', 'entities');

/**
 * The field keys and sensitive flags of one entity, read straight from schemas/entities/<entity>.json:
 * the full schema loader validates every schema, code list and rule set (a quarter of a second), and
 * push only needs these flags — every crash-resumed run pays that start-up again.
 */
export function entityFieldFlags(entity: string): FieldFlags[] {
  try {
    const file = JSON.parse(readFileSync(join(ENTITIES_DIR, `${entity}.json`), 'utf8')) as { fields?: Array<{ key?: unknown; sensitive?: unknown; optIn?: unknown }> };
    return (file.fields ?? []).filter((f) => typeof f.key === 'string').map((f) => ({ key: f.key as string, sensitive: f.sensitive === true, optIn: f.optIn === true }));
  } catch {
    return [];
  }
}

/** Keys every record of its entity needs so the server can place it; always sent. */
const STRUCTURAL = new Set(['schoolId', 'classId', 'studentId', 'staffId', 'term']);

export interface FieldSelection {
  /** Keep these keys of a record's values (absent keys are simply absent). */
  keep(key: string): boolean;
  /** Sensitive keys this selection lets through (for the plan and the audit row). */
  sensitiveSent: string[];
  /** Opt-in keys (parents, addresses) kept home because no field list names them. */
  optInWithheld: string[];
}

/**
 * The push target's `fields` list is both the school's policy and its sensitive opt-in: the
 * endpoint contract carries every QĐ 4998 field, so a sensitive field goes exactly when the list
 * names it. The decision itself is privacy/fields.ts's, shared with export.
 */
export function selectFields(entityFields: readonly FieldFlags[] | undefined, targetFields: readonly string[] | undefined): FieldSelection {
  const flags = entityFields ?? [];
  const sensitive = flags.filter((f) => f.sensitive).map((f) => f.key);
  const decided = decideFields(
    flags.filter((f) => !STRUCTURAL.has(f.key)).map((f) => ({ field: f.key, sensitive: f.sensitive === true, optIn: f.optIn === true })),
    { configured: targetFields, contractNeeds: sensitive, sensitiveAllowed: targetFields ?? [] },
  );
  const carried = new Set(decided.carried);
  // Keys the schema does not know (none today) follow the same default as before: kept unless a list excludes them.
  const known = new Set(flags.map((f) => f.key));
  const named = targetFields === undefined ? undefined : new Set(targetFields);
  const keep = (key: string): boolean => STRUCTURAL.has(key) || carried.has(key) || (!known.has(key) && (named === undefined || named.has(key)));
  const optInWithheld = decided.dropped.filter((d) => d.reason === 'opt-in').map((d) => d.field).sort();
  return { keep, sensitiveSent: sensitive.filter((k) => carried.has(k)).sort(), optInWithheld };
}

/** The record's values with only the selected keys. */
export function pickValues(values: Readonly<Record<string, unknown>>, selection: FieldSelection): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(values)) if (selection.keep(key)) out[key] = values[key];
  return out;
}
