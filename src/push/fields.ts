/**
 * Which fields leave the machine (Law 91/2025/QH15, Decree 356/2025/NĐ-CP; csdl-integration.md
 * §3.3 "minimise by default"). Fields marked `"sensitive": true` in schemas/entities/*.json
 * (ethnicity, religion, disability, health…) are sent only when the target's `fields` list names
 * them. With a `fields` list, only those fields go, plus the keys a record needs to be placed
 * (school, class, student, staff, term). One small module on purpose: the lead folds it into the
 * general src/privacy/fields.ts.
 */
import type { Field } from '../schema/format.js';

/** Keys every record of its entity needs so the server can place it; always sent. */
const STRUCTURAL = new Set(['schoolId', 'classId', 'studentId', 'staffId', 'term']);

export interface FieldSelection {
  /** Keep these keys of a record's values (absent keys are simply absent). */
  keep(key: string): boolean;
  /** Sensitive keys this selection lets through (for the plan and the audit row). */
  sensitiveSent: string[];
}

export function selectFields(entityFields: readonly Field[] | undefined, targetFields: readonly string[] | undefined): FieldSelection {
  const sensitive = new Set((entityFields ?? []).filter((f) => f.sensitive).map((f) => f.key));
  const named = targetFields === undefined ? undefined : new Set(targetFields);
  const keep = (key: string): boolean => {
    if (STRUCTURAL.has(key)) return true;
    if (named !== undefined) return named.has(key);
    return !sensitive.has(key);
  };
  return { keep, sensitiveSent: [...sensitive].filter((k) => named?.has(k) === true).sort() };
}

/** The record's values with only the selected keys. */
export function pickValues(values: Readonly<Record<string, unknown>>, selection: FieldSelection): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(values)) if (selection.keep(key)) out[key] = values[key];
  return out;
}
