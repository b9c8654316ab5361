import { ExitCode, UsageError } from '../../errors.js';
import type { EntitySchema } from '../../schema/format.js';
import type { validateFiles } from '../../check/pipeline.js';
import { planPartsFor } from '../../check/parallel.js';
import type { Store } from '../../store/types.js';
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
  /** The store the error workbook or report file is recorded in (audit trail); only used with --out. */
  db?: string;
}

export async function runValidate(paths: string[], options: ValidateCliOptions, ctx: CliContext): Promise<ExitCode> {
  if (options.format === 'xlsx' && !options.out) {
    throw new UsageError({
      vi: '--format xlsx cần --out TỆP.xlsx (sổ lỗi là tệp Excel, không in ra màn hình).',
      en: '--format xlsx needs --out FILE.xlsx (the error workbook is an Excel file, not screen output).',
    });
  }
  // The error workbook carries the user's rows, and a report file the values of the findings
  // (children's personal data): the law needs a record of each file (issue 9 item 3). The store is
  // opened (created if missing) before anything is read or written, so a store that cannot be
  // written stops here with exit 5 and no file.
  let store: Store | undefined;
  if (options.format === 'xlsx' || (options.out !== undefined && options.out !== '-')) {
    const { openStore } = await import('../../store/db.js');
    const { resolveDbPath } = await import('../../store/db-path.js');
    store = openStore(resolveDbPath(options.db));
  }
  try {
    return await validateAndWrite(paths, options, ctx, store);
  } finally {
    store?.close();
  }
}

async function validateAndWrite(paths: string[], options: ValidateCliOptions, ctx: CliContext, store: Store | undefined): Promise<ExitCode> {
  const progress = createProgress(ctx);
  // Field keys of the mapped columns, per table (the columns object is shared by a table's records).
  const tableFields = new Map<string, Set<string>>();
  let lastColumns: object | undefined;
  const nf = new Intl.NumberFormat(ctx.locale === 'vi' ? 'vi-VN' : 'en-US');
  // The two-thread worker (if any) starts before the rules, readers and schemas are even loaded
  // here (≈ 0.1 s): it loads its own beside them.
  // Only the error workbook needs every record seen here (the columns it copies); a report file's
  // audit row needs only the findings, so it keeps the two threads.
  const workbook = options.format === 'xlsx';
  const plan = workbook ? undefined : planPartsFor(paths);
  const [{ validateFiles }, { formatText }, { formatJson }] = await Promise.all([
    import('../../check/pipeline.js'),
    import('../../check/formatters/text.js'),
    import('../../check/formatters/json.js'),
  ]);
  const report = await validateFiles(paths, {
    plan,
    acknowledgements: await storedAcknowledgements(options.db),
    sheet: options.sheet,
    entity: options.entity,
    ruleSet: options.ruleSet,
    maxFindings: options.maxFindings,
    today: options.today,
    onProgress: (p) => progress.update(ctx.t.progress(p.fileIndex + 1, p.fileCount, p.file, nf.format(p.records))),
    onRecord: !workbook
      ? undefined
      : (record) => {
          if (record.columns === lastColumns) return;
          lastColumns = record.columns;
          const key = `${record.file}\u0000${record.sheet ?? ''}`;
          let set = tableFields.get(key);
          if (set === undefined) tableFields.set(key, (set = new Set()));
          for (const field of Object.keys(record.columns)) set.add(field);
        },
  });
  progress.done();

  if (options.format === 'xlsx') {
    const { writeErrorWorkbook } = await import('../../check/formatters/xlsx.js');
    const written = await writeErrorWorkbook(report, options.out!, { locale: ctx.locale });
    await recordOutput(store!, options.out!, 'error-workbook', written.rows, workbookFields(report, tableFields));
    // The summary still goes to the screen so the officer sees the outcome without opening Excel.
    await emit(ctx, formatText(report, { locale: ctx.locale }), undefined);
  } else {
    await emit(ctx, options.format === 'json' ? formatJson(report, ctx.locale) : formatText(report, { locale: ctx.locale }), options.out);
    if (store !== undefined) {
      const valued = report.findings.filter((f) => f.field !== undefined && f.value !== undefined);
      await recordOutput(store, options.out!, 'export', valued.length, [...new Set(valued.map((f) => f.field!))].sort());
    }
  }

  // Unreadable files also go to stderr: under cron, stdout may be a file nobody reads.
  for (const u of report.unreadable) ctx.stderr.write(`edusync: ${u.message[ctx.locale]}\n`);
  if (report.unreadable.length > 0) return ExitCode.Input;
  return report.stats.errors > 0 ? ExitCode.Findings : ExitCode.Ok;
}

/** The store's acknowledged warnings (`edusync ack`), when there is a store: it is never created for this. */
async function storedAcknowledgements(db: string | undefined): Promise<import('../../check/acknowledged.js').AckIndex | undefined> {
  const { resolveDbPath } = await import('../../store/db-path.js');
  const path = resolveDbPath(db);
  const { existsSync } = await import('node:fs');
  if (!existsSync(path)) return undefined;
  const { loadAcknowledgementIndex } = await import('../../store/acknowledgements.js');
  return loadAcknowledgementIndex(path);
}

/** The field keys the workbook carries: the mapped columns of every table it copies rows from, and the fields of the findings' values. */
function workbookFields(report: Awaited<ReturnType<typeof validateFiles>>, tableFields: Map<string, Set<string>>): string[] {
  const fields = new Set<string>();
  const tablesWithRows = new Set<string>();
  for (const f of report.findings) {
    if (f.row !== undefined) tablesWithRows.add(`${f.file}\u0000${f.sheet ?? ''}`);
    if (f.field !== undefined && f.value !== undefined) fields.add(f.field);
  }
  for (const key of tablesWithRows) for (const field of tableFields.get(key) ?? []) fields.add(field);
  return [...fields].sort();
}

/** Audit row for the file just written; without it the file is removed (exit 5). */
async function recordOutput(store: Store, out: string, action: 'error-workbook' | 'export', rows: number, fields: string[]): Promise<void> {
  const { recordWrittenFile } = await import('../../store/audit.js');
  await recordWrittenFile(store, out, { command: 'validate', action, recordCount: rows, fields });
}
