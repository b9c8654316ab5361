/**
 * Consistency checks on a computed report, as findings with stable codes (RP-…): the equations
 * each form declares between its cells (totals, subgroups, the end-of-year flow, students per
 * class), and what the aggregation itself saw (schools missing from a unit, schools it could not
 * place). Messages come from schemas/reports/checks.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Locale } from '../errors.js';
import { defaultSchemasDir } from '../schema/load.js';
import type { Form, FormCheck } from './definitions.js';
import type { Placement, ReportLevel, Unit } from './units.js';

export interface ReportFinding {
  code: string;
  severity: 'error' | 'warning';
  form?: string | undefined;
  unit?: string | undefined;
  sheet?: string | undefined;
  data: Record<string, string | number>;
}

type Grid = Array<Array<number | null>>;
interface Checked {
  form: Form;
  unit: Unit;
  sheets: Record<string, Grid>;
}

const Text = z.object({ vi: z.string(), en: z.string() });
const Catalogue = z.object({
  codes: z.record(z.string(), z.object({ id: z.string(), severity: z.enum(['error', 'warning']), basis: z.string(), title: Text, docs: Text, message: Text })),
  problems: z.record(z.string(), Text),
}).passthrough();
export type CheckCatalogue = z.infer<typeof Catalogue>;

let catalogue: CheckCatalogue | undefined;
export function checkCatalogue(schemasDir = defaultSchemasDir()): CheckCatalogue {
  catalogue ??= Catalogue.parse(JSON.parse(readFileSync(join(schemasDir, 'reports', 'checks.json'), 'utf8')));
  return catalogue;
}

const severityOf = (code: string): 'error' | 'warning' => checkCatalogue().codes[code]?.severity ?? 'error';

function cellFinding(code: string, rep: Checked, sheet: string, data: ReportFinding['data']): ReportFinding {
  return { code, severity: severityOf(code), form: rep.form.id, unit: rep.unit.code, sheet, data };
}

function linear(check: Exclude<FormCheck, { kind: 'ratio' }>, rep: Checked): ReportFinding[] {
  const sheet = rep.form.sheets.find((s) => s.id === check.sheet)!;
  const grid = rep.sheets[check.sheet]!;
  const out: ReportFinding[] = [];
  const lines = check.axis === 'rows' ? sheet.rows : sheet.columns;
  const across = check.axis === 'rows' ? sheet.columns : sheet.rows;
  const index = new Map(lines.map((l, i) => [l.code, i]));
  const value = (line: number, k: number): number | null => (check.axis === 'rows' ? grid[line]?.[k] : grid[k]?.[line]) ?? null;
  const side = (terms: string[], k: number): number | null => {
    let total = 0;
    for (const t of terms) {
      const v = value(index.get(t.replace(/^-/, ''))!, k);
      if (v === null) return null;
      total += t.startsWith('-') ? -v : v;
    }
    return total;
  };
  across.forEach((a, k) => {
    const left = side(check.left, k);
    const right = side(check.right, k);
    if (left === null || right === null) return;
    const bad = check.relation === 'eq' ? left !== right : left > right;
    if (bad) {
      const note = check.note ?? `${check.left.join('+')} ${check.relation === 'eq' ? '=' : '≤'} ${check.right.join('+')}`;
      out.push(cellFinding(check.code, rep, check.sheet, { note, left, right, at: a.code }));
    }
  });
  return out;
}

function cell(rep: Checked, ref: { sheet: string; row: string; column: string }): number | null {
  const sheet = rep.form.sheets.find((s) => s.id === ref.sheet)!;
  const r = sheet.rows.findIndex((x) => x.code === ref.row);
  const c = sheet.columns.findIndex((x) => x.code === ref.column);
  return rep.sheets[ref.sheet]?.[r]?.[c] ?? null;
}

export function checkReport(rep: Checked): ReportFinding[] {
  const out: ReportFinding[] = [];
  for (const check of rep.form.checks) {
    if (check.kind !== 'ratio') {
      out.push(...linear(check, rep));
      continue;
    }
    const students = cell(rep, check.numerator);
    const classes = cell(rep, check.denominator);
    if (students === null || classes === null) continue;
    const bad = classes === 0 ? students > 0 : students / classes < check.min || students / classes > check.max;
    if (bad) out.push(cellFinding(check.code, rep, check.numerator.sheet, { note: check.note ?? '', students, classes, min: check.min, max: check.max }));
  }
  return out;
}

/** RP-006 for schools of a unit that sent nothing; RP-007 for schools placed with a problem. */
export function structuralFindings(
  missing: Array<{ school: string; unit: Unit }>,
  placed: Array<{ school: string; placement: Placement }>,
  level: ReportLevel,
): ReportFinding[] {
  const out: ReportFinding[] = missing.map((m) => ({ code: 'RP-006', severity: severityOf('RP-006'), unit: m.unit.code, data: { school: m.school, unit: `${m.unit.code} ${m.unit.name}` } }));
  for (const { school, placement } of placed) {
    const relevant = placement.problems.filter((p) => (level === 'province' ? p === 'no-province' : true));
    const unit = level === 'commune' ? placement.middle : placement.province;
    for (const problem of relevant) {
      out.push({ code: 'RP-007', severity: severityOf('RP-007'), unit: unit?.code ?? '?', data: { school, problem, unit: unit ? `${unit.code} ${unit.name}` : '?' } });
    }
  }
  return out;
}

export function findingText(f: ReportFinding, locale: Locale): string {
  const cat = checkCatalogue();
  const entry = cat.codes[f.code];
  const data: Record<string, string | number> = { ...f.data };
  if (typeof data.problem === 'string') data.problem = cat.problems[data.problem]?.[locale] ?? data.problem;
  const template = entry?.message[locale] ?? f.code;
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(data[k] ?? ''));
}
