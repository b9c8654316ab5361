/** What `accounts export` and `accounts diff` print (stdout: for the data owner). */
import type { Locale } from '../errors.js';
import type { ExportResult } from './export.js';
import type { AccountDiff } from './model.js';

export function formatExportText(r: ExportResult, locale: Locale): string {
  const vi = locale === 'vi';
  const out: string[] = [];
  out.push(vi ? `Xuất tài khoản ${r.platform}: ${r.accounts.students} học sinh, ${r.accounts.teachers} giáo viên, ${r.sections} lớp/nhóm học` : `Exported ${r.platform} accounts: ${r.accounts.students} students, ${r.accounts.teachers} teachers, ${r.sections} classes/sections`);
  for (const f of r.files) {
    const fields = f.fields.length > 0 ? f.fields.join(', ') : vi ? 'không có dữ liệu cá nhân' : 'no personal data';
    out.push(`  ${f.path} (${f.records} ${vi ? 'dòng' : 'rows'}, sha256 ${f.sha256.slice(0, 16)}…; ${vi ? 'trường dữ liệu' : 'fields'}: ${fields})`);
  }
  if (r.passwordFile) out.push(vi ? `  Mật khẩu ban đầu (chỉ chủ tệp đọc được, 0600): ${r.passwordFile.path} — phát cho học sinh rồi xoá tệp.` : `  Initial passwords (owner-only file, 0600): ${r.passwordFile.path} — hand them out, then delete the file.`);
  else out.push(vi ? '  Không ghi mật khẩu (dùng --passwords để tạo mật khẩu ban đầu).' : '  No passwords written (use --passwords to generate initial ones).');
  out.push(vi ? `  So với lần xuất trước: tạo mới ${r.diff.create.length} · cập nhật ${r.diff.update.length} · tạm khoá ${r.diff.suspend.length} · không đổi ${r.diff.unchanged}` : `  Since the last export: create ${r.diff.create.length} · update ${r.diff.update.length} · suspend ${r.diff.suspend.length} · unchanged ${r.diff.unchanged}`);
  if (r.collisions.length > 0) {
    out.push(vi ? `  Tên đăng nhập trùng theo quy tắc, đã thêm hậu tố: ${r.collisions.length}` : `  Usernames colliding under the rule, suffixed: ${r.collisions.length}`);
    for (const c of r.collisions) out.push(`    ${c.wanted} → ${c.assigned.join(', ')}`);
  }
  if (r.unmatchedAssignments.length > 0) {
    out.push(vi ? `  Dòng phân công không khớp lớp/giáo viên trong dữ liệu: ${r.unmatchedAssignments.join(', ')}` : `  Assignment rows whose class or teacher is not in the store: ${r.unmatchedAssignments.join(', ')}`);
  }
  if (r.invalid.length > 0) {
    out.push(vi ? `  Không cấp tài khoản — thiếu hoặc sai mã định danh (${r.invalid.length}), danh sách trong ${r.invalidFile?.path ?? ''}:` : `  No account — missing or invalid personal identifier (${r.invalid.length}), listed in ${r.invalidFile?.path ?? ''}:`);
    for (const p of r.invalid) out.push(`    ${p.schoolId} ${p.localId} ${p.fullName} ${p.classId ?? ''} [${p.reasons.join(' ')}]`);
  }
  return `${out.join('\n')}\n`;
}

export function exportToJson(r: ExportResult): unknown {
  return {
    platform: r.platform,
    accounts: r.accounts,
    sections: r.sections,
    files: r.files.map((f) => ({ name: f.name, path: f.path, records: f.records, sha256: f.sha256, fields: f.fields })),
    passwordFile: r.passwordFile?.path ?? null,
    noAccount: r.invalid,
    collisions: r.collisions,
    unmatchedAssignmentRows: r.unmatchedAssignments,
    changes: { create: r.diff.create.length, update: r.diff.update.length, suspend: r.diff.suspend.length, unchanged: r.diff.unchanged },
  };
}

export function formatDiffText(d: AccountDiff, locale: Locale): string {
  const vi = locale === 'vi';
  const out: string[] = [];
  out.push(
    d.since === null
      ? vi ? 'Chưa xuất tài khoản lần nào: mọi tài khoản đều là mới.' : 'No export yet: every account is new.'
      : vi ? `So với lần xuất ${d.since.format} lúc ${d.since.time}:` : `Since the ${d.since.format} export at ${d.since.time}:`,
  );
  out.push(vi ? `Tạo mới ${d.create.length} · Cập nhật ${d.update.length} · Tạm khoá ${d.suspend.length} · Không đổi ${d.unchanged}` : `Create ${d.create.length} · Update ${d.update.length} · Suspend ${d.suspend.length} · Unchanged ${d.unchanged}`);
  const section = (title: string, items: AccountDiff['create']): void => {
    if (items.length === 0) return;
    out.push('', title);
    for (const i of items) {
      out.push(`  ${i.username}  ${i.fullName}  ${i.role === 'student' ? (vi ? 'HS' : 'student') : vi ? 'GV' : 'teacher'} ${i.classId}`.trimEnd());
      for (const c of i.changes ?? []) out.push(`    ${c.field}: ${c.from || '∅'} → ${c.to || '∅'}`);
    }
  };
  section(vi ? 'Tạo mới:' : 'Create:', d.create);
  section(vi ? 'Cập nhật:' : 'Update:', d.update);
  section(vi ? 'Tạm khoá (đã rời trường hoặc không còn mã định danh hợp lệ):' : 'Suspend (left the school, or no longer a valid identifier):', d.suspend);
  return `${out.join('\n')}\n`;
}
