/**
 * Yes/no columns. True: x, X, 1, có, co, yes, true, đúng, ✓ (✔ ☑ too); false: 0, không, khong,
 * no, false, sai; empty → null; anything else → problem `not-boolean`.
 */
import type { CellValue } from '../types.js';
import type { FieldValue } from '../record.js';
import { foldKey } from '../../schema/fold.js';
import { cellText, type ReadSink } from './sink.js';
import { cleanText } from './text.js';

const TRUE_WORDS = new Set(['x', '1', 'co', 'yes', 'true', 'dung']);
const FALSE_WORDS = new Set(['0', 'khong', 'no', 'false', 'sai']);
const CHECK_MARKS = new Set(['✓', '✔', '☑', '√']);

export function readBoolean(cell: CellValue, sink: ReadSink): FieldValue {
  if (cell === null) return null;
  if (typeof cell === 'boolean') return cell;
  if (typeof cell === 'number') {
    if (cell === 1) return true;
    if (cell === 0) return false;
    sink.problem = { kind: 'not-boolean' };
    return cellText(cell);
  }
  const text = typeof cell === 'string' ? cleanText(cell, null) : cellText(cell);
  if (text === null) return null;
  if (CHECK_MARKS.has(text)) return true;
  const key = foldKey(text);
  if (TRUE_WORDS.has(key)) return true;
  if (FALSE_WORDS.has(key)) return false;
  sink.problem = { kind: 'not-boolean' };
  return text;
}
