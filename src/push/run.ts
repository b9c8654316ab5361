/**
 * One `edusync push`: read the store, plan what changed since the target last acknowledged it,
 * and with `apply` write the batches to the outbox (before any byte is sent), send every pending
 * batch in dependency order, and acknowledge each answer in the same transaction that advances the
 * watermark. A stop (period lock, revoked client, retry budget spent) leaves the outbox as it is:
 * the next run re-sends the same batches under the same keys.
 */
import { sha256Hex } from '../store/canonical.js';
import { recordAudit } from '../store/audit.js';
import {
  acknowledgeBatch,
  batchRecords,
  enqueueBatches,
  idempotencyKeyUsed,
  noteAttempt,
  pendingBatches,
  pendingRecordIds,
  readWatermark,
  splitBatch,
  type OutboxBatch,
  type OutboxBatchInput,
  type RecordAck,
} from '../store/outbox.js';
import { beginRun, finishRun } from '../store/runs.js';
import type { Store } from '../store/types.js';
import { token, type RunLogger } from '../run/log.js';
import { EdusyncError, ExitCode } from '../errors.js';
import type { CsdlClient } from './client.js';
import { kindRank, type BatchBody, type Kind } from './contract.js';
import { planPush, recordId, type PlannedBatch, type PushPlan, type WatermarkEntry } from './plan.js';
import type { PushReceipt, ReceiptRejected } from './receipt.js';
import { readSource } from './source.js';

export interface PushOptions {
  store: Store;
  /** Outbox and watermark key: the config target's name, or the URL. */
  target: string;
  url: string;
  batchSize: number;
  retryRejected: boolean;
  apply: boolean;
  school?: string | undefined;
  targetFields?: readonly string[] | undefined;
  logger: RunLogger;
  logBatches: boolean;
  onProgress?: (sent: number, total: number) => void;
  /** Test hook (EDUSYNC_TEST_KILL_AT): called at every crash-safe point with its name. */
  checkpoint?: (point: string) => void;
  client?: CsdlClient | undefined;
}

export interface PushResult {
  plan: PushPlan;
  pendingBefore: { batches: number; records: number };
  fields: string[];
  sensitiveSent: string[];
  /** Opt-in fields (parents, addresses) kept home: no targets[].fields list names them. */
  optInWithheld: string[];
  duplicateKeys: number;
  receipt?: PushReceipt | undefined;
  /** The stop that ended an applied run early (rethrown by the command after the receipt is written). */
  stop?: EdusyncError | undefined;
  exitCode: ExitCode;
}

/**
 * Deterministic: the same batch content for the same target gets the same key, so a client that
 * dies before its outbox commit re-plans the very same key. `generation` tells apart a later batch
 * with identical content (all of it rejected, resent with --retry-rejected): it must be processed
 * again, not answered with the old stored response.
 */
export function idempotencyKey(target: string, b: { schoolId: string; kind: string; schoolYear: string }, body: string, generation = 0): string {
  return sha256Hex(`edusync-push-v1\n${target}\n${b.schoolId}\n${b.kind}\n${b.schoolYear}\n${sha256Hex(body)}${generation > 0 ? `\n${generation}` : ''}`);
}

/** The first key of this content not yet in the outbox. */
function freshKey(store: Store, target: string, b: { schoolId: string; kind: string; schoolYear: string }, body: string): string {
  for (let generation = 0; ; generation++) {
    const key = idempotencyKey(target, b, body, generation);
    if (!idempotencyKeyUsed(store, target, key)) return key;
  }
}

export function batchBody(b: PlannedBatch): string {
  const body: BatchBody = { loai: b.kind, ma_truong: b.schoolId, nam_hoc: b.schoolYear, che_do: 'upsert', ban_ghi: b.records.map((r) => r.wire) };
  return JSON.stringify(body);
}

function toOutbox(store: Store, target: string, b: PlannedBatch): OutboxBatchInput {
  const body = batchBody(b);
  return {
    target,
    schoolId: b.schoolId,
    entity: b.kind,
    schoolYear: b.schoolYear,
    idempotencyKey: freshKey(store, target, { schoolId: b.schoolId, kind: b.kind, schoolYear: b.schoolYear }, body),
    body,
    records: b.records.map((r) => ({ recordKey: r.recordKey, rowHash: r.rowHash })),
  };
}

/** Halves of a stored batch, for a 413: same records, new bodies and keys. */
function halves(store: Store, batch: OutboxBatch): OutboxBatchInput[] {
  const body = JSON.parse(batch.body) as BatchBody;
  const mid = Math.ceil(body.ban_ghi.length / 2);
  return [body.ban_ghi.slice(0, mid), body.ban_ghi.slice(mid)]
    .filter((part) => part.length > 0)
    .map((part) => {
      const text = JSON.stringify({ ...body, ban_ghi: part });
      return {
        target: batch.target,
        schoolId: batch.schoolId,
        entity: batch.entity,
        schoolYear: batch.schoolYear,
        idempotencyKey: freshKey(store, batch.target, { schoolId: batch.schoolId, kind: batch.entity, schoolYear: batch.schoolYear }, text),
        body: text,
        // Row hashes live in the outbox rows, not the body: the caller carries them over by client_ref.
        records: part.map((r) => ({ recordKey: r.client_ref, rowHash: '' })),
      };
    });
}

export async function runPush(o: PushOptions): Promise<PushResult> {
  const { store } = o;
  const source = readSource(store, { targetFields: o.targetFields, school: o.school });
  const watermarkRows = readWatermark(store, o.target);
  const watermark = new Map<string, WatermarkEntry>(watermarkRows.map((w) => [recordId(w.entity, w.schoolId, w.recordKey), { rowHash: w.rowHash, status: w.status }]));
  const pendingIds = pendingRecordIds(store, o.target);
  const plan = planPush(source.records, watermark, pendingIds, { batchSize: o.batchSize, retryRejected: o.retryRejected });
  const pendingNow = pendingBatches(store, o.target);
  const result: PushResult = {
    plan,
    pendingBefore: { batches: pendingNow.length, records: pendingNow.reduce((n, b) => n + b.recordCount, 0) },
    fields: source.fields,
    sensitiveSent: source.sensitiveSent,
    optInWithheld: source.optInWithheld,
    duplicateKeys: source.duplicateKeys,
    exitCode: ExitCode.Ok,
  };
  if (!o.apply || o.client === undefined) return result;

  const client = o.client;
  const startedAt = store.now().toISOString();
  const runId = beginRun(store, { command: 'push' });
  o.logger.log('info', 'push', 'start', { batches: plan.batches.length, records: plan.batches.reduce((n, b) => n + b.records.length, 0), pending: pendingNow.length });
  enqueueBatches(store, runId, plan.batches.map((b) => toOutbox(store, o.target, b)));
  o.checkpoint?.('enqueued');

  const receipt: PushReceipt = {
    run_id: runId,
    target: o.target,
    url: o.url,
    started_at: startedAt,
    finished_at: startedAt,
    outcome: 'complete',
    stop_reason: null,
    counts: { planned: 0, batches: 0, sent: 0, new: 0, updated: 0, unchanged: 0, rejected: 0, replayed_batches: 0, retries: 0 },
    batches: [],
    server_ids: [],
    rejected: [],
  };
  const order = (list: OutboxBatch[]): OutboxBatch[] =>
    [...list].sort((a, b) => kindRank(a.entity as Kind) - kindRank(b.entity as Kind) || a.id - b.id);
  let queue = order(pendingBatches(store, o.target));
  const total = queue.reduce((n, b) => n + b.recordCount, 0);
  receipt.counts.planned = total;
  let sent = 0;
  let stop: EdusyncError | undefined;
  o.onProgress?.(0, total);
  try {
    while (queue.length > 0) {
      const batch = queue.shift()!;
      o.checkpoint?.('before-send');
      const answer = await client.submit(batch.idempotencyKey, batch.body);
      noteAttempt(store, batch.id, null);
      if (answer.kind === 'split') {
        const hashes = new Map(batchRecords(store, batch.id).map((r) => [r.recordKey, r.rowHash]));
        const parts = halves(store, batch).map((p) => ({ ...p, records: p.records.map((r) => ({ recordKey: r.recordKey, rowHash: hashes.get(r.recordKey) ?? '' })) }));
        splitBatch(store, batch.id, parts, runId);
        o.logger.log('warn', 'push', 'split', { kind: token(batch.entity), records: batch.recordCount });
        queue = order(pendingBatches(store, o.target));
        continue;
      }
      o.checkpoint?.('after-response');
      const { response, replayed } = answer;
      const keys = batchRecords(store, batch.id);
      const outcomes = new Map<string, RecordAck>();
      const counts = { them_moi: 0, cap_nhat: 0, khong_doi: 0, tu_choi: 0 };
      for (const out of response.ket_qua) {
        if (out.ket_qua === 'TU_CHOI') {
          counts.tu_choi++;
          outcomes.set(out.client_ref, { outcome: 'rejected', errorCode: out.loi?.ma_loi, errorDetail: [out.loi?.truong, out.loi?.detail].filter(Boolean).join(': ') || undefined });
          const rej: ReceiptRejected = { kind: batch.entity, school: batch.schoolId, client_ref: out.client_ref, ma_loi: out.loi?.ma_loi ?? null, detail: out.loi?.detail ?? null };
          receipt.rejected.push(rej);
        } else {
          if (out.ket_qua === 'THEM_MOI') counts.them_moi++;
          else if (out.ket_qua === 'CAP_NHAT') counts.cap_nhat++;
          else counts.khong_doi++;
          outcomes.set(out.client_ref, { outcome: out.ket_qua === 'KHONG_DOI' ? 'unchanged' : 'accepted', serverId: out.ma_dinh_danh });
          if (out.ket_qua === 'THEM_MOI' && out.ma_dinh_danh !== undefined) {
            receipt.server_ids.push({ kind: batch.entity, school: batch.schoolId, client_ref: out.client_ref, ma_dinh_danh: out.ma_dinh_danh });
          }
        }
      }
      acknowledgeBatch(store, batch, response.ma_lo, outcomes, runId);
      o.checkpoint?.('after-ack');
      sent += keys.length;
      receipt.counts.batches++;
      receipt.counts.sent += keys.length;
      receipt.counts.new += counts.them_moi;
      receipt.counts.updated += counts.cap_nhat;
      receipt.counts.unchanged += counts.khong_doi;
      receipt.counts.rejected += counts.tu_choi;
      if (replayed) receipt.counts.replayed_batches++;
      receipt.batches.push({ ma_lo: response.ma_lo, idempotency_key: batch.idempotencyKey, kind: batch.entity as Kind, school: batch.schoolId, records: keys.length, ...counts, replayed });
      if (o.logBatches) {
        o.logger.log('info', 'push', 'batch', { kind: token(batch.entity), records: keys.length, accepted: counts.them_moi + counts.cap_nhat, unchanged: counts.khong_doi, rejected: counts.tu_choi, replayed });
      }
      o.onProgress?.(sent, total);
    }
  } catch (error) {
    if (!(error instanceof EdusyncError)) throw error;
    stop = error;
    receipt.outcome = 'stopped';
    receipt.stop_reason = error.text.en;
  }
  receipt.counts.retries = client.runBudget.used;
  receipt.finished_at = store.now().toISOString();
  if (stop === undefined && receipt.rejected.length > 0) receipt.outcome = 'rejected';
  const exitCode = stop !== undefined ? stop.exitCode : stillRejected(store, o.target, source.records).length > 0 ? ExitCode.Findings : ExitCode.Ok;
  store.transaction(() => {
    recordAudit(store, { command: 'push', action: 'push', destination: o.url, recordCount: receipt.counts.sent, fields: source.fields, runId });
    finishRun(store, runId, {
      outcome: stop !== undefined ? 'failed' : exitCode === ExitCode.Findings ? 'findings' : 'ok',
      exitCode,
      counts: { sent: receipt.counts.sent, new: receipt.counts.new, updated: receipt.counts.updated, unchanged: receipt.counts.unchanged, rejected: receipt.counts.rejected, batches: receipt.counts.batches },
    });
  });
  o.logger.log(stop ? 'error' : 'info', 'push', 'finish', {
    batches: receipt.counts.batches,
    sent: receipt.counts.sent,
    rejected: receipt.counts.rejected,
    retries: receipt.counts.retries,
    exit: exitCode,
  });
  return { ...result, receipt, stop, exitCode };
}

/** Records of the current source whose last answer from the target is a rejection. */
export function stillRejected(store: Store, target: string, records?: ReadonlyArray<{ kind: string; schoolId: string; recordKey: string }>): ReceiptRejected[] {
  const current = records === undefined ? undefined : new Set(records.map((r) => recordId(r.kind, r.schoolId, r.recordKey)));
  return readWatermark(store, target)
    .filter((w) => w.status === 'rejected' && (current === undefined || current.has(recordId(w.entity, w.schoolId, w.recordKey))))
    .map((w) => ({ kind: w.entity, school: w.schoolId, client_ref: w.recordKey, ma_loi: w.errorCode, detail: w.errorDetail }));
}
