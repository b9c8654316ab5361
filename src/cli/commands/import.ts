import { createRequire } from 'node:module';
import { ExitCode } from '../../errors.js';
import type { EntitySchema } from '../../schema/format.js';
import { loadSchemas } from '../../schema/load.js';
import { importFiles, type ImportResult } from '../../store/import.js';
import { resolveDbPath } from '../../store/db-path.js';
import type { UnitPlan } from '../../store/import-units.js';
import { formatPlanText, planJsonPieces } from '../../store/plan/index.js';
import { formatText } from '../../check/formatters/text.js';
import type { CliContext } from '../context.js';
import { createProgress, emit, emitPieces } from '../output.js';

const pkg = createRequire(import.meta.url)('../../../package.json') as { version: string };

export interface ImportCliOptions {
  db?: string;
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
  const toFile = options.out !== undefined && options.out !== '' && options.out !== '-';
  const result = await importFiles(paths, {
    dbPath: resolveDbPath(options.db),
    period: options.period,
    school: options.school,
    apply: options.apply ?? false,
    sheet: options.sheet,
    entity: options.entity,
    ruleSet: options.ruleSet,
    today: options.today,
    toolVersion: pkg.version,
    onProgress: (p) => progress.update(ctx.t.progress(p.fileIndex + 1, p.fileCount, p.file, nf.format(p.records))),
    onPlanProgress: (p) =>
      progress.update(ctx.t.planProgress(p.applying, nf.format(p.schools), nf.format(p.schoolCount), nf.format(p.records), nf.format(p.recordCount))),
    // The plan names people, their ids and changed values: written to a file, it is recorded in
    // the audit trail by importFiles in its own store session (issue 9 item 3).
    output: {
      out: toFile ? options.out : undefined,
      write: async (result) => {
        progress.done();
        await writePlan(result, options, ctx);
      },
    },
  });
  for (const u of result.report.unreadable) ctx.stderr.write(`edusync: ${u.message[ctx.locale]}\n`);
  return result.exitCode;
}

async function writePlan(result: ImportResult, options: ImportCliOptions, ctx: CliContext): Promise<void> {
  if (options.format === 'json') {
    const json = {
      period: result.period,
      applied: result.applied,
      runId: result.runId,
      validation: { valid: result.report.valid, ruleSet: result.report.ruleSet, stats: result.report.stats, unreadable: result.report.unreadable },
      plans: [],
      units: result.units,
    };
    // One plan at a time: a first import of a million students is a million "new" items.
    await emitPieces(ctx, planJsonPieces(json, result.plans), options.out);
  } else {
    const labels = fieldLabels();
    const parts = [formatText(result.report, { locale: ctx.locale, examples: 3 })];
    for (const plan of result.plans) parts.push(formatPlanText(plan, ctx.locale, { labels, maxItems: 50 }));
    if (result.units.length > 0) parts.push(formatUnits(result.units, ctx));
    parts.push(footer(ctx, result.applied, result.plans.length + result.units.length));
    await emit(ctx, parts.join('\n'), options.out);
  }
}

function fieldLabels(): Record<string, { vi: string; en: string }> {
  const labels: Record<string, { vi: string; en: string }> = {};
  for (const entity of loadSchemas().entities.values()) {
    for (const f of entity.schema.fields) labels[f.key] ??= { vi: f.label, en: f.labelEn };
  }
  return labels;
}

const UNIT_NAMES = {
  vi: { school: 'Danh sách trường', class: 'Lớp', result: 'Kết quả học tập' },
  en: { school: 'School list', class: 'Classes', result: 'Learning results' },
} as const;

function formatUnits(units: UnitPlan[], ctx: CliContext): string {
  const n = UNIT_NAMES[ctx.locale];
  const line = (u: UnitPlan): string =>
    ctx.locale === 'vi'
      ? `  ${n[u.entity]}${u.entity === 'school' ? '' : ` — trường ${u.school}`}: ${u.records} dòng · mới ${u.new} · cập nhật ${u.updated} · không đổi ${u.unchanged} · bị từ chối ${u.rejected}`
      : `  ${n[u.entity]}${u.entity === 'school' ? '' : ` — school ${u.school}`}: ${u.records} rows · new ${u.new} · updated ${u.updated} · unchanged ${u.unchanged} · rejected ${u.rejected}`;
  return `${ctx.locale === 'vi' ? 'Trường, lớp và kết quả học tập' : 'Schools, classes and results'}\n${units.map(line).join('\n')}\n`;
}

function footer(ctx: CliContext, applied: boolean, plans: number): string {
  if (plans === 0) {
    return ctx.locale === 'vi' ? 'Không có dữ liệu nào để nhập.\n' : 'Nothing to import.\n';
  }
  if (applied) return ctx.locale === 'vi' ? 'Đã ghi vào cơ sở dữ liệu (--apply).\n' : 'Written to the database (--apply).\n';
  return ctx.locale === 'vi'
    ? 'Chưa ghi gì: đây là kế hoạch. Chạy lại với --apply để ghi.\n'
    : 'Nothing written: this is the plan. Run again with --apply to write it.\n';
}
