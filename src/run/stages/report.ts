/**
 * `run`'s report stage: the TT24/TT25 report of the run's period (or the configured one) from the
 * store, written to the configured folder in each configured format, and kept in the store when the
 * run applies. The files hold counts per school and unit, no personal data.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ExitCode, type Locale } from '../../errors.js';
import type { ResolvedConfig } from '../../config/load.js';
import { loadReportDefinitions } from '../../report/definitions.js';
import { parsePeriod, reportPeriodFor } from '../../report/period.js';
import { errorCount, produceReport, writeReportFile } from '../../report/produce.js';
import { loadUnits } from '../../report/units.js';
import { openStore } from '../../store/db.js';
import type { StageOutcome } from '../pipeline.js';
import { token, type RunLogger } from '../log.js';
import { stageFailure, stageOutcome } from './outcome.js';

export async function reportStage(config: ResolvedConfig, logger: RunLogger, locale: Locale): Promise<StageOutcome> {
  const start = performance.now();
  const cfg = config.stages.report!;
  try {
    const defs = loadReportDefinitions();
    const periodText = cfg.period ?? reportPeriodFor(config.period, defs.regimes);
    if (periodText === undefined) {
      logger.log('warn', 'report', 'no-period', { period: token(config.period) });
      return stageOutcome('report', ExitCode.Ok, start, { reports: 0 });
    }
    if (!existsSync(config.storePath)) {
      // A dry run on a new store: nothing has been imported to count yet.
      logger.log('warn', 'report', 'no-store', {});
      return stageOutcome('report', ExitCode.Ok, start, { reports: 0 });
    }
    const period = parsePeriod(periodText, defs.regimes);
    const store = openStore(config.storePath, { readonly: !config.apply });
    let set;
    try {
      set = produceReport(store, defs, loadUnits(), { period, level: cfg.level, save: config.apply });
    } finally {
      store.close();
    }
    mkdirSync(cfg.outDir, { recursive: true });
    const base = `bao-cao-tt24-${period.schoolYear}-${period.kind}-${cfg.level}`;
    for (const format of cfg.formats) await writeReportFile(set, format, join(cfg.outDir, `${base}.${format}`), locale);
    const errors = errorCount(set);
    const counts = { reports: set.reports.length, schools: set.schools.length, findings: set.findings.length, errors, files: cfg.formats.length };
    logger.log(errors > 0 ? 'warn' : 'info', 'report', 'done', { period: token(period.id), unitLevel: token(cfg.level), saved: config.apply, ...counts });
    return stageOutcome('report', errors > 0 ? ExitCode.Findings : ExitCode.Ok, start, counts);
  } catch (error) {
    return stageFailure('report', error, start, logger);
  }
}
