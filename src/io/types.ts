/**
 * What readers hand to the rest of the flow. A reader knows bytes and cells, nothing about schools:
 * it yields rows of cells with the row number the user sees (1-based, as Excel or a text editor
 * shows it). Header detection and field mapping come after, in `header-map.ts`.
 */
import type { TextEncodingName } from './decode.js';

/** A date the reader found in an Excel date-formatted cell (not a serial number guessed later). */
export interface ExcelDate {
  kind: 'date';
  /** Calendar date as written, yyyy-mm-dd (no time zone games). */
  iso: string;
}

/**
 * A cell value as read. Text files give strings only; xlsx gives numbers, booleans and dates too.
 * `null` is an empty cell.
 */
export type CellValue = string | number | boolean | ExcelDate | null;

export interface RawRow {
  /** Row number the user sees: Excel's row number, or the line number of the record's first line in a text file. */
  row: number;
  cells: CellValue[];
}

/** A merged range in a worksheet, 0-based inclusive column indexes and 1-based rows. */
export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** One table of a file: a worksheet, or the whole of a text file. */
export interface SheetSource {
  file: string;
  /** Worksheet name; undefined for csv/tsv. */
  sheet?: string | undefined;
  /** Merged ranges known before the rows are read (xlsx keeps them at the end; readers collect them first). */
  merges: MergeRange[];
  /** How a csv/tsv file is read (undefined for xlsx): lets check/parallel.ts read byte ranges of it. */
  text?: TextSourceInfo | undefined;
  /** Rows in file order, in batches (one await per batch, not per row: this is the hot path). Empty rows may be omitted. */
  rows: AsyncIterable<RawRow[]>;
}

export interface TextSourceInfo {
  encoding: TextEncodingName;
  /** Bytes of the byte-order mark (0 without one). */
  bomLength: number;
  /** File size in bytes when opened. */
  size: number;
  delimiter: ',' | ';' | '\t';
  /** The first line is Excel's `sep=` line. */
  sepLine: boolean;
  limits: ReadLimits;
}

export interface ReadOptions {
  /** Only this worksheet (by name, or 1-based index as text). */
  sheet?: string | undefined;
  /** Safety limits; readers refuse input beyond them with an InputError. */
  limits?: Partial<ReadLimits>;
}

export interface ReadLimits {
  /** Largest single cell, in characters. */
  maxCellChars: number;
  /** Largest number of columns in a row. */
  maxColumns: number;
  /** Consecutive empty rows after which the rest of a sheet is treated as empty (Excel's phantom used range). */
  maxConsecutiveEmptyRows: number;
  /** Largest total uncompressed size of an xlsx, in bytes. */
  maxUncompressedBytes: number;
  /** Largest compression ratio of a zip entry (zip bomb guard). */
  maxCompressionRatio: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxCellChars: 32_767, // Excel's own cell limit
  maxColumns: 2_000,
  maxConsecutiveEmptyRows: 10_000,
  maxUncompressedBytes: 2 * 1024 * 1024 * 1024,
  maxCompressionRatio: 200,
};

/** Excel-style column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
