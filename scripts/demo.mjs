#!/usr/bin/env node
// `npm run demo`: every stage that exists so far, end to end, on generated synthetic data.
// Nothing here needs a network or any set-up beyond `npm ci`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'demo-out');
const bin = join(root, 'bin', 'edusync');
const lang = process.env.EDUSYNC_LANG === 'en' ? 'en' : 'vi';

function step(title, args, okCodes = [0]) {
  process.stdout.write(`\n\u001b[1m▶ ${title}\u001b[0m\n$ edusync ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, [bin, ...args, '--lang', lang], { stdio: 'inherit', cwd: root });
  if (!okCodes.includes(r.status ?? -1)) {
    process.stderr.write(`demo: "edusync ${args[0]}" exited with ${r.status}\n`);
    process.exit(1);
  }
  return r.status;
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
// Relative paths (cwd = project root) keep the printed positions short.
const data = join('demo-out', 'data');

step('1. Sinh dữ liệu mẫu / generate a sample school (messy Excel, 3% injected defects)', [
  'generate', '--out', data, '--seed', '2025', '--schools', '1', '--level', 'THCS',
  '--layout', 'messy', '--defects', '0.03', '--format', 'xlsx',
]);
step('2. Danh mục quy tắc / the rule catalogue', ['rules']);
// Exit 1 = error-level findings: expected, the data carries injected defects.
step('3. Kiểm tra / validate, with the error workbook the school fixes in Excel', [
  'validate', data, '--format', 'xlsx', '--out', join('demo-out', 'so-loi.xlsx'), '--today', '2025-10-15',
], [0, 1]);
step('4. Báo cáo JSON / the same report as JSON', [
  'validate', data, '--format', 'json', '--out', join('demo-out', 'report.json'), '--today', '2025-10-15',
], [0, 1]);

// Monthly import: September as generated, October edited the way a school's list changes.
const monthly = join('demo-out', 'thang');
step('5. Dữ liệu hai tháng / two months of one school (plain CSV)', [
  'generate', '--out', join(monthly, 'goc'), '--seed', '7', '--schools', '2', '--entities', 'students', '--format', 'csv',
  '--classes-per-grade', '2', '--students-per-class', '10',
]);
const [a, b] = readdirSync(join(root, monthly, 'goc')).filter((f) => f.endsWith('-hoc-sinh.csv')).sort();
const lines = (f) => readFileSync(join(root, monthly, 'goc', f), 'utf8').trimEnd().split('\n');
const sept = lines(a);
const school = sept[1].split(',')[0];
const oct = sept.filter((_, i) => i < 2 || i > 4); // three students leave
for (const i of [6, 10, 15, 22]) oct[i] = oct[i].replace(/^([^,]*),(\d+A)(\d)/, (_, s, c, d) => `${s},${c}${d === '1' ? '2' : '1'}`); // four change class
oct[8] = oct[8].replace(/^((?:[^,]*,){4})([^,]*)/, '$1$2 Anh'); // a name corrected
oct.push(...lines(b).slice(1, 6).map((l) => l.replace(/^[^,]*/, school))); // five arrive
writeFileSync(join(root, monthly, 'thang-09.csv'), `${sept.join('\n')}\n`);
writeFileSync(join(root, monthly, 'thang-10.csv'), `${oct.join('\n')}\n`);
const db = ['--db', join('demo-out', 'edusync.db'), '--today', '2025-10-20'];
step('6. Nhập tháng 9 và ghi / import September and write it', ['import', join(monthly, 'thang-09.csv'), '--period', '2025-09', '--apply', ...db]);
step('7. Kế hoạch tháng 10 (chưa ghi) / October\'s plan (nothing written)', ['import', join(monthly, 'thang-10.csv'), '--period', '2025-10', ...db]);
step('8. Ghi tháng 10 / write October', ['import', join(monthly, 'thang-10.csv'), '--period', '2025-10', '--apply', ...db]);
step('9. Nhập lại cùng tệp: không có thay đổi / the same file again: no changes', ['import', join(monthly, 'thang-10.csv'), '--period', '2025-10', ...db]);
step('10. Thay đổi giữa hai kỳ / what changed between September and October', ['diff', '--from', '2025-09', '--to', '2025-10', '--db', join('demo-out', 'edusync.db')]);
step('11. Sổ thay đổi Excel / the same as a workbook for the Phòng', ['diff', '--from', '2025-09', '--to', '2025-10', '--db', join('demo-out', 'edusync.db'), '--format', 'xlsx', '--out', join('demo-out', 'thay-doi.xlsx')]);
// The unattended pipeline, as cron runs it: a config file, JSON logs on stderr, a summary file.
writeFileSync(join(out, 'edusync.config.json'), `${JSON.stringify({
  locale: 'vi',
  store: { path: 'edusync.db' },
  schools: [{ id: school, inputs: ['thang/thang-10.csv'] }],
  import: { apply: true },
  log: { format: 'json', summaryDir: 'edusync-runs' },
}, null, 2)}\n`, { mode: 0o600 });
step('12. Chạy tự động như cron / the unattended run (JSON logs, no personal data)', ['run', '--config', join('demo-out', 'edusync.config.json'), '--period', '2025-11', '--today', '2025-11-05']);
step('13. Lịch sử / history of runs and snapshots', ['history', '--db', join('demo-out', 'edusync.db')]);
step('14. Sao lưu / backup', ['backup', '--db', join('demo-out', 'edusync.db'), '--out', join('demo-out', 'sao-luu.db')]);

// Reconcile (issue 5): the school's list against a noisy "national export" of the same students.
const pair = join('demo-out', 'doi-chieu');
step('15. Hai nguồn: danh sách trường và bản xuất CSDL có nhiễu / a school list and a noisy national export', ['generate', '--pair', '400,420', '--seed', '9', '--out', pair]);
const rdb = ['--db', join('demo-out', 'edusync.db')];
step('16. Đối chiếu / reconcile', ['reconcile', join(pair, 'left.csv'), join(pair, 'right.csv'), ...rdb], [0, 1]);
step('17. Sổ đối chiếu có cột Quyết định / the review workbook with a Decision column', ['reconcile', join(pair, 'left.csv'), join(pair, 'right.csv'), '--format', 'xlsx', '--out', join('demo-out', 'doi-chieu.xlsx'), ...rdb], [0, 1]);
{
  // The officer's answers, as a decisions CSV: here every pair to review is answered from truth.json.
  const json = spawnSync(process.execPath, [bin, 'reconcile', join(pair, 'left.csv'), join(pair, 'right.csv'), '--format', 'json', ...rdb], { cwd: root, encoding: 'utf8' });
  const truth = JSON.parse(readFileSync(join(root, pair, 'truth.json'), 'utf8'));
  const review = JSON.parse(json.stdout).pairs.filter((p) => p.key && p.status !== 'matched');
  const rows = review.map((p) => `${p.key},${truth.left[p.left.row - 2] === truth.right[p.right.row - 2] ? 'giống' : 'khác'}`);
  writeFileSync(join(root, pair, 'quyet-dinh.csv'), `Khoá cặp / Pair key,Quyết định / Decision\n${rows.join('\n')}\n`, { mode: 0o600 });
}
step('18. Áp dụng quyết định và ghi bản đồ định danh / apply the decisions and write the identity map', ['reconcile', join(pair, 'left.csv'), join(pair, 'right.csv'), '--decisions', join(pair, 'quyet-dinh.csv'), '--apply', ...rdb], [0, 1]);
step('19. Lần sau không hỏi lại / the next run asks nothing already decided', ['reconcile', join(pair, 'left.csv'), join(pair, 'right.csv'), ...rdb], [0, 1]);

process.stdout.write(`\nDemo xong / demo finished. Files in ${out}: so-loi.xlsx (error workbook), report.json, data/ (generated files + truth.json), thang/ (two months), edusync.db, thay-doi.xlsx, edusync-runs/, sao-luu.db, doi-chieu/ and doi-chieu.xlsx (reconcile)\n`);
