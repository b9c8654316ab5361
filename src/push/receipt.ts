/**
 * The receipt of one push run: counts, every batch the server answered (its ma_lo and our
 * Idempotency-Key), the identifiers the server assigned, and every rejected record with its
 * reason. Written 0600 beside the store (it names records: it is for the data owner, not a log).
 */
import { dirname, join } from 'node:path';
import type { Kind } from './contract.js';

export interface ReceiptBatch {
  ma_lo: string;
  idempotency_key: string;
  kind: Kind;
  school: string;
  records: number;
  them_moi: number;
  cap_nhat: number;
  khong_doi: number;
  tu_choi: number;
  replayed: boolean;
}

export interface ReceiptRejected {
  kind: string;
  school: string;
  client_ref: string;
  ma_loi: string | null;
  detail: string | null;
}

export interface PushReceipt {
  run_id: number;
  target: string;
  url: string;
  started_at: string;
  finished_at: string;
  outcome: 'complete' | 'rejected' | 'stopped';
  stop_reason: string | null;
  counts: {
    planned: number;
    batches: number;
    sent: number;
    new: number;
    updated: number;
    unchanged: number;
    rejected: number;
    replayed_batches: number;
    retries: number;
  };
  batches: ReceiptBatch[];
  server_ids: Array<{ kind: string; school: string; client_ref: string; ma_dinh_danh: string }>;
  rejected: ReceiptRejected[];
}

/** Where a run's receipt goes unless told otherwise: edusync-receipts/ beside the database. */
export function defaultReceiptPath(storePath: string, runId: number): string {
  return join(dirname(storePath), 'edusync-receipts', `push-${runId}.json`);
}
