/**
 * Text writers: `csv` (UTF-8, comma, LF), `csv-semicolon-bom` (UTF-8 with BOM, semicolon, CRLF —
 * what Excel writes in locales with a decimal comma) and `tsv-utf16` (Excel's "Unicode Text":
 * UTF-16LE with BOM, tab, CRLF). Rows are buffered into ~1 MB chunks on an fs.WriteStream, so a
 * million rows need bounded memory. Fields with the delimiter, a quote or a line break are quoted
 * (RFC 4180); the generator never produces values that start with = + - @.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { columnLetter } from './columns.js';
import { formatDmy, isYmd } from './people.js';
import type { Cell, TableSpec, TableWriter } from './table.js';
import type { TruthFile } from './truth.js';

const CHUNK = 1 << 20;

export class TextTableWriter implements TableWriter {
  readonly name: string;
  readonly sheet = undefined;
  private readonly stream: WriteStream;
  private readonly delim: string;
  private readonly eol: string;
  private readonly utf16: boolean;
  private readonly needsQuote: RegExp;
  private readonly messy: boolean;
  private readonly width: number;
  /**
   * Rows are encoded straight into this buffer, so each row's string dies young; appending to one
   * 1 MB string instead kept ~20 000 cons-string pieces alive per chunk, which the GC promoted and
   * then had to collect (a third of the run time for a million rows).
   */
  private buffer = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  private readonly encoding: 'utf8' | 'utf16le';
  /** Bytes one UTF-16 code unit can take in the output encoding. */
  private readonly unitBytes: number;
  private line = 1;
  private stt = 0;
  private readonly titleRows: number[] = [];
  private readonly headerRows: number[] = [];
  private firstDataRow = 0;

  constructor(private readonly spec: TableSpec) {
    this.name = spec.name;
    this.delim = spec.format === 'tsv-utf16' ? '\t' : spec.format === 'csv-semicolon-bom' ? ';' : ',';
    this.eol = spec.format === 'csv' ? '\n' : '\r\n';
    this.utf16 = spec.format === 'tsv-utf16';
    this.encoding = this.utf16 ? 'utf16le' : 'utf8';
    this.unitBytes = this.utf16 ? 2 : 3;
    this.needsQuote = new RegExp(`["\\r\\n${this.delim === '\t' ? '\\t' : this.delim}]`);
    this.messy = spec.layout === 'messy';
    this.width = spec.columns.length + (this.messy ? 1 : 0);
    this.stream = createWriteStream(spec.path, { mode: 0o600 });
    if (spec.format === 'tsv-utf16') this.stream.write(Buffer.from([0xff, 0xfe]));
    if (spec.format === 'csv-semicolon-bom') this.stream.write(Buffer.from([0xef, 0xbb, 0xbf]));
    if (this.messy) {
      for (const title of spec.titles) this.titleRows.push(this.rawLine([title]));
      this.rawLine([]);
    }
    const headers = spec.columns.map((c) => c.header);
    this.headerRows.push(this.rawLine(this.messy ? ['STT', ...headers] : headers));
    this.firstDataRow = this.line;
  }

  get nextRow(): number {
    return this.line;
  }

  private field(value: Cell): string {
    if (value === null) return '';
    if (typeof value === 'number') return String(value);
    const text = isYmd(value) ? formatDmy(value) : value;
    return this.needsQuote.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }

  /** A line padded with delimiters to the table width, as Excel exports it. */
  private rawLine(cells: Cell[]): number {
    const parts: string[] = [];
    for (let i = 0; i < this.width; i++) parts.push(this.field(cells[i] ?? null));
    this.push(parts.join(this.delim));
    return this.line++;
  }

  private push(text: string): Promise<void> | undefined {
    const max = (text.length + this.eol.length) * this.unitBytes;
    let pending: Promise<void> | undefined;
    if (this.used + max > this.buffer.length) {
      pending = this.flush();
      if (max > this.buffer.length) this.buffer = Buffer.allocUnsafe(max);
    }
    this.used += this.buffer.write(text, this.used, this.encoding);
    this.used += this.buffer.write(this.eol, this.used, this.encoding);
    if (pending) return pending;
    return this.used >= CHUNK - 4096 ? this.flush() : undefined;
  }

  private flush(): Promise<void> | undefined {
    if (this.used === 0) return undefined;
    // The stream keeps the bytes until written: hand this buffer over and start a new one.
    const data = this.buffer.subarray(0, this.used);
    this.buffer = Buffer.allocUnsafe(CHUNK);
    this.used = 0;
    if (this.stream.write(data)) return undefined;
    return new Promise((resolve) => this.stream.once('drain', resolve));
  }

  write(cells: Cell[]): Promise<void> | undefined {
    let out = '';
    if (this.messy) out = String(++this.stt) + this.delim;
    const n = cells.length;
    for (let i = 0; i < n; i++) {
      if (i > 0) out += this.delim;
      out += this.field(cells[i] ?? null);
    }
    this.line++;
    return this.push(out);
  }

  async close(): Promise<TruthFile> {
    const lastDataRow = this.line - 1;
    const footerRows: number[] = [];
    if (this.messy) {
      const f = this.spec.footer;
      const right = Math.max(1, this.width - 3);
      this.rawLine([]);
      const dateCells: Cell[] = [];
      dateCells[right] = f.dateLine;
      footerRows.push(this.rawLine(dateCells));
      const roles: Cell[] = [];
      roles[1] = f.leftRole;
      roles[right] = f.rightRole;
      footerRows.push(this.rawLine(roles));
      this.rawLine([]);
      const names: Cell[] = [];
      names[1] = f.leftName;
      names[right] = f.rightName;
      footerRows.push(this.rawLine(names));
    }
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
    await chmod(this.spec.path, 0o600);
    const offset = this.messy ? 1 : 0;
    return {
      path: this.spec.name,
      entity: this.spec.entity,
      format: this.spec.format,
      layout: this.spec.layout,
      schema: this.spec.schema,
      titleRows: this.titleRows,
      headerRows: this.headerRows,
      firstDataRow: this.firstDataRow,
      lastDataRow,
      dataRows: lastDataRow - this.firstDataRow + 1,
      footerRows,
      columns: [
        ...(this.messy ? [{ column: 'A', index: 0, field: null, header: 'STT', group: null }] : []),
        ...this.spec.columns.map((c, i) => ({ column: columnLetter(i + offset), index: i + offset, field: c.key, header: c.header, group: null })),
      ],
    };
  }
}
