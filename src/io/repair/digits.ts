/**
 * Identifier-like fields: `id` (opaque codes), `personalId` (12-digit số định danh), `phone`.
 *
 * - Numbers (Excel turned the ID into a number) → integer text. Below 1e15 a double holds every
 *   digit; from 1e15 on, or as scientific-notation text ("1.23457E+11"), digits may be lost for
 *   good → problem `scientific-notation`.
 * - `padTo`: an all-digit value 1–2 digits short is left-padded with zeros → repair `leading-zero`.
 * - personalId: spaces, dots and dashes are dropped silently; anything else that is not a digit →
 *   problem `not-digits` (the cleaned text stays as the value).
 * - phone: spaces, dots, dashes and brackets dropped silently; +84 / 0084 / 84 → leading 0 silently.
 * - id: kept as text (whitespace-cleaned); only padded when `padTo` is set.
 */
import type { CellValue } from '../types.js';
import type { Field } from '../../schema/format.js';
import type { FieldValue } from '../record.js';
import { addRepair, cellText, type CellReader, type ReadSink } from './sink.js';
import { cleanText } from './text.js';

const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?E[+-]?\d+$/i;
/**
 * True when `s` is exactly `n` ASCII digits (n = -1: any length ≥ 1). A loop beats the regex on
 * short IDs. The one copy: the readers here and the rules (rules/utils/values.ts) share it.
 */
export function isDigits(s: string, n = -1): boolean {
  if (n >= 0 && s.length !== n) return false;
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * The value of `s` when it is 1 to `maxLength` ASCII digits (at most 15, so that the value is
 * exact), or -1. The one digit-value loop: integer cells (numbers.ts) and the duplicate keys of the
 * rules (rules/utils/values.ts digitKey) share it.
 */
export function digitsValue(s: string, maxLength: number): number {
  const len = s.length;
  if (len === 0 || len > maxLength) return -1;
  let n = 0;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** The regex only for text that could match: an all-digit ID (nearly every cell) cannot. */
function isScientific(text: string): boolean {
  return !isDigits(text) && SCIENTIFIC.test(text);
}

const ID_SEPARATORS = /[\s.\-–]+/g;
const PHONE_SEPARATORS = /[\s.\-–()]+/g;

/** Integer text of a number cell, or null when the number cannot carry an exact ID. */
function numberDigits(n: number, sink: ReadSink): string | null {
  if (!Number.isFinite(n) || Math.abs(n) >= 1e15) {
    sink.problem = { kind: 'scientific-notation' };
    return null;
  }
  return String(n);
}

function pad(digits: string, padTo: number | undefined, sink: ReadSink): string {
  if (padTo === undefined) return digits;
  const short = padTo - digits.length;
  if (short < 1 || short > 2 || !isDigits(digits)) return digits;
  const padded = (short === 1 ? '0' : '00') + digits;
  addRepair(sink, 'leading-zero', digits, padded);
  return padded;
}

export function createIdReader(field: Field): CellReader {
  const padTo = field.padTo;
  return (cell: CellValue, sink: ReadSink): FieldValue => {
    if (cell === null) return null;
    // Digits only (nearly every cell): what cleaning and the scientific-notation test would leave as is.
    if (typeof cell === 'string' && isDigits(cell)) return pad(cell, padTo, sink);
    if (typeof cell === 'number') {
      const digits = numberDigits(cell, sink);
      if (digits === null) return cellText(cell);
      return pad(digits, padTo, sink);
    }
    const text = typeof cell === 'string' ? cleanText(cell, sink) : cellText(cell);
    if (text === null) return null;
    if (isScientific(text)) {
      sink.problem = { kind: 'scientific-notation' };
      return text;
    }
    return pad(text, padTo, sink);
  };
}

export function createPersonalIdReader(field: Field): CellReader {
  const padTo = field.padTo;
  return (cell: CellValue, sink: ReadSink): FieldValue => {
    if (cell === null) return null;
    if (typeof cell === 'string' && isDigits(cell)) return pad(cell, padTo, sink);
    if (typeof cell === 'number') {
      const digits = numberDigits(cell, sink);
      if (digits === null) return cellText(cell);
      if (!isDigits(digits)) {
        sink.problem = { kind: 'not-digits' };
        return digits;
      }
      return pad(digits, padTo, sink);
    }
    const text = typeof cell === 'string' ? cleanText(cell, null) : cellText(cell);
    if (text === null) return null;
    if (isScientific(text)) {
      sink.problem = { kind: 'scientific-notation' };
      return text;
    }
    const cleaned = isDigits(text) ? text : text.replace(ID_SEPARATORS, '');
    if (!isDigits(cleaned)) {
      sink.problem = { kind: 'not-digits' };
      return cleaned.length > 0 ? cleaned : text;
    }
    return pad(cleaned, padTo, sink);
  };
}

/** Phone digits in national form: +84 912…, 0084 912…, 84 912… → 0912…. */
function nationalPhone(digits: string, hadPlus: boolean): string {
  if (digits.startsWith('0084')) return `0${digits.slice(4)}`;
  if (digits.startsWith('84') && (hadPlus || digits.length === 11 || digits.length === 12)) return `0${digits.slice(2)}`;
  return digits;
}

export function createPhoneReader(field: Field): CellReader {
  const padTo = field.padTo;
  return (cell: CellValue, sink: ReadSink): FieldValue => {
    if (cell === null) return null;
    if (typeof cell === 'string' && isDigits(cell)) return pad(nationalPhone(cell, false), padTo, sink);
    if (typeof cell === 'number') {
      const digits = numberDigits(cell, sink);
      if (digits === null) return cellText(cell);
      if (!isDigits(digits)) {
        sink.problem = { kind: 'not-digits' };
        return digits;
      }
      return pad(nationalPhone(digits, false), padTo, sink);
    }
    const text = typeof cell === 'string' ? cleanText(cell, null) : cellText(cell);
    if (text === null) return null;
    if (isScientific(text)) {
      sink.problem = { kind: 'scientific-notation' };
      return text;
    }
    let cleaned = isDigits(text) ? text : text.replace(PHONE_SEPARATORS, '');
    const hadPlus = cleaned.startsWith('+');
    if (hadPlus) cleaned = cleaned.slice(1);
    if (!isDigits(cleaned)) {
      sink.problem = { kind: 'not-digits' };
      return text;
    }
    return pad(nationalPhone(cleaned, hadPlus), padTo, sink);
  };
}
