import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Truth } from '../../src/generate/truth.js';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'edusync-gen-'));
}

export function readTruth(file: string): Truth {
  return JSON.parse(readFileSync(file, 'utf8')) as Truth;
}

/** Rows of a text file keyed by line number (records are single-line in generated files). */
export function readTextRows(path: string, format: string): Map<number, string[]> {
  const buf = readFileSync(path);
  let text: string;
  if (format === 'tsv-utf16') text = buf.subarray(2).toString('utf16le');
  else text = buf.toString('utf8').replace(/^\uFEFF/, '');
  const delimiter = format === 'tsv-utf16' ? '\t' : format === 'csv-semicolon-bom' ? ';' : ',';
  const records = parse(text, { delimiter, relax_column_count: true, info: true, skip_empty_lines: false }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  const out = new Map<number, string[]>();
  for (const r of records) out.set(r.info.lines, r.record);
  return out;
}

export async function readSheet(path: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.getWorksheet('Sheet1');
  if (!ws) throw new Error('no Sheet1');
  return ws;
}

/** An xlsx cell as the text a user would type: numbers as digits, dates as dd/mm/yyyy. */
export function xlsxCellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    return `${String(v.getUTCDate()).padStart(2, '0')}/${String(v.getUTCMonth() + 1).padStart(2, '0')}/${v.getUTCFullYear()}`;
  }
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  return String(v);
}
