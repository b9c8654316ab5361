/**
 * `edusync ack add|list|remove`: acknowledging warnings with a stored reason (peers.md §3.1 item 3,
 * the DfE census "notepad"). A school imports every month; a warning it has looked at and justified
 * (a young teacher with a doctorate, two namesakes) comes back every month and hides the new ones.
 * Once acknowledged, validate/import/run count it instead of listing it — until its value changes.
 * Errors are never acknowledged: they block submission to the national database.
 */
import { ExitCode, UsageError } from '../../errors.js';
import type { Finding } from '../../check/finding.js';
import type { AckKeyParts } from '../../check/acknowledged.js';
import type { Acknowledgement } from '../../store/acknowledgements.js';
import type { CliContext } from '../context.js';
import { emit } from '../output.js';

export interface AckAddOptions {
  code: string;
  reason: string;
  row?: number[];
  field?: string;
  sheet?: string;
  today?: string;
  ruleSet?: string;
  db?: string;
}

export interface AckListOptions {
  school?: string;
  code?: string;
  format: 'text' | 'json';
  db?: string;
}

export interface AckRemoveOptions {
  db?: string;
}

/** What `ack add` looked for, in words, for its messages (no personal data: code, rows, field). */
function sought(options: AckAddOptions, vi: boolean): string {
  const parts = [options.code];
  if (options.row !== undefined && options.row.length > 0) parts.push(`${vi ? 'dòng' : 'rows'} ${options.row.join(', ')}`);
  if (options.field !== undefined) parts.push(`${vi ? 'trường' : 'field'} ${options.field}`);
  if (options.sheet !== undefined) parts.push(`${vi ? 'trang tính' : 'sheet'} ${options.sheet}`);
  return parts.join(', ');
}

/** The findings of `code` that the rows/field filters select. */
function selected(findings: readonly Finding[], options: AckAddOptions): Finding[] {
  const rows = options.row !== undefined && options.row.length > 0 ? new Set(options.row) : undefined;
  return findings.filter((f) => f.code === options.code && (rows === undefined || (f.row !== undefined && rows.has(f.row))) && (options.field === undefined || f.field === options.field));
}

export async function runAckAdd(paths: string[], options: AckAddOptions, ctx: CliContext): Promise<ExitCode> {
  const vi = ctx.locale === 'vi';
  const code = options.code.trim().toUpperCase();
  const reason = options.reason.normalize('NFC').trim();
  if (reason === '') {
    throw new UsageError({ vi: '--reason không được để trống: hãy ghi lý do giải trình.', en: '--reason must not be empty: write why the warning is justified.' });
  }
  const { metaByCode } = await import('../../check/catalogue.js');
  const meta = metaByCode(code);
  if (meta === undefined) {
    throw new UsageError({ vi: `Không có mã quy tắc ${code} (xem edusync rules).`, en: `There is no rule code ${code} (see edusync rules).` });
  }
  const opts = { ...options, code };
  const { validateFiles } = await import('../../check/pipeline.js');
  // Every warning as the files hold it now (no acknowledgement applied): the ones to store.
  const report = await validateFiles(paths, { sheet: options.sheet, today: options.today, ruleSet: options.ruleSet });
  for (const u of report.unreadable) ctx.stderr.write(`edusync: ${u.message[ctx.locale]}\n`);

  const candidates = selected(report.findings, opts);
  const warnings = candidates.filter((f) => f.severity === 'warning');
  const errors = candidates.length - warnings.length - candidates.filter((f) => f.severity === 'info').length;
  if (warnings.length === 0) {
    if (errors > 0 || (candidates.length === 0 && meta.defaultSeverity === 'error' && !report.findings.some((f) => f.code === code && f.severity === 'warning'))) {
      throw new UsageError({
        vi: `${code} là lỗi, không thể giải trình — phải sửa trong tệp: lỗi chặn việc đưa dữ liệu lên CSDL ngành. Chỉ cảnh báo mới giải trình được.`,
        en: `${code} is an error and cannot be acknowledged — it must be fixed in the file: errors block submission to the national database. Only warnings can be acknowledged.`,
      });
    }
    if (candidates.length > 0) {
      throw new UsageError({
        vi: `${code} chỉ là thông tin (edusync đã tự sửa khi đọc), không cần giải trình.`,
        en: `${code} is information only (edusync repaired it while reading); there is nothing to acknowledge.`,
      });
    }
    throw new UsageError({
      vi: `Không có cảnh báo nào khớp (${sought(opts, true)}) trong ${paths.join(', ')}: không giải trình gì.`,
      en: `No warning matched (${sought(opts, false)}) in ${paths.join(', ')}: nothing acknowledged.`,
    });
  }
  const { ackKeyParts } = await import('../../check/acknowledged.js');
  const keys = warnings.map(ackKeyParts).filter((k): k is AckKeyParts => k !== undefined);
  if (keys.length === 0) {
    throw new UsageError({
      vi: `Các cảnh báo ${code} khớp (${warnings.length}) không gắn với một người có mã (số định danh, mã học sinh hoặc mã cán bộ), nên không giải trình được: hãy bổ sung mã cho các dòng đó.`,
      en: `The ${warnings.length} matching ${code} warnings are not about a person with an identifier (personal ID, student or staff code), so they cannot be acknowledged: add the identifiers to those rows.`,
    });
  }

  const { openStore } = await import('../../store/db.js');
  const { resolveDbPath } = await import('../../store/db-path.js');
  const { addAcknowledgements } = await import('../../store/acknowledgements.js');
  const store = openStore(resolveDbPath(options.db));
  let result: ReturnType<typeof addAcknowledgements>;
  try {
    result = addAcknowledgements(store, keys, reason);
  } finally {
    store.close();
  }
  const lines: string[] = [];
  const ids = result.added.map((a) => `#${a.id}`).join(', ');
  lines.push(
    vi
      ? `Đã giải trình ${result.added.length} cảnh báo ${code}${ids ? ` (${ids})` : ''}.`
      : `Acknowledged ${result.added.length} ${code} warning${result.added.length === 1 ? '' : 's'}${ids ? ` (${ids})` : ''}.`,
  );
  if (result.already > 0) lines.push(vi ? `${result.already} cảnh báo đã được giải trình từ trước (giữ lý do cũ).` : `${result.already} were already acknowledged (their reason kept).`);
  const unidentified = warnings.length - keys.length;
  if (unidentified > 0) {
    lines.push(
      vi
        ? `${unidentified} cảnh báo không gắn với người có mã nên không giải trình được.`
        : `${unidentified} warnings are not about a person with an identifier and were not acknowledged.`,
    );
  }
  if (errors > 0) lines.push(vi ? `${errors} lỗi cùng mã ${code} không được giải trình (phải sửa).` : `${errors} errors of code ${code} were not acknowledged (they must be fixed).`);
  await emit(ctx, `${lines.join('\n')}\n`, undefined);
  return report.unreadable.length > 0 ? ExitCode.Input : ExitCode.Ok;
}

/** The person's key as text output shows it: its last four characters only (personal data). */
export function maskSubject(subject: string): string {
  return subject.length <= 4 ? '…' : `…${subject.slice(-4)}`;
}

function listText(acks: Acknowledgement[], vi: boolean): string {
  if (acks.length === 0) return vi ? 'Chưa có cảnh báo nào được giải trình.\n' : 'No warnings acknowledged.\n';
  const lines: string[] = [];
  for (const a of acks) {
    const school = a.school === '' ? '-' : a.school;
    lines.push(`#${a.id}  ${a.code}  ${vi ? 'mã trường' : 'school'} ${school}  ${vi ? 'người' : 'person'} ${maskSubject(a.subject)}${a.field ? `  ${vi ? 'trường dữ liệu' : 'field'} ${a.field}` : ''}`);
    lines.push(`    ${vi ? 'lý do' : 'reason'}: ${a.reason}`);
    lines.push(`    ${vi ? 'bởi' : 'by'} ${a.createdBy ?? '?'}, ${a.createdAt}`);
  }
  lines.push(vi ? `${acks.length} giải trình đang có hiệu lực.` : `${acks.length} active acknowledgements.`);
  return `${lines.join('\n')}\n`;
}

async function openExisting(db: string | undefined): Promise<import('../../store/types.js').Store> {
  const { openStore } = await import('../../store/db.js');
  const { requireDatabase, resolveDbPath } = await import('../../store/db-path.js');
  const path = resolveDbPath(db);
  requireDatabase(path);
  // Opened for writing, as `remove` needs; a database from an older edusync is migrated (after a
  // backup copy) by any open, read-only ones included (store/db.ts upgradeThenOpen).
  return openStore(path);
}

export async function runAckList(options: AckListOptions, ctx: CliContext): Promise<ExitCode> {
  const { listAcknowledgements } = await import('../../store/acknowledgements.js');
  const store = await openExisting(options.db);
  let acks: Acknowledgement[];
  try {
    acks = listAcknowledgements(store, { school: options.school, code: options.code?.trim().toUpperCase() });
  } finally {
    store.close();
  }
  // JSON goes to the data owner's stdout and carries the person's key; text masks it.
  const text =
    options.format === 'json'
      ? `${JSON.stringify(
          acks.map((a) => ({ id: a.id, code: a.code, school: a.school, subject: a.subject, field: a.field, valueHash: a.valueHash, reason: a.reason, by: a.createdBy, at: a.createdAt })),
          null,
          2,
        )}\n`
      : listText(acks, ctx.locale === 'vi');
  await emit(ctx, text, undefined);
  return ExitCode.Ok;
}

export async function runAckRemove(ids: string[], options: AckRemoveOptions, ctx: CliContext): Promise<ExitCode> {
  const numbers = ids.map((s) => s.replace(/^#/, ''));
  const bad = numbers.filter((s) => !/^\d+$/.test(s));
  if (bad.length > 0) throw new UsageError({ vi: `Mã giải trình phải là số: ${bad.join(', ')}.`, en: `Acknowledgement ids are numbers: ${bad.join(', ')}.` });
  const { removeAcknowledgements } = await import('../../store/acknowledgements.js');
  const store = await openExisting(options.db);
  let result: ReturnType<typeof removeAcknowledgements>;
  try {
    result = removeAcknowledgements(store, numbers.map(Number));
  } finally {
    store.close();
  }
  if (result.unknown.length > 0) {
    const list = result.unknown.map((id) => `#${id}`).join(', ');
    throw new UsageError({
      vi: `Không có giải trình đang hiệu lực ${list} (xem edusync ack list); không gỡ gì.`,
      en: `No active acknowledgement ${list} (see edusync ack list); nothing removed.`,
    });
  }
  const list = result.removed.map((id) => `#${id}`).join(', ');
  await emit(ctx, ctx.locale === 'vi' ? `Đã gỡ giải trình ${list}: các cảnh báo đó sẽ hiện lại.\n` : `Removed acknowledgement ${list}: those warnings show again.\n`, undefined);
  return ExitCode.Ok;
}
