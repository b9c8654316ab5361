import { createRequire } from 'node:module';
import { ExitCode } from '../../errors.js';
import type { EntitySchema } from '../../schema/format.js';
import { loadSchemas } from '../../schema/load.js';
import { importFiles } from '../../store/import.js';
import { formatPlanText, planToJson } from '../../store/plan/index.js';
import { formatText } from '../../check/formatters/text.js';
import type { CliContext } from '../context.js';
import { createProgress, emit } from '../output.js';

const pkg = createRequire(import.meta.url)('../../../package.json') as { version: string };

export interface ImportCliOptions {
  db: string;
  period?: string;
  school?: string;
  apply?: boolean;
  format: 'text' | 'json';
  out?: string;
  sheet?: string;
  entity?: EntitySchema['entity'];
  ruleSet?: string;
  today?: string;
}

export async function runImport(paths: string[], options: ImportCliOptions, ctx: CliContext): Promise<ExitCode> {
  const progress = createProgress(ctx);
  const nf = new Intl.NumberFormat(ctx.locale === 'vi' ? 'vi-VN' : 'en-US');
  const result = await importFiles(paths, {
    dbPath: options.db,
    period: options.period,
    school: options.school,
    apply: options.apply ?? false,
    sheet: options.sheet,
    entity: options.entity,
    ruleSet: options.ruleSet,
    today: options.today,
    toolVersion: pkg.version,
    onProgress: (p) => progress.update(ctx.t.progress(p.fileIndex + 1, p.fileCount, p.file, nf.format(p.records))),
  });
  progress.done();

  if (options.format === 'json') {
    const json = {
      period: result.period,
      applied: result.applied,
      runId: result.runId,
      validation: { valid: result.report.valid, ruleSet: result.report.ruleSet, stats: result.report.stats, unreadable: result.report.unreadable },
      plans: result.plans.map(planToJson),
    };
    await emit(ctx, `${JSON.stringify(json, null, 2)}\n`, options.out);
  } else {
    const labels = fieldLabels();
    const parts = [formatText(result.report, { locale: ctx.locale, examples: 3 })];
    for (const plan of result.plans) parts.push(formatPlanText(plan, ctx.locale, { labels, maxItems: 50 }));
    parts.push(footer(ctx, result.applied, result.plans.length));
    await emit(ctx, parts.join('\n'), options.out);
  }
  for (const u of result.report.unreadable) ctx.stderr.write(`edusync: ${u.message[ctx.locale]}\n`);
  return result.exitCode;
}

function fieldLabels(): Record<string, { vi: string; en: string }> {
  const labels: Record<string, { vi: string; en: string }> = {};
  for (const entity of loadSchemas().entities.values()) {
    for (const f of entity.schema.fields) labels[f.key] ??= { vi: f.label, en: f.labelEn };
  }
  return labels;
}

function footer(ctx: CliContext, applied: boolean, plans: number): string {
  if (plans === 0) {
    return ctx.locale === 'vi' ? 'Không có danh sách học sinh hay giáo viên nào để nhập.\n' : 'No student or teacher list to import.\n';
  }
  if (applied) return ctx.locale === 'vi' ? 'Đã ghi vào cơ sở dữ liệu (--apply).\n' : 'Written to the database (--apply).\n';
  return ctx.locale === 'vi'
    ? 'Chưa ghi gì: đây là kế hoạch. Chạy lại với --apply để ghi.\n'
    : 'Nothing written: this is the plan. Run again with --apply to write it.\n';
}
