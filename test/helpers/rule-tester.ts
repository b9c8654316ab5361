/**
 * Table-driven rule tests (modelled on ESLint's RuleTester, cli-codebases §1 and §6.8):
 *
 *   ruleTester.run(rule, {
 *     valid: [{ values: { personalId: '001206012345', genderCode: '1' } }],
 *     invalid: [{ record: { values: { personalId: '003206012345' } }, errors: [{ messageId: 'unknownProvince', field: 'personalId' }] }],
 *   });
 *
 * Each case runs through the real engine with only that rule on (plus the rule set's options for
 * it unless the case gives its own), so severity capping, message ids and field labels behave as
 * in production. Valid cases must produce no finding of the rule; invalid cases must produce
 * exactly the listed findings, in order. Every message of every finding is rendered in vi and en
 * to catch missing placeholders.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/check/finding.js';
import { createEngine } from '../../src/check/engine.js';
import { renderFinding } from '../../src/check/render.js';
import type { FieldValue, RecordRow, Repair, ValueProblem } from '../../src/io/record.js';
import type { Level, RuleSet, Severity } from '../../src/schema/format.js';
import { loadSchemas, type LoadedSchemas } from '../../src/schema/load.js';
import type { RuleModule } from '../../src/rules/types.js';
import { columnLetter } from '../../src/io/types.js';

export interface RecordRowPartial {
  entity?: RecordRow['entity'];
  file?: string;
  sheet?: string;
  row?: number;
  level?: Level;
  values: Record<string, FieldValue>;
  problems?: Record<string, ValueProblem>;
  repairs?: Repair[];
  columns?: Record<string, string>;
}

export interface CaseSettings {
  /** Rule options (replace the rule set's options for this rule). */
  options?: Record<string, unknown>;
  /** Severity the rule set gives the rule (default: the rule's default). */
  configured?: Severity;
  referenceDate?: string;
  today?: string;
  /** A name for the test (default: the values as JSON). */
  name?: string;
}

export type ValidCase = RecordRowPartial | (CaseSettings & { records: RecordRowPartial[] });

export interface ExpectedError {
  messageId: string;
  field?: string;
  severity?: Severity;
  row?: number;
  file?: string;
  data?: Record<string, string | number>;
}

export type InvalidCase = CaseSettings & {
  errors: ExpectedError[];
} & ({ record: RecordRowPartial; records?: never } | { records: RecordRowPartial[]; record?: never });

export interface RuleTestCases {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

export const TEST_TODAY = '2025-10-15';

let schemasCache: LoadedSchemas | undefined;
export function testSchemas(): LoadedSchemas {
  schemasCache ??= loadSchemas();
  return schemasCache;
}

export function testRuleSet(): RuleSet {
  const set = testSchemas().ruleSets.get('2025-2026');
  if (!set) throw new Error('rule set 2025-2026 missing');
  return set;
}

/** A RecordRow with defaults: first entity of the rule (student for '*'), file "test.xlsx", columns A, B, C… in value order. */
export function buildRecord(partial: RecordRowPartial, defaults: { entity: RecordRow['entity']; row: number }): RecordRow {
  const columns: Record<string, string> = {};
  Object.keys(partial.values).forEach((key, i) => {
    columns[key] = columnLetter(i);
  });
  return {
    entity: partial.entity ?? defaults.entity,
    file: partial.file ?? 'test.xlsx',
    sheet: partial.sheet,
    row: partial.row ?? defaults.row,
    level: partial.level,
    values: partial.values,
    problems: partial.problems ?? {},
    repairs: partial.repairs ?? [],
    columns: partial.columns ?? columns,
  };
}

function isSettings(c: ValidCase): c is CaseSettings & { records: RecordRowPartial[] } {
  return Array.isArray((c as { records?: unknown }).records);
}

/** Run records through the engine with only `rule` on; returns the rule's findings. */
export function runRule(rule: RuleModule, records: RecordRowPartial[], settings: CaseSettings = {}): Finding[] {
  const base = testRuleSet();
  const ruleSet: RuleSet = {
    ...base,
    rules: settings.configured ? { [rule.meta.code]: settings.configured } : {},
    options: settings.options ? { [rule.meta.code]: settings.options } : { ...base.options },
  };
  const engine = createEngine({
    schemas: testSchemas(),
    ruleSet,
    rules: [rule],
    today: settings.today ?? TEST_TODAY,
    ...(settings.referenceDate !== undefined ? { referenceDate: settings.referenceDate } : {}),
  });
  const first = rule.meta.entities[0];
  const entity: RecordRow['entity'] = first === undefined || first === '*' ? 'student' : first;
  records.forEach((partial, i) => engine.record(buildRecord(partial, { entity, row: i + 2 })));
  const findings = engine.finish().filter((f) => f.code === rule.meta.code);
  for (const f of findings) {
    for (const locale of ['vi', 'en'] as const) {
      const text = renderFinding(f, locale);
      expect(text, `unfilled placeholder in ${f.code}/${f.messageId} (${locale}): ${text}`).not.toMatch(/\{\{/);
    }
  }
  return findings;
}

function caseName(records: RecordRowPartial[], name?: string): string {
  if (name) return name;
  const text = records.map((r) => JSON.stringify(r.values)).join(' + ');
  return text.length > 140 ? `${text.slice(0, 137)}...` : text;
}

export const ruleTester = {
  run(rule: RuleModule, cases: RuleTestCases): void {
    describe(`${rule.meta.code} ${rule.meta.id}`, () => {
      const names = new Set<string>();
      const unique = (n: string): string => {
        let out = n;
        for (let i = 2; names.has(out); i++) out = `${n} (${i})`;
        names.add(out);
        return out;
      };
      describe('valid', () => {
        for (const c of cases.valid) {
          const records = isSettings(c) ? c.records : [c];
          const settings: CaseSettings = isSettings(c) ? c : {};
          it(unique(caseName(records, settings.name)), () => {
            const findings = runRule(rule, records, settings);
            expect(findings.map((f) => `${f.messageId} ${f.field ?? ''} row ${f.row ?? ''}`)).toEqual([]);
          });
        }
      });
      describe('invalid', () => {
        for (const c of cases.invalid) {
          const records = c.records ?? (c.record ? [c.record] : []);
          it(unique(caseName(records, c.name)), () => {
            expect(c.errors.length, 'an invalid case must list its errors').toBeGreaterThan(0);
            const findings = runRule(rule, records, c);
            expect(findings.length, `findings: ${JSON.stringify(findings.map((f) => [f.messageId, f.field, f.row]))}`).toBe(c.errors.length);
            c.errors.forEach((want, i) => {
              const got = findings[i]!;
              expect(got.messageId).toBe(want.messageId);
              expect(Object.keys(rule.meta.messages)).toContain(got.messageId);
              if (want.field !== undefined) expect(got.field).toBe(want.field);
              if (want.severity !== undefined) expect(got.severity).toBe(want.severity);
              if (want.row !== undefined) expect(got.row).toBe(want.row);
              if (want.file !== undefined) expect(got.file).toBe(want.file);
              if (want.data !== undefined) expect(got.data).toMatchObject(want.data);
            });
          });
        }
      });
    });
  },
};
