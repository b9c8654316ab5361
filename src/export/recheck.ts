/**
 * "Validated records" at export time: the stored records go through the rule engine again, with
 * the rule set of the export's day. Rows with error-level findings never reach the store on import
 * (import rejects them), but a record kept from an earlier month, a rule set that changed since, or
 * a duplicate across months can still carry one — and the portal would refuse it.
 */
import type { Finding } from '../check/finding.js';
import { createEngine } from '../check/engine.js';
import type { FieldValue, RecordRow, Repair, ValueProblem } from '../io/record.js';
import { levelOfGrade } from '../io/records.js';
import { selectRuleSet, type LoadedSchemas } from '../schema/load.js';
import type { EntityName } from '../rules/utils/values.js';
import type { SnapshotRecordRow } from '../store/types.js';

const NO_PROBLEMS: Record<string, ValueProblem> = Object.freeze({}) as Record<string, ValueProblem>;
const NO_REPAIRS: Repair[] = Object.freeze([]) as unknown as Repair[];
const NO_COLUMNS: Readonly<Record<string, string>> = Object.freeze({});

export interface RecheckGroup {
  /** A name unique among the groups (findings are matched back by it and the row number). */
  key: string;
  entity: EntityName;
  records: readonly SnapshotRecordRow[];
}

export interface RecheckOptions {
  schemas: LoadedSchemas;
  /** School year or a date inside it; default `today`. */
  ruleSet?: string | undefined;
  today: string;
}

/** Error-level codes per record: group key → record index → codes (sorted, distinct). */
export function recheckRecords(groups: readonly RecheckGroup[], options: RecheckOptions): Map<string, Map<number, string[]>> {
  const ruleSet = selectRuleSet(options.schemas, options.ruleSet ?? options.today);
  const engine = createEngine({ schemas: options.schemas, ruleSet, today: options.today });
  for (const g of groups) {
    g.records.forEach((r, i) => {
      const values = r.values as Record<string, FieldValue>;
      const row: RecordRow = {
        entity: g.entity,
        file: g.key,
        row: i + 1,
        level: levelOfGrade(values.gradeCode ?? null),
        values,
        problems: NO_PROBLEMS,
        repairs: NO_REPAIRS,
        columns: NO_COLUMNS,
      };
      engine.record(row);
    });
  }
  return byRecord(engine.finish());
}

function byRecord(findings: readonly Finding[]): Map<string, Map<number, string[]>> {
  const out = new Map<string, Map<number, string[]>>();
  for (const f of findings) {
    if (f.severity !== 'error' || f.row === undefined) continue;
    let group = out.get(f.file);
    if (group === undefined) out.set(f.file, (group = new Map()));
    const index = f.row - 1;
    const codes = group.get(index);
    if (codes === undefined) group.set(index, [f.code]);
    else if (!codes.includes(f.code)) codes.push(f.code);
  }
  for (const group of out.values()) for (const codes of group.values()) codes.sort();
  return out;
}
