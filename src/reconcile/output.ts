/**
 * A reconciliation's result written to a file and recorded in the audit trail (issue 9 item 3),
 * by what the file holds: the review workbook names people (REVIEW_FIELDS); the JSON and the text
 * carry their positions, and the JSON their hashed keys (RESULT_FIELDS). A file whose audit row
 * cannot be written is removed. Shared by `edusync reconcile --out` and `run`'s reconcile stage.
 */
import type { Locale } from '../errors.js';
import { writePrivateFile } from '../io/write-file.js';
import { recordWrittenFile } from '../store/audit.js';
import type { Store } from '../store/types.js';
import { formatText, RESULT_FIELDS, writeJsonFile } from './format.js';
import type { ReconcileResult } from './index.js';

export async function writeRecordedResult(
  store: Store,
  result: ReconcileResult,
  path: string,
  format: 'json' | 'text' | 'xlsx',
  locale: Locale,
  audit: { command: string; runId?: number | undefined },
): Promise<void> {
  const records = result.left.n + result.right.n;
  let written: { fields: readonly string[]; recordCount: number };
  if (format === 'xlsx') {
    // Loaded only for a workbook: ExcelJS is heavy.
    const { writeReviewWorkbook, REVIEW_FIELDS } = await import('./xlsx.js');
    written = { fields: REVIEW_FIELDS, recordCount: (await writeReviewWorkbook(result, path, locale)).rows };
  } else if (format === 'json') {
    await writeJsonFile(result, path);
    written = { fields: RESULT_FIELDS.json, recordCount: records };
  } else {
    await writePrivateFile(path, formatText(result, locale));
    written = { fields: RESULT_FIELDS.text, recordCount: records };
  }
  await recordWrittenFile(store, path, { command: audit.command, action: 'export', ...written, runId: audit.runId });
}
