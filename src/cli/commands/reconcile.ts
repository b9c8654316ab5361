import { ExitCode, UsageError } from '../../errors.js';
import type { Store } from '../../store/types.js';
import type { CliContext } from '../context.js';
import { emit } from '../output.js';

export interface ReconcileCliOptions {
  format: 'text' | 'json' | 'xlsx';
  out?: string;
  sheet?: string;
  decisions?: string;
  db?: string;
  apply?: boolean;
}

export async function runReconcile(left: string, right: string, options: ReconcileCliOptions, ctx: CliContext): Promise<ExitCode> {
  if (options.format === 'xlsx' && !options.out) {
    throw new UsageError({
      vi: '--format xlsx cần --out TỆP.xlsx (sổ đối chiếu là tệp Excel).',
      en: '--format xlsx needs --out FILE.xlsx (the review workbook is an Excel file).',
    });
  }
  const { openStore } = await import('../../store/db.js');
  const { resolveDbPath } = await import('../../store/db-path.js');
  const { existsSync } = await import('node:fs');
  const dbPath = resolveDbPath(options.db);
  // Decisions and the identity map live in the store: opened for writing when there is something
  // to keep (decisions, --apply, an output file's audit row); otherwise read if it exists, never
  // created.
  const toFile = options.out !== undefined && options.out !== '' && options.out !== '-';
  const write = Boolean(options.decisions || options.apply || options.format === 'xlsx' || toFile);
  const store: Store | undefined = write ? openStore(dbPath) : existsSync(dbPath) ? openStore(dbPath, { readonly: true }) : undefined;
  let runId: number | undefined;
  try {
    const { beginRun, finishRun } = await import('../../store/runs.js');
    if (write) runId = beginRun(store!, { command: 'reconcile' });
    const { reconcile } = await import('../../reconcile/index.js');
    const result = await reconcile(left, right, { sheet: options.sheet, decisionsFile: options.decisions, store, apply: options.apply, runId });
    const { formatText, formatJsonChunks, summary, writeJsonFile, RESULT_FIELDS } = await import('../../reconcile/format.js');
    const { recordWrittenFile } = await import('../../store/audit.js');
    // Every output file is recorded in the audit trail (issue 9 item 3), or removed.
    const record = (fields: readonly string[], recordCount: number) =>
      recordWrittenFile(store!, options.out!, { command: 'reconcile', action: 'export', recordCount, fields, runId });
    if (options.format === 'json') {
      if (toFile) {
        await writeJsonFile(result, options.out!);
        await record(RESULT_FIELDS.json, result.left.n + result.right.n);
      } else for (const chunk of formatJsonChunks(result)) await emit(ctx, chunk, undefined);
    } else if (options.format === 'xlsx') {
      const { writeReviewWorkbook, REVIEW_FIELDS } = await import('../../reconcile/xlsx.js');
      const { rows } = await writeReviewWorkbook(result, options.out!, ctx.locale);
      await record(REVIEW_FIELDS, rows);
      await emit(ctx, formatText(result, ctx.locale), undefined);
    } else {
      await emit(ctx, formatText(result, ctx.locale), options.out);
      if (toFile) await record(RESULT_FIELDS.text, result.left.n + result.right.n);
    }
    const errors = result.findings.filter((f) => f.severity === 'error').length;
    const code = errors > 0 ? ExitCode.Findings : ExitCode.Ok;
    if (runId !== undefined) finishRun(store!, runId, { outcome: code === ExitCode.Ok ? 'ok' : 'findings', exitCode: code, counts: summary(result) });
    // Counts only on stderr: logs never carry names or numbers.
    ctx.stderr.write(`edusync reconcile: ${JSON.stringify(summary(result))}\n`);
    return code;
  } catch (error) {
    if (runId !== undefined && store) {
      const { finishRun } = await import('../../store/runs.js');
      finishRun(store, runId, { outcome: 'failed', exitCode: ExitCode.Internal });
    }
    throw error;
  } finally {
    store?.close();
  }
}
