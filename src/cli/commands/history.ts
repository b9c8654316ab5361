/**
 * `edusync history [--school ID] [--limit N]`: the runs the database recorded (newest first) and
 * the snapshots per school, as text or JSON (docs/diff-format.md). No personal data. Reads the
 * store only (opened read-only).
 */
import { ExitCode } from '../../errors.js';
import { formatHistoryText, historyToJson, loadHistory, openStoreForReading, resolveDbPath } from '../../store/diff/index.js';
import type { CliContext } from '../context.js';
import { emit } from '../output.js';

export interface HistoryCliOptions {
  school?: string;
  db?: string;
  limit?: number;
  format: 'text' | 'json';
  out?: string;
}

export async function runHistory(options: HistoryCliOptions, ctx: CliContext): Promise<ExitCode> {
  const store = openStoreForReading(resolveDbPath(options.db));
  let history;
  try {
    history = loadHistory(store, { schoolId: options.school, limit: options.limit });
  } finally {
    store.close();
  }
  const text = options.format === 'json' ? `${JSON.stringify(historyToJson(history), null, 2)}\n` : formatHistoryText(history, ctx.locale);
  await emit(ctx, text, options.out);
  return ExitCode.Ok;
}
