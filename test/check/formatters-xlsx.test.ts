import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Finding } from '../../src/check/finding.js';
import type { ValidationReport } from '../../src/check/report.js';
import type { CellValue, RawRow, SheetSource } from '../../src/io/types.js';
import type { RuleMeta } from '../../src/rules/types.js';

// The catalogue needs every rule module; while parts of it are still missing in the tree, a tiny
// stand-in serves the codes used here. Once it loads, the real one is used (expected texts are
// computed with renderFinding, so both work).
const STAND_IN: Record<string, Pick<RuleMeta, 'code' | 'defaultSeverity' | 'docs' | 'messages'>> = {
  'DL-001': {
    code: 'DL-001',
    defaultSeverity: 'error',
    docs: { vi: 'Trường bắt buộc bị bỏ trống', en: 'Required field empty' },
    messages: { empty: { vi: '{{field}} là thông tin bắt buộc nhưng đang để trống.', en: '{{field}} is required but empty.' } },
  },
  'DL-002': {
    code: 'DL-002',
    defaultSeverity: 'error',
    docs: { vi: 'Giá trị không đúng kiểu dữ liệu', en: 'Value of the wrong type' },
    messages: { notDigits: { vi: '{{field}} chỉ được gồm chữ số: «{{value}}».', en: '{{field}} must contain digits only: "{{value}}".' } },
  },
  'SC-006': {
    code: 'SC-006',
    defaultSeverity: 'info',
    docs: { vi: 'Đã chuẩn hoá Unicode', en: 'Unicode normalised' },
    messages: { repaired: { vi: '{{field}}: đã chuẩn hoá «{{from}}» → «{{to}}».', en: '{{field}}: normalised "{{from}}" → "{{to}}".' } },
  },
  'SC-008': {
    code: 'SC-008',
    defaultSeverity: 'error',
    docs: { vi: 'Thiếu cột bắt buộc', en: 'Required column missing' },
    messages: { missingColumn: { vi: 'Thiếu cột bắt buộc «{{field}}».', en: 'Required column "{{field}}" is missing.' } },
  },
};

vi.mock('../../src/check/catalogue.js', async (importOriginal) => {
  try {
    return await importOriginal();
  } catch {
    return { metaByCode: (code: string) => STAND_IN[code] };
  }
});

const { writeErrorWorkbook, columnIndex } = await import('../../src/check/formatters/xlsx.js');
const { renderFinding } = await import('../../src/check/render.js');

/** Reads a worksheet with ExcelJS the way the readers hand rows over (used when src/io/read.ts cannot load). */
async function standInReadSource(file: string, sheet?: string): Promise<SheetSource[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb.worksheets
    .filter((ws) => sheet === undefined || ws.name === sheet)
    .map((ws) => ({
      file,
      sheet: ws.name,
      merges: [],
      rows: (async function* () {
        let batch: RawRow[] = [];
        for (let r = 1; r <= ws.rowCount; r++) {
          const row = ws.getRow(r);
          if (!row.hasValues) continue;
          const cells: CellValue[] = [];
          for (let c = 1; c <= row.cellCount; c++) {
            const v = row.getCell(c).value;
            cells.push(
              v instanceof Date
                ? { kind: 'date', iso: v.toISOString().slice(0, 10) }
                : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
                  ? v
                  : v === null || v === undefined
                    ? null
                    : String(row.getCell(c).text),
            );
          }
          batch.push({ row: r, cells });
          if (batch.length === 2) {
            yield batch;
            batch = [];
          }
        }
        if (batch.length) yield batch;
      })(),
    }));
}

/**
 * undefined = the formatter's default (openFile from src/io/read.ts), used when it can read the
 * source built below; otherwise the stand-in above (the xlsx reader may still be in progress).
 */
let defaultReader: ((file: string, sheet?: string) => Promise<SheetSource[]>) | undefined;

async function realReaderWorks(file: string): Promise<boolean> {
  try {
    const { openFile } = await import('../../src/io/read.js');
    const [table] = await openFile(file, { sheet: SHEET });
    if (!table) return false;
    let found = false;
    for await (const batch of table.rows) for (const r of batch) if (r.row === 5 && r.cells[2] === '001206012345') found = true;
    return found;
  } catch {
    return false;
  }
}

let dir: string;
let source: string;
const SHEET = 'DS học sinh';
const PAYLOAD = '=HYPERLINK("http://x","y")';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edusync-xlsx-fmt-'));
  source = join(dir, 'hs-10a1.xlsx');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(SHEET);
  ws.getCell('A1').value = 'DANH SÁCH HỌC SINH LỚP 10A1';
  ws.getCell('A2').value = 'Năm học 2025-2026';
  ws.getRow(3).values = ['STT', 'Họ và tên', 'Mã định danh', 'Ngày sinh', 'Ghi chú'];
  const names = ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Hoàng Cường', 'Phạm Minh Dũng', 'Hoàng Thị Em', 'Vũ Văn Giang', 'Đặng Thu Hà'];
  names.forEach((name, i) => {
    const r = 4 + i;
    const row = ws.getRow(r);
    row.getCell(1).value = i + 1;
    row.getCell(2).value = name;
    row.getCell(3).value = r === 5 ? '001206012345' : `0012060123${String(r).padStart(2, '0')}`;
    row.getCell(3).numFmt = '@';
    row.getCell(4).value = new Date(Date.UTC(2010, 0, 1 + i));
    row.getCell(4).numFmt = 'dd/mm/yyyy';
    row.getCell(5).value = r === 8 ? PAYLOAD : '';
  });
  await wb.xlsx.writeFile(source);
  defaultReader = (await realReaderWorks(source)) ? undefined : standInReadSource;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function finding(partial: Partial<Finding> & Pick<Finding, 'code' | 'severity' | 'messageId'>): Finding {
  return { file: source, sheet: SHEET, data: {}, ...partial };
}

function makeReport(findings: Finding[], file = source): ValidationReport {
  const byCode: Record<string, number> = {};
  for (const f of findings) byCode[f.code] = (byCode[f.code] ?? 0) + 1;
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  return {
    valid: count('error') === 0,
    ruleSet: '2025-2026',
    stats: { files: 1, tables: 1, records: 7, errors: count('error'), warnings: count('warning'), infos: count('info'), byCode },
    tables: [
      {
        file,
        sheet: SHEET,
        entity: 'student',
        headerRows: [3],
        records: 7,
        errors: count('error'),
        warnings: count('warning'),
        infos: count('info'),
      },
    ],
    unreadable: [],
    findings,
    dropped: 0,
  };
}

const findingsOf = (): Finding[] => [
  finding({
    code: 'DL-002',
    severity: 'error',
    messageId: 'notDigits',
    row: 5,
    column: 'C',
    field: 'personalId',
    value: '001206012345',
    data: { field: 'Mã định danh' },
  }),
  // a rule set may lower a rule's severity: a whole-row warning
  finding({ code: 'DL-001', severity: 'warning', messageId: 'empty', row: 8, field: 'gender', data: { field: 'Giới tính' } }),
  finding({
    code: 'SC-006',
    severity: 'info',
    messageId: 'repaired',
    row: 8,
    column: 'B',
    field: 'fullName',
    value: 'Phạm Minh Dũng',
    data: { field: 'Họ và tên', from: 'Phạm Minh Dũng', to: 'Phạm Minh Dũng' },
  }),
  finding({ code: 'SC-008', severity: 'error', messageId: 'missingColumn', data: { field: 'Giới tính' } }),
];

async function readBack(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

function rowsByFirstCell(ws: ExcelJS.Worksheet): Map<unknown, ExcelJS.Row> {
  const map = new Map<unknown, ExcelJS.Row>();
  ws.eachRow((row) => map.set(row.getCell(1).value, row));
  return map;
}

function noteText(cell: ExcelJS.Cell): string {
  const note = cell.note as ExcelJS.Comment | string | undefined;
  if (note === undefined) return '';
  return typeof note === 'string' ? note : (note.texts ?? []).map((t) => t.text).join('');
}

function argb(cell: ExcelJS.Cell): string | undefined {
  return (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;
}

function summaryValue(ws: ExcelJS.Worksheet, label: string): unknown {
  let value: unknown;
  ws.eachRow((row) => {
    if (value === undefined && row.getCell(1).value === label) value = row.getCell(2).value;
  });
  return value;
}

describe('writeErrorWorkbook', () => {
  let FINDINGS: Finding[];
  beforeAll(() => {
    FINDINGS = findingsOf();
  });

  it('writes summary, the user rows with findings, and per-code sheets (vi)', async () => {
    const out = join(dir, 'out', 'loi.xlsx');
    const result = await writeErrorWorkbook(makeReport(FINDINGS), out, { locale: 'vi', readSource: defaultReader });
    expect(result).toEqual({ rows: 2, sheets: 6 });
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir, 'out'))).toEqual(['loi.xlsx']);

    const wb = await readBack(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'hs-10a1 - DS học sinh', 'DL-002', 'SC-008', 'DL-001', 'SC-006']);

    // summary
    const summary = wb.worksheets[0]!;
    expect(summaryValue(summary, 'Bộ quy tắc (năm học)')).toBe('2025-2026');
    expect(summaryValue(summary, 'Số tệp')).toBe(1);
    expect(summaryValue(summary, 'Số bản ghi')).toBe(7);
    expect(summaryValue(summary, 'Lỗi')).toBe(2);
    expect(summaryValue(summary, 'Cảnh báo')).toBe(1);
    expect(summaryValue(summary, 'Thông tin (đã tự sửa)')).toBe(1);
    const codeRows = rowsByFirstCell(summary);
    expect(codeRows.get('DL-002')?.getCell(2).value).toBe('Lỗi');
    expect(codeRows.get('DL-002')?.getCell(3).value).toBe(1);
    expect(String(codeRows.get('DL-002')?.getCell(4).value).length).toBeGreaterThan(0);
    expect(codeRows.get('DL-001')?.getCell(2).value).toBe('Cảnh báo');
    expect(codeRows.get('SC-006')?.getCell(2).value).toBe('Thông tin');
    const tableRow = codeRows.get(source)!;
    expect(tableRow.getCell(2).value).toBe(SHEET);
    expect(tableRow.getCell(3).value).toBe('student');
    expect([4, 5, 6, 7].map((c) => tableRow.getCell(c).value)).toEqual([7, 2, 1, 1]);
    expect(tableRow.getCell(9).value).toBe('hs-10a1 - DS học sinh');

    // the user's rows
    const data = wb.getWorksheet('hs-10a1 - DS học sinh')!;
    const rows = rowsByFirstCell(data);
    expect(data.getCell('A1').value).toBe('Dòng gốc');
    expect(data.getCell('D1').value).toBe('C');
    expect(data.getCell('G1').value).toBe('Lỗi');
    expect([...rows.keys()]).toEqual(['Dòng gốc', 3, 5, 8]);
    expect(rows.get(3)!.getCell(4).value).toBe('Mã định danh');
    expect(data.views[0]).toMatchObject({ state: 'frozen', ySplit: 2, xSplit: 1 });

    const row5 = rows.get(5)!;
    const id = row5.getCell(4); // source column C
    expect(id.value).toBe('001206012345');
    expect(id.type).toBe(ExcelJS.ValueType.String);
    expect(argb(id)).toBe('FFFFC7CE');
    const errorText = renderFinding(FINDINGS[0]!, 'vi');
    expect(noteText(id)).toContain(errorText);
    expect(String(row5.getCell(7).value)).toContain(errorText);
    expect(String(row5.getCell(7).value)).toContain('[Lỗi] C:');
    expect(row5.getCell(2).value).toBe(2); // STT stays a number
    expect(row5.getCell(5).type).toBe(ExcelJS.ValueType.Date);
    expect(row5.getCell(5).value).toEqual(new Date(Date.UTC(2010, 0, 2)));
    expect(argb(row5.getCell(3))).toBeUndefined();

    const row8 = rows.get(8)!;
    expect(argb(row8.getCell(1))).toBe('FFFFEB9C'); // whole-row warning on the row number
    expect(noteText(row8.getCell(1))).toContain(renderFinding(FINDINGS[1]!, 'vi'));
    expect(argb(row8.getCell(3))).toBe('FFDDEBF7'); // info on source column B
    const lines = String(row8.getCell(7).value).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(renderFinding(FINDINGS[1]!, 'vi'));
    expect(lines[1]).toContain(renderFinding(FINDINGS[2]!, 'vi'));
    const payload = row8.getCell(6); // source column E
    expect(payload.type).not.toBe(ExcelJS.ValueType.Formula);
    expect(payload.value).toBe(`'${PAYLOAD}`);

    // per-code sheets
    const dl1 = wb.getWorksheet('DL-002')!;
    expect(dl1.getRow(1).values).toEqual([undefined, 'Tệp', 'Trang tính', 'Dòng', 'Cột', 'Trường', 'Giá trị', 'Mức độ', 'Nội dung']);
    expect(dl1.getRow(2).values).toEqual([undefined, source, SHEET, 5, 'C', 'personalId', '001206012345', 'Lỗi', errorText]);
    expect(dl1.getCell('F2').type).toBe(ExcelJS.ValueType.String);
    const sc8 = wb.getWorksheet('SC-008')!;
    expect(sc8.rowCount).toBe(2);
    expect(sc8.getCell('C2').value).toBeNull(); // table-level: no row
    expect(sc8.getCell('H2').value).toBe(renderFinding(FINDINGS[3]!, 'vi'));
  });

  it('speaks English and includes rows that only have info findings', async () => {
    const out = join(dir, 'en.xlsx');
    const findings = [
      finding({ code: 'SC-006', severity: 'info', messageId: 'repaired', row: 9, column: 'B', data: { field: 'Họ và tên', from: 'a', to: 'b' } }),
      // a finding past the last cell of its row widens the sheet
      finding({ code: 'DL-001', severity: 'error', messageId: 'empty', row: 10, column: 'H', value: '', data: { field: 'Dân tộc' } }),
    ];
    const result = await writeErrorWorkbook(makeReport(findings), out, { locale: 'en', readSource: defaultReader });
    expect(result).toEqual({ rows: 2, sheets: 4 });
    const wb = await readBack(out);
    expect(wb.worksheets[0]!.name).toBe('Summary');
    expect(summaryValue(wb.worksheets[0]!, 'Errors')).toBe(1);
    const data = wb.worksheets[1]!;
    expect(data.getCell('A1').value).toBe('Source row');
    expect(data.getCell('I1').value).toBe('H');
    expect(data.getCell('J1').value).toBe('Findings');
    const rows = rowsByFirstCell(data);
    expect([...rows.keys()]).toEqual(['Source row', 3, 9, 10]);
    expect(argb(rows.get(9)!.getCell(3))).toBe('FFDDEBF7');
    expect(argb(rows.get(10)!.getCell(9))).toBe('FFFFC7CE');
    expect(String(rows.get(9)!.getCell(10).value)).toContain('[Info] B:');
  });

  it('reads the source twice instead of buffering when many rows have findings', async () => {
    const outA = join(dir, 'buffered.xlsx');
    const outB = join(dir, 'two-pass.xlsx');
    await writeErrorWorkbook(makeReport(FINDINGS), outA, { locale: 'vi', readSource: standInReadSource });
    let opens = 0;
    const counting = async (file: string, sheet?: string) => {
      opens++;
      return standInReadSource(file, sheet);
    };
    await writeErrorWorkbook(makeReport(FINDINGS), outB, { locale: 'vi', readSource: counting, bufferRows: 1 });
    expect(opens).toBe(2);
    const [a, b] = [await readBack(outA), await readBack(outB)];
    const values = (wb: ExcelJS.Workbook) => {
      const out: unknown[] = [];
      wb.worksheets[1]!.eachRow((row) => out.push(row.values));
      return out;
    };
    expect(values(b)).toEqual(values(a));
  });

  it('still lists the findings when the source cannot be re-read', async () => {
    const out = join(dir, 'unreadable.xlsx');
    const failing = async () => {
      throw new Error('tệp đã bị xoá');
    };
    const result = await writeErrorWorkbook(makeReport(FINDINGS), out, { locale: 'vi', readSource: failing });
    expect(result.rows).toBe(2);
    const data = (await readBack(out)).worksheets[1]!;
    expect(data.getCell('E1').value).toBe('Lỗi'); // columns A..C (the findings) + row number + findings
    expect(String(data.getCell('E2').value)).toContain('tệp đã bị xoá');
    const rows = rowsByFirstCell(data);
    expect(rows.has(5)).toBe(true);
    expect(rows.has(8)).toBe(true);
    expect(rows.has(3)).toBe(false); // header row: nothing to show
    expect(argb(rows.get(5)!.getCell(4))).toBe('FFFFC7CE');
  });

  it('gives every table a unique, Excel-safe sheet name and keeps code sheets named after the code', async () => {
    const out = join(dir, 'names.xlsx');
    const other = join(dir, 'b', 'hs-10a1.xlsx');
    const report = makeReport([
      finding({ code: 'DL-002', severity: 'error', messageId: 'notDigits', row: 5, column: 'C' }),
      finding({ code: 'DL-002', severity: 'error', messageId: 'notDigits', row: 5, column: 'C', file: other, sheet: 'Lớp 10/A1: [mới]' }),
    ]);
    const result = await writeErrorWorkbook(report, out, { locale: 'vi', readSource: standInReadSource });
    expect(result.sheets).toBe(4);
    const names = (await readBack(out)).worksheets.map((w) => w.name);
    expect(names).toEqual(['Tổng hợp', 'hs-10a1 - DS học sinh', 'hs-10a1 - Lớp 10-A1- -mới-', 'DL-002']);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(31);
  });

  it('streams a large report', async () => {
    const out = join(dir, 'big.xlsx');
    const N = 30_000;
    const findings: Finding[] = [];
    for (let r = 2; r < N + 2; r++) {
      findings.push(finding({ code: 'DL-002', severity: 'error', messageId: 'notDigits', row: r, column: 'B', value: String(r) }));
    }
    const bigSource = async (file: string, sheet?: string): Promise<SheetSource[]> => [
      {
        file,
        sheet,
        merges: [],
        rows: (async function* () {
          yield [{ row: 1, cells: ['STT', 'Mã định danh'] }];
          for (let start = 2; start < N + 2; start += 1000) {
            const batch: RawRow[] = [];
            for (let r = start; r < Math.min(start + 1000, N + 2); r++) batch.push({ row: r, cells: [r - 1, String(r).padStart(12, '0')] });
            yield batch;
          }
        })(),
      },
    ];
    const report = makeReport(findings);
    report.tables[0]!.headerRows = [1];
    const result = await writeErrorWorkbook(report, out, { locale: 'vi', readSource: bigSource, bufferRows: 10_000 });
    expect(result).toEqual({ rows: N, sheets: 3 });
    const data = (await readBack(out)).worksheets[1]!;
    expect(data.rowCount).toBe(N + 2);
    expect(data.getCell('C3').value).toBe('000000000002');
  });
});

describe('writeErrorWorkbook on a CSV source (the real openFile)', () => {
  it('copies the flagged lines of a CSV, IDs as text', async () => {
    const csvDir = await mkdtemp(join(tmpdir(), 'edusync-xlsx-fmt-csv-'));
    try {
      const csv = join(csvDir, 'giao-vien.csv');
      await writeFile(csv, '\uFEFFHọ và tên,Mã định danh,Ghi chú\r\nNguyễn Văn An,001206012345,+1+1\r\nTrần Thị Bình,12345,\r\n');
      const f = (row: number, column: string): Finding => ({
        code: 'DL-002',
        severity: 'error',
        messageId: 'notDigits',
        file: csv,
        row,
        column,
        data: { field: 'Mã định danh' },
      });
      const report = makeReport([f(2, 'B'), f(3, 'B')], csv);
      report.tables[0]!.sheet = undefined;
      report.tables[0]!.headerRows = [1];
      const out = join(csvDir, 'out.xlsx');
      expect(await writeErrorWorkbook(report, out, { locale: 'vi' })).toEqual({ rows: 2, sheets: 3 });
      const data = (await readBack(out)).getWorksheet('giao-vien')!;
      expect(data).toBeDefined();
      const rows = rowsByFirstCell(data);
      expect([...rows.keys()]).toEqual(['Dòng gốc', 1, 2, 3]);
      expect(rows.get(2)!.getCell(3).value).toBe('001206012345');
      expect(rows.get(2)!.getCell(4).value).toBe("'+1+1");
      expect(argb(rows.get(3)!.getCell(3))).toBe('FFFFC7CE');
    } finally {
      await rm(csvDir, { recursive: true, force: true });
    }
  });
});

describe('columnIndex', () => {
  it.each([
    ['A', 0],
    ['Z', 25],
    ['AA', 26],
    ['az', 51],
    ['XFD', 16383],
    ['1', undefined],
    ['', undefined],
  ])('%s → %s', (letters, index) => {
    expect(columnIndex(letters)).toBe(index);
  });
});
