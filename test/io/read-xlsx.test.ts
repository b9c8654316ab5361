import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { zipSync, strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode, InputError } from '../../src/errors.js';
import { openFile } from '../../src/io/read.js';
import type { RawRow, ReadOptions, SheetSource } from '../../src/io/types.js';

const dir = mkdtempSync(join(tmpdir(), 'edusync-read-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rowsOf(src: SheetSource): Promise<RawRow[]> {
  const out: RawRow[] = [];
  for await (const batch of src.rows) out.push(...batch);
  return out;
}

async function inputError(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).exitCode).toBe(ExitCode.Input);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

async function readAll(path: string, options?: ReadOptions): Promise<number> {
  let n = 0;
  for (const s of await openFile(path, options)) for await (const b of s.rows) n += b.length;
  return n;
}

const CT = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';
const WB = (sheets: string[], extra = '') =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${extra}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets
    .map((n, i) => `<sheet name="${n}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
    .join('')}</sheets></workbook>`;
const RELS = (n: number) =>
  `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${Array.from(
    { length: n },
    (_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  ).join('')}</Relationships>`;
const SHEET = (rows: string, after = '') =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData>${after}</worksheet>`;

/** A hand-built workbook: parts as text (or bytes), zipped with fflate. */
function handXlsx(name: string, sheets: string[], parts: Record<string, string | Uint8Array> = {}, level: 0 | 1 | 6 = 6): string {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(CT),
    'xl/workbook.xml': strToU8(WB(sheets.map((_, i) => `Trang ${i + 1}`))),
    'xl/_rels/workbook.xml.rels': strToU8(RELS(sheets.length)),
  };
  sheets.forEach((s, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(s)));
  for (const [k, v] of Object.entries(parts)) files[k] = typeof v === 'string' ? strToU8(v) : v;
  const p = join(dir, name);
  writeFileSync(p, zipSync(files, { level }));
  return p;
}

describe('openFile: xlsx written by ExcelJS', () => {
  let path: string;
  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Học sinh');
    ws.getCell('A1').value = 'DANH SÁCH HỌC SINH LỚP 6A1';
    ws.mergeCells('A1:D1');
    ws.getCell('A3').value = 'Họ và tên';
    ws.getCell('B3').value = 'Ngày sinh';
    ws.getCell('C3').value = 'Mã số';
    ws.getCell('D3').value = 'Đã nhập học';
    ws.getCell('A4').value = 'Nguyễn Thị Hoa';
    ws.getCell('B4').value = new Date(Date.UTC(2015, 1, 3));
    ws.getCell('B4').numFmt = 'dd/mm/yyyy';
    ws.getCell('C4').value = 42000;
    ws.getCell('D4').value = true;
    ws.getCell('A7').value = 'Trần Văn Nam & "Bạn" <b>';
    ws.getCell('B7').value = new Date(Date.UTC(2014, 11, 31));
    ws.getCell('B7').numFmt = 'd mmm yyyy';
    ws.getCell('C7').value = 45000.5;
    ws.getCell('D7').value = { formula: 'NA()', result: { error: '#N/A' } } as ExcelJS.CellValue;
    ws.getCell('E7').value = { formula: 'A7&"x"', result: 'chuỗi công thức' } as ExcelJS.CellValue;
    const ws2 = wb.addWorksheet('Giáo viên');
    ws2.addRow(['Họ tên', 'Môn']);
    ws2.addRow(['Lê Minh Khánh', 'Toán']);
    path = join(dir, 'exceljs.xlsx');
    await wb.xlsx.writeFile(path);
  });

  it('lists sheets in workbook order with merges known before the rows', async () => {
    const sources = await openFile(path);
    expect(sources.map((s) => s.sheet)).toEqual(['Học sinh', 'Giáo viên']);
    expect(sources[0]!.file).toBe(path);
    expect(sources[0]!.merges).toEqual([{ top: 1, left: 0, bottom: 1, right: 3 }]);
  });

  it('reads values with true row numbers: dates from date formats, numbers, booleans, errors, formula strings, entities', async () => {
    const [src] = await openFile(path);
    const rows = await rowsOf(src!);
    expect(rows.map((r) => r.row)).toEqual([1, 3, 4, 7]);
    expect(rows[0]!.cells[0]).toBe('DANH SÁCH HỌC SINH LỚP 6A1');
    expect(rows[2]!.cells).toEqual(['Nguyễn Thị Hoa', { kind: 'date', iso: '2015-02-03' }, 42000, true]);
    expect(rows[3]!.cells).toEqual([
      'Trần Văn Nam & "Bạn" <b>',
      { kind: 'date', iso: '2014-12-31' },
      45000.5,
      '#N/A',
      'chuỗi công thức',
    ]);
  });

  it('selects a sheet by name or 1-based index, and lists the names for an unknown one', async () => {
    const byName = await openFile(path, { sheet: 'Giáo viên' });
    expect(byName.map((s) => s.sheet)).toEqual(['Giáo viên']);
    expect((await rowsOf(byName[0]!))[1]).toEqual({ row: 2, cells: ['Lê Minh Khánh', 'Toán'] });
    expect((await openFile(path, { sheet: '2' }))[0]!.sheet).toBe('Giáo viên');
    const e = await inputError(openFile(path, { sheet: 'Lớp 9' }));
    expect(e.reason).toBe('sheet-not-found');
    expect(e.text.vi).toContain('"Học sinh", "Giáo viên"');
  });
});

describe('openFile: hand-built xlsx', () => {
  it('reads shared strings with rich text, inline strings, escapes, cells without r, ISO dates, General numbers and custom date formats', async () => {
    const sst = `<?xml version="1.0"?><sst xmlns="x" count="3" uniqueCount="3"><si><t>Phạm Thu Hà</t></si><si><r><rPr><b/></rPr><t xml:space="preserve">Vũ </t></r><r><t>Quang Dũng</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></si><si><t>dòng 1_x000D_
dòng 2 &#x1EA0;&#7840;</t></si></sst>`;
    const styles = `<?xml version="1.0"?><styleSheet xmlns="x"><numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/><numFmt numFmtId="165" formatCode="&quot;Mã &quot;0"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/><xf numFmtId="165"/></cellXfs></styleSheet>`;
    const rows =
      `<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="D2" t="inlineStr"><is><t>Đỗ &amp; Bùi</t></is></c></row>` +
      `<row r="5"><c t="s"><v>2</v></c><c s="1"><v>42005</v></c><c s="2"><v>60</v></c><c s="3"><v>42005</v></c><c><v>42005</v></c><c t="d"><v>2016-03-04T00:00:00</v></c></row>` +
      `<row r="6"><c r="A6" s="1"/><c r="B6" t="s"/></row><row r="7"/>`;
    const p = handXlsx('hand.xlsx', [SHEET(rows, '<mergeCells count="1"><mergeCell ref="B2:C3"/></mergeCells>')], {
      'xl/sharedStrings.xml': sst,
      'xl/styles.xml': styles,
    });
    const [src] = await openFile(p);
    expect(src!.sheet).toBe('Trang 1');
    expect(src!.merges).toEqual([{ top: 2, left: 1, bottom: 3, right: 2 }]);
    expect(await rowsOf(src!)).toEqual([
      { row: 2, cells: ['Phạm Thu Hà', 'Vũ Quang Dũng', null, 'Đỗ & Bùi'] },
      {
        row: 5,
        cells: [
          'dòng 1\r\ndòng 2 ẠẠ',
          { kind: 'date', iso: '2015-01-01' },
          { kind: 'date', iso: '1900-02-29' },
          42005,
          42005,
          { kind: 'date', iso: '2016-03-04' },
        ],
      },
    ]);
  });

  it('honours the 1904 date system', async () => {
    const files: Record<string, string> = {
      'xl/workbook.xml': WB(['S']).replace('<sheets>', '<workbookPr date1904="1"/><sheets>'),
      'xl/styles.xml': '<styleSheet><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>',
    };
    const p = handXlsx('d1904.xlsx', [SHEET('<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>40543</v></c></row>')], files);
    const [src] = await openFile(p);
    expect((await rowsOf(src!))[0]!.cells).toEqual([{ kind: 'date', iso: '1904-01-01' }, { kind: 'date', iso: '2015-01-01' }]);
  });

  it('reads 1 M empty rows quickly, yielding no rows, with bounded memory', async () => {
    const parts: string[] = [];
    for (let i = 1; i <= 1_000_000; i++) parts.push(i % 2 === 0 ? `<row r="${i}"/>` : `<row r="${i}"><c r="A${i}" s="0"/></row>`);
    parts.push('<row r="1000001"><c r="A1000001" t="inlineStr"><is><t>cuối</t></is></c></row>');
    const p = handXlsx('empty-rows.xlsx', [SHEET(parts.join(''))], {}, 1);
    const before = process.memoryUsage().rss;
    const t0 = Date.now();
    const [src] = await openFile(p);
    const rows = await rowsOf(src!);
    expect(rows).toEqual([{ row: 1_000_001, cells: ['cuối'] }]);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(process.memoryUsage().rss - before).toBeLessThan(300 * 1024 * 1024);
  });

  it('refuses a 50 MB cell fast with sheet, row and column, with bounded memory', async () => {
    const big = 'x'.repeat(50 * 1024 * 1024);
    const p = handXlsx('big-cell.xlsx', [SHEET(`<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="3"><c r="A3"><v>1</v></c><c r="C3" t="inlineStr"><is><t>${big}</t></is></c></row>`)], {}, 0);
    const before = process.memoryUsage().rss;
    const t0 = Date.now();
    const e = await inputError(readAll(p));
    expect(e.reason).toBe('cell-too-large');
    expect(e.position).toMatchObject({ sheet: 'Trang 1', row: 3, column: 'C' });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(process.memoryUsage().rss - before).toBeLessThan(400 * 1024 * 1024);
    // the same in a shared string: refused where a cell uses it
    const p2 = handXlsx('big-shared.xlsx', [SHEET('<row r="4"><c r="B4" t="s"><v>0</v></c></row>')], {
      'xl/sharedStrings.xml': `<sst><si><t>${'y'.repeat(40_000)}</t></si></sst>`,
    });
    const e2 = await inputError(readAll(p2));
    expect(e2.reason).toBe('cell-too-large');
    expect(e2.position).toMatchObject({ row: 4, column: 'B' });
  });

  it('refuses too many columns', async () => {
    const p = handXlsx('wide.xlsx', [SHEET('<row r="1"><c r="ZZZ1"><v>1</v></c></row>')]);
    const e = await inputError(readAll(p));
    expect(e.reason).toBe('too-many-columns');
  });

  it('refuses DOCTYPE / ENTITY declarations (billion laughs) without expanding them', async () => {
    const lol = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>';
    const p = handXlsx('laughs.xlsx', [SHEET('<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>').replace('?>', '?>' + lol)]);
    expect((await inputError(readAll(p))).reason).toBe('xml-entities');
    const p2 = handXlsx('laughs-sst.xlsx', [SHEET('')], { 'xl/sharedStrings.xml': `<?xml version="1.0"?>${lol}<sst><si><t>&lol2;</t></si></sst>` });
    expect((await inputError(openFile(p2))).reason).toBe('xml-entities');
  });

  it('refuses zip bombs: high ratio, total size over the limit, entries that inflate beyond what they declare', async () => {
    const rows = '<row r="1"><c r="A1"><v>1</v></c></row>'.repeat(200_000);
    const p = handXlsx('bomb.xlsx', [SHEET(rows)], { 'xl/media/zeros.bin': new Uint8Array(20 * 1024 * 1024) });
    const e = await inputError(openFile(p));
    expect(e.reason).toBe('zip-bomb');
    const e2 = await inputError(openFile(handXlsx('big-total.xlsx', [SHEET(rows)]), { limits: { maxUncompressedBytes: 1024 * 1024 } }));
    expect(e2.reason).toBe('zip-bomb');
    // a central directory that lies about the uncompressed size
    const liar = handXlsx('liar.xlsx', [SHEET('<row r="1"><c r="A1"><v>1</v></c></row>'.repeat(1000))]);
    const buf = readFileSync(liar);
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    for (let i = buf.length - 22; i >= 0; i--) {
      if (buf.readUInt32LE(i) === 0x02014b50 && buf.subarray(i + 46, i + 46 + name.length).equals(name)) {
        buf.writeUInt32LE(100, i + 24);
        break;
      }
    }
    writeFileSync(liar, buf);
    expect((await inputError(readAll(liar))).reason).toBe('zip-bomb');
  });

  it('refuses corrupt, truncated and non-workbook zips', async () => {
    const good = readFileSync(handXlsx('ok.xlsx', [SHEET('<row r="1"><c r="A1"><v>1</v></c></row>'.repeat(2000))]));
    const truncated = join(dir, 'truncated.xlsx');
    writeFileSync(truncated, good.subarray(0, Math.floor(good.length / 2)));
    expect((await inputError(readAll(truncated))).reason).toBe('corrupt');
    const mangled = Buffer.from(good);
    for (let i = 200; i < Math.min(mangled.length - 200, 1200); i++) mangled[i] = (mangled[i]! * 31 + 7) & 0xff;
    const m = join(dir, 'mangled.xlsx');
    writeFileSync(m, mangled);
    expect((await inputError(readAll(m))).reason).toBe('corrupt');
    const notWb = join(dir, 'not-workbook.xlsx');
    writeFileSync(notWb, zipSync({ 'word/document.xml': strToU8('<w:document/>') }));
    const e = await inputError(openFile(notWb));
    expect(e.reason).toBe('corrupt');
    expect(e.text.en).toContain('not an Excel workbook');
  });

  it('ignores macros and external links', async () => {
    const p = handXlsx('macro.xlsm', [SHEET('<row r="1"><c r="A1" t="inlineStr"><is><t>ok</t></is></c></row>')], {
      'xl/vbaProject.bin': new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]),
      'xl/externalLinks/externalLink1.xml': '<externalLink><externalBook r:id="rId1"/></externalLink>',
    });
    expect(await readAll(p)).toBe(1);
  });
});
