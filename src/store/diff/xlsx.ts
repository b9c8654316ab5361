/**
 * The diff as a workbook a Phòng officer can read (issue 4 item 3): a summary sheet ("Tổng hợp":
 * counts per school) and one sheet per change kind ("Mới", "Cập nhật", "Chuyển lớp", "Rời
 * trường"; English names with --lang en). Every sheet has a styled, frozen header row and an
 * autofilter; ids are text cells (leading zeros kept), dates real dd/mm/yyyy cells, every string
 * neutralised against formula injection (design §6); the file is 0600 and appears atomically.
 * "Cập nhật" has one row per changed field, so it can be filtered by field.
 */
import {
  dateCell,
  fitWidth,
  frozenView,
  numberCell,
  openXlsxWriter,
  safeSheetName,
  setAutoFilter,
  setColumnWidths,
  styleHeaderRow,
  textCell,
  type Cell,
  type Worksheet,
} from '../../io/write-xlsx.js';
import { fieldLabel, showPeriod, showValue, type DiffLocale, type FormatDiffOptions } from './format.js';
import type { DiffChange, DiffEntity, DiffItem, DiffReport, SchoolDiff, SnapshotRef } from './types.js';

const SHEET_TEXT = {
  vi: {
    summary: 'Tổng hợp',
    new: 'Mới',
    updated: 'Cập nhật',
    moved: 'Chuyển lớp',
    left: 'Rời trường',
    entity: { student: 'Học sinh', teacher: 'Giáo viên' } as Record<DiffEntity, string>,
    summaryHeader: (from: string, to: string) => [
      'Mã trường',
      'Đối tượng',
      `Ảnh chụp dùng cho kỳ ${showPeriod(from)}`,
      `Ảnh chụp dùng cho kỳ ${showPeriod(to)}`,
      'Mới',
      'Cập nhật',
      'Chuyển lớp',
      'Rời trường',
      'Không đổi',
      'Ghi chú',
    ],
    item: ['Mã trường', 'Đối tượng', 'Mã học sinh / mã GV', 'Mã định danh', 'Họ và tên', 'Lớp'],
    updateExtra: ['Thông tin thay đổi', 'Giá trị cũ', 'Giá trị mới'],
    moveHeader: ['Mã trường', 'Đối tượng', 'Mã học sinh / mã GV', 'Mã định danh', 'Họ và tên', 'Lớp cũ', 'Lớp mới', 'Thay đổi khác'],
    leftClass: 'Lớp (kỳ trước)',
    snapshot: (s: SnapshotRef) => `kỳ ${showPeriod(s.period)} (${s.records} bản ghi)`,
    none: '(không có)',
    missing: { from: 'Không có ảnh chụp cho kỳ trước', to: 'Không có ảnh chụp cho kỳ sau', both: 'Không có ảnh chụp cho cả hai kỳ' },
    same: 'Cùng một ảnh chụp cho cả hai kỳ',
  },
  en: {
    summary: 'Summary',
    new: 'New',
    updated: 'Updated',
    moved: 'Moved class',
    left: 'Left',
    entity: { student: 'Student', teacher: 'Teacher' } as Record<DiffEntity, string>,
    summaryHeader: (from: string, to: string) => [
      'School code',
      'Kind',
      `Snapshot used for ${showPeriod(from)}`,
      `Snapshot used for ${showPeriod(to)}`,
      'New',
      'Updated',
      'Moved class',
      'Left',
      'Unchanged',
      'Note',
    ],
    item: ['School code', 'Kind', 'Student / staff code', 'Personal ID', 'Full name', 'Class'],
    updateExtra: ['Field', 'Old value', 'New value'],
    moveHeader: ['School code', 'Kind', 'Student / staff code', 'Personal ID', 'Full name', 'Old class', 'New class', 'Other changes'],
    leftClass: 'Class (earlier period)',
    snapshot: (s: SnapshotRef) => `${showPeriod(s.period)} (${s.records} records)`,
    none: '(none)',
    missing: { from: 'No snapshot for the earlier period', to: 'No snapshot for the later period', both: 'No snapshot for either period' },
    same: 'The same snapshot for both periods',
  },
} as const;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A stored value in a cell: ISO dates as dates, numbers as numbers, the rest as (neutralised) text. */
function valueCell(cell: Cell, v: unknown, locale: DiffLocale): void {
  if (v === null || v === undefined || v === '') return;
  if (typeof v === 'string' && ISO_DATE.test(v)) dateCell(cell, v);
  else if (typeof v === 'number') numberCell(cell, v);
  else textCell(cell, showValue(v, locale));
}

function optionalText(cell: Cell, text: string | null): void {
  if (text !== null && text !== '') textCell(cell, text);
}

export interface DiffWorkbookResult {
  sheets: string[];
  rows: number;
}

export async function writeDiffWorkbook(
  path: string,
  report: DiffReport,
  locale: DiffLocale,
  options: FormatDiffOptions & { atomic?: boolean } = {},
): Promise<DiffWorkbookResult> {
  const t = SHEET_TEXT[locale];
  const label = (field: string): string => fieldLabel(field, locale, options.labels);
  const taken = new Set<string>();
  const names = {
    summary: safeSheetName(t.summary, taken),
    new: safeSheetName(t.new, taken),
    updated: safeSheetName(t.updated, taken),
    moved: safeSheetName(t.moved, taken),
    left: safeSheetName(t.left, taken),
  };
  const all = <K extends 'new' | 'updated' | 'moved' | 'left'>(kind: K): Array<{ s: SchoolDiff; item: SchoolDiff[K][number] }> =>
    report.schools.flatMap((s) => (s[kind] as Array<SchoolDiff[K][number]>).map((item) => ({ s, item })));

  const writer = openXlsxWriter(path, { atomic: options.atomic ?? true });
  const wb = writer.workbook;
  let rows = 0;

  const sheet = (name: string, header: readonly string[], widths: number[]): Worksheet => {
    const ws = wb.addWorksheet(name, frozenView(1));
    setColumnWidths(ws, widths);
    const head = ws.getRow(1);
    header.forEach((h, i) => textCell(head.getCell(i + 1), h));
    styleHeaderRow(head, 1, header.length);
    head.commit();
    return ws;
  };
  const finish = (ws: Worksheet, columns: number): void => {
    setAutoFilter(ws, 1, 1, columns);
    ws.commit();
  };
  const itemCells = (ws: Worksheet, rowNumber: number, s: SchoolDiff, i: DiffItem, withClass: boolean) => {
    const row = ws.getRow(rowNumber);
    textCell(row.getCell(1), s.schoolId);
    textCell(row.getCell(2), t.entity[s.entity]);
    optionalText(row.getCell(3), i.schoolPersonId);
    optionalText(row.getCell(4), i.personalId);
    optionalText(row.getCell(5), i.fullName);
    if (withClass) optionalText(row.getCell(6), i.classId);
    return row;
  };
  const idWidths = (items: DiffItem[]): number[] => [
    fitWidth(items.map((i) => i.schoolId), 12, 16),
    12,
    fitWidth(items.map((i) => i.schoolPersonId ?? ''), 20, 30),
    16,
    fitWidth(items.map((i) => i.fullName ?? ''), 24, 40),
  ];
  const changeText = (changes: DiffChange[]): string =>
    changes.map((c) => `${label(c.field)}: ${showValue(c.old, locale)} → ${showValue(c.new, locale)}`).join('; ');

  try {
    // Summary
    {
      const header = t.summaryHeader(report.from, report.to);
      const ws = sheet(names.summary, header, [14, 12, 26, 26, 8, 10, 12, 12, 10, 36]);
      let r = 2;
      for (const s of report.schools) {
        const row = ws.getRow(r++);
        textCell(row.getCell(1), s.schoolId);
        textCell(row.getCell(2), t.entity[s.entity]);
        textCell(row.getCell(3), s.fromSnapshot === null ? t.none : t.snapshot(s.fromSnapshot));
        textCell(row.getCell(4), s.toSnapshot === null ? t.none : t.snapshot(s.toSnapshot));
        if (s.missing === null) {
          numberCell(row.getCell(5), s.new.length);
          numberCell(row.getCell(6), s.updated.length);
          numberCell(row.getCell(7), s.moved.length);
          numberCell(row.getCell(8), s.left.length);
          numberCell(row.getCell(9), s.unchanged);
          if (s.fromSnapshot !== null && s.toSnapshot !== null && s.fromSnapshot.id === s.toSnapshot.id) textCell(row.getCell(10), t.same);
        } else {
          textCell(row.getCell(10), t.missing[s.missing]);
        }
        row.commit();
        rows++;
      }
      finish(ws, header.length);
    }

    // New
    {
      const items = all('new');
      const header = t.item;
      const ws = sheet(names.new, header, [...idWidths(items.map((x) => x.item)), 10]);
      let r = 2;
      for (const { s, item } of items) {
        itemCells(ws, r++, s, item, true).commit();
        rows++;
      }
      finish(ws, header.length);
    }

    // Updated: one row per changed field
    {
      const items = all('updated');
      const header = [...t.item, ...t.updateExtra];
      const ws = sheet(names.updated, header, [...idWidths(items.map((x) => x.item)), 10, 24, 24, 24]);
      let r = 2;
      for (const { s, item } of items) {
        for (const c of item.changes) {
          const row = itemCells(ws, r++, s, item, true);
          textCell(row.getCell(7), label(c.field));
          valueCell(row.getCell(8), c.old, locale);
          valueCell(row.getCell(9), c.new, locale);
          row.commit();
          rows++;
        }
      }
      finish(ws, header.length);
    }

    // Moved class
    {
      const items = all('moved');
      const header = t.moveHeader;
      const ws = sheet(names.moved, header, [...idWidths(items.map((x) => x.item)), 10, 10, 40]);
      let r = 2;
      for (const { s, item } of items) {
        const row = itemCells(ws, r++, s, item, false);
        optionalText(row.getCell(6), item.fromClass);
        optionalText(row.getCell(7), item.toClass);
        if (item.changes.length > 0) textCell(row.getCell(8), changeText(item.changes));
        row.commit();
        rows++;
      }
      finish(ws, header.length);
    }

    // Left
    {
      const items = all('left');
      const header = [...t.item.slice(0, 5), t.leftClass];
      const ws = sheet(names.left, header, [...idWidths(items.map((x) => x.item)), 14]);
      let r = 2;
      for (const { s, item } of items) {
        itemCells(ws, r++, s, item, true).commit();
        rows++;
      }
      finish(ws, header.length);
    }

    await writer.commit();
  } catch (error) {
    writer.abort(error);
    throw error;
  }
  return { sheets: [names.summary, names.new, names.updated, names.moved, names.left], rows };
}
