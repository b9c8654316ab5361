import { ExitCode, UsageError } from '../../errors.js';
import type { EntitySchema } from '../../schema/format.js';
import { validateFiles } from '../../check/pipeline.js';
import { formatText } from '../../check/formatters/text.js';
import { formatJson } from '../../check/formatters/json.js';
import type { CliContext } from '../context.js';
import { createProgress, emit } from '../output.js';

export interface ValidateCliOptions {
  format: 'text' | 'json' | 'xlsx';
  out?: string;
  sheet?: string;
  entity?: EntitySchema['entity'];
  ruleSet?: string;
  maxFindings?: number;
  today?: string;
}

export async function runValidate(paths: string[], options: ValidateCliOptions, ctx: CliContext): Promise<ExitCode> {
  if (options.format === 'xlsx' && !options.out) {
    throw new UsageError({
      vi: '--format xlsx cần --out TỆP.xlsx (sổ lỗi là tệp Excel, không in ra màn hình).',
      en: '--format xlsx needs --out FILE.xlsx (the error workbook is an Excel file, not screen output).',
    });
  }
  const progress = createProgress(ctx);
  const nf = new Intl.NumberFormat(ctx.locale === 'vi' ? 'vi-VN' : 'en-US');
  const report = await validateFiles(paths, {
    sheet: options.sheet,
    entity: options.entity,
    ruleSet: options.ruleSet,
    maxFindings: options.maxFindings,
    today: options.today,
    onProgress: (p) => progress.update(ctx.t.progress(p.fileIndex + 1, p.fileCount, p.file, nf.format(p.records))),
  });
  progress.done();

  if (options.format === 'json') {
    await emit(ctx, formatJson(report, ctx.locale), options.out);
  } else if (options.format === 'xlsx') {
    const { writeErrorWorkbook } = await import('../../check/formatters/xlsx.js');
    await writeErrorWorkbook(report, options.out!, { locale: ctx.locale });
    // The summary still goes to the screen so the officer sees the outcome without opening Excel.
    await emit(ctx, formatText(report, { locale: ctx.locale }), undefined);
  } else {
    await emit(ctx, formatText(report, { locale: ctx.locale }), options.out);
  }

  // Unreadable files also go to stderr: under cron, stdout may be a file nobody reads.
  for (const u of report.unreadable) ctx.stderr.write(`edusync: ${u.message[ctx.locale]}\n`);
  if (report.unreadable.length > 0) return ExitCode.Input;
  return report.stats.errors > 0 ? ExitCode.Findings : ExitCode.Ok;
}
