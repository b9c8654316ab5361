/**
 * Golden-file tests of `report tt24` (issue 6): a seeded district of 12 primary schools, generated
 * and imported through the real bin, reported at school, commune/Phòng and province level before
 * and after 1 July 2025. Every cell is compared with a count made here from the generator's own
 * files (labels as written, not the store and not the form definitions' filters).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';
import { openDatabase } from '../../src/store/sqlite.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/run-cli.js';
import { openStore } from '../../src/store/db.js';
import { buildReport, loadReportDefinitions, loadUnits, parsePeriod, reportJson, type ReportLevel } from '../../src/report/index.js';
import { mergeReports } from '../../src/report/merge.js';

type Rec = Record<string, string>;
interface Cell { form: string; unit: string; rowCode: string; column: string; value: number | null; source?: string }
interface Json { cells: Cell[]; units: Array<{ code: string; name: string; schools: number }>; findings: Array<{ code: string; data: Record<string, unknown> }>; scheme: string }

const csv = (file: string): Rec[] => Papa.parse<Rec>(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
const LEFT = new Set(['Chuyển đi kỳ 1', 'Thôi học kỳ 1', 'Chuyển đi kỳ 2', 'Thôi học kỳ 2', 'Chuyển đi trong hè', 'Thôi học trong hè']);
const QUAL: Record<string, string> = { 'Trung cấp sư phạm': 'TCSP', 'Cao đẳng sư phạm': 'CĐSP', 'Đại học sư phạm': 'ĐHSP', 'Thạc sĩ': 'ThS', 'Tiến sĩ': 'TS' };

let dir: string;
let db: string;
let students: Rec[];
let teachers: Rec[];
let classes: Rec[];
let results: Rec[];
let schoolList: Rec[];
let schoolIds: string[];
const oldCommune = new Map<string, string>();
const newCommune = new Map<string, string>();
const reports = new Map<string, Json>();

/** The district fixture: 12 pre-2025 communes of Đắk Lắk that each went whole into one 2025 commune. */
function pickCommunes(): Array<[string, string]> {
  const units = JSON.parse(readFileSync(join(ROOT, 'schemas', 'units', 'communes-2025.json'), 'utf8')) as {
    values: Array<{ code: string; from: Array<[string, string]> }>;
    oldCommuneProvinces: Record<string, string>;
  };
  const targets = new Map<string, string[]>();
  for (const c of units.values) for (const [old] of c.from) targets.set(old, [...(targets.get(old) ?? []), c.code]);
  return Object.keys(units.oldCommuneProvinces)
    .filter((o) => units.oldCommuneProvinces[o] === '66' && targets.get(o)?.length === 1)
    .sort()
    .slice(0, 12)
    .map((o) => [o, targets.get(o)![0]!]);
}

function schoolFile(rows: Rec[], scheme: 'old' | 'new'): string {
  const header = ['Mã trường', 'Tên trường', 'Nhóm cấp học', 'Cấp học', 'Loại hình trường', 'Loại trường', 'Tỉnh/Thành phố', 'Quận/Huyện', 'Xã/Phường', 'Khu vực', 'Điện thoại', 'Email'];
  const lines = rows.map((r) => {
    const id = r['Mã trường']!;
    const values: Rec = { ...r, 'Tỉnh/Thành phố': '66', 'Quận/Huyện': scheme === 'old' ? '643' : '', 'Xã/Phường': scheme === 'old' ? oldCommune.get(id)! : newCommune.get(id)! };
    return header.map((h) => `"${(values[h] ?? '').replace(/"/g, '""')}"`).join(',');
  });
  return `${header.join(',')}\n${lines.join('\n')}\n`;
}

/** Through the bin for one report (the e2e path); in-process for the others, to keep the suite fast. */
async function report(args: string[], viaCli = false): Promise<Json> {
  if (viaCli) {
    const run = await runCli(['report', 'tt24', ...args, '--db', db, '-f', 'json']);
    expect([0, 1], run.stderr).toContain(run.code);
    return JSON.parse(run.stdout) as Json;
  }
  const opt = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const defs = loadReportDefinitions();
  const store = openStore(db, { readonly: true });
  try {
    const set = buildReport(store, defs, loadUnits(), { period: parsePeriod(opt('--period')!, defs.regimes, opt('--snapshot')), level: opt('--level') as ReportLevel, regroup2025: opt('--regroup') === '2025' });
    return JSON.parse(JSON.stringify(reportJson(set, 'vi'))) as Json;
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  dir = tempDir('edusync-report-');
  db = join(dir, 'edusync.db');
  const gen = join(dir, 'gen');
  const g = await runCli(['generate', '-o', gen, '--seed', '14', '--schools', '12', '--level', 'TH', '--format', 'csv', '--classes-per-grade', '1', '--students-per-class', '9']);
  expect(g.code, g.stderr).toBe(0);
  const files = readdirSync(gen);
  students = files.filter((f) => f.endsWith('-hoc-sinh.csv')).flatMap((f) => csv(join(gen, f)));
  teachers = files.filter((f) => f.endsWith('-giao-vien.csv')).flatMap((f) => csv(join(gen, f)));
  classes = files.filter((f) => f.endsWith('-lop.csv')).flatMap((f) => csv(join(gen, f)));
  results = files.filter((f) => f.endsWith('-ket-qua.csv')).flatMap((f) => csv(join(gen, f)));
  const schools = csv(join(gen, 'truong.csv'));
  schoolList = schools;
  schoolIds = schools.map((s) => s['Mã trường']!).sort();
  pickCommunes().forEach(([o, n], i) => {
    oldCommune.set(schoolIds[i]!, o);
    newCommune.set(schoolIds[i]!, n);
  });
  // Before the reorganisation: the files of October 2024 with district and old commune codes.
  const imp = async (period: string, scheme: 'old' | 'new'): Promise<void> => {
    writeFileSync(join(gen, 'truong.csv'), schoolFile(schools, scheme));
    const run = await runCli(['import', gen, '--apply', '--period', period, '--db', db, '--rule-set', '2025-2026', '--today', '2025-10-20']);
    expect(run.code, run.stderr).toBe(0);
  };
  await imp('2024-10', 'old');
  for (const level of ['school', 'commune', 'province']) reports.set(`2024/${level}`, await report(['--level', level, '--period', '2024-2025/dau-nam'], level === 'commune'));
  // After it: the same schools re-imported in October 2025 with the new commune codes only.
  await imp('2025-10', 'new');
  for (const level of ['school', 'commune', 'province']) reports.set(`2025/${level}`, await report(['--level', level, '--period', '2025-2026/dau-nam']));
  reports.set('2024/commune/regroup', await report(['--level', 'commune', '--period', '2024-2025/dau-nam', '--regroup', '2025']));
  // The end-of-year forms read the October snapshot as their data (--snapshot), to spare a third import.
  reports.set('2025/province/end', await report(['--level', 'province', '--period', '2025-2026/cuoi-nam', '--snapshot', '2025-10']));
  reports.set('2024/commune/after', await report(['--level', 'commune', '--period', '2024-2025/dau-nam']));
}, 120_000);

/** The label-keyed counts the end-of-year form (inferred layout, no official codes) reuses for its staff sheet. */
function expectedLegacy(schools: Set<string>, refYear: number): Map<string, number> {
  const out = new Map<string, number>();
  const add = (row: string, col: string, n = 1): void => void out.set(`${row}|${col}`, (out.get(`${row}|${col}`) ?? 0) + n);
  for (const c of classes) {
    if (!schools.has(c['Mã trường']!)) continue;
    const grade = Number(c['Khối']!.replace('Khối ', ''));
    add('Tổng số lớp', '1');
    add(`– Lớp ${grade}`, '1');
  }
  for (const s of students) {
    if (!schools.has(s['Mã trường']!) || LEFT.has(s['Trạng thái học sinh']!)) continue;
    const grade = Number(s['Khối']!.replace('Khối ', ''));
    const age = refYear - Number(s['Ngày sinh']!.slice(6, 10));
    const girl = s['Giới tính'] === 'Nữ';
    const minority = s['Dân tộc'] !== 'Kinh';
    const cols = ['1', ...(girl ? ['2'] : []), ...(minority ? ['3'] : []), ...(girl && minority ? ['4'] : [])];
    const rows = ['3.1. Tổng quy mô', `– Học sinh lớp ${grade}`];
    rows.push(['Đô thị', 'Đồng bằng'].includes(s['Khu vực']!) ? '– Trung du, đồng bằng, thành phố' : '– Miền núi, vùng sâu, hải đảo');
    rows.push(age < 6 ? '– Dưới 6 tuổi' : age > 10 ? '– Trên 10 tuổi' : `– ${age} tuổi`);
    if (age === grade + 5) rows.push(`– Học sinh ${age} tuổi học lớp ${grade}`);
    if (grade === 1) rows.push('– Học sinh mới tuyển đầu cấp');
    for (const r of rows) for (const c of cols) add(r, c);
  }
  for (const t of teachers) {
    if (!schools.has(t['Mã trường']!) || t['Hình thức hợp đồng'] === 'Thỉnh giảng') continue;
    const girl = t['Giới tính'] === 'Nữ';
    const minority = t['Dân tộc'] !== 'Kinh';
    const contract = t['Hình thức hợp đồng']!;
    const cols = ['1', ...(girl ? ['2'] : []), ...(minority ? ['3'] : []), ...(girl && minority ? ['4'] : [])];
    cols.push(contract.includes('không xác định') ? '5' : contract.includes('xác định thời hạn') ? '6' : '7');
    const rows = ['Tổng số'];
    const group = t['Nhóm cán bộ'];
    if (group === 'Cán bộ quản lý') {
      rows.push('4.1. Cán bộ quản lý');
      if (t['Loại cán bộ'] === 'Hiệu trưởng') rows.push('4.1.1. Hiệu trưởng');
      if (t['Loại cán bộ'] === 'Phó hiệu trưởng') rows.push('4.1.2. Phó hiệu trưởng');
    } else if (group === 'Giáo viên') {
      rows.push('4.2. Giáo viên');
      const q = QUAL[t['Trình độ chuyên môn nghiệp vụ']!];
      rows.push(q === undefined ? 'Q:Khác' : `Q:${q}`);
      const age = refYear - Number(t['Ngày sinh']!.slice(6, 10));
      rows.push(age < 30 ? '– Dưới 30' : age < 40 ? '– Từ 30-39' : age < 50 ? '– Từ 40-49' : age < 55 ? '– Từ 50-54' : age < 60 ? '– Từ 55-59' : '– Từ 60 tuổi trở lên');
    } else rows.push('4.3. Nhân viên');
    for (const r of rows) for (const c of cols) add(r, c);
  }
  return out;
}

const QUAL_OFFSET: Record<string, number> = { 'Trung cấp sư phạm': 0, 'Cao đẳng sư phạm': 1, 'Đại học sư phạm': 2, 'Thạc sĩ': 3, 'Tiến sĩ': 4 };
const STAFF_ROW: Record<string, number> = {
  'Nhân viên thư viện': 111, 'Nhân viên thiết bị': 111, 'Nhân viên công nghệ thông tin': 112, 'Nhân viên kế toán': 113, 'Nhân viên thủ quỹ': 114,
  'Nhân viên văn thư': 115, 'Nhân viên y tế': 116, 'Nhân viên hỗ trợ GD khuyết tật': 117, 'Nhân viên giáo vụ': 118,
};

/**
 * The expected value of every counted cell of 02-TH-ĐN / 02.ĐN-TH (official Mã số 1–132) for a set
 * of schools, keyed "rowCode|column": ownership and region from the generator's school list
 * (Loại hình trường, Khu vực, Loại trường as written), the rest from the pupil, staff and class files.
 */
function expected(schools: Set<string>, refYear: number): Map<string, number> {
  const out = new Map<string, number>();
  const add = (row: number, cols: number[]): void => cols.forEach((c) => out.set(`${row}|${c}`, (out.get(`${row}|${c}`) ?? 0) + 1));
  const info = new Map(schoolList.map((s) => [s['Mã trường']!, s]));
  const isPublic = (id: string): boolean => info.get(id)!['Loại hình trường'] === 'Công lập';
  const lowland = (id: string): boolean => ['Đô thị', 'Đồng bằng'].includes(info.get(id)!['Khu vực']!);
  for (const id of schools) {
    const cols = [1, isPublic(id) ? 2 : 3];
    add(1, cols);
    add(lowland(id) ? 2 : 5, cols);
    // By the school's number of classes (28+/≤27 in the lowlands, 19+/≤18 in the mountains) and of pupils with disabilities.
    const nClasses = classes.filter((c) => c['Mã trường'] === id).length;
    add(lowland(id) ? (nClasses >= 28 ? 3 : 4) : nClasses >= 19 ? 6 : 7, cols);
    const disabled = students.filter((p) => p['Mã trường'] === id && !LEFT.has(p['Trạng thái học sinh']!) && (p['Loại khuyết tật'] ?? '') !== '').length;
    if (disabled > 0) add(disabled < 20 ? 13 : 14, cols);
    const type = info.get(id)!['Loại trường'];
    if (type === 'Dân tộc bán trú') add(11, cols);
    if (type === 'Trẻ em khuyết tật' || type === 'Khuyết tật') add(12, cols);
  }
  for (const c of classes) {
    if (!schools.has(c['Mã trường']!)) continue;
    const grade = Number(c['Khối']!.replace('Khối ', ''));
    const cols = [1, isPublic(c['Mã trường']!) ? 2 : 3];
    add(27, cols);
    add(27 + grade, cols);
  }
  for (const s of students) {
    const id = s['Mã trường']!;
    if (!schools.has(id) || LEFT.has(s['Trạng thái học sinh']!)) continue;
    const grade = Number(s['Khối']!.replace('Khối ', ''));
    const age = refYear - Number(s['Ngày sinh']!.slice(6, 10));
    const girl = s['Giới tính'] === 'Nữ';
    const minority = s['Dân tộc'] !== 'Kinh';
    const four = [1, ...(girl ? [2] : []), ...(minority ? [3] : []), ...(girl && minority ? [4] : [])];
    const cols = [...four, ...four.map((k) => k + (isPublic(id) ? 4 : 8))];
    const rows = [37, 39 + grade, lowland(id) ? 38 : 39];
    rows.push(age < 6 ? 45 : age > 10 ? 51 : 40 + age);
    if (age === grade + 5) rows.push(51 + grade);
    if (grade === 1) rows.push(57);
    for (const r of rows) add(r, cols);
  }
  for (const t of teachers) {
    const id = t['Mã trường']!;
    if (!schools.has(id) || t['Hình thức hợp đồng'] === 'Thỉnh giảng') continue;
    const girl = t['Giới tính'] === 'Nữ';
    const minority = t['Dân tộc'] !== 'Kinh';
    const contract = t['Hình thức hợp đồng']!;
    const four = [1, ...(girl ? [2] : []), ...(minority ? [3] : []), ...(girl && minority ? [4] : [])];
    const cols = isPublic(id)
      ? [...four, 5, contract.includes('không xác định') ? 6 : contract.includes('xác định thời hạn') ? 7 : 8, ...four.slice(1).map((k) => k + 7)]
      : [...four, ...four.map((k) => k + 11)];
    const rows = [78];
    const q = QUAL_OFFSET[t['Trình độ chuyên môn nghiệp vụ']!] ?? 5;
    const group = t['Nhóm cán bộ'];
    if (group === 'Cán bộ quản lý') {
      rows.push(79);
      if (t['Loại cán bộ'] === 'Hiệu trưởng') rows.push(80, 81 + q);
      if (t['Loại cán bộ'] === 'Phó hiệu trưởng') rows.push(87, lowland(id) ? 88 : 89, 90 + q);
    } else if (group === 'Giáo viên') {
      const age = refYear - Number(t['Ngày sinh']!.slice(6, 10));
      rows.push(96, 97 + q, age < 30 ? 103 : age < 40 ? 104 : age < 50 ? 105 : age < 55 ? 106 : age < 60 ? 107 : 108);
    } else {
      rows.push(110);
      const staff = STAFF_ROW[t['Loại cán bộ']!];
      if (staff !== undefined) rows.push(staff);
    }
    for (const r of rows) add(r, cols);
  }
  return out;
}

/** The expected cells of the end-of-year form 02.CN-TH: the year's flow, results of term II, staff. */
function expectedEnd(schools: Set<string>, refYear: number): Map<string, number> {
  const out = new Map<string, number>();
  const add = (row: string, col: string): void => void out.set(`${row}|${col}`, (out.get(`${row}|${col}`) ?? 0) + 1);
  for (const s of students) {
    if (!schools.has(s['Mã trường']!)) continue;
    const status = s['Trạng thái học sinh']!;
    const girl = s['Giới tính'] === 'Nữ';
    const minority = s['Dân tộc'] !== 'Kinh';
    const cols = ['1', ...(girl ? ['2'] : []), ...(minority ? ['3'] : []), ...(girl && minority ? ['4'] : [])];
    const rows: string[] = [];
    if (!status.startsWith('Chuyển đến') || status.endsWith('trong hè')) rows.push('1. Học sinh đầu năm học');
    if (status === 'Chuyển đến kỳ 1' || status === 'Chuyển đến kỳ 2') rows.push('2. Học sinh chuyển đến trong năm học');
    if (status === 'Chuyển đi kỳ 1' || status === 'Chuyển đi kỳ 2') rows.push('3. Học sinh chuyển đi trong năm học');
    if (status === 'Thôi học kỳ 1' || status === 'Thôi học kỳ 2') rows.push('4. Học sinh bỏ học (thôi học) trong năm học', `– Bỏ học Học kỳ ${status.endsWith('1') ? 'I' : 'II'}`);
    if (!/^(Chuyển đi|Thôi học) kỳ [12]$/.test(status)) rows.push('5. Học sinh cuối năm học', `– Học sinh lớp ${s['Khối']!.replace('Khối ', '')}`);
    for (const r of rows) for (const c of cols) add(r, c);
  }
  for (const r of results) {
    if (!schools.has(r['Mã trường']!) || r['Học kỳ'] !== 'Học kỳ II') continue;
    const col = String(Number(r['Khối']!.replace('Khối ', '')) + 1);
    for (const row of ['Đánh giá kết quả giáo dục (Thông tư 27/2020)', `– ${r['Đánh giá kết quả giáo dục']}`]) for (const c of ['1', col]) add(row, c);
  }
  for (const [k, v] of expectedLegacy(schools, refYear)) if (/^(Tổng số|4\.|Q:|– (Dưới|Từ))/.test(k)) out.set(k, v);
  return out;
}

const QUAL_ROWS: Record<string, string> = { '– Trung cấp sư phạm': 'Q:TCSP', '– Cao đẳng sư phạm': 'Q:CĐSP', '– Đại học sư phạm': 'Q:ĐHSP', '– Thạc sĩ': 'Q:ThS', '– Tiến sĩ, Tiến sỹ khoa học': 'Q:TS', '– Khác': 'Q:Khác' };

/** Compare every cell of one unit with the independent count (labels resolved through the form file). */
function compareUnit(json: Json, unit: string, schools: Set<string>, refYear: number, end = false): number {
  const form = JSON.parse(readFileSync(join(ROOT, 'schemas', 'reports', end ? 'th-cuoi-nam.json' : 'th-dau-nam.json'), 'utf8')) as { sheets: Array<{ rows: Array<{ code: string; label: string; source?: string }>; columns: unknown[] }> };
  const rows = new Map(form.sheets.flatMap((s) => s.rows.map((r) => [r.code, r] as const)));
  const cells = json.cells.filter((c) => c.unit === unit);
  expect(cells.length).toBe(form.sheets.reduce((n, s) => n + s.rows.length * s.columns.length, 0));
  if (!end) {
    // 02-TH-ĐN keeps the official shape: every Mã số 1–132, once per column; rows it cannot count are
    // null and say why (source), the others equal the count from the generator's files.
    expect([...new Set(cells.map((c) => Number(c.rowCode)))]).toEqual(Array.from({ length: 132 }, (_, i) => i + 1));
    const want = expected(schools, refYear);
    for (const c of cells) {
      const r = rows.get(c.rowCode)!;
      const value = r.source ? null : (want.get(`${c.rowCode}|${c.column}`) ?? 0);
      expect({ row: `${c.rowCode} ${r.label}`, column: c.column, value: c.value, source: c.source }).toEqual({ row: `${c.rowCode} ${r.label}`, column: c.column, value, source: r.source });
    }
    return cells.length;
  }
  const want = expectedEnd(schools, refYear);
  for (const c of cells) {
    const l = rows.get(c.rowCode)!.label;
    const key = QUAL_ROWS[l] ?? l;
    expect({ row: `${c.rowCode} ${l}`, column: c.column, value: c.value }).toEqual({ row: `${c.rowCode} ${l}`, column: c.column, value: want.get(`${key}|${c.column}`) ?? 0 });
  }
  return cells.length;
}

describe('report tt24 on a seeded district of 12 schools', () => {
  it('school level, 2024-2025 (TT 24/2018): every cell of every school equals the count from the generator files', () => {
    const json = reports.get('2024/school')!;
    expect(new Set(json.cells.map((c) => c.form))).toEqual(new Set(['02-TH-ĐN']));
    expect(json.units.map((u) => u.code).sort()).toEqual(schoolIds);
    for (const id of schoolIds) compareUnit(json, id, new Set([id]), 2024);
  });

  it('Phòng level before 1/7/2025: one district office, all 12 schools, cells = sums over the district', () => {
    const json = reports.get('2024/commune')!;
    expect(json.scheme).toBe('dvhc-2024');
    expect(json.units).toEqual([{ code: '643', name: 'Phòng Giáo dục và Đào tạo Thành phố Buôn Ma Thuột', level: 'commune', schools: 12 }]);
    expect(compareUnit(json, '643', new Set(schoolIds), 2024)).toBeGreaterThan(100);
    expect(json.findings.filter((f) => f.code === 'RP-006' || f.code === 'RP-007')).toEqual([]);
  });

  it('Sở level before 1/7/2025: the old province 66', () => {
    const json = reports.get('2024/province')!;
    expect(json.units.map((u) => [u.code, u.schools])).toEqual([['66', 12]]);
    compareUnit(json, '66', new Set(schoolIds), 2024);
    // The fixture has both blocks: Tư thục schools of the generator's school list are counted apart.
    const privateSchools = schoolList.filter((s) => s['Loại hình trường'] !== 'Công lập').length;
    expect(privateSchools).toBeGreaterThan(0);
    const cell = (row: string, column: string): number | null | undefined => json.cells.find((c) => c.rowCode === row && c.column === column)?.value;
    expect([cell('1', '1'), cell('1', '2'), cell('1', '3')]).toEqual([12, 12 - privateSchools, privateSchools]);
    expect(cell('37', '9')).toBeGreaterThan(0);
    expect(json.findings.filter((f) => f.code === 'RP-001')).toEqual([]);
    // import kept each school's whole record as a one-record snapshot per period (no schema change).
    const conn = openDatabase(db, { readonly: true });
    const kept = conn.prepare("SELECT s.school_id AS id, s.period, json_extract(r.values_json, '$.ownershipTypeCode') AS own FROM snapshots s JOIN snapshot_records r ON r.snapshot_id = s.id WHERE s.entity = 'school' ORDER BY 1, 2").all() as Array<{ id: string; period: string; own: string }>;
    conn.close();
    expect(kept).toEqual(schoolIds.flatMap((id) => ['2024-10', '2025-10'].map((period) => ({ id, period, own: schoolList.find((s) => s['Mã trường'] === id)!['Loại hình trường'] === 'Công lập' ? '01' : '09' }))));
  });

  it('after 1/7/2025 (TT 25/2024): schools grouped by their new communes, and the province total', () => {
    const json = reports.get('2025/commune')!;
    expect(json.scheme).toBe('dvhc-2025');
    expect(new Set(json.cells.map((c) => c.form))).toEqual(new Set(['02.ĐN-TH']));
    const groups = new Map<string, Set<string>>();
    for (const id of schoolIds) groups.set(newCommune.get(id)!, new Set([...(groups.get(newCommune.get(id)!) ?? []), id]));
    expect(json.units.map((u) => u.code).sort()).toEqual([...groups.keys()].sort());
    for (const [unit, members] of groups) compareUnit(json, unit, members, 2025);
    const province = reports.get('2025/province')!;
    expect(province.units.map((u) => [u.code, u.schools])).toEqual([['66', 12]]);
    compareUnit(province, '66', new Set(schoolIds), 2025);
    compareUnit(reports.get('2025/school')!, schoolIds[3]!, new Set([schoolIds[3]!]), 2025);
  });

  it('--regroup 2025 puts the 2024-2025 numbers into the new communes for comparison', () => {
    const json = reports.get('2024/commune/regroup')!;
    expect(json.scheme).toBe('dvhc-2025');
    const after = reports.get('2025/commune')!;
    expect(json.units.map((u) => u.code)).toEqual(after.units.map((u) => u.code));
    for (const u of json.units) compareUnit(json, u.code, new Set(schoolIds.filter((id) => newCommune.get(id) === u.code)), 2024);
  });

  it('a pre-2025 Phòng report after the schools lost their district codes lists them (RP-007), never drops them', () => {
    const json = reports.get('2024/commune/after')!;
    expect(json.units.map((u) => [u.code, u.schools])).toEqual([['?', 12]]);
    const listed = json.findings.filter((f) => f.code === 'RP-007').map((f) => f.data.school).sort();
    expect(listed).toEqual(schoolIds);
  });

  it('end of year (02.CN-TH): the flow, term-II results under TT 27/2020 and staff equal the counts from the files', () => {
    const json = reports.get('2025/province/end')!;
    expect(new Set(json.cells.map((c) => c.form))).toEqual(new Set(['02.CN-TH']));
    expect(compareUnit(json, '66', new Set(schoolIds), 2026, true)).toBe(13 * 4 + 5 * 6 + 18 * 7);
    expect(json.findings.filter((f) => f.code === 'RP-004')).toEqual([]);
    const value = (row: string, column = '1'): number | null | undefined => json.cells.find((c) => c.rowCode === row && c.column === column)?.value;
    expect(value('14')).toBe(results.filter((r) => r['Học kỳ'] === 'Học kỳ II').length);
    expect(value('7')).toBeLessThan(value('1')! + value('2')!);
  });

  it('writes the official workbook (A4, merged headers, signature) and CSV cells, and keeps what it computed', async () => {
    const xlsx = join(dir, 'phong.xlsx');
    const run = await runCli(['report', 'tt24', '--level', 'province', '--period', '2025-2026/dau-nam', '--db', db, '-f', 'xlsx', '-o', xlsx]);
    expect([0, 1]).toContain(run.code);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const ws = wb.getWorksheet('Học sinh')!;
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.orientation).toBe('landscape');
    expect(ws.getCell('A1').value).toBe('Đơn vị báo cáo: Sở Giáo dục và Đào tạo tỉnh Đắk Lắk');
    expect(String(ws.getCell('A4').value)).toBe('BÁO CÁO THỐNG KÊ GIÁO DỤC TIỂU HỌC');
    // The three header levels of the official sheet III: ownership block, Dân tộc thiểu số, label;
    // columns Chỉ tiêu | Đơn vị tính | Mã số, then 1–12.
    expect(ws.model.merges).toEqual(expect.arrayContaining(['A4:O4', 'D7:G7', 'H7:K7', 'L7:O7', 'F8:G8', 'J8:K8', 'N8:O8', 'A7:A9', 'C7:C9', 'D8:D9']));
    expect([ws.getCell('D7').value, ws.getCell('H7').value, ws.getCell('L7').value, ws.getCell('F8').value, ws.getCell('F9').value]).toEqual(['Tổng số', 'Công lập', 'Tư thục', 'Dân tộc thiểu số', 'Tổng']);
    expect([1, 2, 3, 4, 15].map((c) => ws.getCell(10, c).value)).toEqual(['A', 'B', 'C', '1', '12']);
    const values: string[] = [];
    ws.eachRow((row) => row.eachCell((c) => values.push(String(c.value))));
    expect(values).toEqual(expect.arrayContaining(['THỦ TRƯỞNG ĐƠN VỊ', 'NGƯỜI LẬP BIỂU', '3.1. Tổng quy mô']));
    // A row the store cannot count (67: pupils in specialised schools) is printed, empty, with its note.
    let special = 0;
    ws.eachRow((row, n) => void (row.getCell(3).value === '67' && (special = n)));
    expect(special).toBeGreaterThan(0);
    expect(ws.getCell(special, 1).value).toBe('– Học sinh khuyết tật học chuyên biệt');
    expect(String(ws.getCell(special, 1).note)).toMatch(/^not-in-store: /);
    expect(Array.from({ length: 12 }, (_, k) => ws.getCell(special, 4 + k).value)).toEqual(Array(12).fill(null));
    const rooms: string[] = [];
    wb.getWorksheet('Phòng học')!.eachRow((row) => void (/^\d+$/.test(String(row.getCell(3).value)) && rooms.push(String(row.getCell(3).value))));
    expect(rooms).toEqual(Array.from({ length: 13 }, (_, i) => String(120 + i)));
    const csvRun = await runCli(['report', 'tt24', '--level', 'province', '--period', '2025-2026/dau-nam', '--db', db, '-f', 'csv', '--no-save']);
    const lines = csvRun.stdout.trim().split(/\r?\n/);
    expect(lines[0]).toBe('form,unit,rowCode,column,value');
    expect(lines.length - 1).toBe(reports.get('2025/province')!.cells.length);
    const conn = openDatabase(db, { readonly: true });
    const stored = conn.prepare("SELECT level, period, count(*) AS n FROM reports GROUP BY 1, 2 ORDER BY 1, 2").all();
    conn.close();
    expect(stored).toEqual([{ level: 'commune', period: '2024-2025/dau-nam', n: 1 }, { level: 'province', period: '2025-2026/dau-nam', n: 1 }]);
  });

  it('report merge: the school workbooks of the district sum to the province report; missing and repeated schools are listed', async () => {
    const file = join(dir, 'truong.xlsx');
    const run = await runCli(['report', 'tt24', '--level', 'school', '--period', '2025-2026/dau-nam', '--db', db, '-f', 'xlsx', '-o', file, '--no-save']);
    expect([0, 1]).toContain(run.code);
    const defs = loadReportDefinitions();
    const period = parsePeriod('2025-2026/dau-nam', defs.regimes);
    const unit = { level: 'province' as const, code: '66', name: 'Tỉnh Đắk Lắk', scheme: 'dvhc-2025' as const };
    const set = await mergeReports([file], defs, { period, level: 'province', unit, expected: [...schoolIds, '66999999'] });
    const json = JSON.parse(JSON.stringify(reportJson(set, 'vi'))) as Json;
    expect(json.units).toEqual([{ code: '66', name: 'Tỉnh Đắk Lắk', level: 'province', schools: 12 }]);
    compareUnit(json, '66', new Set(schoolIds), 2025);
    expect(json.findings.map((f) => [f.code, f.data.school])).toEqual([['RP-006', '66999999']]);
    const twice = await mergeReports([file, file], defs, { period, level: 'province', unit });
    expect(twice.findings.filter((f) => f.code === 'RP-009').map((f) => f.data.school).sort()).toEqual(schoolIds);
    expect(twice.reports[0]!.sheets['hoc-sinh']![0]![0]).toBe(set.reports[0]!.sheets['hoc-sinh']![0]![0]);
    const other = await mergeReports([file], defs, { period: parsePeriod('2024-2025/dau-nam', defs.regimes), level: 'province', unit });
    expect(other.reports).toEqual([]);
    expect(other.findings.filter((f) => f.code === 'RP-010')).toHaveLength(12);
  });
});
