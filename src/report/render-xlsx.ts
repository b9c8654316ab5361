/**
 * The xlsx in the official layout: per form, unit and sheet a worksheet with the reporting and
 * receiving units, the form code and circular, the merged two-level column header, the "A B C 1 2
 * …" letter row, Vietnamese labels and units, and the signature block; printed on A4 landscape,
 * one page wide, header rows repeated. Every text cell goes through the safe-cell writer.
 */
import ExcelJS from 'exceljs';
import { writePrivateFile } from '../io/write-file.js';
import { safeSheetName, textCell, numberCell, type Worksheet } from '../io/write-xlsx.js';
import type { FormReport, ReportSet } from './aggregate.js';
import type { Locale } from '../errors.js';
import { findingText } from './checks.js';

const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };
const BOX = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const FONT = 'Times New Roman';
const SHORT: Record<string, string> = { truong: 'Trường', lop: 'Lớp', 'hoc-sinh': 'Học sinh', 'can-bo': 'Cán bộ', 'ket-qua': 'Kết quả', 'phong-hoc': 'Phòng học' };
/** The note printed under a sheet for the official rows edusync leaves empty. */
const EMPTY_NOTE = 'Dòng để trống (không có dữ liệu trong kho edusync để đếm / not counted by edusync): mã số';

function receiver(set: ReportSet, rep: FormReport): string {
  if (set.level === 'province') return set.period.regime.recipient;
  if (set.level === 'commune') {
    const s = set.schools.find((x) => rep.schools.includes(x.schoolId));
    return s?.placement.province ? `Sở Giáo dục và Đào tạo ${s.placement.province.name.replace(/^(Tỉnh|Thành phố)\s+/, '')}` : 'Sở Giáo dục và Đào tạo';
  }
  return set.period.scheme === 'dvhc-2024' ? 'Phòng Giáo dục và Đào tạo / Sở Giáo dục và Đào tạo' : 'Sở Giáo dục và Đào tạo';
}

function text(ws: Worksheet, row: number, col: number, value: string, style: Partial<ExcelJS.Style> = {}): ExcelJS.Cell {
  const cell = ws.getCell(row, col);
  textCell(cell, value);
  cell.font = { name: FONT, size: 11, ...(style.font ?? {}) };
  cell.alignment = { vertical: 'middle', wrapText: true, ...(style.alignment ?? {}) };
  if (style.border) cell.border = style.border;
  return cell;
}

function sheetFor(wb: ExcelJS.Workbook, set: ReportSet, rep: FormReport, sheetId: string, taken: Set<string>): void {
  const sheet = rep.form.sheets.find((s) => s.id === sheetId)!;
  const grid = rep.sheets[sheetId]!;
  const multiUnit = new Set(set.reports.map((r) => r.unit.code)).size > 1;
  const multiForm = new Set(set.reports.map((r) => r.form.id)).size > 1;
  const name = [multiForm ? rep.formCode : '', SHORT[sheetId] ?? sheetId, multiUnit ? rep.unit.code : ''].filter(Boolean).join(' ');
  const ws = wb.addWorksheet(safeSheetName(name, taken), {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true, margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 } },
  });
  const nCols = 3 + sheet.columns.length;
  const narrow = sheet.columns.length < 4;
  ws.columns = [{ width: 56 }, { width: 9 }, { width: 7 }, ...sheet.columns.map((c) => ({ width: narrow ? 24 : Math.max(8, Math.min(16, c.label.length * 0.9)) }))];
  // The right-hand blocks (form code, signature) start after the label column so they stay wide.
  const half = 1;
  const bold = { font: { bold: true, name: FONT, size: 11 } };
  ws.mergeCells(1, 1, 1, half);
  text(ws, 1, 1, `Đơn vị báo cáo: ${rep.unit.level === 'province' ? `Sở Giáo dục và Đào tạo ${rep.unit.name.replace(/^Tỉnh/, 'tỉnh').replace(/^Thành phố/, 'thành phố')}` : rep.unit.name}`, bold);
  ws.mergeCells(1, half + 1, 1, nCols);
  text(ws, 1, half + 1, `Biểu số: ${rep.formCode}`, { ...bold, alignment: { horizontal: 'right' } });
  ws.mergeCells(2, 1, 2, half);
  text(ws, 2, 1, `Đơn vị nhận báo cáo: ${receiver(set, rep)}`);
  ws.mergeCells(2, half + 1, 2, nCols);
  text(ws, 2, half + 1, `Ban hành kèm theo ${set.period.regime.title}`, { font: { italic: true, name: FONT, size: 10 }, alignment: { horizontal: 'right' } });
  ws.getRow(2).height = narrow ? 30 : 16;
  ws.mergeCells(4, 1, 4, nCols);
  text(ws, 4, 1, rep.form.title, { font: { bold: true, size: 14, name: FONT }, alignment: { horizontal: 'center' } });
  ws.mergeCells(5, 1, 5, nCols);
  text(ws, 5, 1, `${rep.form.subtitle} — Năm học ${set.period.schoolYear}`, { font: { italic: true, name: FONT, size: 11 }, alignment: { horizontal: 'center' } });
  ws.mergeCells(6, 1, 6, nCols);
  text(ws, 6, 1, `${sheet.title} (mã đơn vị ${rep.unit.code}; ${rep.schools.length} trường)`, { font: { bold: true, name: FONT, size: 12 }, alignment: { horizontal: 'left' } });

  const head = { font: { bold: true, name: FONT, size: 11 }, alignment: { horizontal: 'center' as const, vertical: 'middle' as const, wrapText: true }, border: BOX };
  // Up to three header rows, as on the official form: ownership block, then e.g. "Dân tộc thiểu
  // số", then the column's own label; a level a column lacks is merged into the one below.
  const levels = sheet.columns.some((c) => c.subgroup) ? 3 : sheet.columns.some((c) => c.group) ? 2 : 1;
  const h1 = 7;
  const last = h1 + levels - 1;
  const box = (r1: number, c1: number, r2: number, c2: number, value: string): void => {
    if (r2 > r1 || c2 > c1) ws.mergeCells(r1, c1, r2, c2);
    text(ws, r1, c1, value, head);
    for (let rr = r1; rr <= r2; rr++) for (let cc = c1; cc <= c2; cc++) ws.getCell(rr, cc).border = BOX;
  };
  ['Chỉ tiêu', 'Đơn vị tính', 'Mã số'].forEach((label, k) => box(h1, k + 1, last, k + 1, label));
  const spans = (from: number, to: number, key: (k: number) => string | undefined, at: number, below: (a: number, b: number) => void): void => {
    let k = from;
    while (k <= to) {
      const v = key(k);
      let j = k;
      while (j + 1 <= to && v !== undefined && key(j + 1) === v) j++;
      if (v === undefined) below(k, j);
      else {
        box(at, 4 + k, at, 4 + j, v);
        below(k, j);
      }
      k = j + 1;
    }
  };
  const labels = (from: number, to: number, top: number): void => {
    for (let k = from; k <= to; k++) box(top, 4 + k, last, 4 + k, sheet.columns[k]!.label);
  };
  const n = sheet.columns.length - 1;
  if (levels === 1) labels(0, n, h1);
  else
    spans(0, n, (k) => sheet.columns[k]!.group, h1, (a, b) => {
      if (sheet.columns[a]!.group === undefined) return labels(a, b, h1);
      if (levels === 2) return labels(a, b, h1 + 1);
      spans(a, b, (k) => sheet.columns[k]!.subgroup, h1 + 1, (c, d) => labels(c, d, sheet.columns[c]!.subgroup === undefined ? h1 + 1 : last));
    });
  for (let rr = h1; rr <= last; rr++) ws.getRow(rr).height = levels === 1 ? 30 : 24;
  const h2 = last;
  const letters = h2 + 1;
  ['A', 'B', 'C', ...sheet.columns.map((c) => c.code)].forEach((l, k) => text(ws, letters, k + 1, l, { font: { italic: true, name: FONT, size: 10 }, alignment: { horizontal: 'center' }, border: BOX }));

  let r = letters + 1;
  let lastGroup: string | undefined;
  sheet.rows.forEach((row, ri) => {
    if (row.group && row.group !== lastGroup) {
      ws.mergeCells(r, 1, r, nCols);
      text(ws, r, 1, row.group, { font: { italic: true, bold: true, name: FONT, size: 11 }, border: BOX });
      r++;
    }
    lastGroup = row.group;
    const top = !/^[–+-]/.test(row.label);
    // The official column order: Chỉ tiêu (with its TT number) | Đơn vị tính | Mã số.
    const label = text(ws, r, 1, row.tt ? `${row.tt} ${row.label}` : printedLabel(row.label), { font: { bold: top, name: FONT, size: 11 }, border: BOX, alignment: { indent: top ? 0 : 1 } });
    if (row.source) label.note = `${row.source}: ${row.note ?? ''}`;
    // Wrapped long labels need a taller row: LibreOffice does not grow a row with a fixed height.
    const shown = (row.tt ? row.tt.length + 1 : 0) + row.label.length;
    if (shown > 62) ws.getRow(r).height = 15 * Math.ceil(shown / 62);
    text(ws, r, 2, row.unit, { alignment: { horizontal: 'center' }, border: BOX });
    text(ws, r, 3, row.code, { alignment: { horizontal: 'center' }, border: BOX });
    grid[ri]!.forEach((v, k) => {
      const cell = ws.getCell(r, 4 + k);
      // A row the store cannot fill stays empty (as on a blank official form); × marks a blocked cell.
      if (row.source) cell.value = null;
      else if (v === null) textCell(cell, '×');
      else numberCell(cell, v, '#,##0');
      cell.font = { name: FONT, size: 11, bold: top };
      cell.alignment = { horizontal: v === null ? 'center' : 'right', vertical: 'middle' };
      cell.border = BOX;
    });
    r++;
  });
  const findings = set.findings.filter((f) => f.form === rep.form.id && f.unit === rep.unit.code && f.sheet === sheetId);
  r++;
  const empty = sheet.rows.filter((row) => row.source).map((row) => row.code);
  if (empty.length > 0) {
    ws.mergeCells(r, 1, r, nCols);
    text(ws, r, 1, `${EMPTY_NOTE} ${codeRanges(empty)}.`, { font: { italic: true, name: FONT, size: 10 } });
    r += 2;
  }
  if (findings.length > 0) {
    ws.mergeCells(r, 1, r, nCols);
    text(ws, r, 1, `Kiểm tra tính nhất quán: ${findings.length} phát hiện (${[...new Set(findings.map((f) => f.code))].join(', ')}) — ${findingText(findings[0]!, 'vi')}`, { font: { italic: true, color: { argb: 'FFB00020' }, name: FONT, size: 10 } });
    r += 2;
  }
  const sign = nCols > 8 ? nCols - 4 : 3;
  ws.mergeCells(r, sign, r, nCols);
  text(ws, r, sign, '…………, ngày …… tháng …… năm ……', { font: { italic: true, name: FONT, size: 11 }, alignment: { horizontal: 'center' } });
  r++;
  ws.mergeCells(r, 1, r, 2);
  text(ws, r, 1, 'NGƯỜI LẬP BIỂU', { font: { bold: true, name: FONT, size: 11 }, alignment: { horizontal: 'center' } });
  ws.mergeCells(r, sign, r, nCols);
  text(ws, r, sign, 'THỦ TRƯỞNG ĐƠN VỊ', { font: { bold: true, name: FONT, size: 11 }, alignment: { horizontal: 'center' } });
  r++;
  ws.mergeCells(r, 1, r, 2);
  text(ws, r, 1, '(Ký, ghi rõ họ tên)', { font: { italic: true, name: FONT, size: 10 }, alignment: { horizontal: 'center' } });
  ws.mergeCells(r, sign, r, nCols);
  text(ws, r, sign, '(Ký, đóng dấu, ghi rõ họ tên)', { font: { italic: true, name: FONT, size: 10 }, alignment: { horizontal: 'center' } });
  ws.pageSetup.printTitlesRow = `${h1}:${letters}`;
  ws.pageSetup.printArea = `A1:${ws.getColumn(nCols).letter}${r + 4}`;
}

/**
 * The official labels start items with "- " and "+ ", which are formula triggers: the safe-cell
 * writer would print them behind a visible apostrophe. The dash is printed as an en dash and the
 * plus after a no-break space, so the form reads as the Ministry's and no cell can become a formula.
 */
export function printedLabel(label: string): string {
  return label.replace(/^- /, '– ').replace(/^\+ /, '\u00a0+ ');
}

/** "3, 4, 6, 7, 8, 9, 10" → "3–4, 6–10". */
function codeRanges(codes: string[]): string {
  const out: string[] = [];
  let start = codes[0]!;
  let prev = start;
  for (const c of [...codes.slice(1), '']) {
    if (/^\d+$/.test(c) && Number(c) === Number(prev) + 1) {
      prev = c;
      continue;
    }
    out.push(start === prev ? start : `${start}–${prev}`);
    start = prev = c;
  }
  return out.join(', ');
}

export function reportWorkbook(set: ReportSet): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'edusync';
  const taken = new Set<string>();
  for (const rep of set.reports) for (const s of rep.form.sheets) sheetFor(wb, set, rep, s.id, taken);
  if (set.reports.length === 0) wb.addWorksheet('Trống');
  return wb;
}

export async function writeReportXlsx(set: ReportSet, path: string, _locale: Locale): Promise<void> {
  const buffer = await reportWorkbook(set).xlsx.writeBuffer();
  await writePrivateFile(path, new Uint8Array(buffer as ArrayBuffer));
}
