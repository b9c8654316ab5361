import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { ExitCode, InputError } from '../../src/errors.js';
import { openFile } from '../../src/io/read.js';
import type { RawRow, ReadOptions } from '../../src/io/types.js';

const dir = mkdtempSync(join(tmpdir(), 'edusync-read-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

async function rowsOf(path: string, options?: ReadOptions): Promise<RawRow[]> {
  const [src] = await openFile(path, options);
  const out: RawRow[] = [];
  for await (const batch of src!.rows) out.push(...batch);
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

async function readAll(path: string, options?: ReadOptions): Promise<void> {
  for (const s of await openFile(path, options)) for await (const _ of s.rows) void _;
}

function utf16le(s: string, bom = true): Buffer {
  const b = Buffer.from(s, 'utf16le');
  return bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), b]) : b;
}

function utf16be(s: string): Buffer {
  const le = Buffer.from(s, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1]!;
    be[i + 1] = le[i]!;
  }
  return Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
}

describe('openFile: text files', () => {
  it('reads a comma CSV with row numbers, empty cells as null and the path as given', async () => {
    const p = file('hs.csv', 'Họ và tên,Ngày sinh,Lớp\nNguyễn Thị Hoa,01/02/2015,6A1\nTrần Văn Nam,,6A2\n');
    const [src] = await openFile(p);
    expect(src!.file).toBe(p);
    expect(src!.sheet).toBeUndefined();
    expect(src!.merges).toEqual([]);
    expect(await rowsOf(p)).toEqual([
      { row: 1, cells: ['Họ và tên', 'Ngày sinh', 'Lớp'] },
      { row: 2, cells: ['Nguyễn Thị Hoa', '01/02/2015', '6A1'] },
      { row: 3, cells: ['Trần Văn Nam', null, '6A2'] },
    ]);
  });

  it('detects ; with a UTF-8 BOM and CRLF, and keeps row numbers across blank lines', async () => {
    const p = file('semi.csv', '\ufeffHọ tên;Lớp\r\nLê Thị Mai;7A1\r\n\r\nPhạm Đức Long;7A2\r\n');
    expect(await rowsOf(p)).toEqual([
      { row: 1, cells: ['Họ tên', 'Lớp'] },
      { row: 2, cells: ['Lê Thị Mai', '7A1'] },
      { row: 4, cells: ['Phạm Đức Long', '7A2'] },
    ]);
  });

  it('honours and skips an Excel sep= line', async () => {
    const p = file('sep.csv', 'sep=;\nA;B,C\n1;2,3\n');
    expect(await rowsOf(p)).toEqual([
      { row: 2, cells: ['A', 'B,C'] },
      { row: 3, cells: ['1', '2,3'] },
    ]);
  });

  it('reads Excel "Unicode Text": UTF-16LE with BOM, tabs, CRLF', async () => {
    const p = file('unicode.txt', utf16le('Họ và tên\tDân tộc\r\nHoàng Thị Yến\tTày\r\n'));
    expect(await rowsOf(p)).toEqual([
      { row: 1, cells: ['Họ và tên', 'Dân tộc'] },
      { row: 2, cells: ['Hoàng Thị Yến', 'Tày'] },
    ]);
  });

  it('reads UTF-16BE with BOM and BOM-less UTF-16LE', async () => {
    expect(await rowsOf(file('be.tsv', utf16be('Tên\tLớp\nĐặng Thu Trâm\t8A3\n')))).toEqual([
      { row: 1, cells: ['Tên', 'Lớp'] },
      { row: 2, cells: ['Đặng Thu Trâm', '8A3'] },
    ]);
    expect(await rowsOf(file('le-nobom.csv', utf16le('Ten,Lop\nVo Minh Khanh,9A1\n', false)))).toEqual([
      { row: 1, cells: ['Ten', 'Lop'] },
      { row: 2, cells: ['Vo Minh Khanh', '9A1'] },
    ]);
  });

  it('does not crash on lone UTF-16 surrogates', async () => {
    const b = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('A,B\n', 'utf16le'), Buffer.from([0x00, 0xd8]), Buffer.from(',x\n', 'utf16le')]);
    const rows = await rowsOf(file('surrogate.csv', b));
    expect(rows).toHaveLength(2);
    expect(rows[1]!.cells[1]).toBe('x');
  });

  it('numbers quoted multi-line records by the line where they start', async () => {
    const p = file('quoted.csv', 'Tên,Địa chỉ,Ghi chú\r\n"Bùi Ngọc Lan","12 Lê Lợi,\r\nPhường 1","nói ""xin chào"""\r\nNgô Văn Đạt,"a\nb\nc",x\r\nHồ Thanh Hùng,,\r\n');
    expect(await rowsOf(p)).toEqual([
      { row: 1, cells: ['Tên', 'Địa chỉ', 'Ghi chú'] },
      { row: 2, cells: ['Bùi Ngọc Lan', '12 Lê Lợi,\r\nPhường 1', 'nói "xin chào"'] },
      { row: 4, cells: ['Ngô Văn Đạt', 'a\nb\nc', 'x'] },
      { row: 7, cells: ['Hồ Thanh Hùng', null, null] },
    ]);
  });

  it('reads one-line records with quoted fields in every position and form (the inline path and its hand-offs)', async () => {
    const p = file(
      'quoted-line.csv',
      'a,b,c\n"x,1",y,"z"\n"",,""\n"q" tail,r,s\n"d""e",f,g\n"open\nclose",h,i\n"last",j,"Ấp 14, Lâm Đồng"\r\n',
    );
    expect(await rowsOf(p)).toEqual([
      { row: 1, cells: ['a', 'b', 'c'] },
      { row: 2, cells: ['x,1', 'y', 'z'] },
      // "" ,, "" is a row without data: skipped like a blank line
      { row: 4, cells: ['q tail', 'r', 's'] },
      { row: 5, cells: ['d"e', 'f', 'g'] },
      { row: 6, cells: ['open\nclose', 'h', 'i'] },
      { row: 8, cells: ['last', 'j', 'Ấp 14, Lâm Đồng'] },
    ]);
  });

  it('reads lone-CR line ends and a last line without newline', async () => {
    expect(await rowsOf(file('cr.csv', 'a,b\r1,2\r3,4'))).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['1', '2'] },
      { row: 3, cells: ['3', '4'] },
    ]);
  });

  it('falls back to Windows-1252 for invalid UTF-8', async () => {
    const b = Buffer.from([...Buffer.from('Name,Note\nJos'), 0xe9, ...Buffer.from(','), 0x80, 0x93, ...Buffer.from('x'), 0x94, 0x0a]);
    expect(await rowsOf(file('cp1252.csv', b))).toEqual([
      { row: 1, cells: ['Name', 'Note'] },
      { row: 2, cells: ['José', '€“x”'] },
    ]);
  });

  it('reads records across chunk boundaries (large file) with the right row numbers', async () => {
    const lines = ['STT,Họ tên,Ghi chú'];
    for (let i = 1; i <= 30_000; i++) lines.push(i % 1000 === 0 ? `${i},"Nguyễn Văn ${i}","dòng 1\ndòng 2"` : `${i},Trần Thị Hoa ${i},ghi chú dài một chút ${'x'.repeat(i % 40)}`);
    const rows = await rowsOf(file('big.csv', lines.join('\n') + '\n'));
    expect(rows).toHaveLength(30_001);
    // each quoted record adds one extra line
    const r = rows.find((x) => x.cells[0] === '25000')!;
    expect(r.row).toBe(25_001 + 24);
    expect(rows.at(-1)!.row).toBe(30_001 + 29); // itself a quoted record: starts before its own extra line
    expect(rows.every((x) => x.cells.length === 3)).toBe(true);
  });

  it('refuses an unterminated quote with the row where it opened', async () => {
    const e = await inputError(readAll(file('unterminated.csv', 'a,b\n1,2\n3,"abc\n4,5\n')));
    expect(e.reason).toBe('unterminated-quote');
    expect(e.position.row).toBe(3);
    expect(e.text.vi).toContain('dòng 3');
  });

  it('refuses empty, whitespace-only, binary, missing files and directories', async () => {
    expect((await inputError(openFile(file('empty.csv', '')))).reason).toBe('empty');
    expect((await inputError(openFile(file('bom-only.csv', '\ufeff \r\n\t\n')))).reason).toBe('empty');
    const bin = Buffer.alloc(4096);
    for (let i = 0; i < bin.length; i++) bin[i] = (i * 7919) % 256;
    expect((await inputError(openFile(file('random.bin', bin)))).reason).toBe('binary');
    const ctrl = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i % 3 === 0 ? 0x41 : 0x01)));
    expect((await inputError(openFile(file('ctrl.csv', ctrl)))).reason).toBe('binary');
    const missing = await inputError(openFile(join(dir, 'khong-co.csv')));
    expect(missing.reason).toBe('not-found');
    expect(missing.text.vi).toContain('không tìm thấy tệp');
    mkdirSync(join(dir, 'a-dir.csv'));
    expect((await inputError(openFile(join(dir, 'a-dir.csv')))).reason).toBe('not-found');
  });

  it('refuses old .xls / encrypted workbooks by their OLE2 signature', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    const e = await inputError(openFile(file('old.xlsx', ole)));
    expect(e.reason).toBe('encrypted-or-xls');
    expect(e.text.en).toContain('save as .xlsx without password');
  });

  it('refuses a huge cell quickly with bounded memory, and too many columns', async () => {
    const p = join(dir, 'huge.csv');
    writeFileSync(p, 'a,b\n1,"' + 'x'.repeat(50 * 1024 * 1024) + '"\n');
    const before = process.memoryUsage().rss;
    const t0 = Date.now();
    const e = await inputError(readAll(p));
    expect(e.reason).toBe('cell-too-large');
    expect(e.position).toMatchObject({ row: 2, column: 'B' });
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    const unq = await inputError(readAll(file('huge2.csv', 'a\n' + 'y'.repeat(100_000) + '\n')));
    expect(unq.reason).toBe('cell-too-large');
    const wide = await inputError(readAll(file('wide.csv', 'a\n' + ','.repeat(3000) + 'x\n')));
    expect(wide.reason).toBe('too-many-columns');
    const small = await inputError(readAll(file('small-limit.csv', 'a,b\nabcdef,1\n'), { limits: { maxCellChars: 5 } }));
    expect(small.position).toMatchObject({ row: 2, column: 'A' });
  });

  it('detects the delimiter by consistency (tab > ; > , on ties) and ignores quoted delimiters', async () => {
    expect((await rowsOf(file('d1.csv', 'a;b,c;d\n1;2,3;4\n')))[0]!.cells).toEqual(['a', 'b,c', 'd']);
    expect((await rowsOf(file('d2.csv', '"x,y",z\n"1,2",3\n')))[0]!.cells).toEqual(['x,y', 'z']);
    expect((await rowsOf(file('d3.tsv', 'a\tb;c\n1\t2;3\n')))[0]!.cells).toEqual(['a', 'b;c']);
  });
});
