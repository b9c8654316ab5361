/**
 * xlsx writer on ExcelJS's streaming WorkbookWriter (rows are committed as they come, so 200 k
 * rows need bounded memory). Plain layout: one header row, text IDs and dd/mm/yyyy text dates, as
 * the portal templates ask. Messy layout: title rows, a blank row, a two-row header with merged
 * group cells and vertically merged single columns, line breaks in header cells, an STT column and
 * a signature footer. The zip entries get a fixed timestamp so the same seed gives the same bytes.
 */
import { createWriteStream } from 'node:fs';
import { chmod } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { breakHeader, type Cell, type TableSpec, type TableWriter } from './table.js';
import { columnLetter } from './columns.js';
import { isYmd, ymdToUtc } from './people.js';
import type { TruthColumn, TruthFile } from './truth.js';

const FIXED_DATE = new Date(Date.UTC(2025, 8, 15, 0, 0, 0));
export const SHEET_NAME = 'Sheet1';
/**
 * Shared style objects for data cells. ExcelJS gives every new cell its own empty style object and
 * turns each one into style XML when the row is committed (the largest cost of a 200 k-row file);
 * it caches that work per style object, so cells sharing one object cost a lookup. Never mutate
 * these (no `cell.numFmt = …` on a data cell). An empty style gives the same xf for text and
 * number cells, so the bytes are those of per-cell objects.
 */
const PLAIN_STYLE: Partial<ExcelJS.Style> = Object.freeze({}) as Partial<ExcelJS.Style>;
const DATE_STYLE: Partial<ExcelJS.Style> = Object.freeze({ numFmt: 'dd/mm/yyyy' }) as Partial<ExcelJS.Style>;

interface ZipLike {
  append(source: unknown, options: Record<string, unknown>): unknown;
}

export class XlsxTableWriter implements TableWriter {
  readonly name: string;
  readonly sheet = SHEET_NAME;
  private readonly wb: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly ws: ExcelJS.Worksheet;
  private readonly messy: boolean;
  private readonly width: number;
  private row = 1;
  private stt = 0;
  private sinceYield = 0;
  private readonly titleRows: number[] = [];
  private readonly headerRows: number[] = [];
  private readonly firstDataRow: number;
  private readonly truthColumns: TruthColumn[] = [];
  private readonly done: Promise<void>;

  constructor(private readonly spec: TableSpec) {
    this.name = spec.name;
    this.messy = spec.layout === 'messy';
    this.width = spec.columns.length + (this.messy ? 1 : 0);
    const stream = createWriteStream(spec.path, { mode: 0o600 });
    this.done = new Promise((resolve, reject) => {
      stream.once('close', () => resolve());
      stream.once('error', reject);
    });
    this.wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
    const zip = (this.wb as unknown as { zip: ZipLike }).zip;
    const append = zip.append.bind(zip);
    zip.append = (source, options) => append(source, { ...options, date: FIXED_DATE });
    this.wb.created = FIXED_DATE;
    this.wb.modified = FIXED_DATE;
    this.wb.creator = 'edusync generate';
    this.ws = this.wb.addWorksheet(SHEET_NAME);
    if (this.messy) this.writeMessyHead();
    else {
      const header = this.ws.getRow(this.row);
      spec.columns.forEach((c, i) => {
        const cell = header.getCell(i + 1);
        cell.value = c.header;
        cell.font = { bold: true };
      });
      header.commit();
      this.headerRows.push(this.row++);
      spec.columns.forEach((c, i) => this.truthColumns.push({ column: columnLetter(i), index: i, field: c.key, header: c.header, group: null }));
    }
    this.firstDataRow = this.row;
  }

  private writeMessyHead(): void {
    const { spec, ws } = this;
    const last = this.width;
    spec.titles.forEach((title, i) => {
      const r = ws.getRow(this.row);
      const cell = r.getCell(1);
      cell.value = title;
      cell.font = { bold: true, size: i === spec.titles.length - 1 ? 14 : 12 };
      if (i === spec.titles.length - 1) cell.alignment = { horizontal: 'center' };
      ws.mergeCells(this.row, 1, this.row, i === spec.titles.length - 1 ? last : Math.min(last, 6));
      r.commit();
      this.titleRows.push(this.row++);
    });
    this.row++; // blank row
    const top = this.row;
    const bottom = top + 1;
    const r1 = ws.getRow(top);
    const r2 = ws.getRow(bottom);
    const style = (cell: ExcelJS.Cell): void => {
      cell.font = { bold: true };
      cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
      cell.border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
    };
    const headers: Array<{ text: string; group?: string }> = [{ text: 'STT' }];
    for (const c of spec.columns) {
      if (c.group !== undefined) headers.push({ text: c.short ?? c.header, group: c.group });
      else headers.push({ text: breakHeader(c.header, c.breakAt) });
    }
    const merges: Array<[number, number, number, number]> = [];
    let i = 0;
    while (i < headers.length) {
      const h = headers[i] as { text: string; group?: string };
      if (h.group === undefined) {
        const cell = r1.getCell(i + 1);
        cell.value = h.text;
        style(cell);
        style(r2.getCell(i + 1));
        merges.push([top, i + 1, bottom, i + 1]);
        i++;
        continue;
      }
      let j = i;
      while (j + 1 < headers.length && headers[j + 1]?.group === h.group) j++;
      const groupCell = r1.getCell(i + 1);
      groupCell.value = h.group;
      style(groupCell);
      for (let k = i; k <= j; k++) {
        const sub = r2.getCell(k + 1);
        sub.value = (headers[k] as { text: string }).text;
        style(sub);
        if (k > i) style(r1.getCell(k + 1));
      }
      if (j > i) merges.push([top, i + 1, top, j + 1]);
      i = j + 1;
    }
    for (const [t, l, b, rr] of merges) ws.mergeCells(t, l, b, rr);
    r1.commit();
    r2.commit();
    this.headerRows.push(top, bottom);
    this.row = bottom + 1;
    this.truthColumns.push({ column: 'A', index: 0, field: null, header: 'STT', group: null });
    spec.columns.forEach((c, k) =>
      this.truthColumns.push({
        column: columnLetter(k + 1),
        index: k + 1,
        field: c.key,
        header: c.group !== undefined ? (c.short ?? c.header) : breakHeader(c.header, c.breakAt),
        group: c.group ?? null,
      }),
    );
  }

  get nextRow(): number {
    return this.row;
  }

  write(cells: Cell[]): Promise<void> | undefined {
    const r = this.ws.getRow(this.row++);
    const offset = this.messy ? 2 : 1;
    if (this.messy) {
      const stt = r.getCell(1);
      stt.style = PLAIN_STYLE;
      stt.value = ++this.stt;
    }
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i];
      if (v === null || v === undefined || v === '') continue;
      const cell = r.getCell(i + offset);
      if (isYmd(v)) {
        cell.style = DATE_STYLE;
        cell.value = new Date(ymdToUtc(v));
      } else {
        cell.style = PLAIN_STYLE;
        cell.value = v;
      }
    }
    r.commit();
    if (++this.sinceYield >= 2000) {
      this.sinceYield = 0;
      return new Promise((resolve) => setImmediate(resolve));
    }
    return undefined;
  }

  private textRow(cells: Array<[number, string]>): number {
    const r = this.ws.getRow(this.row);
    for (const [col, text] of cells) {
      const cell = r.getCell(col + 1);
      cell.value = text;
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center' };
    }
    r.commit();
    return this.row++;
  }

  async close(): Promise<TruthFile> {
    const lastDataRow = this.row - 1;
    const footerRows: number[] = [];
    if (this.messy) {
      const f = this.spec.footer;
      const right = Math.max(1, this.width - 3);
      this.row++;
      footerRows.push(this.textRow([[right, f.dateLine]]));
      footerRows.push(this.textRow([[1, f.leftRole], [right, f.rightRole]]));
      this.row += 3;
      footerRows.push(this.textRow([[1, f.leftName], [right, f.rightName]]));
    }
    this.ws.commit();
    await this.wb.commit();
    await this.done;
    await chmod(this.spec.path, 0o600);
    return {
      path: this.spec.name,
      entity: this.spec.entity,
      format: this.spec.format,
      layout: this.spec.layout,
      sheet: SHEET_NAME,
      schema: this.spec.schema,
      titleRows: this.titleRows,
      headerRows: this.headerRows,
      firstDataRow: this.firstDataRow,
      lastDataRow,
      dataRows: lastDataRow - this.firstDataRow + 1,
      footerRows,
      columns: this.truthColumns,
    };
  }
}
