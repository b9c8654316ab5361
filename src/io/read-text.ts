/**
 * csv / tsv reader.
 *
 * Parser choice — measured with bench/parsers/csv.mjs on a generated 1 M-row × 18-column UTF-8 CSV
 * (217 MB of Vietnamese text, 30% of rows with a quoted field), each candidate in its own process,
 * 2-core machine, quiet run (a second run under load from other jobs in brackets):
 *   csv-parse 7.0.3 (stream)          7.1 s  peak RSS  59 MB   [8.5 s]
 *   papaparse 5.7.1 (stream)          3.0 s  peak RSS 181 MB   [5.5 s]
 *   udsv 0.7.3 (chunk API)            1.75 s peak RSS 159 MB   [3.6 s]
 *   this scanner (openFile, batches)  1.75 s peak RSS 153 MB   [2.8 s]
 *   (csvkit `csvclean -n` on the same file: 2.4 s [2.7 s])
 * csv-parse and papaparse cannot meet the target (parse well under ~1.5 s for 176 MB). udsv is as
 * fast but its chunk API gives no line numbers (a quoted line break shifts every later row number),
 * no position for an unterminated quote, and keeps a huge cell in memory until it ends — so the
 * hand-written scanner is used. About 0.45 s of its time is UTF-8 decoding (see decode.ts).
 *
 * How it works: the file is read in CHUNK_BYTES pieces, decoded (decode.ts), and each piece is
 * scanned for complete records; the incomplete tail is carried to the next piece. A line without
 * a quote character takes the fast path (one `split` per line); a record with quotes goes through
 * an RFC 4180 state machine that handles doubled quotes and quoted line breaks. Each piece yields
 * one batch of rows.
 */
import { open } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { ChunkDecoder, looksBinary, sniffEncoding } from './decode.js';
import { columnLetter, type CellValue, type RawRow, type ReadLimits, type SheetSource, type TextSourceInfo } from './types.js';

const CHUNK_BYTES = 512 * 1024;
/** Bytes decoded and scanned at a time inside a read: its text stays below V8's large-object size (128 KiB). */
const PIECE_BYTES = 32 * 1024;
const NONE = Number.MAX_SAFE_INTEGER;

export type Delimiter = ',' | ';' | '\t';

export async function openTextFile(file: string, limits: ReadLimits): Promise<SheetSource> {
  const fh = await open(file, 'r');
  let head: Buffer;
  let size: number;
  try {
    size = (await fh.stat()).size;
    head = Buffer.alloc(Math.min(size, CHUNK_BYTES));
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    head = head.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  const sniffed = sniffEncoding(head);
  if (sniffed === 'binary') throw binaryError(file);
  const decoder = new ChunkDecoder(sniffed.encoding);
  let text = decoder.decode(head.subarray(sniffed.bomLength), head.length >= size);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (looksBinary(text)) throw binaryError(file);
  if (head.length >= size && text.trim() === '') throw emptyError(file);
  const { delimiter, sepLine } = sniffDelimiter(text, head.length >= size);
  const info: TextSourceInfo = { encoding: sniffed.encoding, bomLength: sniffed.bomLength, size, delimiter, sepLine, limits };
  return { file, merges: [], text: info, rows: { [Symbol.asyncIterator]: () => textRows(file, info) } };
}

/** The whole file: the range from the first byte after the BOM to the end, which must hold data. */
function textRows(file: string, info: TextSourceInfo): AsyncGenerator<RawRow[]> {
  return textRangeRows(file, info, { start: info.bomLength, line: 1, end: info.size }, true);
}

/**
 * Rows of the byte range [start, end) of a UTF-8 text file, for the two-thread path
 * (check/parallel.ts). `start` must be a record boundary (just after a line feed outside quotes,
 * see text-split.ts) and `line` the line number there, so rows carry the numbers a whole-file read
 * gives. The range that starts at the file's first byte after the BOM honours `sep=` and drops a
 * leading U+FEFF; a later range keeps a U+FEFF as data, as a whole-file read would.
 *
 * `end` may still be unknown when reading starts (the worker is looking for the cut): it is then
 * awaited only before reading past `noEndBefore`, a byte the cut cannot come before.
 */
export async function* textRangeRows(
  file: string,
  info: TextSourceInfo,
  range: { start: number; line: number } & ({ end: number } | { end: Promise<number>; noEndBefore: number }),
  /** The whole file is being read: a file without any data row is then refused as empty. */
  requireData = false,
): AsyncGenerator<RawRow[]> {
  const atStart = range.start === info.bomLength;
  const fh = await open(file, 'r');
  try {
    const decoder = new ChunkDecoder(info.encoding);
    const scanner = new CsvScanner(file, info.delimiter, info.limits, atStart && info.sepLine, range.line);
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    let end = typeof range.end === 'number' ? range.end : undefined;
    let position = range.start;
    let first = atStart;
    for (;;) {
      if (end === undefined && 'noEndBefore' in range && position + CHUNK_BYTES > range.noEndBefore) end = await range.end;
      // Reads stay on the whole-file grid (bomLength + k × CHUNK_BYTES), so that every batch after a
      // range's first holds the rows the single pass's batch holds: a read error (cell too large…)
      // then drops the same rows either way.
      const grid = CHUNK_BYTES - ((position - info.bomLength) % CHUNK_BYTES);
      const want = Math.min(grid, (end ?? Number.MAX_SAFE_INTEGER) - position);
      const bytesRead = want > 0 ? (await fh.read(buf, 0, want, position)).bytesRead : 0;
      position += bytesRead;
      const final = bytesRead === 0;
      // Decoded and scanned in pieces, yielded as one batch per read: a decoded 512 KiB of
      // Vietnamese text is a 1 MB string, which V8 puts in its large-object space, freed only by a
      // full collection (the heap grew by 2 MB a read, to 100–130 MB between collections); a piece
      // stays in the young generation. The batch and any read error are the read's, as before.
      let batch: RawRow[] | undefined;
      let offset = 0;
      do {
        const stop = Math.min(bytesRead, offset + PIECE_BYTES);
        let text = decoder.decode(buf.subarray(offset, stop), final);
        offset = stop;
        if (first && text.length > 0) {
          if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
          first = false;
        }
        const rows = scanner.push(text, final, offset >= bytesRead);
        if (batch === undefined) batch = rows;
        else for (let i = 0; i < rows.length; i++) batch.push(rows[i]!);
      } while (offset < bytesRead);
      if (batch.length > 0) yield batch;
      if (final) break;
    }
    if (requireData && !scanner.sawData) throw emptyError(file);
  } finally {
    await fh.close();
  }
}

/** Pick the delimiter from the first records of the file; honours Excel's `sep=;` first line. */
export function sniffDelimiter(text: string, complete: boolean): { delimiter: Delimiter; sepLine: boolean } {
  const sep = /^sep=(.)(\r\n|\n|\r|$)/i.exec(text);
  if (sep !== null) {
    const ch = sep[1];
    if (ch === ',' || ch === ';' || ch === '\t') return { delimiter: ch, sepLine: true };
  }
  const candidates: Delimiter[] = ['\t', ';', ','];
  const perLine: number[][] = [[], [], []];
  let counts = [0, 0, 0];
  let inQuotes = false;
  let lines = 0;
  let lineHasText = false;
  const n = text.length;
  let i = 0;
  for (; i < n && lines < 50; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) inQuotes = !inQuotes;
    else if (inQuotes) continue;
    else if (c === 10 || c === 13) {
      if (lineHasText) {
        for (let k = 0; k < 3; k++) perLine[k]!.push(counts[k]!);
        lines++;
      }
      counts = [0, 0, 0];
      lineHasText = false;
      continue;
    } else if (c === 9) counts[0]!++;
    else if (c === 59) counts[1]!++;
    else if (c === 44) counts[2]!++;
    lineHasText = true;
  }
  if (lineHasText && complete && i >= n && lines < 50) {
    for (let k = 0; k < 3; k++) perLine[k]!.push(counts[k]!);
  }
  // Consistent count > 0 on every sampled line, priority tab > ; > ,
  for (let k = 0; k < 3; k++) {
    const c = perLine[k]!;
    if (c.length > 0 && c[0]! > 0 && c.every((x) => x === c[0])) return { delimiter: candidates[k]!, sepLine: false };
  }
  // Otherwise the one present on the most lines.
  let best = 2;
  let bestLines = 0;
  for (let k = 0; k < 3; k++) {
    const present = perLine[k]!.filter((x) => x > 0).length;
    if (present > bestLines) {
      best = k;
      bestLines = present;
    }
  }
  return { delimiter: candidates[best]!, sepLine: false };
}

interface ParsedRecord {
  cells: CellValue[];
  end: number;
  lines: number;
  hasData: boolean;
}

/** Incremental CSV scanner: push decoded text pieces, get complete rows back. */
export class CsvScanner {
  private carry = '';
  /**
   * Cells in the last row split: the next row's array is allocated at that size, where growing an
   * empty one by `push` took two allocations and a copy for a 21-column row.
   */
  private width = 0;
  private line: number;
  private skipFirstLine: boolean;
  sawData = false;

  constructor(
    private readonly file: string,
    private readonly delimiter: Delimiter,
    private readonly limits: ReadLimits,
    sepLine: boolean,
    /** Line number of the first line pushed (a range that starts mid-file, see textRangeRows). */
    startLine = 1,
  ) {
    this.skipFirstLine = sepLine;
    this.line = startLine;
  }

  /**
   * `endOfRead`: the last piece of a read (textRangeRows); only then is an incomplete record
   * checked against the cell limit, so that the error and its character count do not depend on
   * how a read is divided into pieces.
   */
  push(chunk: string, final: boolean, endOfRead = true): RawRow[] {
    const text = this.carry.length > 0 ? this.carry + chunk : chunk;
    this.delimAt = -1;
    const out: RawRow[] = [];
    const len = text.length;
    const d = this.delimiter;
    const maxCell = this.limits.maxCellChars;
    const maxCols = this.limits.maxColumns;
    let pos = 0;
    let line = this.line;
    if (this.skipFirstLine) {
      const lf = text.indexOf('\n');
      const cr = text.indexOf('\r');
      const eol = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
      if (eol < 0 || (eol === len - 1 && text.charCodeAt(eol) === 13)) {
        if (!final) {
          this.carry = text;
          return out;
        }
        this.carry = '';
        return out;
      }
      pos = text.charCodeAt(eol) === 13 && text.charCodeAt(eol + 1) === 10 ? eol + 2 : eol + 1;
      line++;
      this.skipFirstLine = false;
    }
    let nextLF = -1;
    let nextCR = -1;
    let nextQ = -1;
    while (pos < len) {
      if (nextLF < pos) {
        nextLF = text.indexOf('\n', pos);
        if (nextLF < 0) nextLF = NONE;
      }
      if (nextCR < pos) {
        nextCR = text.indexOf('\r', pos);
        if (nextCR < 0) nextCR = NONE;
      }
      if (nextQ < pos) {
        nextQ = text.indexOf('"', pos);
        if (nextQ < 0) nextQ = NONE;
      }
      let eol = nextLF < nextCR ? nextLF : nextCR;
      if (eol === NONE && nextQ !== NONE) {
        const rec = this.parseRecord(text, pos, line, final, nextLF, nextCR);
        if (rec === null) break;
        if (rec.hasData) {
          out.push({ row: line, cells: rec.cells });
          this.sawData = true;
        }
        pos = rec.end;
        line += rec.lines + 1;
        continue;
      }
      let next: number;
      if (eol === NONE) {
        if (!final) break;
        eol = len;
        next = len;
      } else if (text.charCodeAt(eol) === 13) {
        if (eol + 1 < len) next = text.charCodeAt(eol + 1) === 10 ? eol + 2 : eol + 1;
        else if (final) next = eol + 1;
        else break;
      } else next = eol + 1;
      if (nextQ < eol) {
        // A quote on this line. Generated and exported files quote every address ("Ấp 14, Lâm
        // Đồng"), so this is the common case, not the exception: a one-line record whose quoted
        // fields are plain ("…" followed by a delimiter or the line end) is split here; anything
        // else (doubled quotes, quoted line breaks, text after a closing quote, limits) goes to
        // parseRecord, which is the reference for every case. On 1 M rows with one quoted field
        // each, open-and-scan went from ≈ 2.0 s to ≈ 1.9 s (best of 3 on a shared 2-core machine;
        // parseRecord had 14% of a parse-and-build profile, this path now has ≈ 5%).
        const cells = this.splitQuotedLine(text, pos, eol);
        if (cells === null) {
          const rec = this.parseRecord(text, pos, line, final, nextLF, nextCR);
          if (rec === null) break;
          if (rec.hasData) {
            out.push({ row: line, cells: rec.cells });
            this.sawData = true;
          }
          pos = rec.end;
          line += rec.lines + 1;
          continue;
        }
        if (cells.length > 0) {
          out.push({ row: line, cells });
          this.sawData = true;
        }
        line++;
        pos = next;
        continue;
      }
      if (eol > pos) {
        // Fast path: no quote on this line. indexOf + slice beats split() here (bench/parsers/csv.mjs).
        const cells = new Array<CellValue>(this.width);
        let k = 0;
        let hasData = false;
        let p = pos;
        for (;;) {
          let q = this.nextDelimiter(text, d, p);
          if (q > eol) q = eol;
          if (q === p) cells[k++] = null;
          else {
            if (q - p > maxCell) throw this.cellTooLarge(line, k, q - p);
            cells[k++] = text.slice(p, q);
            hasData = true;
          }
          if (q === eol) break;
          p = q + 1;
        }
        if (k !== cells.length) cells.length = k;
        this.width = k;
        if (k > maxCols) throw this.tooManyColumns(line, k);
        if (hasData) {
          out.push({ row: line, cells });
          this.sawData = true;
        }
      }
      line++;
      pos = next;
    }
    this.line = line;
    this.carry = pos < len ? text.slice(pos) : '';
    if (endOfRead && this.carry.length > maxCell) {
      // An incomplete record longer than a cell may be: check it now, so that a huge cell fails
      // after a few pieces instead of being carried to the end of the file.
      this.delimAt = -1; // the cache belongs to `text`; this parse reads the carry
      this.parseRecord(this.carry, 0, line, false);
      if (this.carry.length > maxCols * (maxCell + 3) + 2) throw this.cellTooLarge(line, 0, this.carry.length);
    }
    return out;
  }

  /**
   * Cells of the one-line record [pos, eol) that holds a quote, or null when parseRecord must
   * decide (see the caller). An empty array means a record without data.
   */
  /**
   * Position of the next delimiter at or after `p` in this piece, or `text.length` when none. The
   * last search is remembered: on lines without a delimiter, searching afresh from every line ran
   * to the next delimiter or the end of the 512 KiB piece each time — quadratic (hostile corpus:
   * 10 MB of one-column lines took 17 s instead of 2 s).
   */
  private nextDelimiter(text: string, d: string, p: number): number {
    // Valid only between where the last search started and what it found: a line that the quick
    // splitter gives up on is parsed again from its start, behind the last search.
    if (p < this.delimFrom || this.delimAt < p) {
      const q = text.indexOf(d, p);
      this.delimAt = q < 0 ? text.length : q;
      this.delimFrom = p;
    }
    return this.delimAt;
  }

  /** Cache of `nextDelimiter` for the current piece: [delimFrom, delimAt) holds no delimiter (delimAt -1: none yet). */
  private delimAt = -1;
  private delimFrom = 0;

  private splitQuotedLine(text: string, pos: number, eol: number): CellValue[] | null {
    const d = this.delimiter;
    const dc = d.charCodeAt(0);
    const maxCell = this.limits.maxCellChars;
    const maxCols = this.limits.maxColumns;
    const cells = new Array<CellValue>(this.width);
    let k = 0;
    let hasData = false;
    let p = pos;
    for (;;) {
      if (k >= maxCols) return null;
      let end: number;
      if (p < eol && text.charCodeAt(p) === 34) {
        const close = text.indexOf('"', p + 1);
        if (close < 0 || close > eol) return null;
        end = close + 1;
        if (end < eol && text.charCodeAt(end) !== dc) return null;
        if (close - p - 1 > maxCell) return null;
        if (close === p + 1) cells[k++] = null;
        else {
          cells[k++] = text.slice(p + 1, close);
          hasData = true;
        }
      } else {
        end = this.nextDelimiter(text, d, p);
        if (end > eol) end = eol;
        if (end === p) cells[k++] = null;
        else {
          if (end - p > maxCell) return null;
          cells[k++] = text.slice(p, end);
          hasData = true;
        }
      }
      if (end >= eol) break;
      p = end + 1;
    }
    this.width = k;
    cells.length = hasData ? k : 0;
    return cells;
  }

  /**
   * Parse one record at `pos` (RFC 4180). Returns null when the record is incomplete and more text
   * is coming. Throws on limits, and on an unterminated quote at the end of the file.
   */
  private parseRecord(
    text: string,
    pos: number,
    line: number,
    final: boolean,
    lfHint = -1,
    crHint = -1,
  ): ParsedRecord | null {
    const len = text.length;
    const dStr = this.delimiter;
    const d = dStr.charCodeAt(0);
    const maxCell = this.limits.maxCellChars;
    const cells: CellValue[] = [];
    // Next line breaks at or after `pos` as already found by the caller (NONE: none in `text`).
    let nextLF = lfHint >= pos ? Math.min(lfHint, len) : -1;
    let nextCR = crHint >= pos ? Math.min(crHint, len) : -1;
    let lines = 0;
    let hasData = false;
    let i = pos;
    for (;;) {
      let value = '';
      const col = cells.length;
      if (col >= this.limits.maxColumns) throw this.tooManyColumns(line, col + 1);
      if (i < len && text.charCodeAt(i) === 34) {
        const quoteLine = line + lines;
        i++;
        let segStart = i;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0 || (q + 1 >= len && !final)) {
            const soFar = value.length + len - segStart;
            if (soFar > maxCell) {
              const tail = value + text.slice(segStart, Math.min(len, segStart + 1));
              throw /[\r\n]/.test(tail) || /[\r\n]/.test(text.slice(segStart, segStart + maxCell))
                ? this.unterminated(quoteLine, maxCell)
                : this.cellTooLarge(line, col, soFar);
            }
            if (q < 0 && final) throw this.unterminated(quoteLine);
            return null;
          }
          if (text.charCodeAt(q + 1) === 34) {
            value += text.slice(segStart, q + 1);
            i = q + 2;
            segStart = i;
            continue;
          }
          value += text.slice(segStart, q);
          i = q + 1;
          break;
        }
        lines += countLineBreaks(value);
      }
      // Unquoted field, or text after a closing quote (kept as written).
      const start = i;
      if (nextLF < i) {
        nextLF = text.indexOf('\n', i);
        if (nextLF < 0) nextLF = len;
      }
      if (nextCR < i) {
        nextCR = text.indexOf('\r', i);
        if (nextCR < 0) nextCR = len;
      }
      const eol = nextLF < nextCR ? nextLF : nextCR;
      const q = this.nextDelimiter(text, dStr, i);
      i = q > eol ? eol : q;
      if (i > start) value += text.slice(start, i);
      if (value.length > maxCell) throw this.cellTooLarge(line, col, value.length);
      if (value.length > 0) {
        cells.push(value);
        hasData = true;
      } else cells.push(null);
      if (i >= len) {
        if (!final) return null;
        return { cells, end: len, lines, hasData };
      }
      const c = text.charCodeAt(i);
      if (c === d) {
        i++;
        continue;
      }
      if (c === 13) {
        if (i + 1 >= len && !final) return null;
        return { cells, end: text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1, lines, hasData };
      }
      return { cells, end: i + 1, lines, hasData };
    }
  }

  private cellTooLarge(row: number, col: number, chars: number): InputError {
    const max = this.limits.maxCellChars.toLocaleString('en-US');
    return new InputError({ file: this.file, row, column: columnLetter(col) }, 'cell-too-large', {
      vi: `ô quá lớn (hơn ${max} ký tự, đã đọc ${chars.toLocaleString('en-US')}); tệp có thể bị hỏng`,
      en: `cell too large (over ${max} characters, read ${chars.toLocaleString('en-US')}); the file may be damaged`,
    });
  }

  private tooManyColumns(row: number, n: number): InputError {
    const max = this.limits.maxColumns;
    return new InputError({ file: this.file, row }, 'too-many-columns', {
      vi: `quá nhiều cột (${n} > ${max}); kiểm tra dấu phân cách hoặc tệp có bị hỏng không`,
      en: `too many columns (${n} > ${max}); check the delimiter or whether the file is damaged`,
    });
  }

  private unterminated(row: number, within?: number): InputError {
    const w = within === undefined ? '' : ` (${within.toLocaleString('en-US')})`;
    return new InputError({ file: this.file, row }, 'unterminated-quote', {
      vi: `dấu ngoặc kép (") mở ở dòng này không được đóng${w === '' ? ' đến cuối tệp' : ` trong giới hạn một ô${w}`}`,
      en: `a double quote (") opened on this row is never closed${w === '' ? ' before the end of the file' : ` within one cell's limit${w}`}`,
    });
  }
}

function countLineBreaks(s: string): number {
  let n = 0;
  let i = s.indexOf('\n');
  while (i >= 0) {
    n++;
    i = s.indexOf('\n', i + 1);
  }
  let j = s.indexOf('\r');
  while (j >= 0) {
    if (s.charCodeAt(j + 1) !== 10) n++;
    j = s.indexOf('\r', j + 1);
  }
  return n;
}

function binaryError(file: string): InputError {
  return new InputError({ file }, 'binary', {
    vi: 'tệp không phải văn bản (csv/tsv) cũng không phải bảng tính Excel (.xlsx)',
    en: 'the file is neither text (csv/tsv) nor an Excel workbook (.xlsx)',
  });
}

export function emptyError(file: string, sheet?: string): InputError {
  return new InputError({ file, sheet }, 'empty', {
    vi: 'tệp trống, không có dữ liệu',
    en: 'the file is empty: no data',
  });
}
