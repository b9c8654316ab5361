/** Text and xlsx renderings of an audit report (the JSON is the report itself: docs/accounts-audit-format.md). */
import type { Locale } from '../../errors.js';
import { openXlsxWriter, setColumnWidths, styleHeaderRow, writeValues, frozenView } from '../../io/write-xlsx.js';
import type { AccountRef, AuditReport, MatchMethod } from './match.js';

const L = {
  vi: {
    title: 'Kiểm tra người tham gia lớp trực tuyến',
    file: 'Tệp', format: 'định dạng', participants: 'người tham gia', cls: 'Lớp', unknownClass: '(không xác định lớp)',
    roster: 'sĩ số', intruders: 'Người lạ (không có trong danh sách lớp)', absent: 'Vắng mặt (có trong danh sách, không tham gia)',
    duplicates: 'Một người nhiều tài khoản', matched: 'Đã khớp', mismatch: 'Tài khoản mang mã định danh khác hồ sơ',
    reason: { 'not-on-roster': 'không có trong danh sách', 'other-class': 'học sinh lớp khác', 'ambiguous-name': 'tên trùng nhiều người' },
    by: { account: 'tài khoản/email', identifier: 'mã định danh', name: 'họ tên' } as Record<MatchMethod, string>,
    none: 'không có', summary: 'Tóm tắt',
  },
  en: {
    title: 'Online class participant audit',
    file: 'File', format: 'format', participants: 'participants', cls: 'Class', unknownClass: '(class unknown)',
    roster: 'roster', intruders: 'Possible intruders (not on the class roster)', absent: 'Absent (on the roster, never present)',
    duplicates: 'One person, several accounts', matched: 'Matched', mismatch: 'Accounts whose identifier differs from the national record',
    reason: { 'not-on-roster': 'not on the roster', 'other-class': 'student of another class', 'ambiguous-name': 'name fits several people' },
    by: { account: 'account/email', identifier: 'identifier', name: 'name' } as Record<MatchMethod, string>,
    none: 'none', summary: 'Summary',
  },
};

function acct(a: AccountRef): string {
  const id = a.email ?? a.username;
  return id ? `${a.displayName} <${id}>` : a.displayName;
}

export function formatAuditText(r: AuditReport, locale: Locale): string {
  const t = L[locale];
  const out: string[] = [t.title, ''];
  for (const f of r.files) out.push(`${t.file} ${f.file} — ${t.format} ${f.format}, ${f.participants} ${t.participants}, ${t.cls} ${f.classId ?? t.unknownClass}`);
  for (const c of r.classes) {
    const cls = c.classId || t.unknownClass;
    out.push('', `${t.cls} ${cls}: ${t.roster} ${c.roster} · ${t.participants} ${c.participants} · ${t.matched} ${c.matched}`);
    const section = (title: string, lines: string[]): void => {
      out.push(`  ${title}: ${lines.length === 0 ? t.none : lines.length}`);
      for (const l of lines) out.push(`    - ${l}`);
    };
    section(t.intruders, r.intruders.filter((x) => x.classId === c.classId).map((x) => `${acct(x.account)} (${t.reason[x.reason]}${x.person ? `: ${x.person.fullName}, ${x.person.classId ?? ''}` : ''})`));
    section(t.absent, r.absent.filter((x) => x.classId === c.classId).map((x) => `${x.person.fullName} (${x.person.personalId})`));
    section(t.duplicates, r.duplicates.filter((x) => x.classId === c.classId).map((x) => `${x.person.fullName}: ${x.accounts.map(acct).join('; ')}`));
    section(t.mismatch, r.identifierMismatches.filter((x) => x.classId === c.classId).map((x) => `${acct(x.account)} → ${x.accountIdentifier} ≠ ${x.person.fullName} (${x.person.personalId})`));
    const by = r.matched.filter((x) => x.classId === c.classId);
    out.push(`  ${t.matched}: ${(['account', 'identifier', 'name'] as const).map((m) => `${t.by[m]} ${by.filter((x) => x.by === m).length}`).join(' · ')}`);
  }
  return `${out.join('\n')}\n`;
}

export async function writeAuditWorkbook(path: string, r: AuditReport, locale: Locale): Promise<void> {
  const t = L[locale];
  const writer = openXlsxWriter(path, { atomic: true });
  try {
    const sheet = (name: string, header: string[], rows: Array<Array<string | number>>): void => {
      const ws = writer.workbook.addWorksheet(name, frozenView(1));
      // Streaming sheets take their column widths before the first row is committed.
      setColumnWidths(ws, header.map(() => 24));
      const head = writeValues(ws, 1, header);
      styleHeaderRow(head, 1, header.length);
      head.commit();
      rows.forEach((row, i) => writeValues(ws, i + 2, row, row.map((v) => (typeof v === 'number' ? 'auto' : 'text'))).commit());
      ws.commit();
    };
    const h = locale === 'vi'
      ? { cls: 'Lớp', name: 'Tên hiển thị', email: 'Email', user: 'Tài khoản', file: 'Tệp', rows: 'Dòng', reason: 'Lý do', person: 'Họ và tên', id: 'Mã định danh', by: 'Khớp theo', accounts: 'Các tài khoản', other: 'Mã trên tài khoản' }
      : { cls: 'Class', name: 'Display name', email: 'Email', user: 'Username', file: 'File', rows: 'Rows', reason: 'Reason', person: 'Full name', id: 'Personal ID', by: 'Matched by', accounts: 'Accounts', other: 'Identifier on account' };
    sheet(t.summary, [h.cls, t.roster, t.participants, t.matched, t.intruders, t.absent, t.duplicates, t.mismatch], r.classes.map((c) => [c.classId, c.roster, c.participants, c.matched, c.intruders, c.absent, c.duplicates, c.identifierMismatches]));
    const a = (x: AccountRef): string[] => [x.displayName, x.email ?? '', x.username ?? '', x.file, x.rows.join(', ')];
    sheet(locale === 'vi' ? 'Người lạ' : 'Intruders', [h.cls, h.name, h.email, h.user, h.file, h.rows, h.reason], r.intruders.map((x) => [x.classId, ...a(x.account), t.reason[x.reason]]));
    sheet(locale === 'vi' ? 'Vắng mặt' : 'Absent', [h.cls, h.person, h.id], r.absent.map((x) => [x.classId, x.person.fullName, x.person.personalId]));
    sheet(locale === 'vi' ? 'Nhiều tài khoản' : 'Duplicates', [h.cls, h.person, h.id, h.accounts], r.duplicates.map((x) => [x.classId, x.person.fullName, x.person.personalId, x.accounts.map(acct).join('; ')]));
    sheet(locale === 'vi' ? 'Đã khớp' : 'Matched', [h.cls, h.person, h.id, h.by, h.name, h.email, h.user, h.file, h.rows], r.matched.map((x) => [x.classId, x.person.fullName, x.person.personalId, t.by[x.by], ...a(x.account)]));
    sheet(locale === 'vi' ? 'Sai mã định danh' : 'Identifier mismatch', [h.cls, h.person, h.id, h.other, h.name, h.email], r.identifierMismatches.map((x) => [x.classId, x.person.fullName, x.person.personalId, x.accountIdentifier, x.account.displayName, x.account.email ?? '']));
    await writer.commit();
  } catch (error) {
    writer.abort(error);
    throw error;
  }
}
