/**
 * Issue #3: bad input ends with a clear Vietnamese/English message naming the file and exit code 4,
 * never a stack trace, within bounded memory.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { BIN, ROOT, runCli, tempDir } from '../helpers/run-cli.js';

const CONTENT_TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>';
const WORKBOOK = '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Trang 1" sheetId="1" r:id="rId1"/></sheets></workbook>';
const RELS = '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';

function xlsxWithSheet(sheetXml: string): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8(CONTENT_TYPES),
    'xl/workbook.xml': strToU8(WORKBOOK),
    'xl/_rels/workbook.xml.rels': strToU8(RELS),
    'xl/worksheets/sheet1.xml': strToU8(sheetXml),
  });
}

const sheet = (rows: string) => `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;

/** Runs the bin with the RSS hook; returns exit code, stderr and peak RSS in MB. */
function runMeasured(args: string[]): { code: number | null; stderr: string; stdout: string; rssMb: number } {
  const rssFile = join(tempDir(), 'rss.txt');
  const r = spawnSync(process.execPath, ['--import', join(ROOT, 'bench', 'rss-hook.mjs'), BIN, ...args], {
    env: { ...process.env, BENCH_RSS_FILE: rssFile, CI: 'true', EDUSYNC_LANG: '' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  const rssMb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
  return { code: r.status, stderr: r.stderr, stdout: r.stdout, rssMb };
}

const cases: Array<[string, string, () => Uint8Array | string, RegExp]> = [
  ['corrupt xlsx', 'hong.xlsx', () => Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(4000, 7)]), /hỏng|corrupt|không phải/i],
  ['password-protected workbook', 'mat-khau.xlsx', () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(8192)]), /mật khẩu|\.xls/i],
  ['binary file', 'anh.csv', () => Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)), /không phải văn bản/i],
  ['empty file', 'rong.csv', () => '', /trống/i],
];

describe('unreadable input → exit 4, clear message, no stack trace', () => {
  it.each(cases)('%s', async (_name, fileName, make, message) => {
    const dir = tempDir();
    const file = join(dir, fileName);
    writeFileSync(file, make());
    for (const lang of ['vi', 'en']) {
      const r = await runCli(['validate', file, '--lang', lang]);
      expect(r.code).toBe(4);
      expect(r.stderr).toContain(fileName);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      if (lang === 'vi') expect(r.stderr).toMatch(message);
    }
  });

  it('a sheet of a million empty rows', () => {
    const dir = tempDir();
    const file = join(dir, 'trong.xlsx');
    const rows: string[] = [];
    for (let i = 1; i <= 1_000_000; i++) rows.push(`<row r="${i}"/>`);
    writeFileSync(file, xlsxWithSheet(sheet(rows.join(''))));
    const r = runMeasured(['validate', file]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('trong.xlsx');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.rssMb).toBeLessThan(500);
  }, 120_000);

  it('a 50 MB cell, in xlsx and in csv', () => {
    const dir = tempDir();
    const big = 'A'.repeat(50 * 1024 * 1024);
    const xlsx = join(dir, 'o-lon.xlsx');
    writeFileSync(xlsx, xlsxWithSheet(sheet(`<row r="1"><c r="A1" t="inlineStr"><is><t>Họ và tên</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>${big}</t></is></c></row>`)));
    const csv = join(dir, 'o-lon.csv');
    writeFileSync(csv, `Họ và tên,Ngày sinh\n"${big}",01/01/2012\n`);
    for (const file of [xlsx, csv]) {
      const r = runMeasured(['validate', file]);
      expect(r.code).toBe(4);
      expect(r.stderr).toContain(file.split('/').pop()!);
      expect(r.stderr).toMatch(/32[.,]?767|quá lớn|quá dài/i);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.rssMb).toBeLessThan(500);
      rmSync(file);
    }
  }, 120_000);

  it('one bad file in a folder does not hide the others', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a-hong.xlsx'), Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100)]));
    writeFileSync(join(dir, 'b-hs.csv'), 'Mã học sinh,Họ và tên,Ngày sinh,Khối,Mã lớp\n0101,Nguyễn Thị Hoa,05/03/2014,6,6A1\n');
    const r = await runCli(['validate', dir, '--today', '2025-10-15', '--format', 'json']);
    expect(r.code).toBe(4);
    const report = JSON.parse(r.stdout);
    expect(report.unreadable.map((u: { file: string }) => u.file.split('/').pop())).toEqual(['a-hong.xlsx']);
    expect(report.stats.records).toBe(1);
  });
});
