import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  clampText,
  dateCell,
  excelDateToDate,
  FILL,
  fillCell,
  fitWidth,
  frozenView,
  MAX_CELL_CHARS,
  noteCell,
  openXlsxWriter,
  safeSheetName,
  setAutoFilter,
  setColumnWidths,
  styleHeaderRow,
  textCell,
  writeValues,
} from '../../src/io/write-xlsx.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edusync-write-xlsx-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readBack(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

describe('xlsx helpers', () => {
  it('writes IDs as text, payloads neutralised, dates as dates, numbers as numbers', async () => {
    const path = join(dir, 'sub', 'out.xlsx');
    const writer = openXlsxWriter(path);
    const ws = writer.workbook.addWorksheet('Dữ liệu', frozenView(1, 1));
    setColumnWidths(ws, [16, 30, 14, 8, 8]);
    const header = writeValues(ws, 1, ['Mã định danh', 'Ghi chú', 'Ngày sinh', 'Điểm', 'Nợ']);
    styleHeaderRow(header, 1, 5);
    header.commit();
    const row = ws.getRow(2);
    textCell(row.getCell(1), '001206012345');
    textCell(row.getCell(2), '=HYPERLINK("http://x","y")');
    dateCell(row.getCell(3), { kind: 'date', iso: '2010-09-05' });
    row.getCell(4).value = 8.5;
    writeValues(ws, 3, [120601234512, '+1+1', new Date(Date.UTC(2011, 1, 28)), -2, true], ['text']);
    fillCell(row.getCell(2), FILL.error);
    noteCell(row.getCell(2), 'Công thức đã bị vô hiệu hoá');
    row.commit();
    setAutoFilter(ws, 1, 1, 5);
    await writer.commit();

    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const wb = await readBack(path);
    const sheet = wb.getWorksheet('Dữ liệu');
    expect(sheet).toBeDefined();
    const id = sheet!.getCell('A2');
    expect(id.type).toBe(ExcelJS.ValueType.String);
    expect(id.value).toBe('001206012345');
    expect(id.numFmt).toBe('@');
    const payload = sheet!.getCell('B2');
    expect(payload.type).not.toBe(ExcelJS.ValueType.Formula);
    expect(payload.formula).toBeUndefined();
    expect(String(payload.value).startsWith("'")).toBe(true);
    expect(payload.value).toBe(`'=HYPERLINK("http://x","y")`);
    expect((payload.fill as ExcelJS.FillPattern).fgColor?.argb).toBe(FILL.error);
    const note = payload.note as ExcelJS.Comment | string;
    const noteText = typeof note === 'string' ? note : (note.texts ?? []).map((t) => t.text).join('');
    expect(noteText).toBe('Công thức đã bị vô hiệu hoá');
    const date = sheet!.getCell('C2');
    expect(date.type).toBe(ExcelJS.ValueType.Date);
    expect(date.value).toEqual(new Date(Date.UTC(2010, 8, 5)));
    expect(date.numFmt).toBe('dd/mm/yyyy');
    expect(sheet!.getCell('D2').value).toBe(8.5);
    // kind 'text' forces a number ID into text; a negative number stays a number
    expect(sheet!.getCell('A3').value).toBe('120601234512');
    expect(sheet!.getCell('A3').type).toBe(ExcelJS.ValueType.String);
    expect(sheet!.getCell('B3').value).toBe("'+1+1");
    expect(sheet!.getCell('C3').type).toBe(ExcelJS.ValueType.Date);
    expect(sheet!.getCell('D3').value).toBe(-2);
    expect(sheet!.getCell('E3').value).toBe(true);
    expect(sheet!.getCell('A1').font?.bold).toBe(true);
    expect(sheet!.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 1 });
    expect(sheet!.autoFilter).toBeTruthy();
    expect(sheet!.getColumn(2).width).toBe(30);
    expect(await readdir(join(dir, 'sub'))).toEqual(['out.xlsx']);
  });

  it('streams a large sheet', async () => {
    const path = join(dir, 'big.xlsx');
    const writer = openXlsxWriter(path, { atomic: true });
    const ws = writer.workbook.addWorksheet('Big');
    for (let r = 1; r <= 20_000; r++) {
      const row = ws.getRow(r);
      textCell(row.getCell(1), String(r).padStart(12, '0'));
      row.getCell(2).value = r;
      row.commit();
    }
    await writer.commit();
    const wb = await readBack(path);
    const sheet = wb.worksheets[0]!;
    expect(sheet.rowCount).toBe(20_000);
    expect(sheet.getCell('A20000').value).toBe('000000020000');
  });
});

describe('values and names', () => {
  it('converts ExcelDate to a UTC-midnight Date and refuses non-dates', () => {
    expect(excelDateToDate({ kind: 'date', iso: '2024-02-29' })).toEqual(new Date(Date.UTC(2024, 1, 29)));
    expect(excelDateToDate({ kind: 'date', iso: '2023-02-29' })).toBeUndefined();
    expect(excelDateToDate('05/09/2010')).toBeUndefined();
  });

  it('clamps text to the Excel cell limit', () => {
    expect(clampText('abc')).toBe('abc');
    const long = clampText('x'.repeat(MAX_CELL_CHARS + 10));
    expect(long).toHaveLength(MAX_CELL_CHARS);
    expect(long.endsWith('…')).toBe(true);
  });

  it('fits column widths', () => {
    expect(fitWidth(['ab', 'abcdef\nx'])).toBe(8);
    expect(fitWidth([], 6)).toBe(6);
    expect(fitWidth(['x'.repeat(500)], 6, 60)).toBe(60);
  });

  it('makes Excel-safe, unique sheet names', () => {
    const taken = new Set<string>();
    expect(safeSheetName('hs/10A1:[DS]*?\\', taken)).toBe('hs-10A1--DS----');
    expect(safeSheetName('Danh sách học sinh lớp 10A1 năm học 2025-2026', taken)).toBe('Danh sách học sinh lớp 10A1 năm');
    expect(safeSheetName('Danh sách học sinh lớp 10A1 năm học 2025-2026', taken)).toBe('Danh sách học sinh lớp 10A1 (2)');
    expect(safeSheetName('DANH SÁCH HỌC SINH LỚP 10A1 NĂM HỌC', taken)).toBe('DANH SÁCH HỌC SINH LỚP 10A1 (3)');
    expect(safeSheetName("'quoted'", taken)).toBe('quoted');
    expect(safeSheetName('', taken)).toBe('Sheet');
    expect(safeSheetName('History', taken)).toBe('History_');
    expect(safeSheetName('Tổng hợp'.normalize('NFD'), taken)).toBe('Tổng hợp');
    for (const name of taken) expect(name.length).toBeLessThanOrEqual(31);
  });
});
