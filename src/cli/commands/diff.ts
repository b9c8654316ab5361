/**
 * `edusync diff --from YYYY-MM --to YYYY-MM [--school ID] [--entity student|teacher]`: what changed
 * between the snapshots in force at two periods, per school — text, JSON (docs/diff-format.md) or
 * an xlsx workbook (`--out FILE`). Reads the store only (opened read-only).
 */
import { ExitCode, UsageError } from '../../errors.js';
import { loadSchemas } from '../../schema/load.js';
import { diffToJson, formatDiffText, loadDiff, openStoreForReading, resolveDbPath, type DiffEntity, type FormatDiffOptions } from '../../store/diff/index.js';
import type { CliContext } from '../context.js';
import { emit } from '../output.js';

export interface DiffCliOptions {
  from: string;
  to: string;
  school?: string;
  entity?: DiffEntity;
  db?: string;
  format: 'text' | 'json' | 'xlsx';
  out?: string;
}

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

function checkPeriod(flag: string, value: string): void {
  if (!PERIOD.test(value)) {
    throw new UsageError({
      vi: `${flag} cần một kỳ dạng YYYY-MM (ví dụ 2025-09), không phải "${value}".`,
      en: `${flag} needs a period as YYYY-MM (e.g. 2025-09), not "${value}".`,
    });
  }
}

/** Field labels (vi/en) of the student and teacher schemas, for text and xlsx. */
function fieldLabels(): NonNullable<FormatDiffOptions['labels']> {
  const labels: Record<string, { vi: string; en: string }> = {};
  const schemas = loadSchemas();
  for (const entity of ['student', 'teacher'] as const) {
    for (const f of schemas.entities.get(entity)?.schema.fields ?? []) labels[f.key] ??= { vi: f.label, en: f.labelEn };
  }
  return labels;
}

export async function runDiff(options: DiffCliOptions, ctx: CliContext): Promise<ExitCode> {
  checkPeriod('--from', options.from);
  checkPeriod('--to', options.to);
  if (options.from > options.to) {
    throw new UsageError({
      vi: `--from (${options.from}) phải không muộn hơn --to (${options.to}).`,
      en: `--from (${options.from}) must not be later than --to (${options.to}).`,
    });
  }
  if (options.format === 'xlsx' && (options.out === undefined || options.out === '' || options.out === '-')) {
    throw new UsageError({
      vi: '--format xlsx cần --out TỆP.xlsx (bảng so sánh là tệp Excel, không in ra màn hình).',
      en: '--format xlsx needs --out FILE.xlsx (the comparison is an Excel file, not screen output).',
    });
  }
  const path = resolveDbPath(options.db);
  if (options.out !== undefined && options.out !== '' && options.out !== '-') return diffToFile(path, options, ctx);
  const store = openStoreForReading(path);
  let report;
  try {
    report = loadDiff(store, { from: options.from, to: options.to, schoolId: options.school, entity: options.entity });
  } finally {
    store.close();
  }
  await emit(ctx, diffText(report, options, ctx), undefined);
  return ExitCode.Ok;
}

function diffText(report: ReturnType<typeof loadDiff>, options: DiffCliOptions, ctx: CliContext): string {
  return options.format === 'json' ? `${JSON.stringify(diffToJson(report), null, 2)}\n` : formatDiffText(report, ctx.locale, { labels: fieldLabels() });
}

/**
 * A diff written to a file carries names and ids (the workbook, and the JSON or text too): it is
 * recorded in the audit trail (issue 9 item 3), so the store is opened for writing (a missing one is
 * still exit 5) before anything is written, and a file whose record cannot be written is removed.
 */
async function diffToFile(path: string, options: DiffCliOptions, ctx: CliContext): Promise<ExitCode> {
  const { existsSync } = await import('node:fs');
  const { openStore } = await import('../../store/db.js');
  const { recordWrittenFile } = await import('../../store/audit.js');
  if (!existsSync(path)) openStoreForReading(path).close(); // throws the usual "no database yet" (exit 5)
  const store = openStore(path);
  try {
    const report = loadDiff(store, { from: options.from, to: options.to, schoolId: options.school, entity: options.entity });
    if (options.format === 'xlsx') {
      const { writeDiffWorkbook } = await import('../../store/diff/xlsx.js');
      await writeDiffWorkbook(options.out!, report, ctx.locale, { labels: fieldLabels() });
    } else {
      await emit(ctx, diffText(report, options, ctx), options.out);
    }
    // Persons listed and the fields the file carries: ids, name and class on every item, plus the changed fields.
    let persons = 0;
    const fields = new Set<string>();
    for (const s of report.schools) {
      const items = [...s.new, ...s.updated, ...s.moved, ...s.left];
      persons += items.length;
      if (items.length > 0) {
        fields.add('schoolId');
        fields.add(s.entity === 'teacher' ? 'staffId' : 'studentId');
        fields.add('personalId');
        fields.add('fullName');
        fields.add('classId');
      }
      for (const u of [...s.updated, ...s.moved]) for (const c of u.changes) fields.add(c.field);
    }
    await recordWrittenFile(store, options.out!, { command: 'diff', action: options.format === 'xlsx' ? 'diff-workbook' : 'export', recordCount: persons, fields: [...fields] });
  } finally {
    store.close();
  }
  return ExitCode.Ok;
}
