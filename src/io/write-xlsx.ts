/**
 * Shared ExcelJS helpers for every xlsx edusync writes (design §4, §6; peers §3.1 item 10: "Excel
 * output that survives Excel").
 *
 * - Workbooks are written with the streaming `WorkbookWriter` (rows are flushed as they are
 *   committed, so 100 k rows need no DOM) and shared strings, into a 0600 file.
 * - IDs and codes are **text** cells with number format '@': Excel keeps the leading zeros of
 *   "001206012345" and never shows 1.2E+11; editing the cell keeps it text.
 * - Dates are real date cells with format dd/mm/yyyy (the official Vietnamese format).
 * - Every string goes through `neutralise` (formula injection) and is cut at Excel's cell limit.
 *
 * Streaming rules to keep in mind: column widths must be set before the first row is committed,
 * frozen panes are a worksheet option (`frozenView`) given to `addWorksheet`, and sheets should be
 * written and committed one after the other (a sheet left open makes the next ones buffer in memory).
 */
import ExcelJS from 'exceljs';
import type { ExcelDate } from './types.js';
import { neutralise } from './safe-cell.js';
import { createPrivateWriteStream, type PrivateWriteOptions } from './write-file.js';

export type XlsxValue = string | number | boolean | Date | ExcelDate | null | undefined;

/** Excel's limit on the characters of one cell (and of a note). */
export const MAX_CELL_CHARS = 32_767;
/** Excel's limit on a worksheet name. */
export const MAX_SHEET_NAME = 31;

export const TEXT_FORMAT = '@';
export const DATE_FORMAT = 'dd/mm/yyyy';

/** Fill colours (ARGB): Excel's own "light red / yellow" conditional fills and a light blue. */
export const FILL = {
  error: 'FFFFC7CE',
  warning: 'FFFFEB9C',
  info: 'FFDDEBF7',
  header: 'FFD9E1F2',
} as const;

export type Worksheet = ExcelJS.Worksheet;
export type Cell = ExcelJS.Cell;
export type Row = ExcelJS.Row;

export interface XlsxWriter {
  workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  /** Commit every sheet and finish the file (renamed into place when atomic). */
  commit(): Promise<void>;
  /** Give up: close the file (and remove the temporary file of an atomic write). */
  abort(error?: unknown): void;
}

/** A streaming workbook writing to a 0600 file (parent folder created; optionally atomic). */
export function openXlsxWriter(path: string, options: PrivateWriteOptions & { creator?: string } = {}): XlsxWriter {
  const stream = createPrivateWriteStream(path, { atomic: options.atomic });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useSharedStrings: true,
    useStyles: true,
  });
  workbook.creator = options.creator ?? 'edusync';
  return {
    workbook,
    async commit() {
      await workbook.commit();
    },
    abort(error?: unknown) {
      stream.destroy(error instanceof Error ? error : undefined);
    },
  };
}

/** Cut a text at Excel's cell limit (without splitting a surrogate pair). */
export function clampText(text: string, max = MAX_CELL_CHARS): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/** The text a string cell will hold: neutralised and cut at Excel's limit. */
export function safeText(text: string): string {
  return clampText(neutralise(text));
}

/** A text cell (numFmt '@'): IDs, codes and any string. Neutralised. */
export function textCell(cell: Cell, text: string): void {
  cell.value = safeText(text);
  cell.numFmt = TEXT_FORMAT;
}

/** A number cell; non-finite numbers are left empty. */
export function numberCell(cell: Cell, value: number, numFmt?: string): void {
  cell.value = Number.isFinite(value) ? value : null;
  if (numFmt !== undefined) cell.numFmt = numFmt;
}

/** ExcelDate (yyyy-mm-dd) → a Date at UTC midnight (what Excel stores as a whole day serial). */
export function excelDateToDate(date: ExcelDate | string): Date | undefined {
  const iso = typeof date === 'string' ? date : date.iso;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const value = new Date(Date.UTC(y, mo - 1, d));
  if (value.getUTCFullYear() !== y || value.getUTCMonth() !== mo - 1 || value.getUTCDate() !== d) return undefined;
  return value;
}

/** A real date cell shown as dd/mm/yyyy. An ExcelDate that is not a calendar date is written as text. */
export function dateCell(cell: Cell, date: Date | ExcelDate | string, numFmt = DATE_FORMAT): void {
  const value = date instanceof Date ? date : excelDateToDate(date);
  if (value === undefined || Number.isNaN(value.getTime())) {
    textCell(cell, typeof date === 'string' ? date : date instanceof Date ? '' : date.iso);
    return;
  }
  cell.value = value;
  cell.numFmt = numFmt;
}

function isExcelDate(value: unknown): value is ExcelDate {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'date';
}

/**
 * Write a value as it was read: strings as text cells, numbers as numbers, booleans as booleans,
 * dates as dates, null/undefined as an empty cell. `kind: 'text'` writes anything as text (IDs).
 */
export function setCell(cell: Cell, value: XlsxValue, kind: 'auto' | 'text' = 'auto'): void {
  if (value === null || value === undefined) return;
  if (kind === 'text') {
    if (value instanceof Date || isExcelDate(value)) dateCell(cell, value);
    else textCell(cell, String(value));
    return;
  }
  if (typeof value === 'string') textCell(cell, value);
  else if (typeof value === 'number') numberCell(cell, value);
  else if (typeof value === 'boolean') cell.value = value;
  else dateCell(cell, value);
}

/** Solid background fill. */
export function fillCell(cell: Cell, argb: string): void {
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb } };
}

/** A cell note (comment), cut at Excel's limit. */
export function noteCell(cell: Cell, text: string): void {
  cell.note = clampText(text);
}

/** Bold, filled, wrapped header cells from `fromCol` to `toCol` (1-based, inclusive). */
export function styleHeaderRow(row: Row, fromCol = 1, toCol = Math.max(row.cellCount, 1)): void {
  for (let c = fromCol; c <= toCol; c++) {
    const cell = row.getCell(c);
    cell.font = { bold: true };
    fillCell(cell, FILL.header);
    cell.alignment = { vertical: 'top', wrapText: true };
  }
}

/** Column widths in characters (must be set before the first row of a streamed sheet is committed). */
export function setColumnWidths(sheet: Worksheet, widths: readonly number[]): void {
  sheet.columns = widths.map((width) => ({ width }));
}

/** A width that fits the longest line of these texts, clamped to [min, max]. */
export function fitWidth(texts: Iterable<string | undefined>, min = 6, max = 60): number {
  let longest = 0;
  for (const text of texts) {
    if (!text) continue;
    for (const line of text.split('\n')) longest = Math.max(longest, line.length);
  }
  return Math.min(max, Math.max(min, longest + 2));
}

/** Worksheet options freezing the first `rows` rows and `columns` columns (give to `addWorksheet`). */
export function frozenView(rows: number, columns = 0): Partial<ExcelJS.AddWorksheetOptions> {
  if (rows <= 0 && columns <= 0) return {};
  return { views: [{ state: 'frozen', xSplit: columns, ySplit: rows }] };
}

/** Auto-filter on header row `row`, columns `fromCol`..`toCol` (1-based). */
export function setAutoFilter(sheet: Worksheet, row: number, fromCol: number, toCol: number): void {
  sheet.autoFilter = { from: { row, column: fromCol }, to: { row, column: Math.max(fromCol, toCol) } };
}

/** Write `values` into row `rowNumber` from column 1; `kinds[i] = 'text'` forces text. */
export function writeValues(
  sheet: Worksheet,
  rowNumber: number,
  values: readonly XlsxValue[],
  kinds: readonly ('auto' | 'text')[] = [],
): Row {
  const row = sheet.getRow(rowNumber);
  for (let i = 0; i < values.length; i++) setCell(row.getCell(i + 1), values[i], kinds[i] ?? 'auto');
  return row;
}

const FORBIDDEN_IN_SHEET_NAME = /[[\]:*?/\\]/g;

/**
 * A worksheet name Excel accepts: no `[]:*?/\`, not starting or ending with an apostrophe, at most
 * 31 characters, not "History", unique (case-insensitively) among `taken`, which it is added to.
 * `taken` holds lower-cased names.
 */
export function safeSheetName(wanted: string, taken: Set<string>): string {
  let base = wanted
    .normalize('NFC')
    .replace(FORBIDDEN_IN_SHEET_NAME, '-')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^'+|'+$/g, '')
    .trim();
  if (base === '' || base.toLowerCase() === 'history') base = base === '' ? 'Sheet' : `${base}_`;
  const cut = (text: string, max: number): string => {
    if (text.length <= max) return text;
    let end = max;
    const code = text.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) end--;
    return text.slice(0, end).replace(/'+$/, '').trimEnd();
  };
  let name = cut(base, MAX_SHEET_NAME);
  for (let n = 2; taken.has(name.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    name = `${cut(base, MAX_SHEET_NAME - suffix.length)}${suffix}`;
  }
  taken.add(name.toLowerCase());
  return name;
}
