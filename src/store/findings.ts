/**
 * Findings per run. Only codes and positions are stored — never `value` or `data`, which can carry
 * personal data (design §6): a stored finding says "HS-014 at students.xlsx, sheet DS, row 12,
 * column D, field dateOfBirth", and the user's own file holds the value.
 */
import type { Finding } from '../check/finding.js';
import { requireWritable, stmt } from './internal.js';
import type { Store } from './types.js';

/** What is kept of a finding (extra members such as value and data are ignored). */
export type StoredFindingInput = Pick<Finding, 'code' | 'severity' | 'file'> &
  Partial<Pick<Finding, 'messageId' | 'sheet' | 'row' | 'column' | 'field'>>;

export interface StoredFinding {
  code: string;
  severity: Finding['severity'];
  messageId: string | null;
  file: string;
  sheet: string | null;
  row: number | null;
  column: string | null;
  field: string | null;
}

const COLUMNS = '(run_id, code, severity, message_id, file, sheet, "row", "column", field)';
const BATCH = 200; // 9 parameters a row: 1 800 per statement, far below SQLite's limit

function params(runId: number, f: StoredFindingInput): unknown[] {
  return [runId, f.code, f.severity, f.messageId ?? null, f.file, f.sheet ?? null, f.row ?? null, f.column ?? null, f.field ?? null];
}

/** Inserts the findings of a run in batches, in one transaction. Returns how many were stored. */
export function recordFindings(store: Store, runId: number, findings: Iterable<StoredFindingInput>): number {
  requireWritable(store);
  const values = Array.from({ length: BATCH }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
  const many = stmt(store, `INSERT INTO findings ${COLUMNS} VALUES ${values}`);
  const one = stmt(store, `INSERT INTO findings ${COLUMNS} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  return store.transaction(() => {
    let count = 0;
    let batch: unknown[] = [];
    let inBatch = 0;
    for (const f of findings) {
      batch.push(...params(runId, f));
      inBatch++;
      count++;
      if (inBatch === BATCH) {
        many.run(batch);
        batch = [];
        inBatch = 0;
      }
    }
    for (let i = 0; i < inBatch; i++) one.run(batch.slice(i * 9, i * 9 + 9));
    return count;
  });
}

interface FindingDbRow {
  code: string;
  severity: Finding['severity'];
  message_id: string | null;
  file: string;
  sheet: string | null;
  row: number | null;
  column: string | null;
  field: string | null;
}

export function listFindings(store: Store, runId: number, options: { limit?: number } = {}): StoredFinding[] {
  const limit = Math.max(1, Math.trunc(options.limit ?? 1_000_000));
  return stmt<[number, number], FindingDbRow>(
    store,
    `SELECT code, severity, message_id, file, sheet, "row", "column", field FROM findings WHERE run_id = ? ORDER BY rowid LIMIT ?`,
  )
    .all(runId, limit)
    .map((r) => ({
      code: r.code,
      severity: r.severity,
      messageId: r.message_id,
      file: r.file,
      sheet: r.sheet,
      row: r.row,
      column: r.column,
      field: r.field,
    }));
}

/** Counts per code and severity for a run (for summaries and history). */
export function countFindings(store: Store, runId: number): Array<{ code: string; severity: Finding['severity']; count: number }> {
  return stmt<[number], { code: string; severity: Finding['severity']; count: number }>(
    store,
    'SELECT code, severity, count(*) AS count FROM findings WHERE run_id = ? GROUP BY code, severity ORDER BY code, severity',
  ).all(runId);
}
