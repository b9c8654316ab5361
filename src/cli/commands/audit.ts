/**
 * `edusync audit [--since YYYY-MM-DD] [--format text|json] [--db FILE]`: the audit trail — who
 * (OS login), when (UTC), what (action, record count, field keys), where (destination) and the
 * SHA-256 of each file edusync wrote with personal data. What a school needs to answer a data
 * subject or to report a breach within 72 hours. Carries no names, ids or values.
 */
import { ExitCode } from '../../errors.js';
import { listAudit, type AuditEvent } from '../../store/audit.js';
import { openStore } from '../../store/db.js';
import { requireDatabase, resolveDbPath } from '../../store/db-path.js';
import type { CliContext } from '../context.js';
import { emit } from '../output.js';

export interface AuditCliOptions {
  since?: string;
  db?: string;
  limit?: number;
  format: 'text' | 'json';
  out?: string;
}

const ACTION = {
  vi: {
    'error-workbook': 'sổ lỗi (validate)',
    export: 'xuất tệp',
    push: 'gửi lên hệ thống',
    'diff-workbook': 'bảng so sánh (diff)',
    backup: 'sao lưu',
    purge: 'xoá dữ liệu cũ (purge)',
  },
  en: {
    'error-workbook': 'error workbook (validate)',
    export: 'export',
    push: 'push',
    'diff-workbook': 'diff workbook',
    backup: 'backup',
    purge: 'purge',
  },
} as const;

function formatText(events: AuditEvent[], ctx: CliContext): string {
  const vi = ctx.locale === 'vi';
  if (events.length === 0) return vi ? 'Chưa có sự kiện nào trong nhật ký kiểm toán.\n' : 'No audit events recorded.\n';
  const lines: string[] = [];
  for (const e of events) {
    lines.push(`#${e.id}  ${e.time}  ${e.osUser ?? '?'}  ${ACTION[ctx.locale][e.action]}  (edusync ${e.command})`);
    lines.push(`    ${vi ? 'số bản ghi' : 'records'}: ${e.recordCount}`);
    if (e.destination !== null) lines.push(`    ${vi ? 'nơi ghi' : 'destination'}: ${e.destination}`);
    if (e.fileSha256 !== null) lines.push(`    sha256: ${e.fileSha256}`);
    lines.push(`    ${vi ? 'trường dữ liệu' : 'fields'}: ${e.fields.length > 0 ? e.fields.join(', ') : vi ? '(không có)' : '(none)'}`);
  }
  lines.push(vi ? `${events.length} sự kiện.` : `${events.length} events.`);
  return `${lines.join('\n')}\n`;
}

export async function runAudit(options: AuditCliOptions, ctx: CliContext): Promise<ExitCode> {
  const path = resolveDbPath(options.db);
  requireDatabase(path);
  // Opened for writing so that a database from an older edusync is migrated (after a backup copy).
  const store = openStore(path);
  let events: AuditEvent[];
  try {
    events = listAudit(store, { since: options.since, limit: options.limit });
  } finally {
    store.close();
  }
  const text = options.format === 'json' ? `${JSON.stringify({ events }, null, 2)}\n` : formatText(events, ctx);
  await emit(ctx, text, options.out);
  return ExitCode.Ok;
}
