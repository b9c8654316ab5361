/**
 * Issue #3 acceptance: `edusync validate` on generated messy files finds every injected defect and
 * repair, raises nothing on clean rows, and gives the row numbers a user sees.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { compareWithTruth } from '../helpers/truth.js';

const TODAY = '2025-10-15';

async function generateAndValidate(format: string, extra: string[] = []) {
  const dir = tempDir();
  const data = join(dir, 'data');
  const gen = await runCli(['generate', '--out', data, '--seed', '11', '--layout', 'messy', '--defects', '0.06', '--format', format,
    '--entities', 'schools,classes,students,teachers', ...extra]);
  expect(gen.code, gen.stderr).toBe(0);
  const out = join(dir, 'report.json');
  const run = await runCli(['validate', data, '--format', 'json', '--out', out, '--today', TODAY]);
  const truth = JSON.parse(readFileSync(join(data, 'truth.json'), 'utf8'));
  const report = JSON.parse(readFileSync(out, 'utf8'));
  return { dir, data, run, truth, report };
}

describe.each([
  ['xlsx', 'messy xlsx: title rows, merged two-row header, serial dates, lost zeros, NFD/TCVN3/VNI names, footer'],
  ['tsv-utf16', 'UTF-16LE tab-separated "Unicode Text" export'],
  ['csv-semicolon-bom', '";" CSV with a UTF-8 BOM'],
])('validate %s', (format, what) => {
  it(`finds every injected defect and repair, and nothing on clean rows (${what})`, async () => {
    const { run, truth, report } = await generateAndValidate(format);
    expect(run.code, run.stderr).toBe(1); // error-level findings exist
    expect(report.unreadable).toEqual([]);
    const c = compareWithTruth(truth, report);
    expect(c.defects).toBeGreaterThan(10);
    expect(c.repairs).toBeGreaterThan(50);
    expect(c.missedDefects).toEqual([]);
    expect(c.missedRepairs).toEqual([]);
    expect(c.falseFindings).toEqual([]);
  }, 120_000);
});

describe('validate report shape', () => {
  it('gives Excel row numbers and groups findings by rule in text', async () => {
    const { data, truth, report } = await generateAndValidate('xlsx', ['--defect-kinds', 'missing-required,bad-phone']);
    // The header the user sees (title rows, then a two-row merged header) is where edusync found it.
    for (const file of truth.files as Array<{ path: string; headerRows: number[] }>) {
      const table = report.tables.find((t: { file: string }) => t.file.endsWith(file.path));
      expect(table?.headerRows, file.path).toEqual(file.headerRows);
    }
    expect(truth.files.find((f: { entity: string }) => f.entity === 'student')?.headerRows).toEqual([5, 6]);
    // Title rows and a two-row header come first: data starts well below row 1.
    const firstDataRow = Math.min(...truth.defects.map((d: { row: number }) => d.row));
    expect(firstDataRow).toBeGreaterThan(6);
    for (const d of truth.defects) {
      expect(report.findings.some((f: { row: number; file: string }) => f.row === d.row || f.row === d.relatedRow)).toBe(true);
    }
    const text = await runCli(['validate', data, '--today', TODAY]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/DL-001 Thiếu thông tin bắt buộc — \d+ lần/);
    expect(text.stdout).toContain('ĐÃ TỰ SỬA KHI ĐỌC');
    expect(text.stdout).toMatch(/SC-001 Đã khôi phục số 0 đầu — \d+ lần/);
    const en = await runCli(['validate', data, '--today', TODAY, '--lang', 'en']);
    expect(en.stdout).toMatch(/DL-001 Required field empty — \d+×/);
  }, 120_000);

  it('writes the error workbook (0600) with a summary sheet and the user\'s rows', async () => {
    const { dir, data } = await generateAndValidate('xlsx', ['--defect-kinds', 'bad-code']);
    const out = join(dir, 'so-loi.xlsx');
    const r = await runCli(['validate', data, '--format', 'xlsx', '--out', out, '--today', TODAY]);
    expect(r.code).toBe(1);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const names = wb.worksheets.map((w) => w.name);
    expect(names[0]).toBe('Tổng hợp');
    expect(names).toContain('DL-004');
  }, 120_000);

  it('validates a folder of 300 school files in one run with a per-file summary', async () => {
    const dir = tempDir();
    const gen = await runCli(['generate', '--out', dir, '--seed', '3', '--schools', '300', '--entities', 'students', '--format', 'csv',
      '--classes-per-grade', '1', '--students-per-class', '2']);
    expect(gen.code, gen.stderr).toBe(0);
    expect(readdirSync(dir).filter((f) => f.endsWith('-hoc-sinh.csv'))).toHaveLength(300);
    const r = await runCli(['validate', dir, '--today', TODAY, '--format', 'json', '--out', join(dir, 'r.json')]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    expect(report.stats.files).toBe(300);
    expect(report.tables.filter((t: { entity: string }) => t.entity === 'student')).toHaveLength(300);
    const text = await runCli(['validate', dir, '--today', TODAY]);
    expect(text.stdout).toContain('Theo tệp');
    expect(text.stdout.split('\n').filter((l) => l.includes('-hoc-sinh.csv')).length).toBe(300);
  }, 180_000);
});
