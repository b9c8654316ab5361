/**
 * `edusync purge --before YYYY-MM [--apply] [--db FILE] [--format text|json]`: retention. Without
 * --apply it shows what would go and what stays; with --apply it deletes in one transaction,
 * records an audit event and compacts the file (src/store/purge.ts).
 */
import { ExitCode, UsageError } from '../../errors.js';
import { requireDatabase, resolveDbPath } from '../../store/db-path.js';
import { openStore } from '../../store/db.js';
import { applyPurge, planPurge, retentionCutoff, type PurgePlan, type PurgeResult } from '../../store/purge.js';
import { findConfigFile, readConfigFile } from '../../config/load.js';
import { DEFAULT_RETENTION_MONTHS } from '../../config/schema.js';
import { todayIso } from '../../rules/utils/values.js';
import type { CliContext } from '../context.js';
import { emit } from '../output.js';

export interface PurgeCliOptions {
  /** YYYY-MM; default: today's month minus the retention (config `retention.months`). */
  before?: string;
  config?: string;
  today?: string;
  apply?: boolean;
  db?: string;
  format: 'text' | 'json';
}

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Where the cut-off came from, for the output: the flag, or the retention and its source. */
interface Cutoff {
  before: string;
  retentionMonths?: number;
  retentionFrom?: 'config' | 'default';
  configFile?: string | null;
}

function resolveCutoff(options: PurgeCliOptions): Cutoff {
  if (options.before !== undefined) return { before: options.before };
  const file = findConfigFile(options.config, process.env, process.cwd());
  const months = file === null ? undefined : readConfigFile(file).retention?.months;
  const retentionMonths = months ?? DEFAULT_RETENTION_MONTHS;
  return { before: retentionCutoff(options.today ?? todayIso(), retentionMonths), retentionMonths, retentionFrom: months === undefined ? 'default' : 'config', configFile: file };
}

function cutoffLine(c: Cutoff, vi: boolean): string | undefined {
  if (c.retentionMonths === undefined) return undefined;
  const from = c.retentionFrom === 'config' ? `retention.months (${c.configFile})` : vi ? 'mặc định' : 'default';
  return vi
    ? `Thời hạn lưu giữ: ${c.retentionMonths} tháng (${from}) → xoá dữ liệu trước kỳ ${c.before}.`
    : `Retention: ${c.retentionMonths} months (${from}) → data before ${c.before} goes.`;
}

function formatText(plan: PurgePlan, result: PurgeResult | undefined, cutoff: Cutoff, ctx: CliContext): string {
  const vi = ctx.locale === 'vi';
  const l: string[] = [];
  const line = cutoffLine(cutoff, vi);
  if (line !== undefined) l.push(line);
  if (vi) {
    l.push(result ? `Đã xoá dữ liệu trước kỳ ${plan.before}:` : `Kế hoạch xoá dữ liệu trước kỳ ${plan.before} (chưa xoá gì; thêm --apply để xoá):`);
    l.push(`  ảnh chụp dữ liệu: ${plan.snapshots} (${plan.snapshotRecords} bản ghi)`);
    l.push(`  kết quả kiểm tra (findings): ${plan.findings} của ${plan.runsWithFindings} lượt chạy`);
    l.push(`  người (học sinh/giáo viên) không còn trong ảnh chụp nào được giữ: ${plan.persons} (${plan.identifiers} mã định danh, ${plan.acknowledgements} giải trình cảnh báo)`);
    l.push(`  hàng đợi gửi (outbox) đã được máy chủ trả lời: ${plan.outbox} (lô chưa gửi xong luôn được giữ)`);
    l.push(`Giữ lại: ${plan.keptSnapshots} ảnh chụp, ${plan.keptPersons} người, mọi bản ghi lượt chạy (không chứa dữ liệu cá nhân), nhật ký kiểm toán; báo cáo tổng hợp: ${plan.keptReports} (không bao giờ bị xoá).`);
    if (result) l.push(`Đã thu gọn tệp: ${result.bytesBefore} → ${result.bytesAfter} byte; đã ghi nhật ký kiểm toán #${result.auditId}.`);
  } else {
    l.push(result ? `Purged data before ${plan.before}:` : `Purge plan for data before ${plan.before} (nothing deleted; add --apply to delete):`);
    l.push(`  snapshots: ${plan.snapshots} (${plan.snapshotRecords} records)`);
    l.push(`  findings: ${plan.findings} of ${plan.runsWithFindings} runs`);
    l.push(`  persons no longer in any kept snapshot: ${plan.persons} (${plan.identifiers} identifiers, ${plan.acknowledgements} acknowledged warnings)`);
    l.push(`  push outbox rows the server has answered: ${plan.outbox} (batches not yet delivered are always kept)`);
    l.push(`Kept: ${plan.keptSnapshots} snapshots, ${plan.keptPersons} persons, every run record (no personal data), the audit trail; aggregate reports: ${plan.keptReports} (never deleted).`);
    if (result) l.push(`Compacted: ${result.bytesBefore} → ${result.bytesAfter} bytes; audit event #${result.auditId} recorded.`);
  }
  return `${l.join('\n')}\n`;
}

export async function runPurge(options: PurgeCliOptions, ctx: CliContext): Promise<ExitCode> {
  const cutoff = resolveCutoff(options);
  if (!PERIOD.test(cutoff.before)) {
    throw new UsageError({
      vi: `--before cần một kỳ dạng YYYY-MM (ví dụ 2024-06), không phải "${cutoff.before}".`,
      en: `--before needs a period as YYYY-MM (e.g. 2024-06), not "${cutoff.before}".`,
    });
  }
  const path = resolveDbPath(options.db);
  requireDatabase(path);
  const store = openStore(path);
  let plan: PurgePlan;
  let result: PurgeResult | undefined;
  try {
    if (options.apply) {
      result = applyPurge(store, cutoff.before);
      plan = result;
    } else {
      plan = planPurge(store, cutoff.before);
    }
  } finally {
    store.close();
  }
  const text =
    options.format === 'json'
      ? `${JSON.stringify({ applied: result !== undefined, aggregateReports: plan.keptReports, ...(cutoff.retentionMonths === undefined ? {} : { retentionMonths: cutoff.retentionMonths, retentionFrom: cutoff.retentionFrom }), ...(result ?? plan) }, null, 2)}\n`
      : formatText(plan, result, cutoff, ctx);
  await emit(ctx, text, undefined);
  return ExitCode.Ok;
}
