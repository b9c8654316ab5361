/**
 * Reading the small tables the accounts commands take (a class roster, an assignments file, a
 * platform's user export or a meeting's participant list) through the ordinary readers
 * (src/io/read.ts: xlsx, csv, tsv, UTF-8/UTF-16 with or without BOM). Platform exports often put
 * a summary block above the table (Teams attendance: "1. Summary … 2. Participants"), so the
 * header row is searched for, not assumed to be the first.
 */
import { InputError } from '../errors.js';
import { openFile } from '../io/read.js';
import type { CellValue } from '../io/types.js';
import { foldText } from './names.js';

export interface TableRow {
  /** Row number the user sees. */
  row: number;
  cells: string[];
}

export interface Table {
  file: string;
  headerRow: number;
  /** Header cells as written (trimmed, NFC). */
  header: string[];
  /** Rows after the header, up to the next blank row or section title. */
  rows: TableRow[];
}

function text(c: CellValue): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'object') return c.iso;
  return String(c).normalize('NFC').trim();
}

/** A header cell's comparison key: folded, punctuation dropped ("Email Address [Required]" → "email address required"). */
export function headerKey(cell: string): string {
  return foldText(cell).replace(/[^a-z0-9]+/gu, ' ').trim();
}

/**
 * Reads the first table of a file whose header row satisfies `isHeader` (searched in the first
 * 60 rows). Rows end at the first empty row after at least one data row (Teams puts a third
 * section after the participants).
 */
export async function readTable(file: string, isHeader: (keys: string[]) => boolean): Promise<Table | undefined> {
  const sheets = await openFile(file);
  for (const sheet of sheets) {
    let header: string[] | undefined;
    let headerRow = 0;
    const rows: TableRow[] = [];
    let seen = 0;
    let lastRow = 0;
    outer: for await (const batch of sheet.rows) {
      for (const raw of batch) {
        const cells = raw.cells.map(text);
        if (header === undefined) {
          if (++seen > 60) break outer;
          if (isHeader(cells.map(headerKey))) {
            header = cells;
            headerRow = raw.row;
            lastRow = raw.row;
          }
          continue;
        }
        const blank = cells.every((c) => c === '');
        // Readers may omit empty rows: a jump in row numbers is a blank row too.
        if ((blank || raw.row > lastRow + 1) && rows.length > 0) break outer;
        lastRow = raw.row;
        if (blank) continue;
        rows.push({ row: raw.row, cells });
      }
    }
    if (header !== undefined) return { file, headerRow, header, rows };
  }
  return undefined;
}

/** The index of the first header whose key is one of `keys` (folded), or -1. */
export function column(table: Table, keys: readonly string[]): number {
  const wanted = keys.map(headerKey);
  for (const w of wanted) {
    const i = table.header.findIndex((h) => headerKey(h) === w);
    if (i >= 0) return i;
  }
  return -1;
}

export function cell(row: TableRow, index: number): string {
  return index < 0 ? '' : (row.cells[index] ?? '');
}

export function noTable(file: string, what: { vi: string; en: string }): InputError {
  return new InputError({ file }, 'no-header', what);
}
