// bench/report: the province report (`report tt24 --level province`) from a 1 M-student store,
// timed beside a hand-written SQLite GROUP BY over the same snapshot table in the same run
// (school × grade × sex × ethnic minority × status: the bare counts the forms are built from).
// Goal (issue #6): ≤ 2× the GROUP BY. The store is seeded directly through SQL (an import of
// 1 M rows is bench/import's job), cached in bench/out/. Also converts a province workbook to
// PDF with LibreOffice and keeps page 1 as docs/report-tt24-page1.png when soffice and pdftoppm
// are installed (`apt-get install -y libreoffice-calc poppler-utils`).
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, OUT, ROOT, best, fmt, timeNode } from './lib.mjs';
import { rng } from './parsers/gen.mjs';

const STUDENTS = Number(process.env.BENCH_REPORT_STUDENTS ?? 1_000_000);
const PER_SCHOOL = 330;
// -v3: schema 7 (records are shared versions read through the snapshot_records view; the baseline
// reads the same view). -v2: the seeded store also holds each school's school-list record (ownership, area), as `import` keeps it.
const db = join(OUT, `report-bench-${STUDENTS}-v3.db`);

const { openStore } = await import(join(ROOT, 'dist', 'store', 'db.js'));
const { sqlite } = await import(join(ROOT, 'dist', 'store', 'internal.js'));
const report = await import(join(ROOT, 'dist', 'report', 'index.js'));

function seed() {
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  const store = openStore(db);
  const conn = sqlite(store);
  const r = rng(6);
  const units = JSON.parse(spawnSync('node', ['-e', `process.stdout.write(JSON.stringify(require(${JSON.stringify(join(ROOT, 'schemas', 'units', 'communes-2025.json'))}).values.filter(c=>c.province==='66').map(c=>c.code)))`]).stdout.toString());
  const schools = Math.ceil(STUDENTS / PER_SCHOOL);
  const start = Date.now();
  conn.exec("INSERT INTO runs (started_at, command, tool_version, outcome) VALUES ('2025-10-20T00:00:00Z', 'bench', 'bench', 'ok')");
  const school = conn.prepare('INSERT INTO schools (school_id, name, province_code, commune_code) VALUES (?, ?, ?, ?)');
  const klass = conn.prepare('INSERT INTO classes (school_id, class_id, grade_code) VALUES (?, ?, ?)');
  const snap = conn.prepare("INSERT INTO snapshots (school_id, period, entity, run_id, created_at, record_count, content_hash) VALUES (?, '2025-10', ?, 1, '2025-10-20T00:00:00Z', ?, ?)");
  const rec = conn.prepare('INSERT INTO snapshot_records (snapshot_id, record_key, class_id, values_json, row_hash) VALUES (?, ?, ?, ?, ?)');
  const STATUS = ['01', '01', '01', '01', '01', '01', '01', '01', '01', '01', '01', '01', '01', '01', '01', '01', '01', '02', '04', '05'];
  const ETH = ['01', '01', '01', '01', '01', '01', '02', '03', '05', '08'];
  let left = STUDENTS;
  conn.transaction(() => {
    for (let s = 0; s < schools; s++) {
      const id = `66${String(s).padStart(6, '0')}`;
      school.run(id, `Trường ${s}`, '66', units[s % units.length]);
      const grades = s % 3 === 2 ? [6, 7, 8, 9] : [1, 2, 3, 4, 5];
      const n = Math.min(left, PER_SCHOOL);
      left -= n;
      const perGrade = Math.ceil(n / grades.length);
      for (const g of grades) for (let k = 0; k < Math.ceil(perGrade / 33); k++) klass.run(id, `${g}A${k + 1}`, String(g));
      const own = Number(snap.run(id, 'school', 1, 's'.repeat(64)).lastInsertRowid);
      const schoolValues = { schoolId: id, schoolName: `Trường ${s}`, ownershipTypeCode: s % 10 === 9 ? '09' : '01', areaCode: s % 4 === 0 ? '04' : '03', schoolTypeCode: '07' };
      rec.run(own, id, null, JSON.stringify(schoolValues), 'y'.repeat(64));
      const sid = Number(snap.run(id, 'student', n, 'x'.repeat(64)).lastInsertRowid);
      for (let i = 0; i < n; i++) {
        const g = grades[i % grades.length];
        const by = 2025 - 5 - g - (r() < 0.08 ? 1 : 0);
        const values = {
          areaCode: s % 4 === 0 ? '04' : '03', classId: `${g}A${1 + (Math.floor(i / grades.length) % Math.ceil(perGrade / 33))}`, dateOfBirth: `${by}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`,
          ethnicityCode: ETH[Math.floor(r() * ETH.length)], fullName: 'Nguyễn Văn An', genderCode: r() < 0.49 ? '2' : '1', gradeCode: String(g),
          nationalityCode: 'VN', personalId: '066200000000', schoolId: id, statusCode: STATUS[Math.floor(r() * STATUS.length)], studentId: `${id}${i}`,
          ...(r() < 0.02 ? { repeatedLastYear: true } : {}), ...(r() < 0.01 ? { disabilityTypeCode: '0' + (1 + Math.floor(r() * 5)) } : {}),
        };
        rec.run(sid, `${id}${i}`, values.classId, JSON.stringify(values), 'y'.repeat(64));
      }
      const tid = Number(snap.run(id, 'teacher', 15, 'z'.repeat(64)).lastInsertRowid);
      for (let t = 0; t < 15; t++) {
        const values = { contractTypeCode: t % 9 === 8 ? '03' : '07', dateOfBirth: `${1965 + Math.floor(r() * 35)}-05-05`, ethnicityCode: ETH[Math.floor(r() * ETH.length)], genderCode: r() < 0.75 ? '2' : '1', qualificationCode: r() < 0.7 ? '16' : '17', staffGroupCode: t < 2 ? '01' : '03', staffTypeCode: t === 0 ? '01' : t === 1 ? '02' : '29' };
        rec.run(tid, `${id}T${t}`, null, JSON.stringify(values), 'y'.repeat(64));
      }
    }
  })();
  store.close();
  process.stdout.write(`seeded ${STUDENTS} students in ${schools} schools in ${((Date.now() - start) / 1000).toFixed(1)} s\n`);
}

if (!existsSync(db)) seed();

const BASELINE = `SELECT s.school_id, json_extract(r.values_json, '$.gradeCode') AS grade, json_extract(r.values_json, '$.genderCode') AS sex,
  json_extract(r.values_json, '$.ethnicityCode') <> '01' AS minority, json_extract(r.values_json, '$.statusCode') AS status, count(*) AS n
  FROM snapshot_records r JOIN snapshots s ON s.id = r.snapshot_id
  WHERE s.entity = 'student' AND s.period BETWEEN '2025-08' AND '2025-12'
  GROUP BY 1, 2, 3, 4, 5`;

function timed(fn) {
  const t = process.hrtime.bigint();
  const value = fn();
  return { seconds: Number(process.hrtime.bigint() - t) / 1e9, rss: Math.round(process.memoryUsage().rss / 1048576), value };
}

const store = openStore(db, { readonly: true });
const defs = report.loadReportDefinitions();
const units = report.loadUnits();
const period = report.parsePeriod('2025-2026/dau-nam', defs.regimes);
const baseline = best(3, () => timed(() => sqlite(store).prepare(BASELINE).all()));
const ours = best(3, () => timed(() => report.buildReport(store, defs, units, { period, level: 'province' })));
store.close();
const set = ours.value;
const total = set.reports.filter((r) => r.form.id === 'th-dau-nam')[0]?.sheets['hoc-sinh'][0][0];
const cli = timeNode([BIN, 'report', 'tt24', '--db', db, '--level', 'province', '--period', '2025-2026/dau-nam', '--no-save', '-f', 'json', '-o', join(OUT, 'report-province.json')], { okCodes: [0, 1] });

process.stdout.write(`\n${STUDENTS} students, ${set.schools.length} schools, ${set.reports.length} province forms (${set.findings.length} findings; TH pupils enrolled ${total})\n`);
process.stdout.write(`  hand-written GROUP BY (baseline)       ${baseline.seconds.toFixed(2)} s (${baseline.value.length} groups)\n`);
process.stdout.write(`  buildReport, province, in process      ${ours.seconds.toFixed(2)} s\n`);
process.stdout.write(`  edusync report tt24 --level province   ${fmt(cli)} (whole CLI: start, load forms, write JSON)\n`);
process.stdout.write(`  ratio report / GROUP BY = ${(ours.seconds / baseline.seconds).toFixed(2)}   goal ≤ 2\n`);

// LibreOffice: the workbook must open and print; page 1 goes to docs/ for the layout review.
const soffice = spawnSync('sh', ['-c', 'command -v soffice']).status === 0;
const pdftoppm = spawnSync('sh', ['-c', 'command -v pdftoppm']).status === 0;
if (soffice && pdftoppm) {
  const xlsx = join(OUT, 'report-province.xlsx');
  timeNode([BIN, 'report', 'tt24', '--db', db, '--level', 'province', '--period', '2025-2026/dau-nam', '--form', 'th-dau-nam', '--no-save', '-f', 'xlsx', '-o', xlsx], { okCodes: [0, 1] });
  const pdf = spawnSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', OUT, xlsx], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 });
  const pdfFile = join(OUT, 'report-province.pdf');
  if (pdf.status !== 0 || !existsSync(pdfFile)) throw new Error(`soffice --convert-to pdf failed: ${pdf.stderr}`);
  for (const f of readdirSync(OUT).filter((f) => f.startsWith('report-page'))) rmSync(join(OUT, f));
  // Page 1 (sheet I, schools) and the first page of sheet III (pupils) are kept for the layout review.
  let pupils = 2;
  for (let p = 2; p <= 8; p++) {
    const t = spawnSync('pdftotext', ['-f', String(p), '-l', String(p), pdfFile, '-'], { encoding: 'utf8' });
    if (t.status !== 0) break;
    if (t.stdout.includes('III. Học sinh')) {
      pupils = p;
      break;
    }
  }
  const png = spawnSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', String(pupils), pdfFile, join(OUT, 'report-page')]);
  if (png.status !== 0) throw new Error(`pdftoppm failed: ${png.stderr}`);
  const pages = readdirSync(OUT).filter((f) => f.startsWith('report-page') && f.endsWith('.png')).sort();
  copyFileSync(join(OUT, pages[0]), join(ROOT, 'docs', 'report-tt24-page1.png'));
  if (pages.length > 1) copyFileSync(join(OUT, pages.at(-1)), join(ROOT, 'docs', 'report-tt24-page2.png'));
  process.stdout.write(`  LibreOffice: ${xlsx} → PDF ok; page 1 → docs/report-tt24-page1.png, page ${pupils} (pupils) → docs/report-tt24-page2.png\n`);
} else {
  process.stdout.write('  LibreOffice/poppler not installed: skipped the PDF conversion (apt-get install -y libreoffice-calc poppler-utils)\n');
}
