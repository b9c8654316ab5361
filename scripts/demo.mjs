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

let stepNo = 0;
function step(title, args, okCodes = [0]) {
  process.stdout.write(`\n\u001b[1m▶ ${++stepNo}. ${title}\u001b[0m\n$ edusync ${args.join(' ')}\n`);
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

step('Sinh dữ liệu mẫu / generate a sample school (messy Excel, 3% injected defects)', [
  'generate', '--out', data, '--seed', '2025', '--schools', '1', '--level', 'THCS',
  '--layout', 'messy', '--defects', '0.03', '--format', 'xlsx',
]);
step('Danh mục quy tắc / the rule catalogue', ['rules']);
// Exit 1 = error-level findings: expected, the data carries injected defects.
step('Kiểm tra / validate, with the error workbook the school fixes in Excel', [
  // The workbook carries the pupils' rows, so it is recorded in the audit trail of the demo's store.
  'validate', data, '--format', 'xlsx', '--out', join('demo-out', 'so-loi.xlsx'), '--db', join('demo-out', 'edusync.db'), '--today', '2025-10-15',
], [0, 1]);
step('Báo cáo JSON / the same report as JSON', [
  'validate', data, '--format', 'json', '--out', join('demo-out', 'report.json'), '--today', '2025-10-15',
], [0, 1]);

// Monthly import: September as generated, October edited the way a school's list changes.
const monthly = join('demo-out', 'thang');
step('Dữ liệu hai tháng / two months of one school (plain CSV)', [
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
step('Nhập tháng 9 và ghi / import September and write it', ['import', join(monthly, 'thang-09.csv'), '--period', '2025-09', '--apply', ...db]);
step('Kế hoạch tháng 10 (chưa ghi) / October\'s plan (nothing written)', ['import', join(monthly, 'thang-10.csv'), '--period', '2025-10', ...db]);
step('Ghi tháng 10 / write October', ['import', join(monthly, 'thang-10.csv'), '--period', '2025-10', '--apply', ...db]);
step('Nhập lại cùng tệp: không có thay đổi / the same file again: no changes', ['import', join(monthly, 'thang-10.csv'), '--period', '2025-10', ...db]);
step('Thay đổi giữa hai kỳ / what changed between September and October', ['diff', '--from', '2025-09', '--to', '2025-10', '--db', join('demo-out', 'edusync.db')]);
step('Sổ thay đổi Excel / the same as a workbook for the Phòng', ['diff', '--from', '2025-09', '--to', '2025-10', '--db', join('demo-out', 'edusync.db'), '--format', 'xlsx', '--out', join('demo-out', 'thay-doi.xlsx')]);
// The unattended pipeline, as cron runs it: a config file, JSON logs on stderr, a summary file.
writeFileSync(join(out, 'edusync.config.json'), `${JSON.stringify({
  locale: 'vi',
  store: { path: 'edusync.db' },
  schools: [{ id: school, inputs: ['thang/thang-10.csv'] }],
  import: { apply: true },
  log: { format: 'json', summaryDir: 'edusync-runs' },
  // After the import, the run files the month's TT24 report (2025-11 → 2025-2026/dau-nam).
  report: { level: 'school', formats: ['xlsx'], outDir: 'bao-cao-run' },
}, null, 2)}\n`, { mode: 0o600 });
step('Chạy tự động như cron: nhập rồi lập báo cáo / the unattended run: import, then the report (JSON logs, no personal data)', ['run', '--config', join('demo-out', 'edusync.config.json'), '--period', '2025-11', '--today', '2025-11-05']);
step('Lịch sử / history of runs and snapshots', ['history', '--db', join('demo-out', 'edusync.db')]);
step('Sao lưu / backup', ['backup', '--db', join('demo-out', 'edusync.db'), '--out', join('demo-out', 'sao-luu.db')]);

// Export for officers who upload by hand: the portal's Excel layout, only permitted fields, audited.
// The school's policy names the one sensitive field the template needs (Dân tộc); religion stays home.
writeFileSync(join(out, 'xuat.config.json'), `${JSON.stringify({
  exports: { templates: { 'csdl-students': { sensitiveFields: ['ethnicityCode'], maxRowsPerFile: 20 } } },
  retention: { months: 24 },
}, null, 2)}\n`, { mode: 0o600 });
step('Xuất mẫu nhập Excel của cổng CSDL ngành / export the portal\'s import template (20 rows a file, sensitive fields only as configured)', [
  'export', '--template', 'csdl-students', '--config', join('demo-out', 'xuat.config.json'), '--db', join('demo-out', 'edusync.db'),
  '--out', join('demo-out', 'xuat'), '--today', '2025-11-05',
], [0, 1]);
step('Nhật ký kiểm toán / the audit trail: who wrote which fields where, with file hashes', ['audit', '--db', join('demo-out', 'edusync.db')]);

// Online-learning accounts (issue 8): a OneRoster bundle from the store, then an audit of a meeting list.
const accountsDir = join('demo-out', 'tai-khoan');
step('Tài khoản học trực tuyến theo mã định danh / OneRoster 1.2 accounts keyed by the personal ID', [
  'accounts', 'export', '--format', 'oneroster', '--out', accountsDir, '--db', join('demo-out', 'edusync.db'), '--domain', 'thcs-demo.edu.vn', '--today', '2025-11-05',
], [0, 1]);
{
  // A Zoom participant list of one class, made from the bundle: most of the class, one student shown
  // without accents and with the class name, two strangers; two students stay away.
  const readCsv = (f) => readFileSync(join(root, accountsDir, f), 'utf8').trim().split(/\r?\n/).map((l) => l.split(','));
  const [uh, ...users] = readCsv('users.csv');
  const [eh, ...enrolments] = readCsv('enrollments.csv');
  const col = (h, name) => h.indexOf(name);
  const byId = new Map(users.map((u) => [u[col(uh, 'sourcedId')], u]));
  const firstClass = enrolments[0][col(eh, 'classSourcedId')];
  const members = enrolments.filter((e) => e[col(eh, 'classSourcedId')] === firstClass && e[col(eh, 'role')] === 'student').map((e) => byId.get(e[col(eh, 'userSourcedId')]));
  const name = (u) => [u[col(uh, 'familyName')], u[col(uh, 'middleName')], u[col(uh, 'givenName')]].filter(Boolean).join(' ');
  const classId = firstClass.split('-').slice(1).join('-');
  const lines = ['Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest'];
  members.slice(2).forEach((u, i) => {
    const plain = name(u).normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
    lines.push(i === 0 ? `${plain} ${classId},,11/05/2025 07:31:00 AM,11/05/2025 08:15:00 AM,44,Yes` : `${name(u)},${u[col(uh, 'email')]},11/05/2025 07:30:00 AM,11/05/2025 08:15:00 AM,45,No`);
  });
  lines.push('Khách Zoom 4821,,11/05/2025 07:40:00 AM,11/05/2025 07:45:00 AM,5,Yes', 'iPhone của Tuấn,tuan.x@example.net,11/05/2025 07:41:00 AM,11/05/2025 07:44:00 AM,3,Yes');
  writeFileSync(join(out, 'zoom-nguoi-tham-gia.csv'), `${lines.join('\n')}\n`, { mode: 0o600 });
}
// Exit 1 = intruders found: expected, the list carries two strangers.
step('Kiểm tra người tham gia lớp trực tuyến / audit a meeting list against the class roster', [
  'accounts', 'audit', join('demo-out', 'zoom-nguoi-tham-gia.csv'), '--db', join('demo-out', 'edusync.db'), '--today', '2025-11-05',
], [0, 1]);

// Push (issue 7): the local csdl-style simulator on a random port, the plan, then --apply, then what
// the simulator stored (GET /_sim/records), and a second push that has nothing left to send.
{
  const { spawn } = await import('node:child_process');
  const { createInterface } = await import('node:readline');
  const pushDb = ['--db', join('demo-out', 'gui.db')];
  step('Nhập dữ liệu mẫu để gửi / import the sample school for pushing', ['import', data, '--period', '2025-10', '--apply', ...pushDb, '--today', '2025-10-20'], [0, 1]);
  process.stdout.write(`\n\u001b[1m▶ ${++stepNo}. Máy chủ giả lập / start the csdl-style simulator on 127.0.0.1 (port 0 = random)\u001b[0m\n$ edusync simulator --port 0\n`);
  const sim = spawn(process.execPath, [bin, 'simulator', '--port', '0', '--lang', lang], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    createInterface({ input: sim.stdout }).once('line', resolve);
    sim.once('exit', (code) => reject(new Error(`simulator exited ${code}`)));
  });
  process.stdout.write(`${url}\n`);
  const creds = { EDUSYNC_PUSH_CLIENT_ID: 'demo', EDUSYNC_PUSH_CLIENT_SECRET: 'demo-secret' };
  Object.assign(process.env, creds);
  try {
    step('Kế hoạch gửi (chưa gửi gì) / the push plan (nothing sent)', ['push', ...pushDb, '--url', url]);
    step('Gửi / push with --apply (receipt in demo-out/edusync-receipts/)', ['push', ...pushDb, '--url', url, '--apply'], [0, 1]);
    const base = url.replace(/\/api\/v1$/, '');
    const counts = [];
    for (const kind of ['schools', 'classes', 'teachers', 'students', 'results']) {
      const { records } = await (await fetch(`${base}/_sim/records?kind=${kind}`)).json();
      counts.push(`${kind} ${records.length} (${records.filter((r) => r.writes === 1).length} written once)`);
    }
    process.stdout.write(`\n\u001b[1m▶ ${++stepNo}. Máy giả lập đã lưu / what the simulator stored (GET ${base}/_sim/records?kind=…)\u001b[0m\n${counts.join(' · ')}\n`);
    step('Gửi lại: không còn gì để gửi / push again: nothing left to send', ['push', ...pushDb, '--url', url, '--apply'], [0, 1]);
  } finally {
    sim.kill('SIGTERM');
    await new Promise((resolve) => sim.once('exit', resolve));
  }
}

// Statistical report (issue 6): the TT 24/TT 25 start-of-year forms of the demo school, from the store.
step('Báo cáo thống kê cấp trường (TT 25/2024) / the school\'s statistical report', ['report', 'tt24', '--level', 'school', '--period', '2025-2026/dau-nam', '--db', join('demo-out', 'edusync.db')], [0, 1]);
step('Biểu mẫu Excel (A4, chữ ký) / the forms as a workbook (A4, signature block)', ['report', 'tt24', '--level', 'school', '--period', '2025-2026/dau-nam', '--db', join('demo-out', 'edusync.db'), '--format', 'xlsx', '--out', join('demo-out', 'bao-cao-tt24.xlsx')], [0, 1]);
step('Trang HTML / the HTML page', ['report', 'tt24', '--level', 'school', '--period', '2025-2026/dau-nam', '--db', join('demo-out', 'edusync.db'), '--format', 'html', '--out', join('demo-out', 'bao-cao-tt24.html'), '--no-save'], [0, 1]);

// Reconcile (issue 5): the school's list against a noisy "national export" of the same students.
const pair = join('demo-out', 'doi-chieu');
step('Hai nguồn: danh sách trường và bản xuất CSDL có nhiễu / a school list and a noisy national export', ['generate', '--pair', '400,420', '--seed', '9', '--out', pair]);
const rdb = ['--db', join('demo-out', 'edusync.db')];
step('Đối chiếu / reconcile', ['reconcile', join(pair, 'left.csv'), join(pair, 'right.csv'), ...rdb], [0, 1]);
step('Sổ đối chiếu có cột Quyết định / the review workbook with a Decision column', ['reconcile', join(pair, 'left.csv'), join(pair, 'right.csv'), '--format', 'xlsx', '--out', join('demo-out', 'doi-chieu.xlsx'), ...rdb], [0, 1]);
{
  // The officer's answers, as a decisions CSV: here every pair to review is answered from truth.json.
  const json = spawnSync(process.execPath, [bin, 'reconcile', join(pair, 'left.csv'), join(pair, 'right.csv'), '--format', 'json', ...rdb], { cwd: root, encoding: 'utf8' });
  const truth = JSON.parse(readFileSync(join(root, pair, 'truth.json'), 'utf8'));
  const review = JSON.parse(json.stdout).pairs.filter((p) => p.key && p.status !== 'matched');
  const rows = review.map((p) => `${p.key},${truth.left[p.left.row - 2] === truth.right[p.right.row - 2] ? 'giống' : 'khác'}`);
  writeFileSync(join(root, pair, 'quyet-dinh.csv'), `Khoá cặp / Pair key,Quyết định / Decision\n${rows.join('\n')}\n`, { mode: 0o600 });
}
step('Áp dụng quyết định và ghi bản đồ định danh / apply the decisions and write the identity map', ['reconcile', join(pair, 'left.csv'), join(pair, 'right.csv'), '--decisions', join(pair, 'quyet-dinh.csv'), '--apply', ...rdb], [0, 1]);
step('Lần sau không hỏi lại / the next run asks nothing already decided', ['reconcile', join(pair, 'left.csv'), join(pair, 'right.csv'), ...rdb], [0, 1]);

// Acknowledged warnings (edusync ack): a warning the school has looked at (here a family landline as
// the contact number of row 3, DL-009) is stored once with its reason; later checks count it
// instead of listing it again, until the value changes.
{
  const adb = ['--db', join('demo-out', 'edusync.db')];
  const nov = join(monthly, 'thang-11.csv');
  const rows = readFileSync(join(root, monthly, 'thang-10.csv'), 'utf8').split('\n');
  rows[2] = rows[2].replace(/^((?:[^,]*,){14})[^,]*/, '$102438223344');
  writeFileSync(join(root, nov), rows.join('\n'));
  step('Một cảnh báo / a warning (a landline as the contact number)', ['validate', nov, '--today', '2025-11-05', ...adb], [0, 1]);
  step('Giải trình cảnh báo đó / acknowledge it with a stored reason', ['ack', 'add', nov, '--code', 'DL-009', '--row', '3', '--reason', 'Số bàn của gia đình, đã gọi xác nhận / the family landline, confirmed', '--today', '2025-11-05', ...adb]);
  step('Kiểm tra lại: chỉ còn được đếm / validate again: counted, not listed', ['validate', nov, '--today', '2025-11-05', ...adb], [0, 1]);
  step('Các giải trình / the acknowledgements (person key masked)', ['ack', 'list', ...adb]);
}

process.stdout.write(`\nDemo xong / demo finished. Files in ${out}: so-loi.xlsx (error workbook), report.json, data/ (generated files + truth.json), thang/ (two months), edusync.db, thay-doi.xlsx, edusync-runs/, sao-luu.db, tai-khoan/ (OneRoster), zoom-nguoi-tham-gia.csv, xuat/ (portal template files + manifest), gui.db + edusync-receipts/ (push), bao-cao-tt24.xlsx, bao-cao-tt24.html, doi-chieu/ and doi-chieu.xlsx (reconcile), thang/thang-11.csv (ack)\n`);
