/** The machine form of a report: every cell as `{ form, unit, rowCode, column, value }` (docs/report-tt24.md). */
import type { FormReport, ReportSet } from './aggregate.js';
import { findingText } from './checks.js';
import type { Locale } from '../errors.js';

export interface ReportCell {
  /** Form code under the period's regime, e.g. "02-TH-ĐN". */
  form: string;
  /** Unit code: school id, district (Phòng) or commune code, province code; "?" = unplaced. */
  unit: string;
  rowCode: string;
  column: string;
  /** null = a blocked cell (nothing to count there) or a row edusync cannot count (see `source`). */
  value: number | null;
  /** Only on rows of the official form that the store cannot fill: "not-in-store" or "not-derived". */
  source?: string;
}

export function formCells(rep: FormReport): ReportCell[] {
  const out: ReportCell[] = [];
  for (const sheet of rep.form.sheets) {
    const grid = rep.sheets[sheet.id]!;
    sheet.rows.forEach((r, i) =>
      sheet.columns.forEach((c, j) => {
        const cell: ReportCell = { form: rep.formCode, unit: rep.unit.code, rowCode: r.code, column: c.code, value: grid[i]![j] ?? null };
        if (r.source) cell.source = r.source;
        out.push(cell);
      }),
    );
  }
  return out;
}

export function reportJson(set: ReportSet, locale: Locale): unknown {
  return {
    format: 'edusync-report/1',
    period: set.period.id,
    referenceDate: set.period.referenceDate,
    regime: set.period.regime.id,
    level: set.level,
    scheme: set.scheme,
    regrouped: set.regrouped,
    forms: [...new Map(set.reports.map((r) => [r.formCode, { code: r.formCode, id: r.form.id, title: r.form.title, subtitle: r.form.subtitle }])).values()],
    units: [...new Map(set.reports.map((r) => [r.unit.code, { code: r.unit.code, name: r.unit.name, level: r.unit.level, schools: r.schools.length }])).values()],
    cells: set.reports.flatMap(formCells),
    findings: set.findings.map((f) => ({ ...f, message: findingText(f, locale) })),
  };
}

export function reportCsvRows(set: ReportSet): Array<Array<string | number | null>> {
  const rows: Array<Array<string | number | null>> = [['form', 'unit', 'rowCode', 'column', 'value']];
  for (const c of set.reports.flatMap(formCells)) rows.push([c.form, c.unit, c.rowCode, c.column, c.value]);
  return rows;
}
