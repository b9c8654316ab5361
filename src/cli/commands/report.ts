/**
 * `edusync report tt24 --level school|commune|province --period 2025-2026/dau-nam`: builds the
 * statistical forms from the store, checks them, writes text/json/csv/xlsx/html and keeps each
 * computed report in the `reports` table. Exit 1 when a consistency check found an error.
 */
import { existsSync } from 'node:fs';
import { ExitCode, UsageError } from '../../errors.js';
import { formatCsvRow } from '../../io/write-csv.js';
import { openStore } from '../../store/db.js';
import { requireDatabase, resolveDbPath } from '../../store/db-path.js';
import { loadReportDefinitions } from '../../report/definitions.js';
import { parsePeriod } from '../../report/period.js';
import { loadUnits, placeSchool, type ReportLevel } from '../../report/units.js';
import { mergeReports, reportFiles } from '../../report/merge.js';
import { listSchools } from '../../store/schools.js';
import type { ReportSet } from '../../report/aggregate.js';
import { reportCsvRows, reportJson } from '../../report/cells.js';
import { findingText } from '../../report/checks.js';
import { renderHtml } from '../../report/render-html.js';
import { produceReport, writeReportFile } from '../../report/produce.js';
import type { Locale } from '../../errors.js';
import type { CliContext } from '../context.js';
import { emit } from '../output.js';

export interface ReportCliOptions {
  level: ReportLevel;
  period: string;
  regroup?: string;
  form?: string;
  unit?: string;
  unitName?: string;
  snapshot?: string;
  db?: string;
  format: 'text' | 'json' | 'csv' | 'xlsx' | 'html';
  out?: string;
  save: boolean;
}

const LEVEL_VI: Record<ReportLevel, string> = { school: 'trường', commune: 'xã/Phòng', province: 'tỉnh/Sở' };
const list = (s: string | undefined): string[] | undefined => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined);

export function reportText(set: ReportSet, locale: Locale): string {
  const vi = locale === 'vi';
  const lines = [
    vi
      ? `Báo cáo ${set.period.id} (số liệu tại ${set.period.referenceDate}, ${set.period.regime.title}), cấp ${LEVEL_VI[set.level]}, đơn vị ${set.scheme}${set.regrouped ? ' — sắp xếp lại theo đơn vị sau 1/7/2025' : ''}: ${set.schools.length} trường.`
      : `Report ${set.period.id} (data as at ${set.period.referenceDate}, ${set.period.regime.title}), level ${set.level}, units ${set.scheme}${set.regrouped ? ' — re-grouped into the post-2025 units' : ''}: ${set.schools.length} schools.`,
  ];
  for (const rep of set.reports) {
    const totals = rep.form.sheets.map((s) => `${s.title}: ${rep.sheets[s.id]![0]![0] ?? '×'}`).join(' · ');
    lines.push(`  ${rep.formCode} · ${rep.unit.code} ${rep.unit.name} · ${rep.schools.length} ${vi ? 'trường' : 'schools'} · ${totals}`);
  }
  const byCode = new Map<string, number>();
  for (const f of set.findings) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
  if (set.findings.length === 0) lines.push(vi ? 'Kiểm tra tính nhất quán: không có phát hiện.' : 'Consistency checks: no findings.');
  else {
    lines.push(vi ? `Kiểm tra tính nhất quán: ${set.findings.length} phát hiện.` : `Consistency checks: ${set.findings.length} findings.`);
    for (const f of set.findings) lines.push(`  ${f.code} [${f.severity}] ${[f.unit, f.form].filter(Boolean).join(' · ')} ${findingText(f, locale)}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function runReport(kind: string, options: ReportCliOptions, ctx: CliContext, paths: readonly string[] = []): Promise<ExitCode> {
  if (kind !== 'tt24' && kind !== 'merge') {
    throw new UsageError({ vi: `Loại báo cáo không hỗ trợ "${kind}" (tt24 hoặc merge).`, en: `Unsupported report "${kind}" (tt24 or merge).` });
  }
  if (kind === 'merge' && paths.length === 0) {
    throw new UsageError({ vi: 'report merge cần thư mục hoặc tệp báo cáo của các trường.', en: 'report merge needs the folders or workbooks of the schools\' reports.' });
  }
  if (kind === 'merge' && options.level === 'school') {
    throw new UsageError({ vi: 'report merge gộp lên cấp commune hoặc province (--level).', en: 'report merge combines into the commune or province level (--level).' });
  }
  if (options.regroup !== undefined && options.regroup !== '2025') {
    throw new UsageError({ vi: '--regroup chỉ nhận 2025 (đơn vị hành chính từ 1/7/2025).', en: '--regroup only takes 2025 (the units in force from 1 July 2025).' });
  }
  if (options.format === 'xlsx' && (!options.out || options.out === '-')) {
    throw new UsageError({ vi: 'Định dạng xlsx cần --out <tệp>.', en: 'The xlsx format needs --out <file>.' });
  }
  const defs = loadReportDefinitions();
  const period = parsePeriod(options.period, defs.regimes, options.snapshot);
  const path = resolveDbPath(options.db);
  if (kind === 'merge') {
    const set = await mergeFromFiles(paths, defs, period, options, path);
    await writeOutput(set, options, ctx);
    return set.findings.some((f) => f.severity === 'error') ? ExitCode.Findings : ExitCode.Ok;
  }
  requireDatabase(path);
  const store = openStore(path, { readonly: !options.save });
  let set: ReportSet;
  try {
    set = produceReport(store, defs, loadUnits(), {
      period,
      level: options.level,
      regroup2025: options.regroup === '2025',
      forms: list(options.form),
      units: list(options.unit),
      save: options.save,
    });
  } finally {
    store.close();
  }
  await writeOutput(set, options, ctx);
  return set.findings.some((f) => f.severity === 'error') ? ExitCode.Findings : ExitCode.Ok;
}

/** The merged unit's expected schools are those the store (when there is one) places in it. */
async function mergeFromFiles(paths: readonly string[], defs: ReturnType<typeof loadReportDefinitions>, period: ReturnType<typeof parsePeriod>, options: ReportCliOptions, dbPath: string): Promise<ReportSet> {
  const level = options.level as Exclude<ReportLevel, 'school'>;
  const code = list(options.unit)?.[0] ?? 'merged';
  const unit = { level, code, name: options.unitName ?? code, scheme: period.scheme };
  let expected: string[] | undefined;
  if (options.unit && existsSync(dbPath)) {
    const store = openStore(dbPath, { readonly: true });
    try {
      const dir = loadUnits();
      expected = listSchools(store)
        .filter((s) => {
          const p = placeSchool(s, period.scheme, dir);
          return (level === 'commune' ? p.middle : p.province)?.code === code;
        })
        .map((s) => s.schoolId);
    } finally {
      store.close();
    }
  }
  return mergeReports(reportFiles(paths), defs, { period, level, unit, expected });
}

async function writeOutput(set: ReportSet, options: ReportCliOptions, ctx: CliContext): Promise<void> {
  const locale = ctx.locale;
  const toFile = options.out !== undefined && options.out !== '-';
  if (options.format !== 'text' && toFile) await writeReportFile(set, options.format, options.out!, locale);
  else if (options.format === 'csv') await emit(ctx, reportCsvRows(set).map((r) => formatCsvRow(r)).join(''), undefined);
  else if (options.format === 'json') await emit(ctx, `${JSON.stringify(reportJson(set, locale), null, 2)}\n`, undefined);
  else if (options.format === 'html') await emit(ctx, renderHtml(set, locale), undefined);
  else await emit(ctx, reportText(set, locale), options.out);
  if (options.format !== 'text' && options.out && options.out !== '-') {
    // Codes and counts only on stderr: unit and school names stay in the output file.
    const errors = set.findings.filter((f) => f.severity === 'error').length;
    ctx.stderr.write(
      locale === 'vi'
        ? `Đã ghi ${options.out}: ${set.reports.length} biểu, ${set.schools.length} trường, ${set.findings.length} phát hiện (${errors} lỗi).\n`
        : `Wrote ${options.out}: ${set.reports.length} forms, ${set.schools.length} schools, ${set.findings.length} findings (${errors} errors).\n`,
    );
  }
}
