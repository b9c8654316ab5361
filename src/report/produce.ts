/**
 * Building a report from the store and keeping it, and writing it as a file: what `edusync report
 * tt24` and the report stage of `edusync run` both do.
 */
import type { Locale } from '../errors.js';
import { writeCsvFile } from '../io/write-csv.js';
import { writePrivateFile } from '../io/write-file.js';
import { beginRun, finishRun } from '../store/runs.js';
import { saveReports } from '../store/reports.js';
import type { Store } from '../store/types.js';
import { buildReport, type BuildOptions, type ReportSet } from './aggregate.js';
import { formCells, reportCsvRows, reportJson } from './cells.js';
import type { ReportDefinitions } from './definitions.js';
import { renderHtml } from './render-html.js';
import { writeReportXlsx } from './render-xlsx.js';
import type { UnitDirectory } from './units.js';

/** Builds the report; with `save`, keeps every form of it in the store under a run of its own. */
export function produceReport(store: Store, defs: ReportDefinitions, units: UnitDirectory, options: BuildOptions & { save: boolean }): ReportSet {
  const { save, ...build } = options;
  const runId = save ? beginRun(store, { command: 'report' }) : null;
  const set = buildReport(store, defs, units, build);
  if (runId !== null) {
    const period = build.period;
    saveReports(
      store,
      set.reports.map((rep) => ({
        runId,
        period: period.id,
        regime: period.regime.id,
        form: rep.form.id,
        formCode: rep.formCode,
        level: set.level,
        scheme: set.scheme,
        unitCode: rep.unit.code,
        unitName: rep.unit.name,
        schoolCount: rep.schools.length,
        cells: formCells(rep),
        findings: set.findings.filter((f) => f.form === rep.form.id && f.unit === rep.unit.code),
      })),
    );
    const errors = errorCount(set);
    finishRun(store, runId, { outcome: errors > 0 ? 'findings' : 'ok', exitCode: errors > 0 ? 1 : 0, counts: { reports: set.reports.length, schools: set.schools.length, findings: set.findings.length } });
  }
  return set;
}

export function errorCount(set: ReportSet): number {
  return set.findings.filter((f) => f.severity === 'error').length;
}

export type ReportFileFormat = 'xlsx' | 'csv' | 'json' | 'html';

/** Writes the report to `path` (0600, like every file carrying school data). */
export async function writeReportFile(set: ReportSet, format: ReportFileFormat, path: string, locale: Locale): Promise<void> {
  if (format === 'xlsx') await writeReportXlsx(set, path, locale);
  else if (format === 'csv') await writeCsvFile(path, reportCsvRows(set));
  else if (format === 'json') await writePrivateFile(path, `${JSON.stringify(reportJson(set, locale), null, 2)}\n`);
  else await writePrivateFile(path, renderHtml(set, locale));
}
