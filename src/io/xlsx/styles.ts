/** Which cell styles show numbers as dates (xl/styles.xml), and Excel serial → calendar date. */
import { attr, tags } from './xml.js';

function isBuiltinDateFormat(id: number): boolean {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

/** A custom number format shows a date when it has d or y (or m next to them) outside quotes, brackets and escapes. */
export function isDateFormatCode(code: string): boolean {
  let s = '';
  for (let i = 0; i < code.length; i++) {
    const c = code[i] as string;
    if (c === '"') {
      const e = code.indexOf('"', i + 1);
      i = e < 0 ? code.length : e;
    } else if (c === '[') {
      const e = code.indexOf(']', i + 1);
      i = e < 0 ? code.length : e;
    } else if (c === '\\' || c === '_' || c === '*') i++;
    else s += c.toLowerCase();
  }
  if (s === 'general') return false;
  return /[dy]/.test(s);
}

/** For each cellXfs index: whether the style is a date format. */
export function parseDateStyles(xml: string): boolean[] {
  const custom = new Map<number, boolean>();
  const fmts = sectionOf(xml, 'numFmts');
  for (const t of tags(fmts, 'numFmt')) {
    const id = Number(attr(t, 'numFmtId'));
    custom.set(id, isDateFormatCode(attr(t, 'formatCode') ?? ''));
  }
  const out: boolean[] = [];
  for (const t of tags(sectionOf(xml, 'cellXfs'), 'xf')) {
    const id = Number(attr(t, 'numFmtId') ?? '0');
    out.push(custom.get(id) ?? isBuiltinDateFormat(id));
  }
  return out;
}

function sectionOf(xml: string, name: string): string {
  const a = xml.indexOf('<' + name);
  if (a < 0) return '';
  const b = xml.indexOf('</' + name + '>', a);
  return b < 0 ? '' : xml.slice(a, b);
}

const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/** Excel serial → yyyy-mm-dd, or undefined when out of Excel's range. Keeps Excel's fictitious 1900-02-29. */
const isoCache = new Map<number, string | undefined>();

export function serialToIso(serial: number, date1904: boolean): string | undefined {
  if (!Number.isFinite(serial) || serial < 0 || serial >= 2_958_466) return undefined;
  const days = Math.floor(serial);
  const key = date1904 ? -days - 1 : days;
  const hit = isoCache.get(key);
  if (hit !== undefined) return hit;
  const iso = computeIso(days, date1904);
  if (isoCache.size < 200_000 && iso !== undefined) isoCache.set(key, iso);
  return iso;
}

function computeIso(days: number, date1904: boolean): string | undefined {
  if (date1904) return new Date(EPOCH_1904 + days * DAY_MS).toISOString().slice(0, 10);
  if (days === 60) return '1900-02-29';
  if (days === 0) return undefined; // Excel's "1900-01-00" (a time of day alone): keep the number
  const ms = days < 60 ? Date.UTC(1899, 11, 31) + days * DAY_MS : EPOCH_1900 + days * DAY_MS;
  return new Date(ms).toISOString().slice(0, 10);
}
