/**
 * `edusync push`: shows what would be sent to a csdl-style endpoint (the plan) and, with --apply,
 * sends it exactly once through the outbox (src/push/run.ts). Exit 0 all acknowledged; 1 records
 * rejected by the server (listed, kept with their reasons; `--retry-rejected` after fixing);
 * 3 stopped by the network, a period lock or a revoked client (resumable: run again).
 */
import { resolve } from 'node:path';
import { ConfigError, ExitCode, UsageError } from '../../errors.js';
import { findConfigFile, readConfigFile } from '../../config/load.js';
import { isAllowedTargetUrl, type TargetConfig } from '../../config/schema.js';
import { writePrivateFile } from '../../io/write-file.js';
import type { CsdlClient } from '../../push/client.js';
import { connect, pushTarget, type PushTarget } from '../../push/connect.js';
import { KIND_ENTITY, MAX_BATCH_RECORDS, type Kind } from '../../push/contract.js';
import { DEFAULT_RETRY_POLICY } from '../../push/retry.js';
import { defaultReceiptPath } from '../../push/receipt.js';
import { runPush, stillRejected, type PushResult } from '../../push/run.js';
import { createRunLogger, token } from '../../run/log.js';
import { requireDatabase, resolveDbPath } from '../../store/db-path.js';
import { openStore } from '../../store/db.js';
import type { CliContext } from '../context.js';
import { createProgress, emit } from '../output.js';

export interface PushCliOptions {
  db?: string;
  config?: string;
  target?: string;
  url?: string;
  clientId?: string;
  apply?: boolean;
  retryRejected?: boolean;
  school?: string;
  batchSize?: number;
  timeout?: number;
  retryBaseMs?: number;
  retryCapMs?: number;
  maxAttempts?: number;
  retryBudget?: number;
  receipt?: string;
  format: 'text' | 'json';
  logFormat?: 'text' | 'json';
}

type ResolvedTarget = PushTarget;

function resolveTarget(o: PushCliOptions, env: NodeJS.ProcessEnv): ResolvedTarget {
  const file = findConfigFile(o.config, env, process.cwd());
  const targets: TargetConfig[] = file ? (readConfigFile(file).targets ?? []) : [];
  let chosen: TargetConfig | undefined;
  if (o.target !== undefined) {
    chosen = targets.find((t) => t.name === o.target);
    if (chosen === undefined) {
      throw new ConfigError({
        vi: `Không có điểm nhận "${o.target}" trong targets[] của tệp cấu hình${file ? ` ${file}` : ''}.`,
        en: `There is no target "${o.target}" in targets[] of the config file${file ? ` ${file}` : ''}.`,
      });
    }
  } else if (o.url === undefined && !env.EDUSYNC_PUSH_URL && targets.length === 1) {
    chosen = targets[0];
  }
  const url = o.url ?? chosen?.url ?? (env.EDUSYNC_PUSH_URL || undefined);
  if (url === undefined) {
    throw new UsageError({
      vi: 'Chưa có điểm nhận: dùng --url (hoặc EDUSYNC_PUSH_URL), hoặc --target TÊN trong targets[] của tệp cấu hình.',
      en: 'No target: give --url (or EDUSYNC_PUSH_URL), or --target NAME from targets[] of the config file.',
    });
  }
  const verdict = isAllowedTargetUrl(url);
  if (verdict !== 'ok') {
    throw new UsageError(
      verdict === 'https-only'
        ? { vi: `Điểm nhận ${url} phải dùng https (http chỉ được dùng cho 127.0.0.1/localhost).`, en: `The target ${url} must use https (http is allowed only on 127.0.0.1/localhost).` }
        : { vi: `Địa chỉ điểm nhận không hợp lệ: ${url}`, en: `Invalid target address: ${url}` },
    );
  }
  return pushTarget(chosen, url);
}

function kindLabel(kind: string, vi: boolean): string {
  const labels: Record<Kind, [string, string]> = {
    truong: ['trường', 'schools'],
    lop: ['lớp', 'classes'],
    giao_vien: ['giáo viên', 'teachers'],
    hoc_sinh: ['học sinh', 'students'],
    ket_qua_hoc_tap: ['kết quả học tập', 'results'],
  };
  const l = labels[kind as Kind];
  return l ? l[vi ? 0 : 1] : kindFromEntity(kind);
}

function kindFromEntity(kind: string): string {
  return KIND_ENTITY[kind as Kind]?.plural ?? kind;
}

function formatText(r: PushResult, target: ResolvedTarget, receiptPath: string | undefined, rejected: ReturnType<typeof stillRejected>, vi: boolean): string {
  const l: string[] = [];
  const c = r.plan.counts;
  const planned = r.plan.batches.reduce((n, b) => n + b.records.length, 0);
  const kinds = Object.entries(r.plan.byKind).map(([k, n]) => `${kindLabel(k, vi)} ${n}`).join(', ');
  if (vi) {
    l.push(`Kế hoạch gửi tới ${target.name}:`);
    l.push(`  ${planned} bản ghi trong ${r.plan.batches.length} lô${kinds ? ` (${kinds})` : ''} · mới ${c.new} · thay đổi ${c.changed} · gửi lại bản ghi bị từ chối ${c.retryRejected}`);
    l.push(`  không đổi (đã được nhận) ${c.unchanged} · vẫn bị từ chối, chưa sửa ${c.stillRejected} · đang chờ trong hàng đợi ${r.pendingBefore.records} (${r.pendingBefore.batches} lô)`);
    if (r.duplicateKeys > 0) l.push(`  bỏ qua ${r.duplicateKeys} bản ghi trùng khoá trong cùng trường (giữ bản đầu tiên)`);
    l.push(`  trường dữ liệu gửi đi: ${r.fields.join(', ') || '(không có)'}`);
    l.push(`  trường nhạy cảm gửi đi: ${r.sensitiveSent.length ? r.sensitiveSent.join(', ') : 'không (chỉ gửi khi targets[].fields nêu tên)'}`);
    if (r.optInWithheld.length) l.push(`  giữ lại, không gửi (cha mẹ, người giám hộ, địa chỉ; gửi khi targets[].fields nêu tên): ${r.optInWithheld.join(', ')}`);
  } else {
    l.push(`Push plan for ${target.name}:`);
    l.push(`  ${planned} records in ${r.plan.batches.length} batches${kinds ? ` (${kinds})` : ''} · new ${c.new} · changed ${c.changed} · rejected, retried ${c.retryRejected}`);
    l.push(`  unchanged (acknowledged) ${c.unchanged} · still rejected, not fixed ${c.stillRejected} · waiting in the outbox ${r.pendingBefore.records} (${r.pendingBefore.batches} batches)`);
    if (r.duplicateKeys > 0) l.push(`  skipped ${r.duplicateKeys} records whose key repeats within a school (the first one is kept)`);
    l.push(`  fields sent: ${r.fields.join(', ') || '(none)'}`);
    l.push(`  sensitive fields sent: ${r.sensitiveSent.length ? r.sensitiveSent.join(', ') : 'none (sent only when targets[].fields names them)'}`);
    if (r.optInWithheld.length) l.push(`  kept home (parents, guardians, addresses; sent when targets[].fields names them): ${r.optInWithheld.join(', ')}`);
  }
  const rc = r.receipt;
  if (rc === undefined) {
    l.push(vi ? 'Chưa gửi gì. Thêm --apply để gửi.' : 'Nothing sent. Add --apply to send.');
  } else {
    const n = rc.counts;
    l.push(
      vi
        ? `Đã gửi ${n.sent} bản ghi trong ${n.batches} lô: thêm mới ${n.new} · cập nhật ${n.updated} · không đổi ${n.unchanged} · bị từ chối ${n.rejected} · lô trả lời lại (idempotent) ${n.replayed_batches} · lần thử lại ${n.retries} · mã do máy chủ cấp ${rc.server_ids.length}`
        : `Sent ${n.sent} records in ${n.batches} batches: new ${n.new} · updated ${n.updated} · unchanged ${n.unchanged} · rejected ${n.rejected} · replayed (idempotent) batches ${n.replayed_batches} · retries ${n.retries} · server-assigned ids ${rc.server_ids.length}`,
    );
    if (rc.batches.length) l.push(`${vi ? 'Mã lô' : 'Batch ids'}: ${rc.batches.map((b) => b.ma_lo).join(' ')}`);
    if (receiptPath) l.push(`${vi ? 'Biên nhận' : 'Receipt'}: ${receiptPath}`);
    if (rc.stop_reason) l.push(vi ? 'Đã dừng giữa chừng; chạy lại push để gửi tiếp (cùng khoá Idempotency-Key).' : 'Stopped part-way; run push again to resume (same Idempotency-Keys).');
  }
  if (rejected.length > 0) {
    l.push(vi ? `Bản ghi bị máy chủ từ chối (${rejected.length}; sửa dữ liệu rồi nhập lại, hoặc push --retry-rejected):` : `Records the server rejected (${rejected.length}; fix the data and re-import, or push --retry-rejected):`);
    for (const x of rejected) l.push(`  ${kindLabel(x.kind, vi)} ${x.school} ${x.client_ref}: ${x.ma_loi ?? '?'}${x.detail ? ` (${x.detail})` : ''}`);
  }
  return `${l.join('\n')}\n`;
}

function positive(name: string, v: number | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (v === undefined) return fallback;
  if (!Number.isInteger(v) || v <= 0 || v > max) throw new UsageError({ vi: `${name} cần số nguyên từ 1 đến ${max}.`, en: `${name} needs a whole number from 1 to ${max}.` });
  return v;
}

export async function runPushCommand(o: PushCliOptions, ctx: CliContext): Promise<ExitCode> {
  const env = process.env;
  const vi = ctx.locale === 'vi';
  const target = resolveTarget(o, env);
  const path = resolveDbPath(o.db);
  requireDatabase(path);
  const batchSize = positive('--batch-size', o.batchSize, MAX_BATCH_RECORDS, MAX_BATCH_RECORDS);
  const logFormat = o.logFormat ?? (env.EDUSYNC_LOG_FORMAT === 'json' ? 'json' : 'text');
  const logger = createRunLogger({ format: logFormat, write: (line) => ctx.stderr.write(line), locale: ctx.locale });
  let client: CsdlClient | undefined;
  if (o.apply) {
    client = connect(target, {
      env,
      clientId: o.clientId,
      timeoutMs: positive('--timeout', o.timeout, 30_000),
      policy: {
        baseMs: positive('--retry-base-ms', o.retryBaseMs, DEFAULT_RETRY_POLICY.baseMs),
        capMs: positive('--retry-cap-ms', o.retryCapMs, DEFAULT_RETRY_POLICY.capMs),
        maxAttempts: positive('--max-attempts', o.maxAttempts, DEFAULT_RETRY_POLICY.maxAttempts),
        max429: DEFAULT_RETRY_POLICY.max429,
        runBudget: positive('--retry-budget', o.retryBudget, DEFAULT_RETRY_POLICY.runBudget),
      },
      onRetry: (info) => logger.log('warn', 'push', 'retry', { reason: token(info.reason), attempt: info.attempt, delay_ms: info.delayMs }),
    });
  }
  const killAt = Number(env.EDUSYNC_TEST_KILL_AT ?? '0');
  let points = 0;
  const checkpoint =
    killAt > 0
      ? (point: string): void => {
          points++;
          if (points === killAt) {
            // Crash-test hook: die without any cleanup, as a power cut or kill -9 would.
            process.stderr.write(`edusync-test-kill point=${point} n=${points}\n`);
            process.kill(process.pid, 'SIGKILL');
          }
        }
      : undefined;
  const progress = createProgress(ctx);
  const store = openStore(path);
  let result: PushResult;
  let receiptPath: string | undefined;
  let rejected: ReturnType<typeof stillRejected>;
  try {
    result = await runPush({
      store,
      target: target.name,
      url: target.url,
      batchSize,
      retryRejected: o.retryRejected === true,
      apply: o.apply === true,
      school: o.school,
      targetFields: target.fields,
      logger,
      logBatches: logFormat === 'json',
      onProgress: (sent, total) => {
        const width = 30;
        const done = total === 0 ? width : Math.round((sent / total) * width);
        progress.update(`push [${'#'.repeat(done)}${'.'.repeat(width - done)}] ${sent}/${total}`);
      },
      checkpoint,
      client,
    });
    progress.done();
    rejected = stillRejected(store, target.name);
    if (result.receipt !== undefined) {
      receiptPath = resolve(o.receipt ?? defaultReceiptPath(path, result.receipt.run_id));
      await writePrivateFile(receiptPath, `${JSON.stringify(result.receipt, null, 2)}\n`);
    }
  } finally {
    store.close();
    await client?.close();
  }
  const text =
    o.format === 'json'
      ? `${JSON.stringify({ target: target.name, url: target.url, applied: result.receipt !== undefined, plan: { counts: result.plan.counts, batches: result.plan.batches.length, byKind: result.plan.byKind }, pending: result.pendingBefore, fields: result.fields, sensitiveSent: result.sensitiveSent, optInWithheld: result.optInWithheld, receiptPath: receiptPath ?? null, receipt: result.receipt ?? null, rejected }, null, 2)}\n`
      : formatText(result, target, receiptPath, rejected, vi);
  await emit(ctx, text, undefined);
  if (result.stop !== undefined) throw result.stop;
  if (result.receipt === undefined) return ExitCode.Ok;
  return result.exitCode;
}
