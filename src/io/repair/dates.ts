/**
 * Dates → ISO yyyy-mm-dd.
 *
 * Accepted as written (no finding): Excel date cells, dd/mm/yyyy (the portal's form), d/m/yyyy,
 * dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd (each optionally followed by a time of day, which is dropped).
 * A number, or digits-only text, is an Excel serial (1900 date system, with Lotus's phantom
 * 1900-02-29) → repair `excel-serial-date`, when it falls in 1900–2100. A year alone, two-digit
 * years and anything else → problem `not-a-date`; 31/02/2012 → `impossible-date`.
 */
import type { CellValue } from '../types.js';
import type { FieldValue } from '../record.js';
import { addRepair, cellText, type CellReader, type ReadSink } from './sink.js';
import { cleanText } from './text.js';

const DMY = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const YMD = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/;
const SERIAL_TEXT = /^\d{1,5}(?:\.\d+)?$/;

/** Last serial in the plausible range: 2100-12-31. */
const MAX_SERIAL = 73415;
const MS_PER_DAY = 86_400_000;
/** 1899-12-30: day 0 of the 1900 system for serials ≥ 61 (after the phantom 29 February). */
const EPOCH = Date.UTC(1899, 11, 30);

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** ISO date of a calendar date, or null when it does not exist. */
export function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  // A year before 1000 ("1/1/0999") is still written with four digits; DL-007 judges it.
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * ISO date of an Excel serial (1900 system); null outside 1900–2100 or for the phantom
 * 1900-02-29 (serial 60). Fractions (a time of day) are dropped.
 */
export function excelSerialToIso(serial: number): string | null {
  const whole = Math.floor(serial);
  if (!(whole >= 1 && whole <= MAX_SERIAL) || whole === 60) return null;
  const days = whole < 60 ? whole + 1 : whole; // serials 1–59 sit one day later on the real calendar
  const d = new Date(EPOCH + days * MS_PER_DAY);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

function serial(value: number, text: string, sink: ReadSink): FieldValue {
  // a four-digit number that reads as a year is a year, not a day of 1905
  if (value >= 1900 && value <= 2100 && Number.isInteger(value)) {
    sink.problem = { kind: 'not-a-date' };
    return text;
  }
  const iso = excelSerialToIso(value);
  if (iso === null) {
    sink.problem = { kind: value === 60 ? 'impossible-date' : 'not-a-date' };
    return text;
  }
  addRepair(sink, 'excel-serial-date', text, iso);
  return iso;
}

function digitAt(s: string, i: number): number {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
}

/**
 * The portal's own form "dd/mm/yyyy", without regex or allocation: the ISO date, '' for an
 * impossible date, null when the text is not exactly in that form.
 */
function fastDmy(s: string): string | null {
  if (s.length !== 10 || s.charCodeAt(2) !== 47 || s.charCodeAt(5) !== 47) return null;
  const d1 = digitAt(s, 0), d2 = digitAt(s, 1), m1 = digitAt(s, 3), m2 = digitAt(s, 4);
  const y1 = digitAt(s, 6), y2 = digitAt(s, 7), y3 = digitAt(s, 8), y4 = digitAt(s, 9);
  if ((d1 | d2 | m1 | m2 | y1 | y2 | y3 | y4) < 0) return null;
  const day = d1 * 10 + d2;
  const month = m1 * 10 + m2;
  const year = y1 * 1000 + y2 * 100 + y3 * 10 + y4;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return '';
  return `${s.slice(6, 10)}-${s.slice(3, 5)}-${s.slice(0, 2)}`;
}

export function readDate(cell: CellValue, sink: ReadSink): FieldValue {
  if (cell === null) return null;
  if (typeof cell === 'object') {
    // A date cell is only as good as the file: t="d" can say 2024-02-31, and serial 60 is Lotus's
    // phantom 1900-02-29. Check the calendar like any other date.
    const m = ISO.exec(cell.iso);
    if (m !== null && isoDate(Number(m[1]), Number(m[2]), Number(m[3])) !== null) return cell.iso;
    sink.problem = { kind: 'impossible-date' };
    return cell.iso;
  }
  if (typeof cell === 'number') return serial(cell, cellText(cell), sink);
  if (typeof cell === 'boolean') {
    sink.problem = { kind: 'not-a-date' };
    return cellText(cell);
  }
  const fast = fastDmy(cell);
  if (fast !== null) {
    if (fast === '') {
      sink.problem = { kind: 'impossible-date' };
      return cell;
    }
    return fast;
  }
  const text = cleanText(cell, null);
  if (text === null) return null;
  let m = DMY.exec(text);
  if (m !== null) {
    const iso = isoDate(Number(m[4]), Number(m[3]), Number(m[1]));
    if (iso === null) sink.problem = { kind: 'impossible-date' };
    return iso ?? text;
  }
  m = YMD.exec(text);
  if (m !== null) {
    const iso = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (iso === null) sink.problem = { kind: 'impossible-date' };
    return iso ?? text;
  }
  if (SERIAL_TEXT.test(text)) return serial(Number(text), text, sink);
  sink.problem = { kind: 'not-a-date' };
  return text;
}

/**
 * `readDate` for one field, remembering its last clean text cell: a column of dates repeats itself
 * (every status date of a school year, a class's birth years), and the memo skips the parse and
 * the new ISO string. Only short cells are kept (a substring under 13 characters is a copy, so the
 * memo cannot hold a text chunk alive; see io/detach.ts).
 */
export function createDateReader(): CellReader {
  let lastCell: string | undefined;
  let lastIso = '';
  return (cell: CellValue, sink: ReadSink): FieldValue => {
    if (typeof cell === 'string' && cell === lastCell) return lastIso;
    const value = readDate(cell, sink);
    if (typeof cell === 'string' && cell.length < 13 && typeof value === 'string' && sink.problem === undefined && sink.repairs === undefined) {
      lastCell = cell;
      lastIso = value;
    }
    return value;
  };
}
