/**
 * Issue 9 item 6 / design §6: every CSV and xlsx edusync writes for people neutralises cells that
 * start with `=`, `+`, `-`, `@`, tab or CR — one test per writer:
 *
 * - the CSV writer (src/io/write-csv.ts; no command writes CSV yet, so it is driven directly);
 * - the xlsx helpers (src/io/write-xlsx.ts: textCell / setCell / writeValues);
 * - the validate error workbook (`validate --format xlsx --out`), from a CSV and an xlsx source;
 * - the diff workbook (`diff --format xlsx --out`).
 *
 * JSON output (validate/import/diff/history --format json, run logs, run summaries) is not
 * applicable: JSON is never evaluated by a spreadsheet, and values are kept exactly as read.
 * The test-data generator (src/generate) is exempt on purpose: it writes hostile, messy files to
 * test the readers; it is not an output for people.
 *
 * The payloads arrive the way they would in real life: in a student's name, address or parent's
 * name in the source file. Negative numbers stay numbers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatCsvRow, writeCsvFile } from '../../src/io/write-csv.js';
import { openXlsxWriter, setCell, textCell, writeValues } from '../../src/io/write-xlsx.js';
import { FORMULA_TRIGGERS, isFormulaLike } from '../../src/io/safe-cell.js';
import { runCli, tempDir } from '../helpers/run-cli.js';

const PAYLOADS = [
  '=HYPERLINK("http://x","y")',
  '+SUM(1,2)',
  "-2+3+cmd|' /C calc'!A0",
  '@SUM(A1:A2)',
  '\t=1+1',
  '\r=2+2',
] as const;

/**
 * What a neutralised payload looks like: `'` + payload. edusync's readers may have trimmed a
 * leading tab/CR first (then the rest, `=…`, is what must be quoted), and reading an xlsx back
 * turns a CR into LF (XML end-of-line handling) — the `'` in front is what matters.
 */
function neutralisedForms(payload: string): string[] {
  const trimmed = payload.replace(/^[\t\r]+/, '');
  return [`'${payload}`, `'${trimmed}`, `'${payload.replace(/\r\n?/g, '\n')}`];
}

const TODAY = ['--today', '2025-10-15'];
const HEADER =
  'Mã trường,Mã lớp,Khối,Mã học sinh,Họ và tên,Ngày sinh,Giới tính,Dân tộc,Quốc tịch,Số định danh cá nhân,Trạng thái học sinh,Ngày nhập trạng thái,Lý do thôi học,Khu vực,Số điện thoại liên hệ,Chỗ ở hiện nay,Họ tên cha,Năm sinh cha,Số điện thoại cha,Họ tên mẹ,Năm sinh mẹ,Số điện thoại mẹ'.split(',');
const col = (label: string): number => HEADER.indexOf(label);

let dir: string;
let header: string[];
let rows: string[][];

function csvText(records: string[][]): string {
  const q = (v: string): string => `"${v.replaceAll('"', '""')}"`;
  return `${records.map((r) => r.map(q).join(',')).join('\r\n')}\r\n`;
}

interface WrittenCell {
  sheet: string;
  address: string;
  type: ExcelJS.ValueType;
  value: ExcelJS.CellValue;
}

async function cellsOf(path: string): Promise<WrittenCell[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const out: WrittenCell[] = [];
  for (const ws of wb.worksheets) {
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => out.push({ sheet: ws.name, address: cell.address, type: cell.type, value: cell.value }));
    });
  }
  return out;
}

/** No cell is a formula and no text cell starts with a trigger; every payload is there, neutralised. */
function expectNeutralised(cells: WrittenCell[], payloads: readonly string[]): void {
  for (const c of cells) {
    expect(c.type, `${c.sheet}!${c.address}`).not.toBe(ExcelJS.ValueType.Formula);
    if (typeof c.value === 'string') expect(isFormulaLike(c.value), `${c.sheet}!${c.address}: ${JSON.stringify(c.value)}`).toBe(false);
    if (c.value && typeof c.value === 'object' && 'richText' in c.value) {
      expect(isFormulaLike(c.value.richText.map((r) => r.text).join(''))).toBe(false);
    }
  }
  const texts = new Set(cells.filter((c) => typeof c.value === 'string').map((c) => c.value as string));
  for (const p of payloads) {
    expect(neutralisedForms(p).some((f) => texts.has(f)), `payload ${JSON.stringify(p)} written neutralised`).toBe(true);
  }
}

beforeAll(async () => {
  dir = tempDir('edusync-formula-');
  const gen = await runCli(['generate', '--out', 'src', '--seed', '5', '--entities', 'students', '--format', 'csv', '--classes-per-grade', '1', '--students-per-class', '4'], { cwd: dir });
  expect(gen.code, gen.stderr).toBe(0);
  const file = join(dir, 'src', readFileSync(join(dir, 'src', 'truth.json'), 'utf8').match(/"path": "([^"]+-hoc-sinh\.csv)"/)![1]!);
  const records = parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
  header = records[0]!;
  expect(header).toEqual(HEADER);
  rows = records.slice(1);
  expect(rows.length).toBeGreaterThanOrEqual(12);
}, 120_000);

describe('CSV writer (src/io/write-csv.ts)', () => {
  it('prefixes every trigger with a quote; numbers, negative ones included, stay numbers', async () => {
    const path = join(dir, 'out.csv');
    await writeCsvFile(path, [
      ['Họ và tên', 'Năm sinh', 'Điểm'],
      ...PAYLOADS.map((p, i) => [p, 2014 - i, -i - 0.5]),
    ]);
    const parsed = parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
    PAYLOADS.forEach((p, i) => {
      const [name, year, score] = parsed[i + 1]!;
      expect(name).toBe(`'${p}`);
      expect(name!.startsWith("'")).toBe(true);
      expect(year).toBe(String(2014 - i));
      expect(score).toBe(String(-i - 0.5)); // a negative number is not text: no quote
    });
    // Every trigger, alone and in the streaming row formatter, and with ; and tab delimiters.
    for (const t of FORMULA_TRIGGERS) {
      for (const delimiter of [',', ';', '\t'] as const) {
        const line = formatCsvRow([`${t}1+1`, -7], { delimiter });
        const [field, number] = parse(line, { delimiter, relax_quotes: true })[0] as string[];
        expect(field).toBe(`'${t}1+1`);
        expect(number).toBe('-7');
      }
    }
  });
});

describe('xlsx helpers (src/io/write-xlsx.ts)', () => {
  it('textCell, setCell and writeValues write text that is not a formula; numbers stay numbers', async () => {
    const path = join(dir, 'helpers.xlsx');
    const writer = openXlsxWriter(path);
    const ws = writer.workbook.addWorksheet('Trang 1');
    PAYLOADS.forEach((p, i) => {
      const row = ws.getRow(i + 1);
      textCell(row.getCell(1), p);
      setCell(row.getCell(2), p);
      setCell(row.getCell(3), p, 'text');
      setCell(row.getCell(4), -5 - i);
      row.commit();
    });
    writeValues(ws, PAYLOADS.length + 1, [...PAYLOADS, -1.25]).commit();
    ws.commit();
    await writer.commit();

    const cells = await cellsOf(path);
    expectNeutralised(cells, PAYLOADS);
    const last = PAYLOADS.length + 1;
    const isNumberCell = (address: string): boolean => address === `G${last}` || (address.startsWith('D') && address !== `D${last}`);
    for (const c of cells.filter((c) => isNumberCell(c.address))) {
      expect(c.type).toBe(ExcelJS.ValueType.Number);
      expect(c.value as number).toBeLessThan(0);
    }
    for (const c of cells.filter((c) => !isNumberCell(c.address))) {
      expect(c.type).toBe(ExcelJS.ValueType.String);
      expect(String(c.value).startsWith("'")).toBe(true);
    }
  });
});

describe('validate error workbook (validate --format xlsx --out)', () => {
  it('from a CSV source: the payload names, addresses and parents\' names are written as quoted text', async () => {
    const bad = rows.map((r) => [...r]);
    PAYLOADS.forEach((p, i) => {
      bad[i]![col('Họ và tên')] = p;
      bad[i]![col('Ngày sinh')] = ''; // a finding on the row, so the row is copied into the workbook
      bad[i + 6]![col('Chỗ ở hiện nay')] = p;
      bad[i + 6]![col('Họ tên cha')] = p;
      bad[i + 6]![col('Số định danh cá nhân')] = '123'; // a finding
    });
    writeFileSync(join(dir, 'payload.csv'), csvText([header, ...bad]));
    const r = await runCli(['validate', 'payload.csv', '--format', 'xlsx', '--out', 'errors.xlsx', ...TODAY], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expectNeutralised(await cellsOf(join(dir, 'errors.xlsx')), PAYLOADS);
  });

  it('from an xlsx source: string payloads are quoted text, a negative number stays a number', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(header);
    rows.forEach((r, i) => {
      const values: ExcelJS.CellValue[] = [...r];
      if (i < PAYLOADS.length) {
        values[col('Họ và tên')] = PAYLOADS[i]!;
        values[col('Ngày sinh')] = null;
        values[col('Năm sinh cha')] = -5;
      }
      ws.addRow(values);
    });
    await wb.xlsx.writeFile(join(dir, 'payload.xlsx'));
    const r = await runCli(['validate', 'payload.xlsx', '--format', 'xlsx', '--out', 'errors-from-xlsx.xlsx', ...TODAY], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    const cells = await cellsOf(join(dir, 'errors-from-xlsx.xlsx'));
    expectNeutralised(cells, PAYLOADS);
    const negatives = cells.filter((c) => c.value === -5);
    expect(negatives.length).toBeGreaterThanOrEqual(PAYLOADS.length);
    for (const c of negatives) expect(c.type).toBe(ExcelJS.ValueType.Number);
  });
});

describe('diff workbook (diff --format xlsx --out)', () => {
  it('updated and new students with payload values: quoted text; a negative number stays a number', async () => {
    const db = 'diff.db';
    writeFileSync(join(dir, 'sep.csv'), csvText([header, ...rows]));
    const later = rows.map((r) => [...r]);
    PAYLOADS.forEach((p, i) => {
      later[i]![col('Chỗ ở hiện nay')] = p;
      later[i]![col('Họ tên mẹ')] = p;
    });
    later[0]![col('Năm sinh cha')] = '-5';
    // A new student whose address is a payload.
    const newcomer = [...rows[1]!];
    newcomer[col('Mã học sinh')] = '8299999999';
    newcomer[col('Số định danh cá nhân')] = '001214000001';
    newcomer[col('Họ và tên')] = 'Nguyễn Văn Mới';
    newcomer[col('Chỗ ở hiện nay')] = PAYLOADS[0];
    later.push(newcomer);
    writeFileSync(join(dir, 'oct.csv'), csvText([header, ...later]));
    for (const [file, period] of [['sep.csv', '2025-09'], ['oct.csv', '2025-10']] as const) {
      const r = await runCli(['import', file, '--db', db, '--period', period, '--apply', ...TODAY], { cwd: dir });
      expect([0, 1], r.stderr).toContain(r.code);
    }
    const r = await runCli(['diff', '--from', '2025-09', '--to', '2025-10', '--db', db, '--format', 'xlsx', '--out', 'diff.xlsx'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const cells = await cellsOf(join(dir, 'diff.xlsx'));
    expectNeutralised(cells, PAYLOADS);
    const negatives = cells.filter((c) => c.value === -5);
    expect(negatives.length).toBeGreaterThan(0);
    for (const c of negatives) expect(c.type).toBe(ExcelJS.ValueType.Number);
  });
});
