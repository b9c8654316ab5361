/**
 * A small CSV writer for every CSV edusync writes (design §6).
 *
 * - RFC 4180: fields holding the delimiter, a double quote, CR or LF are quoted, quotes doubled;
 *   records end with CRLF.
 * - UTF-8 with a byte-order mark by default: without it Excel reads the file in the system code page
 *   and Vietnamese turns into mojibake ("Nguyá»…n").
 * - `;` (or tab) as delimiter for Excel installations whose list separator is `;`.
 * - Every string cell goes through `neutralise` (formula injection); numbers are written as numbers,
 *   so negative numbers are left alone.
 * - Text is written exactly as given (no Unicode normalisation, no trimming): leading zeros stay
 *   ("012345678901"). Excel itself drops them when it *opens* a CSV; the xlsx output keeps them.
 * - Files are written 0600 through `write-file.ts`.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { ExcelDate } from './types.js';
import { neutralise } from './safe-cell.js';
import { createPrivateWriteStream, type PrivateWriteOptions } from './write-file.js';

export type CsvCell = string | number | boolean | Date | ExcelDate | null | undefined;

export type CsvDelimiter = ',' | ';' | '\t';

export interface CsvFormatOptions {
  /** Default ','. */
  delimiter?: CsvDelimiter | undefined;
  /** Record separator, default CRLF (RFC 4180). */
  eol?: '\r\n' | '\n' | undefined;
  /** How dates are written: 'dmy' = dd/mm/yyyy (the official Vietnamese format, default) or 'iso' = yyyy-mm-dd. */
  dateFormat?: 'dmy' | 'iso' | undefined;
}

export interface CsvWriteOptions extends CsvFormatOptions, PrivateWriteOptions {
  /** Start the file with a UTF-8 byte-order mark (default true, so Excel reads UTF-8). */
  bom?: boolean | undefined;
}

export const UTF8_BOM = '\uFEFF';

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function formatIsoDate(iso: string, dateFormat: 'dmy' | 'iso'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m || dateFormat === 'iso') return iso;
  return `${m[3]}/${m[2]}/${m[1]}`;
}

/** The text of one cell before quoting; strings are neutralised. */
export function csvCellText(value: CsvCell, dateFormat: 'dmy' | 'iso' = 'dmy'): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return neutralise(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    const iso = `${pad(value.getUTCFullYear(), 4)}-${pad(value.getUTCMonth() + 1, 2)}-${pad(value.getUTCDate(), 2)}`;
    return formatIsoDate(iso, dateFormat);
  }
  return neutralise(formatIsoDate(value.iso, dateFormat));
}

/** Quote a field when RFC 4180 requires it. */
export function quoteCsvField(text: string, delimiter: CsvDelimiter = ','): string {
  let needs = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === '\n' || c === '\r' || c === delimiter) {
      needs = true;
      break;
    }
  }
  return needs ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, including its line ending. */
export function formatCsvRow(cells: readonly CsvCell[], options: CsvFormatOptions = {}): string {
  const delimiter = options.delimiter ?? ',';
  const dateFormat = options.dateFormat ?? 'dmy';
  let out = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) out += delimiter;
    out += quoteCsvField(csvCellText(cells[i], dateFormat), delimiter);
  }
  return out + (options.eol ?? '\r\n');
}

/** Streams CSV records to a Writable, honouring back-pressure. */
export class CsvWriter {
  readonly #out: Writable;
  readonly #options: CsvFormatOptions;
  #rows = 0;

  constructor(out: Writable, options: CsvWriteOptions = {}) {
    this.#out = out;
    this.#options = options;
    if (options.bom !== false) out.write(UTF8_BOM);
  }

  /** Records written so far. */
  get rows(): number {
    return this.#rows;
  }

  async writeRow(cells: readonly CsvCell[]): Promise<void> {
    this.#rows++;
    if (!this.#out.write(formatCsvRow(cells, this.#options))) await once(this.#out, 'drain');
  }

  /** End the stream and wait until the file is complete. */
  async end(): Promise<void> {
    const finished = once(this.#out, 'finish');
    this.#out.end();
    await finished;
  }
}

/** Write a whole CSV file (0600; optionally atomic). Returns the number of records written. */
export async function writeCsvFile(
  path: string,
  rows: Iterable<readonly CsvCell[]> | AsyncIterable<readonly CsvCell[]>,
  options: CsvWriteOptions = {},
): Promise<number> {
  const stream = createPrivateWriteStream(path, { atomic: options.atomic });
  const writer = new CsvWriter(stream, options);
  try {
    for await (const row of rows) await writer.writeRow(row);
    await writer.end();
  } catch (error) {
    stream.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
  return writer.rows;
}
