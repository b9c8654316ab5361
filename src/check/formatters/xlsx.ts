/**
 * The xlsx error workbook (`edusync validate --format xlsx --out FILE`, design §4; peers §3.1
 * items 5 and 10): a file the data owner can fix from.
 *
 * Sheets, in order:
 * 1. "Tổng hợp" / "Summary": run info and counts, one line per rule code (severity, count, rule
 *    description), one line per table read (and the files that could not be read).
 * 2. One sheet per table with row-level findings: the user's own rows, re-read from the user's file
 *    (header rows and every row with a finding, in file order and original column order), with the
 *    original row number in the first column, the rendered findings in the last column, flagged
 *    cells filled by severity and carrying the finding text as a note. Values are written as they
 *    were read: strings as text cells (IDs keep their leading zeros), numbers as numbers, dates as
 *    dates. Findings without a row (table-level) are only in the summary and per-code sheets.
 * 3. One sheet per rule code that occurred: file, sheet, row, column, field, value, severity, message.
 *
 * Written with the streaming WorkbookWriter, one sheet after the other, into a 0600 file that is
 * renamed into place when complete. Memory: the report's findings (already in memory) plus, per
 * table, the user's rows that have findings — or, beyond `BUFFER_ROWS` such rows, nothing: the
 * source is then read twice (once to measure, once to copy).
 */
import { basename, extname } from 'node:path';
import type { Locale } from '../../errors.js';
import type { Severity } from '../../schema/format.js';
import { columnLetter, type CellValue, type SheetSource } from '../../io/types.js';
import type { Finding } from '../finding.js';
import type { TableReport, ValidationReport } from '../report.js';
import { metaByCode } from '../catalogue.js';
import { renderFinding } from '../render.js';
import {
  FILL,
  fillCell,
  fitWidth,
  frozenView,
  noteCell,
  numberCell,
  openXlsxWriter,
  safeSheetName,
  setAutoFilter,
  setCell,
  setColumnWidths,
  styleHeaderRow,
  textCell,
  writeValues,
  type Worksheet,
  type XlsxValue,
} from '../../io/write-xlsx.js';

export type ReadSource = (file: string, sheet?: string) => Promise<SheetSource[]>;

export interface ErrorWorkbookOptions {
  locale: Locale;
  /** How the user's tables are re-read (default: `openFile` from src/io/read.ts). */
  readSource?: ReadSource | undefined;
  /** Write to a temporary file and rename when complete (default true). */
  atomic?: boolean | undefined;
  /** Rows with findings per table kept in memory before switching to two reads (default BUFFER_ROWS). */
  bufferRows?: number | undefined;
}

export interface ErrorWorkbookResult {
  /** The user's data rows copied into the table sheets (header rows not counted). */
  rows: number;
  /** Worksheets in the workbook. */
  sheets: number;
}

/** Rows with findings per table kept in memory; beyond this the source is read twice instead. */
export const BUFFER_ROWS = 20_000;

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

const T = {
  vi: {
    summary: 'Tổng hợp',
    title: 'edusync — kết quả kiểm tra dữ liệu',
    ruleSet: 'Bộ quy tắc (năm học)',
    outcome: 'Kết quả',
    valid: 'Đạt (không có lỗi)',
    invalid: 'Chưa đạt (còn lỗi phải sửa)',
    files: 'Số tệp',
    tables: 'Số bảng',
    records: 'Số bản ghi',
    errors: 'Lỗi',
    warnings: 'Cảnh báo',
    infos: 'Thông tin (đã tự sửa)',
    dropped: 'Không liệt kê (do --max-findings)',
    unreadableCount: 'Tệp không đọc được',
    codesHeader: ['Mã', 'Mức độ', 'Số lượng', 'Mô tả quy tắc'],
    tablesHeader: ['Tệp', 'Trang tính', 'Đối tượng', 'Bản ghi', 'Lỗi', 'Cảnh báo', 'Thông tin', 'Bỏ qua (lý do)', 'Trang kết quả'],
    unreadableHeader: ['Tệp không đọc được', 'Trang tính', 'Dòng', 'Lý do'],
    noHeader: 'không nhận ra dòng tiêu đề',
    sourceRow: 'Dòng gốc',
    findings: 'Lỗi',
    codeHeader: ['Tệp', 'Trang tính', 'Dòng', 'Cột', 'Trường', 'Giá trị', 'Mức độ', 'Nội dung'],
    severity: { error: 'Lỗi', warning: 'Cảnh báo', info: 'Thông tin' } as Record<Severity, string>,
    unreadSource: (reason: string) => `Không đọc lại được tệp gốc để chép các dòng: ${reason}`,
    sheetMissing: 'không tìm thấy trang tính này trong tệp',
    rowMissing: 'Không tìm thấy dòng này khi đọc lại tệp gốc.',
    acknowledged: (reason: string) => `đã giải trình: ${reason}`,
  },
  en: {
    summary: 'Summary',
    title: 'edusync — data validation results',
    ruleSet: 'Rule set (school year)',
    outcome: 'Outcome',
    valid: 'Valid (no errors)',
    invalid: 'Not valid (errors to fix)',
    files: 'Files',
    tables: 'Tables',
    records: 'Records',
    errors: 'Errors',
    warnings: 'Warnings',
    infos: 'Info (repaired)',
    dropped: 'Not listed (--max-findings)',
    unreadableCount: 'Unreadable files',
    codesHeader: ['Code', 'Severity', 'Count', 'Rule'],
    tablesHeader: ['File', 'Sheet', 'Entity', 'Records', 'Errors', 'Warnings', 'Info', 'Skipped (reason)', 'Result sheet'],
    unreadableHeader: ['Unreadable file', 'Sheet', 'Row', 'Reason'],
    noHeader: 'no header row recognised',
    sourceRow: 'Source row',
    findings: 'Findings',
    codeHeader: ['File', 'Sheet', 'Row', 'Column', 'Field', 'Value', 'Severity', 'Message'],
    severity: { error: 'Error', warning: 'Warning', info: 'Info' } as Record<Severity, string>,
    unreadSource: (reason: string) => `Could not re-read the source file to copy its rows: ${reason}`,
    sheetMissing: 'this sheet is not in the file',
    rowMissing: 'This row was not found when re-reading the source file.',
    acknowledged: (reason: string) => `acknowledged: ${reason}`,
  },
} as const;

type Texts = (typeof T)[Locale];

interface TableGroup {
  file: string;
  sheet: string | undefined;
  table: TableReport | undefined;
  /** Source row → indexes into report.findings. */
  rows: Map<number, number[]>;
  sheetName: string;
}

function tableKey(file: string, sheet: string | undefined): string {
  return `${file}\u0000${sheet ?? ''}`;
}

/** Excel column letters → 0-based index; undefined when not letters. */
export function columnIndex(letters: string): number | undefined {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) return undefined;
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function worst(a: Severity | undefined, b: Severity): Severity {
  return a === undefined || SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a;
}

function fillFor(severity: Severity): string {
  return FILL[severity];
}

function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return value.iso;
  return String(value);
}

function errorText(error: unknown, locale: Locale): string {
  if (error && typeof error === 'object' && 'render' in error && typeof (error as { render: unknown }).render === 'function') {
    return (error as { render(l: Locale): string }).render(locale);
  }
  return error instanceof Error ? error.message : String(error);
}

/** Write the error workbook for `report` to `outPath` (0600). */
export async function writeErrorWorkbook(
  report: ValidationReport,
  outPath: string,
  options: ErrorWorkbookOptions,
): Promise<ErrorWorkbookResult> {
  const locale = options.locale;
  const t = T[locale];
  const readSource: ReadSource =
    options.readSource ??
    (async (file, sheet) => {
      const { openFile } = await import('../../io/read.js');
      return openFile(file, { sheet });
    });

  const findings = report.findings;
  const rendered: (string | undefined)[] = new Array<string | undefined>(findings.length);
  const render = (i: number): string => {
    let text = rendered[i];
    if (text === undefined) {
      const f = findings[i]!;
      try {
        text = renderFinding(f, locale);
      } catch {
        text = `${f.code} ${f.messageId}`;
      }
      rendered[i] = text;
    }
    return text;
  };

  // ---- index the findings: per table (row-level only) and per code ----
  const groups = new Map<string, TableGroup>();
  const byCode = new Map<string, number[]>();
  for (const table of report.tables) {
    groups.set(tableKey(table.file, table.sheet), { file: table.file, sheet: table.sheet, table, rows: new Map(), sheetName: '' });
  }
  findings.forEach((f, i) => {
    let codeList = byCode.get(f.code);
    if (!codeList) byCode.set(f.code, (codeList = []));
    codeList.push(i);
    if (f.row === undefined) return;
    const key = tableKey(f.file, f.sheet);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { file: f.file, sheet: f.sheet, table: undefined, rows: new Map(), sheetName: '' }));
    let list = group.rows.get(f.row);
    if (!list) group.rows.set(f.row, (list = []));
    list.push(i);
  });
  const flaggedGroups = [...groups.values()].filter((g) => g.rows.size > 0);

  // ---- sheet names: summary, then codes (a code's sheet is named exactly after it), then tables ----
  const taken = new Set<string>();
  const summaryName = safeSheetName(t.summary, taken);
  const codes = orderCodes(report, byCode, findings);
  const codeSheetNames = new Map<string, string>();
  for (const code of codes) if (byCode.has(code)) codeSheetNames.set(code, safeSheetName(code, taken));
  for (const g of flaggedGroups) {
    const stem = basename(g.file, extname(g.file));
    g.sheetName = safeSheetName(g.sheet !== undefined ? `${stem} - ${g.sheet}` : stem, taken);
  }

  const writer = openXlsxWriter(outPath, { atomic: options.atomic ?? true });
  const wb = writer.workbook;
  let rowsWritten = 0;
  let sheets = 0;
  try {
    writeSummary(wb.addWorksheet(summaryName), report, codes, byCode, findings, groups, t, locale);
    sheets++;

    for (const g of flaggedGroups) {
      rowsWritten += await writeTableSheet(wb, g, findings, render, readSource, t, locale, options.bufferRows ?? BUFFER_ROWS);
      sheets++;
    }

    for (const [code, name] of codeSheetNames) {
      writeCodeSheet(wb.addWorksheet(name, frozenView(1)), byCode.get(code) ?? [], findings, render, t);
      sheets++;
    }

    await writer.commit();
  } catch (error) {
    writer.abort(error);
    throw error;
  }
  return { rows: rowsWritten, sheets };
}

/** Codes by impact: errors first, then warnings, then info; within a severity by count, then code. */
function orderCodes(report: ValidationReport, byCode: Map<string, number[]>, findings: Finding[]): string[] {
  const codes = new Set<string>([...Object.keys(report.stats.byCode), ...byCode.keys()]);
  const severity = (code: string): Severity => codeSeverity(code, byCode, findings);
  const count = (code: string): number => report.stats.byCode[code] ?? byCode.get(code)?.length ?? 0;
  return [...codes].sort(
    (a, b) =>
      SEVERITY_RANK[severity(b)] - SEVERITY_RANK[severity(a)] || count(b) - count(a) || (a < b ? -1 : a > b ? 1 : 0),
  );
}

/** The worst severity a code occurred with (a rule set may override it), else its default. */
function codeSeverity(code: string, byCode: Map<string, number[]>, findings: Finding[]): Severity {
  let s: Severity | undefined;
  for (const i of byCode.get(code) ?? []) s = worst(s, findings[i]!.severity);
  return s ?? metaByCode(code)?.defaultSeverity ?? 'info';
}

function writeSummary(
  ws: Worksheet,
  report: ValidationReport,
  codes: string[],
  byCode: Map<string, number[]>,
  findings: Finding[],
  groups: Map<string, TableGroup>,
  t: Texts,
  locale: Locale,
): void {
  setColumnWidths(ws, [34, 18, 12, 12, 10, 10, 10, 30, 30]);
  let r = 1;
  const title = ws.getRow(r++);
  textCell(title.getCell(1), t.title);
  title.getCell(1).font = { bold: true, size: 14 };
  title.commit();
  r++;

  const s = report.stats;
  const info: Array<[string, XlsxValue]> = [
    [t.ruleSet, report.ruleSet],
    [t.outcome, report.valid ? t.valid : t.invalid],
    [t.files, s.files],
    [t.tables, s.tables],
    [t.records, s.records],
    [t.errors, s.errors],
    [t.warnings, s.warnings],
    [t.infos, s.infos],
  ];
  if (report.dropped > 0) info.push([t.dropped, report.dropped]);
  if (report.unreadable.length > 0) info.push([t.unreadableCount, report.unreadable.length]);
  for (const [label, value] of info) {
    const row = writeValues(ws, r++, [label, value]);
    row.getCell(1).font = { bold: true };
    if (label === t.outcome) fillCell(row.getCell(2), report.valid ? 'FFC6EFCE' : FILL.error);
    row.commit();
  }
  r++;

  // codes
  const codesHead = writeValues(ws, r++, [...t.codesHeader]);
  styleHeaderRow(codesHead, 1, t.codesHeader.length);
  codesHead.commit();
  for (const code of codes) {
    const severity = codeSeverity(code, byCode, findings);
    const count = s.byCode[code] ?? byCode.get(code)?.length ?? 0;
    const row = ws.getRow(r++);
    textCell(row.getCell(1), code);
    textCell(row.getCell(2), t.severity[severity]);
    fillCell(row.getCell(2), fillFor(severity));
    numberCell(row.getCell(3), count);
    textCell(row.getCell(4), metaByCode(code)?.docs[locale] ?? '');
    row.commit();
  }
  r++;

  // tables
  const tablesHead = writeValues(ws, r++, [...t.tablesHeader]);
  styleHeaderRow(tablesHead, 1, t.tablesHeader.length);
  tablesHead.commit();
  for (const table of report.tables) {
    const group = groups.get(tableKey(table.file, table.sheet));
    const skipped = table.skipped === undefined ? undefined : table.skipped === 'no-header' ? t.noHeader : table.skipped;
    const row = writeValues(
      ws,
      r++,
      [table.file, table.sheet, table.entity, table.records, table.errors, table.warnings, table.infos, skipped, group?.sheetName || undefined],
      ['text', 'text', 'text'],
    );
    if (table.errors > 0) fillCell(row.getCell(5), FILL.error);
    if (table.warnings > 0) fillCell(row.getCell(6), FILL.warning);
    row.commit();
  }

  // unreadable files
  if (report.unreadable.length > 0) {
    r++;
    const head = writeValues(ws, r++, [...t.unreadableHeader]);
    styleHeaderRow(head, 1, t.unreadableHeader.length);
    head.commit();
    for (const u of report.unreadable) {
      const row = writeValues(ws, r++, [u.file, u.sheet, u.row, u.message[locale]], ['text', 'text']);
      fillCell(row.getCell(1), FILL.error);
      row.commit();
    }
  }
  ws.commit();
}

interface Scan {
  /** Cells of the wanted rows (only when buffering). */
  cells: Map<number, CellValue[]> | undefined;
  /** Widest wanted row, in cells. */
  columns: number;
  /** Longest text per source column (for widths). */
  widths: number[];
  /** Why the source could not be read, if it could not. */
  failure: string | undefined;
}

async function openTable(readSource: ReadSource, g: TableGroup, t: Texts): Promise<SheetSource> {
  const sources = await readSource(g.file, g.sheet);
  const source = sources.find((s) => s.sheet === g.sheet) ?? (g.sheet === undefined || sources.length === 1 ? sources[0] : undefined);
  if (!source) throw new Error(t.sheetMissing);
  return source;
}

/** Read the wanted rows of a table, stopping after the last one. */
async function scanTable(
  source: SheetSource,
  wanted: Set<number>,
  lastWanted: number,
  onRow: (row: number, cells: CellValue[]) => void,
): Promise<void> {
  for await (const batch of source.rows) {
    let last = 0;
    for (const raw of batch) {
      last = raw.row;
      if (wanted.has(raw.row)) onRow(raw.row, raw.cells);
    }
    if (last >= lastWanted) break;
  }
}

async function writeTableSheet(
  wb: ReturnType<typeof openXlsxWriter>['workbook'],
  g: TableGroup,
  findings: Finding[],
  render: (i: number) => string,
  readSource: ReadSource,
  t: Texts,
  locale: Locale,
  bufferRows: number,
): Promise<number> {
  const headerRows = [...new Set(g.table?.headerRows ?? [])].sort((a, b) => a - b);
  const headerSet = new Set(headerRows);
  const wanted = new Set<number>([...headerRows, ...g.rows.keys()]);
  let lastWanted = 0;
  for (const r of wanted) lastWanted = Math.max(lastWanted, r);
  const buffering = g.rows.size <= bufferRows;

  // The widest column a finding points at counts too (a finding on an empty trailing cell).
  let findingColumns = 0;
  for (const list of g.rows.values()) {
    for (const i of list) {
      const c = findings[i]!.column;
      const idx = c === undefined ? undefined : columnIndex(c);
      if (idx !== undefined) findingColumns = Math.max(findingColumns, idx + 1);
    }
  }

  // ---- pass 1: measure (and buffer) ----
  const scan: Scan = { cells: buffering ? new Map() : undefined, columns: findingColumns, widths: [], failure: undefined };
  try {
    const source = await openTable(readSource, g, t);
    await scanTable(source, wanted, lastWanted, (row, cells) => {
      scan.cells?.set(row, cells);
      scan.columns = Math.max(scan.columns, cells.length);
      cells.forEach((v, i) => {
        const len = cellText(v).length;
        if (len > (scan.widths[i] ?? 0)) scan.widths[i] = len;
      });
    });
  } catch (error) {
    scan.failure = errorText(error, locale);
  }

  // ---- layout ----
  // Output: row 1 = labels (source row, source column letters, findings), [a row saying the source
  // could not be re-read], then the wanted source rows in file order.
  const columns = scan.columns;
  const lastCol = columns + 2;
  const ordered = [...wanted].sort((a, b) => a - b);
  const outputRows = scan.failure === undefined ? ordered : ordered.filter((r) => !headerSet.has(r) || g.rows.has(r));
  const failureRows = scan.failure !== undefined ? 1 : 0;
  // Freeze and filter on the last header row when the header rows sit right under the labels.
  let leadingHeaders = 0;
  while (leadingHeaders < outputRows.length && headerSet.has(outputRows[leadingHeaders]!)) leadingHeaders++;
  const headerOnTop = scan.failure === undefined && leadingHeaders > 0 && leadingHeaders === headerRows.length;
  const filterRow = headerOnTop ? 1 + leadingHeaders : 1;
  const ws = wb.addWorksheet(g.sheetName, frozenView(headerOnTop ? filterRow : 1 + failureRows, 1));
  const widths = [10];
  for (let c = 0; c < columns; c++) widths.push(Math.min(40, Math.max(6, (scan.widths[c] ?? 0) + 2)));
  widths.push(70);
  setColumnWidths(ws, widths);

  let out = 1;
  const labels = ws.getRow(out++);
  textCell(labels.getCell(1), t.sourceRow);
  for (let c = 0; c < columns; c++) textCell(labels.getCell(c + 2), columnLetter(c));
  textCell(labels.getCell(lastCol), t.findings);
  styleHeaderRow(labels, 1, lastCol);
  labels.commit();

  if (scan.failure !== undefined) {
    const row = ws.getRow(out++);
    textCell(row.getCell(lastCol), t.unreadSource(scan.failure));
    fillCell(row.getCell(lastCol), FILL.warning);
    row.commit();
  }

  let dataRows = 0;
  const writeSourceRow = (sourceRow: number, cells: CellValue[] | undefined): void => {
    const row = ws.getRow(out++);
    numberCell(row.getCell(1), sourceRow);
    if (cells) for (let c = 0; c < cells.length; c++) setCell(row.getCell(c + 2), cells[c]);
    const isHeader = headerSet.has(sourceRow);
    if (isHeader) styleHeaderRow(row, 1, lastCol);
    else dataRows++;

    const list = g.rows.get(sourceRow);
    if (list) {
      const perCell = new Map<number, { severity: Severity; notes: string[] }>();
      const lines: string[] = [];
      let rowSeverity: Severity | undefined;
      for (const i of list) {
        const f = findings[i]!;
        const text = withAck(f, render(i), t);
        const idx = f.column === undefined ? undefined : columnIndex(f.column);
        const target = idx === undefined ? 1 : idx + 2;
        const entry = perCell.get(target) ?? { severity: f.severity, notes: [] };
        entry.severity = worst(entry.severity, f.severity);
        entry.notes.push(`${f.code}: ${text}`);
        perCell.set(target, entry);
        rowSeverity = worst(rowSeverity, f.severity);
        lines.push(`[${t.severity[f.severity]}] ${idx !== undefined ? `${f.column!.toUpperCase()}: ` : ''}${text} (${f.code})`);
      }
      if (cells === undefined && scan.failure === undefined) lines.push(t.rowMissing);
      for (const [col, { severity, notes }] of perCell) {
        const cell = row.getCell(col);
        fillCell(cell, fillFor(severity));
        noteCell(cell, notes.join('\n'));
      }
      const findingsCell = row.getCell(lastCol);
      textCell(findingsCell, lines.join('\n'));
      findingsCell.alignment = { vertical: 'top', wrapText: true };
      if (rowSeverity) fillCell(findingsCell, fillFor(rowSeverity));
    }
    row.commit();
  };

  if (scan.failure !== undefined || scan.cells) {
    for (const r of outputRows) writeSourceRow(r, scan.cells?.get(r));
  } else {
    // ---- pass 2 (too many rows to buffer): copy while reading ----
    let next = 0;
    const flushUpTo = (limit: number): void => {
      while (next < ordered.length && ordered[next]! < limit) writeSourceRow(ordered[next++]!, undefined);
    };
    try {
      const source = await openTable(readSource, g, t);
      await scanTable(source, wanted, lastWanted, (rowNumber, cells) => {
        flushUpTo(rowNumber);
        if (ordered[next] === rowNumber) {
          next++;
          writeSourceRow(rowNumber, cells);
        }
      });
    } catch {
      // Read once already: a failure now leaves the remaining rows with their findings only.
    }
    flushUpTo(Number.POSITIVE_INFINITY);
  }

  setAutoFilter(ws, filterRow, 1, lastCol);
  ws.commit();
  return dataRows;
}

/** A warning acknowledged in the store (`edusync ack`) keeps its place and colour, with its explanation after the message. */
function withAck(f: Finding, text: string, t: Texts): string {
  return f.acknowledged === undefined ? text : `${text} — ${t.acknowledged(f.acknowledged.reason)}`;
}

function writeCodeSheet(ws: Worksheet, indexes: number[], findings: Finding[], render: (i: number) => string, t: Texts): void {
  setColumnWidths(ws, [
    fitWidth(indexes.slice(0, 1000).map((i) => findings[i]!.file), 10, 40),
    14,
    8,
    7,
    16,
    24,
    11,
    90,
  ]);
  const head = writeValues(ws, 1, [...t.codeHeader]);
  styleHeaderRow(head, 1, t.codeHeader.length);
  head.commit();
  let r = 2;
  for (const i of indexes) {
    const f = findings[i]!;
    const row = writeValues(
      ws,
      r++,
      [f.file, f.sheet, f.row, f.column, f.field, f.value, t.severity[f.severity], withAck(f, render(i), t)],
      ['text', 'text', 'auto', 'text', 'text', 'text', 'text', 'text'],
    );
    fillCell(row.getCell(7), fillFor(f.severity));
    row.commit();
  }
  setAutoFilter(ws, 1, 1, t.codeHeader.length);
  ws.commit();
}
