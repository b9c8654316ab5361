/**
 * Streaming scanners over worksheet and shared-string XML text. Text arrives in pieces; complete
 * elements are parsed and the incomplete tail is carried. Every carried tail is bounded: a cell or
 * shared string whose XML grows past RAW_CELL_CAP characters is refused (or skipped) right away.
 */
import { InputError } from '../../errors.js';
import { columnLetter, type CellValue, type MergeRange, type RawRow, type ReadLimits } from '../types.js';
import { serialToIso } from './styles.js';
import { decodeXmlText, xmlEntities } from './xml.js';

/** Marks a shared string over the cell limit; refused with a position when a cell uses it. */
export const TOO_LARGE: unique symbol = Symbol('too-large');
export type SharedString = string | null | typeof TOO_LARGE;

/** Largest raw XML text of one cell / shared string that is kept in memory while looking for its end. */
export function rawCellCap(limits: ReadLimits): number {
  return limits.maxCellChars * 12 + 65_536;
}
const ROW_CAP_CHARS = 64 * 1024 * 1024;

export interface SheetContext {
  file: string;
  sheet: string;
  limits: ReadLimits;
  shared: SharedString[];
  dateStyles: boolean[];
  date1904: boolean;
}

/** Text of all `<t>` runs in a string item or inline string, without phonetic runs (`<rPh>`). */
export function richText(body: string): string {
  let b = body;
  if (b.indexOf('<rPh') >= 0) b = b.replace(/<rPh[\s\S]*?<\/rPh>/g, '');
  let s = '';
  let k = b.indexOf('<t');
  while (k >= 0) {
    const c = b.charCodeAt(k + 2);
    const gt = b.indexOf('>', k);
    if (gt < 0) break;
    if ((c === 62 || c === 32) && b.charCodeAt(gt - 1) !== 47) {
      const te = b.indexOf('</t>', gt);
      if (te < 0) break;
      s += b.slice(gt + 1, te);
      k = b.indexOf('<t', te + 4);
    } else k = b.indexOf('<t', gt);
  }
  return decodeXmlText(s);
}

function isTagEnd(c: number): boolean {
  return c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13;
}

export class SheetScanner {
  private carry = '';
  private phase: 0 | 1 | 2 = 0; // before <sheetData>, in it, after it
  private lastRow = 0;
  private readonly cap: number;

  constructor(private readonly ctx: SheetContext) {
    this.cap = rawCellCap(ctx.limits);
  }

  push(piece: string, final: boolean): RawRow[] {
    const out: RawRow[] = [];
    if (this.phase === 2) return out;
    const t = this.carry.length > 0 ? this.carry + piece : piece;
    this.carry = '';
    let pos = 0;
    if (this.phase === 0) {
      const sd = t.indexOf('<sheetData');
      const prolog = sd < 0 ? t : t.slice(0, sd);
      if (prolog.indexOf('<!DOCTYPE') >= 0 || prolog.indexOf('<!ENTITY') >= 0) throw xmlEntities(this.ctx.file, this.ctx.sheet);
      if (sd < 0) {
        if (!final) this.carry = t.slice(-16);
        return out;
      }
      const gt = t.indexOf('>', sd);
      if (gt < 0) {
        if (!final) this.carry = t.slice(sd);
        return out;
      }
      if (t.charCodeAt(gt - 1) === 47) {
        this.phase = 2;
        return out;
      }
      this.phase = 1;
      pos = gt + 1;
    }
    const len = t.length;
    while (pos < len) {
      const lt = t.indexOf('<', pos);
      if (lt < 0) {
        pos = len;
        break;
      }
      if (t.charCodeAt(lt + 1) === 114 && t.startsWith('<row', lt) && isTagEnd(t.charCodeAt(lt + 4))) {
        const gt = t.indexOf('>', lt);
        if (gt < 0) {
          pos = lt;
          break;
        }
        const rowNum = this.rowNumber(t, lt + 4, gt);
        if (t.charCodeAt(gt - 1) === 47) {
          this.lastRow = rowNum;
          pos = gt + 1;
          continue;
        }
        const end = t.indexOf('</row>', gt);
        if (end < 0) {
          this.guard(t, lt, rowNum);
          pos = lt;
          break;
        }
        this.lastRow = rowNum;
        const cells = this.cells(t, gt + 1, end, rowNum);
        if (cells !== null) out.push({ row: rowNum, cells });
        pos = end + 6;
      } else if (t.startsWith('</sheetData', lt)) {
        this.phase = 2;
        return out;
      } else {
        const gt = t.indexOf('>', lt);
        if (gt < 0) {
          pos = lt;
          break;
        }
        pos = gt + 1;
      }
    }
    if (pos < len && !final) this.carry = t.slice(pos);
    return out;
  }

  private rowNumber(t: string, from: number, to: number): number {
    const i = t.indexOf(' r=', from);
    if (i >= 0 && i < to) {
      let n = 0;
      let k = i + 4;
      for (let c = t.charCodeAt(k); c >= 48 && c <= 57; c = t.charCodeAt(++k)) n = n * 10 + c - 48;
      // Excel writes rows in increasing order; a crafted sheet that goes backwards or repeats a row
      // gets positions instead, so every reader keeps its promise of strictly increasing rows.
      if (n > this.lastRow) return n;
    }
    return this.lastRow + 1;
  }

  /** An incomplete row at the end of a piece: refuse it if its last cell (or the row) is already too large. */
  private guard(t: string, rowStart: number, rowNum: number): void {
    const rowLen = t.length - rowStart;
    if (rowLen <= this.cap) return;
    let lastC = -1;
    let count = 0;
    for (let k = t.indexOf('<c', rowStart); k >= 0; k = t.indexOf('<c', k + 2)) {
      if (isTagEnd(t.charCodeAt(k + 2))) {
        lastC = k;
        count++;
      }
    }
    if (lastC >= 0 && (t.length - lastC > this.cap || rowLen > ROW_CAP_CHARS)) {
      const gt = t.indexOf('>', lastC);
      let col = count - 1;
      if (gt > 0) {
        const r = / r="([A-Z]+)/.exec(t.slice(lastC, gt));
        if (r !== null) col = lettersToIndex(r[1] as string);
      }
      throw cellTooLarge(this.ctx, rowNum, col, t.length - lastC);
    }
    if (rowLen > ROW_CAP_CHARS) throw cellTooLarge(this.ctx, rowNum, 0, rowLen);
  }

  private cells(t: string, start: number, end: number, rowNum: number): CellValue[] | null {
    const ctx = this.ctx;
    const maxCols = ctx.limits.maxColumns;
    const maxCell = ctx.limits.maxCellChars;
    const cells: CellValue[] = [];
    let next = 0;
    let hasData = false;
    let p = start;
    for (;;) {
      const c = t.indexOf('<c', p);
      if (c < 0 || c >= end) break;
      if (!isTagEnd(t.charCodeAt(c + 2))) {
        p = c + 2;
        continue;
      }
      const gt = t.indexOf('>', c);
      // attributes r, t, s
      let col = -1;
      let type = 0; // char code of the t attribute's first letter; 0 = number
      let typeLen = 0;
      let style = 0;
      let i = c + 2;
      for (;;) {
        const eq = t.indexOf('=', i);
        if (eq < 0 || eq >= gt) break;
        const quote = t.charCodeAt(eq + 1);
        const close = t.indexOf(quote === 39 ? "'" : '"', eq + 2);
        if (close < 0 || close >= gt) break;
        if (t.charCodeAt(eq - 2) <= 32) {
          const name = t.charCodeAt(eq - 1);
          if (name === 114) {
            // r="AB12"
            let n = 0;
            let k = eq + 2;
            for (let ch = t.charCodeAt(k); ch >= 65 && ch <= 90; ch = t.charCodeAt(++k)) n = n * 26 + ch - 64;
            if (n > 0) col = n - 1;
          } else if (name === 116) {
            type = t.charCodeAt(eq + 2);
            typeLen = close - eq - 2;
          } else if (name === 115) {
            let n = 0;
            for (let k = eq + 2; k < close; k++) n = n * 10 + t.charCodeAt(k) - 48;
            style = n;
          }
        }
        i = close + 1;
      }
      if (col < 0) col = next;
      if (col >= maxCols) throw tooManyColumns(ctx, rowNum, col);
      next = col + 1;
      if (t.charCodeAt(gt - 1) === 47) {
        p = gt + 1;
        continue;
      }
      const ce = t.indexOf('</c>', gt);
      const cEnd = ce < 0 || ce > end ? end : ce;
      p = cEnd + 4;
      let value: CellValue = null;
      if (type === 105 && typeLen === 9) {
        // inlineStr
        const s = richText(t.slice(gt + 1, cEnd));
        if (s.length > maxCell) throw cellTooLarge(ctx, rowNum, col, s.length);
        value = s.length > 0 ? s : null;
      } else {
        const v = t.indexOf('<v', gt);
        if (v < 0 || v >= cEnd) continue;
        const vgt = t.indexOf('>', v);
        if (t.charCodeAt(vgt - 1) === 47) continue;
        const ve = t.indexOf('</v>', vgt);
        if (ve < 0 || ve > cEnd) continue;
        const raw = t.slice(vgt + 1, ve);
        if (raw.length === 0) continue;
        if (type === 0 || type === 110) {
          const n = +raw;
          if (Number.isNaN(n)) value = decodeXmlText(raw);
          else if (ctx.dateStyles[style] === true) {
            const iso = serialToIso(n, ctx.date1904);
            value = iso === undefined ? n : { kind: 'date', iso };
          } else value = n;
        } else if (type === 115 && typeLen === 1) {
          const sv = ctx.shared[+raw];
          if (sv === TOO_LARGE) throw cellTooLarge(ctx, rowNum, col, maxCell + 1);
          value = sv ?? null;
        } else if (type === 98) {
          value = raw === '1' || raw === 'true';
        } else if (type === 100 && typeLen === 1) {
          value = /^\d{4}-\d{2}-\d{2}/.test(raw) ? { kind: 'date', iso: raw.slice(0, 10) } : decodeXmlText(raw);
        } else {
          // str (formula result), e (error such as #N/A), anything else: text
          const s = decodeXmlText(raw);
          if (s.length > maxCell) throw cellTooLarge(ctx, rowNum, col, s.length);
          value = s.length > 0 ? s : null;
        }
      }
      if (value !== null) {
        while (cells.length < col) cells.push(null);
        cells[col] = value;
        hasData = true;
      }
    }
    return hasData ? cells : null;
  }
}

export function lettersToIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + letters.charCodeAt(i) - 64;
  return n - 1;
}

/** "A5:C5" → MergeRange (0-based columns, 1-based rows); undefined when malformed. */
export function parseRange(ref: string): MergeRange | undefined {
  const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/.exec(ref.trim().toUpperCase());
  if (m === null) return undefined;
  const left = lettersToIndex(m[1] as string);
  const top = Number(m[2]);
  const right = m[3] === undefined ? left : lettersToIndex(m[3]);
  const bottom = m[4] === undefined ? top : Number(m[4]);
  return { top: Math.min(top, bottom), left: Math.min(left, right), bottom: Math.max(top, bottom), right: Math.max(left, right) };
}

/** Streaming loader of xl/sharedStrings.xml. */
export class SharedStringsScanner {
  readonly strings: SharedString[] = [];
  private carry = '';
  private skipping = false;
  private started = false;
  private readonly cap: number;

  constructor(
    private readonly file: string,
    private readonly limits: ReadLimits,
  ) {
    this.cap = rawCellCap(limits);
  }

  push(piece: string, final: boolean): void {
    let t = this.carry.length > 0 ? this.carry + piece : piece;
    this.carry = '';
    if (!this.started) {
      const first = t.indexOf('<si');
      const prolog = first < 0 ? t : t.slice(0, first);
      if (prolog.indexOf('<!DOCTYPE') >= 0 || prolog.indexOf('<!ENTITY') >= 0) throw xmlEntities(this.file, 'xl/sharedStrings.xml');
      if (first < 0) {
        if (!final) this.carry = t.slice(-16);
        return;
      }
      this.started = true;
    }
    let pos = 0;
    if (this.skipping) {
      const e = t.indexOf('</si>');
      if (e < 0) {
        if (!final) this.carry = t.slice(-8);
        return;
      }
      this.skipping = false;
      pos = e + 5;
    }
    const maxCell = this.limits.maxCellChars;
    for (;;) {
      const si = t.indexOf('<si', pos);
      if (si < 0) {
        pos = t.length;
        break;
      }
      const gt = t.indexOf('>', si);
      if (gt < 0) {
        pos = si;
        break;
      }
      if (!isTagEnd(t.charCodeAt(si + 3))) {
        pos = si + 3;
        continue;
      }
      if (t.charCodeAt(gt - 1) === 47) {
        this.strings.push(null);
        pos = gt + 1;
        continue;
      }
      const end = t.indexOf('</si>', gt);
      if (end < 0) {
        if (t.length - si > this.cap) {
          this.strings.push(TOO_LARGE);
          this.skipping = true;
          pos = t.length;
        } else pos = si;
        break;
      }
      const s = richText(t.slice(gt + 1, end));
      this.strings.push(s.length > maxCell ? TOO_LARGE : s.length > 0 ? s : null);
      pos = end + 5;
    }
    if (!final && pos < t.length) this.carry = t.slice(pos);
    if (this.skipping && !final) this.carry = t.slice(-8);
  }
}

export function cellTooLarge(ctx: SheetContext, row: number, col: number, chars: number): InputError {
  const max = ctx.limits.maxCellChars.toLocaleString('en-US');
  return new InputError({ file: ctx.file, sheet: ctx.sheet, row, column: columnLetter(col) }, 'cell-too-large', {
    vi: `ô quá lớn (hơn ${max} ký tự, giới hạn của Excel; đã thấy ${chars.toLocaleString('en-US')}); tệp có thể bị hỏng hoặc độc hại`,
    en: `cell too large (over ${max} characters, Excel's limit; saw ${chars.toLocaleString('en-US')}); the file may be damaged or malicious`,
  });
}

export function tooManyColumns(ctx: SheetContext, row: number, col: number): InputError {
  return new InputError({ file: ctx.file, sheet: ctx.sheet, row, column: columnLetter(col) }, 'too-many-columns', {
    vi: `quá nhiều cột (cột thứ ${col + 1}, giới hạn ${ctx.limits.maxColumns})`,
    en: `too many columns (column ${col + 1}, limit ${ctx.limits.maxColumns})`,
  });
}
