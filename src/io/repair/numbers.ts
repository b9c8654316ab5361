/**
 * integer / decimal. Numbers pass; text with a decimal comma ("6,5") or point is accepted;
 * an integer written with a zero fraction ("1985.0", from a CSV round trip) is an integer.
 * Otherwise problem `not-a-number`, or `not-an-integer` for a number with a fraction in an integer field.
 */
import type { CellValue } from '../types.js';
import type { FieldValue } from '../record.js';
import { cellText, type ReadSink } from './sink.js';
import { cleanText } from './text.js';
import { digitsValue, isDigits } from './digits.js';

const INTEGER = /^[+-]?\d+(?:[.,]0+)?$/;
const DECIMAL = /^[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)$/;

function textOf(cell: Exclude<CellValue, null>): string | null {
  return typeof cell === 'string' ? cleanText(cell, null) : cellText(cell);
}

export function readDecimal(cell: CellValue, sink: ReadSink): FieldValue {
  if (cell === null) return null;
  if (typeof cell === 'number') {
    if (Number.isFinite(cell)) return cell;
    sink.problem = { kind: 'not-a-number' };
    return cellText(cell);
  }
  const text = textOf(cell);
  if (text === null) return null;
  if (typeof cell === 'string' && DECIMAL.test(text)) return Number(text.replace(',', '.'));
  sink.problem = { kind: 'not-a-number' };
  return text;
}

export function readInteger(cell: CellValue, sink: ReadSink): FieldValue {
  if (cell === null) return null;
  // years and counts as plain digits (nearly every cell): nothing to clean, read in the same loop
  if (typeof cell === 'string') {
    const n = digitsValue(cell, 9);
    if (n >= 0) return n;
  }
  if (typeof cell === 'number') {
    if (Number.isInteger(cell)) return cell;
    sink.problem = { kind: Number.isFinite(cell) ? 'not-an-integer' : 'not-a-number' };
    return cellText(cell);
  }
  const text = textOf(cell);
  if (text === null) return null;
  if (typeof cell === 'string') {
    // years and counts: short all-digit text, read without the regex
    if (text.length <= 9 && isDigits(text)) return parseInt(text, 10);
    if (INTEGER.test(text)) return parseInt(text, 10);
    if (DECIMAL.test(text)) {
      sink.problem = { kind: 'not-an-integer' };
      return text;
    }
  }
  sink.problem = { kind: 'not-a-number' };
  return text;
}
