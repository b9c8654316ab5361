import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csvCellText, formatCsvRow, quoteCsvField, UTF8_BOM, writeCsvFile, type CsvCell } from '../../src/io/write-csv.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edusync-write-csv-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const PAYLOADS: Array<[string, string]> = [
  ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
  ['+1+1', "'+1+1"],
  ['-2+3', "'-2+3"],
  ['@SUM(A1)', "'@SUM(A1)"],
  ['\t=1', "'\t=1"],
  ['\r=1', "'\r=1"],
];

function parseCsv(text: string, delimiter = ','): string[][] {
  return parse(text, { bom: true, delimiter, relax_column_count: true }) as string[][];
}

describe('formatCsvRow', () => {
  it('quotes per RFC 4180 and ends records with CRLF', () => {
    expect(formatCsvRow(['a', 'b,c', 'say "hi"', 'two\nlines', 'cr\rx', ''])).toBe(
      'a,"b,c","say ""hi""","two\nlines","cr\rx",\r\n',
    );
    expect(quoteCsvField('a;b', ';')).toBe('"a;b"');
    expect(quoteCsvField('a,b', ';')).toBe('a,b');
  });

  it('writes numbers as numbers (negative numbers untouched), strings neutralised', () => {
    expect(formatCsvRow([-5, '-5', 3.5, true, null, undefined])).toBe("-5,'-5,3.5,TRUE,,\r\n");
  });

  it('writes dates as dd/mm/yyyy by default, or ISO', () => {
    const d: CsvCell = { kind: 'date', iso: '2010-09-05' };
    expect(csvCellText(d)).toBe('05/09/2010');
    expect(csvCellText(d, 'iso')).toBe('2010-09-05');
    expect(csvCellText(new Date(Date.UTC(2011, 0, 2)))).toBe('02/01/2011');
  });
});

describe('writeCsvFile', () => {
  it('neutralises every injection payload (read back with csv-parse)', async () => {
    const path = join(dir, 'out.csv');
    const rows = [['payload'], ...PAYLOADS.map(([p]) => [p])];
    const n = await writeCsvFile(path, rows);
    expect(n).toBe(PAYLOADS.length + 1);
    const back = parseCsv(await readFile(path, 'utf8'));
    expect(back.slice(1).map((r) => r[0])).toEqual(PAYLOADS.map(([, safe]) => safe));
  });

  it('also with the ; delimiter', async () => {
    const path = join(dir, 'semi.csv');
    await writeCsvFile(path, [PAYLOADS.map(([p]) => p), ['a;b', 'c,d', '', '', '', '']], { delimiter: ';' });
    const back = parseCsv(await readFile(path, 'utf8'), ';');
    expect(back[0]).toEqual(PAYLOADS.map(([, safe]) => safe));
    expect(back[1]?.slice(0, 2)).toEqual(['a;b', 'c,d']);
  });

  it('starts with a BOM, uses CRLF, keeps Vietnamese NFC text and leading zeros', async () => {
    const path = join(dir, 'vi.csv');
    const name = 'Nguyễn Thị Hồng Nhung'.normalize('NFC');
    const commune = 'Xã Tân Phước Hưng, Huyện Phụng Hiệp'.normalize('NFC');
    await writeCsvFile(path, [
      ['Họ và tên', 'Mã định danh', 'Địa chỉ'],
      [name, '012345678901', commune],
    ]);
    const raw = await readFile(path, 'utf8');
    expect(raw.startsWith(UTF8_BOM)).toBe(true);
    expect(raw).toContain('\r\n');
    expect(raw.replaceAll('\r\n', '')).not.toContain('\n');
    const back = parseCsv(raw);
    expect(back[1]).toEqual([name, '012345678901', commune]);
    expect(back[1]?.[0]?.normalize('NFC')).toBe(back[1]?.[0]);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('writes text exactly as given (an NFD name stays NFD)', async () => {
    const path = join(dir, 'nfd.csv');
    const nfd = 'Lê Văn Tám'.normalize('NFD');
    await writeCsvFile(path, [[nfd]], { bom: false });
    const raw = await readFile(path, 'utf8');
    expect(raw.startsWith(UTF8_BOM)).toBe(false);
    expect(parseCsv(raw)[0]?.[0]).toBe(nfd);
  });

  it('accepts an async iterable of rows and writes atomically', async () => {
    const path = join(dir, 'async.csv');
    async function* rows() {
      for (let i = 0; i < 5000; i++) yield [String(i).padStart(6, '0'), i] as CsvCell[];
    }
    expect(await writeCsvFile(path, rows(), { atomic: true })).toBe(5000);
    const back = parseCsv(await readFile(path, 'utf8'));
    expect(back).toHaveLength(5000);
    expect(back[7]).toEqual(['000007', '7']);
  });
});
