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
    const { formatText, formatJsonChunks, summary } = await import('../../reconcile/format.js');
    if (toFile || options.format === 'xlsx') {
      // Every output file is recorded in the audit trail (issue 9 item 3), or removed.
      const { writeRecordedResult } = await import('../../reconcile/output.js');
      await writeRecordedResult(store!, result, options.out!, options.format, ctx.locale, { command: 'reconcile', runId });
      // The workbook's summary still goes to the screen.
      if (options.format === 'xlsx') await emit(ctx, formatText(result, ctx.locale), undefined);
    } else if (options.format === 'json') {
      for (const chunk of formatJsonChunks(result)) await emit(ctx, chunk, undefined);
    } else {
      await emit(ctx, formatText(result, ctx.locale), undefined);
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
