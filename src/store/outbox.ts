/**
 * The push outbox and watermark (migration 3). A batch is stored with its Idempotency-Key and the
 * exact body before the first send; acknowledging it writes the per-record outcomes and advances
 * the watermark (`push_state`) in the same transaction, so a crash at any point loses nothing and
 * a restart re-sends the same bytes under the same key.
 */
import { isoNow, readTransaction, requireWritable, stmt } from './internal.js';
import type { Store } from './types.js';

export interface OutboxRecordInput {
  recordKey: string;
  rowHash: string;
}

export interface OutboxBatchInput {
  target: string;
  schoolId: string;
  entity: string;
  schoolYear: string;
  idempotencyKey: string;
  body: string;
  records: readonly OutboxRecordInput[];
}

export interface OutboxBatch extends Omit<OutboxBatchInput, 'records'> {
  id: number;
  recordCount: number;
  attempts: number;
}

export interface RecordAck {
  outcome: 'accepted' | 'unchanged' | 'rejected';
  serverId?: string | undefined;
  errorCode?: string | undefined;
  errorDetail?: string | undefined;
}

export interface WatermarkRow {
  schoolId: string;
  entity: string;
  recordKey: string;
  rowHash: string;
  status: 'accepted' | 'rejected';
  serverId: string | null;
  errorCode: string | null;
  errorDetail: string | null;
}

/** Stores planned batches (all or none). A batch whose key is already in the outbox is kept as it is. */
export function enqueueBatches(store: Store, runId: number | null, batches: readonly OutboxBatchInput[]): number {
  requireWritable(store);
  return store.transaction(() => {
    const insertBatch = stmt(
      store,
      `INSERT INTO push_batches (target, school_id, entity, school_year, idempotency_key, body, record_count, created_run_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (target, idempotency_key) DO NOTHING`,
    );
    const insertRecord = stmt(store, 'INSERT INTO push_outbox (batch_id, seq, record_key, row_hash) VALUES (?, ?, ?, ?)');
    let added = 0;
    for (const b of batches) {
      const info = insertBatch.run(b.target, b.schoolId, b.entity, b.schoolYear, b.idempotencyKey, b.body, b.records.length, runId, isoNow(store));
      if (info.changes === 0) continue;
      const id = Number(info.lastInsertRowid);
      b.records.forEach((r, i) => insertRecord.run(id, i, r.recordKey, r.rowHash));
      added++;
    }
    return added;
  });
}

interface BatchDbRow {
  id: number;
  target: string;
  school_id: string;
  entity: string;
  school_year: string;
  idempotency_key: string;
  body: string;
  record_count: number;
  attempts: number;
}

function toBatch(r: BatchDbRow): OutboxBatch {
  return {
    id: r.id,
    target: r.target,
    schoolId: r.school_id,
    entity: r.entity,
    schoolYear: r.school_year,
    idempotencyKey: r.idempotency_key,
    body: r.body,
    recordCount: r.record_count,
    attempts: r.attempts,
  };
}

export function idempotencyKeyUsed(store: Store, target: string, key: string): boolean {
  return stmt<[string, string], number>(store, 'SELECT 1 FROM push_batches WHERE target = ? AND idempotency_key = ?').pluck().get(target, key) !== undefined;
}

/** Batches not yet acknowledged by the target, oldest first. */
export function pendingBatches(store: Store, target: string): OutboxBatch[] {
  return stmt<[string], BatchDbRow>(store, `SELECT * FROM push_batches WHERE target = ? AND status = 'pending' ORDER BY id`).all(target).map(toBatch);
}

/** `entity\0school\0recordKey` of every record waiting in a pending batch. */
export function pendingRecordIds(store: Store, target: string): Set<string> {
  const rows = stmt<[string], { entity: string; school_id: string; record_key: string }>(
    store,
    `SELECT b.entity, b.school_id, o.record_key FROM push_outbox o JOIN push_batches b ON b.id = o.batch_id
     WHERE b.target = ? AND b.status = 'pending'`,
  ).all(target);
  return new Set(rows.map((r) => `${r.entity}\u0000${r.school_id}\u0000${r.record_key}`));
}

export function batchRecords(store: Store, batchId: number): OutboxRecordInput[] {
  return stmt<[number], { record_key: string; row_hash: string }>(store, 'SELECT record_key, row_hash FROM push_outbox WHERE batch_id = ? ORDER BY seq')
    .all(batchId)
    .map((r) => ({ recordKey: r.record_key, rowHash: r.row_hash }));
}

export function noteAttempt(store: Store, batchId: number, error: string | null): void {
  requireWritable(store);
  stmt(store, 'UPDATE push_batches SET attempts = attempts + 1, last_error = ? WHERE id = ?').run(error, batchId);
}

/** Replaces a batch by smaller ones (the server said 413): the old one is abandoned, never sent again. */
export function splitBatch(store: Store, batchId: number, parts: readonly OutboxBatchInput[], runId: number | null): void {
  store.transaction(() => {
    stmt(store, `UPDATE push_batches SET status = 'abandoned' WHERE id = ?`).run(batchId);
    enqueueBatches(store, runId, parts);
  });
}

/**
 * Records the server's answer for a batch: outcomes per record, the batch acknowledged, and the
 * watermark advanced — one transaction.
 */
export function acknowledgeBatch(store: Store, batch: OutboxBatch, serverBatchId: string, outcomes: ReadonlyMap<string, RecordAck>, runId: number | null): void {
  requireWritable(store);
  store.transaction(() => {
    const rows = stmt<[number], { seq: number; record_key: string; row_hash: string }>(store, 'SELECT seq, record_key, row_hash FROM push_outbox WHERE batch_id = ? ORDER BY seq').all(batch.id);
    const setRow = stmt(store, 'UPDATE push_outbox SET outcome = ?, server_id = ?, error_code = ?, error_detail = ? WHERE batch_id = ? AND seq = ?');
    const upsert = stmt(
      store,
      `INSERT INTO push_state (target, school_id, entity, record_key, row_hash, status, server_id, error_code, error_detail, batch_id, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (target, school_id, entity, record_key) DO UPDATE SET row_hash = excluded.row_hash, status = excluded.status,
         server_id = coalesce(excluded.server_id, push_state.server_id), error_code = excluded.error_code,
         error_detail = excluded.error_detail, batch_id = excluded.batch_id, updated_at = excluded.updated_at`,
    );
    const now = isoNow(store);
    for (const r of rows) {
      const ack = outcomes.get(r.record_key) ?? { outcome: 'rejected' as const, errorCode: 'KHONG_CO_KET_QUA', errorDetail: 'no outcome returned for this record' };
      setRow.run(ack.outcome, ack.serverId ?? null, ack.errorCode ?? null, ack.errorDetail ?? null, batch.id, r.seq);
      upsert.run(
        batch.target,
        batch.schoolId,
        batch.entity,
        r.record_key,
        r.row_hash,
        ack.outcome === 'rejected' ? 'rejected' : 'accepted',
        ack.serverId ?? null,
        ack.errorCode ?? null,
        ack.errorDetail ?? null,
        batch.id,
        now,
      );
    }
    // The body (children's personal data) is never needed once the server has answered: the key, the
    // row hashes and the outcomes stay, the values go (retention, Law 91/2025/QH15).
    stmt(store, `UPDATE push_batches SET status = 'acked', acked_at = ?, acked_run_id = ?, server_batch_id = ?, body = '' WHERE id = ?`).run(now, runId, serverBatchId, batch.id);
  });
}

export function readWatermark(store: Store, target: string): WatermarkRow[] {
  return readTransaction(store, () =>
    stmt<[string], { school_id: string; entity: string; record_key: string; row_hash: string; status: 'accepted' | 'rejected'; server_id: string | null; error_code: string | null; error_detail: string | null }>(
      store,
      'SELECT school_id, entity, record_key, row_hash, status, server_id, error_code, error_detail FROM push_state WHERE target = ? ORDER BY entity, school_id, record_key',
    )
      .all(target)
      .map((r) => ({
        schoolId: r.school_id,
        entity: r.entity,
        recordKey: r.record_key,
        rowHash: r.row_hash,
        status: r.status,
        serverId: r.server_id,
        errorCode: r.error_code,
        errorDetail: r.error_detail,
      })),
  );
}
