/**
 * `report merge`: a Phòng/Sở officer points edusync at a folder of school-level report workbooks
 * (as `report tt24 --format xlsx` writes them) and gets the higher-level report. Each sheet is
 * recognised by its form code ("Biểu số: …"), its sheet title and unit code (row 6) and its
 * letter row ("A B C 1 2 …"); cells are read back by row code and column code. Schools that are
 * inconsistent, sent twice, sent for another period, or expected but missing are listed.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openXlsxFile } from '../io/xlsx/workbook.js';
import { DEFAULT_LIMITS, type CellValue } from '../io/types.js';
import type { Form, ReportDefinitions } from './definitions.js';
import { addGrid, emptyGrid, type FormReport, type Grid, type ReportSet } from './aggregate.js';
import { checkReport, checkCatalogue, type ReportFinding } from './checks.js';
import type { ReportPeriod } from './period.js';
import type { ReportLevel, Unit } from './units.js';

export interface ReadSheet {
  file: string;
  form: Form;
  formCode: string;
  sheetId: string;
  school: string;
  schoolYear: string | null;
  grid: Grid;
}

const text = (v: CellValue | undefined): string => (typeof v === 'string' ? v.replace(/^'/, '') : typeof v === 'number' ? String(v) : '');

/** The report sheets of one workbook; sheets that are not edusync report sheets are skipped. */
export async function readReportWorkbook(file: string, defs: ReportDefinitions, period: ReportPeriod): Promise<ReadSheet[]> {
  const out: ReadSheet[] = [];
  for (const source of await openXlsxFile(file, undefined, DEFAULT_LIMITS)) {
    const rows: CellValue[][] = [];
    for await (const batch of source.rows) for (const r of batch) rows[r.row] = r.cells;
    const code = (rows[1] ?? []).map(text).find((t) => t.startsWith('Biểu số: '))?.slice('Biểu số: '.length).trim();
    const form = code ? defs.forms.find((f) => Object.values(f.codes).includes(code)) : undefined;
    const title = text(rows[6]?.[0]);
    const sheet = form?.sheets.find((s) => title.startsWith(`${s.title} (`));
    const school = /\(mã đơn vị ([^;)]+);/.exec(title)?.[1];
    if (!form || !sheet || !school || !code) continue;
    const schoolYear = /Năm học (\d{4}-\d{4})/.exec(text(rows[5]?.[0]))?.[1] ?? null;
    const letters = rows.findIndex((r) => r !== undefined && text(r[0]) === 'A' && text(r[1]) === 'B');
    if (letters < 0) continue;
    const columns = (rows[letters] ?? []).slice(3).map(text);
    const grid = emptyGrid(form, sheet.id, period, defs);
    const rowIndex = new Map(sheet.rows.map((r, i) => [r.code, i]));
    for (let n = letters + 1; n < rows.length; n++) {
      const cells = rows[n];
      // The row code (Mã số) is in column C; workbooks of earlier versions had it in column A.
      const i = cells ? (rowIndex.get(text(cells[2])) ?? rowIndex.get(text(cells[0]))) : undefined;
      if (i === undefined || !cells) continue;
      sheet.columns.forEach((c, j) => {
        const v = cells[3 + columns.indexOf(c.code)];
        grid[i]![j] = typeof v === 'number' ? v : text(v) === '×' || grid[i]![j] === null ? null : 0;
      });
    }
    out.push({ file, form, formCode: code, sheetId: sheet.id, school, schoolYear, grid });
  }
  return out;
}

export function reportFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    if (statSync(p).isDirectory()) files.push(...readdirSync(p).filter((f) => f.toLowerCase().endsWith('.xlsx') && !f.startsWith('~$')).sort().map((f) => join(p, f)));
    else files.push(p);
  }
  return files;
}

const severity = (code: string): 'error' | 'warning' => checkCatalogue().codes[code]?.severity ?? 'warning';

/** Sum the school sheets into one unit's report per form, with the schools that could not be used listed. */
export async function mergeReports(
  files: readonly string[],
  defs: ReportDefinitions,
  options: { period: ReportPeriod; level: Exclude<ReportLevel, 'school'>; unit: Unit; expected?: readonly string[] | undefined },
): Promise<ReportSet> {
  const { period, unit } = options;
  const findings: ReportFinding[] = [];
  const bySchool = new Map<string, Map<string, { file: string; form: Form; formCode: string; sheets: Record<string, Grid> }>>();
  const seen = new Set<string>();
  for (const file of files) {
    for (const part of await readReportWorkbook(file, defs, period)) {
      if (part.form.period !== period.kind || (part.schoolYear !== null && part.schoolYear !== period.schoolYear)) {
        if (seen.has(`${part.school}|${file}|period`)) continue;
        seen.add(`${part.school}|${file}|period`);
        findings.push({ code: 'RP-010', severity: severity('RP-010'), unit: part.school, data: { school: part.school, file, period: `${part.schoolYear ?? '?'}/${part.form.period}` } });
        continue;
      }
      const forms = bySchool.get(part.school) ?? new Map();
      bySchool.set(part.school, forms);
      const entry = forms.get(part.form.id) ?? { file, form: part.form, formCode: part.formCode, sheets: {} };
      if (entry.file !== file || entry.sheets[part.sheetId]) {
        if (seen.has(`${part.school}|${file}`)) continue;
        seen.add(`${part.school}|${file}`);
        findings.push({ code: 'RP-009', severity: severity('RP-009'), unit: part.school, data: { school: part.school, file, first: entry.file } });
        continue;
      }
      entry.sheets[part.sheetId] = part.grid;
      forms.set(part.form.id, entry);
    }
  }
  const merged = new Map<string, FormReport>();
  for (const [school, forms] of [...bySchool.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    for (const entry of forms.values()) {
      for (const s of entry.form.sheets) entry.sheets[s.id] ??= emptyGrid(entry.form, s.id, period, defs);
      // A school's own inconsistencies are listed under the school, not only in the sum.
      findings.push(...checkReport({ form: entry.form, unit: { level: 'school', code: school, name: school, scheme: period.scheme }, sheets: entry.sheets }));
      let rep = merged.get(entry.form.id);
      if (!rep) {
        rep = { form: entry.form, formCode: entry.form.codes[period.regime.id] ?? entry.formCode, unit, schools: [], sheets: Object.fromEntries(entry.form.sheets.map((s) => [s.id, emptyGrid(entry.form, s.id, period, defs)])) };
        merged.set(entry.form.id, rep);
      }
      for (const [k, g] of Object.entries(entry.sheets)) addGrid(rep.sheets[k]!, g);
      rep.schools.push(school);
    }
  }
  const reports = [...merged.values()];
  for (const rep of reports) findings.push(...checkReport(rep));
  for (const school of options.expected ?? []) {
    if (!bySchool.has(school)) findings.push({ code: 'RP-006', severity: severity('RP-006'), unit: unit.code, data: { school, unit: `${unit.code} ${unit.name}` } });
  }
  return {
    period,
    level: options.level,
    scheme: period.scheme,
    regrouped: false,
    reports,
    findings,
    schools: [...bySchool.keys()].sort().map((schoolId) => ({ schoolId, name: null, placement: { middle: null, province: null, problems: [] } })),
  };
}
