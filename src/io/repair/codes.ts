/**
 * `code` fields: the cell is a code of the field's list, its label, or an alias.
 *
 * Order: the exact code; the code with numeric normalisation ("1" ↔ "01", numbers from Excel
 * likewise); the code ignoring case ("vn" → "VN"); the folded label/alias (`byLabel`). Labels are
 * the portal's normal form, so a label is no finding. A value found nowhere is retried once as
 * TCVN3/VNI/mojibake text ("N÷" → "Nữ"). Not found → problem `not-in-code-list` { list }.
 *
 * School files repeat a handful of values; results are cached per list (bounded).
 */
import type { CellValue } from '../types.js';
import type { FieldValue } from '../record.js';
import type { CodeValue } from '../../schema/format.js';
import type { LoadedCodeList } from '../../schema/load.js';
import { foldKey } from '../../schema/fold.js';
import { decodeLegacy } from './legacy-encoding.js';
import { cellText, type CellReader, type ReadSink } from './sink.js';
import { cleanText } from './text.js';

const DIGITS = /^\d+$/;
const CACHE_LIMIT = 4096;

export interface CodeLookup {
  /** The code for `text` (already cleaned), or undefined. */
  find(text: string): string | undefined;
}

export function createCodeLookup(list: LoadedCodeList): CodeLookup {
  const byNumber = new Map<string, CodeValue>();
  const byUpper = new Map<string, CodeValue>();
  for (const value of list.list.values) {
    if (DIGITS.test(value.code)) byNumber.set(String(Number(value.code)), value);
    byUpper.set(value.code.toUpperCase(), value);
  }
  const cache = new Map<string, string | null>();
  const resolve = (text: string): string | undefined => {
    const exact = list.byCode.get(text);
    if (exact !== undefined) return exact.code;
    if (DIGITS.test(text)) {
      const byNum = byNumber.get(String(Number(text)));
      if (byNum !== undefined) return byNum.code;
    }
    const upper = byUpper.get(text.toUpperCase());
    if (upper !== undefined) return upper.code;
    const label = list.byLabel.get(foldKey(text));
    if (label !== undefined) return label.code;
    return undefined;
  };
  return {
    find(text: string): string | undefined {
      const hit = cache.get(text);
      if (hit !== undefined) return hit ?? undefined;
      let code = resolve(text);
      if (code === undefined) {
        const decoded = decodeLegacy(text);
        if (decoded !== null) code = resolve(decoded.text);
      }
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(text, code ?? null);
      return code;
    },
  };
}

export function createCodeReader(list: LoadedCodeList): CellReader {
  const lookup = createCodeLookup(list);
  const name = list.list.name;
  // Consecutive rows mostly repeat a value (nationality, status, a class's grade): the last cell
  // found is compared before cleaning and the cached lookup, which hash the text again each time.
  // Only short cells are kept: below 13 characters V8 copies a substring, so the memo cannot hold
  // the whole text chunk it was read from alive (see io/detach.ts).
  let lastCell = '';
  let lastCode = '';
  return (cell: CellValue, sink: ReadSink): FieldValue => {
    if (cell === null) return null;
    if (cell === lastCell && typeof cell === 'string' && cell.length > 0) return lastCode;
    let text: string | null;
    if (typeof cell === 'string') {
      text = cleanText(cell, null);
      if (text === null) return null;
      const code = lookup.find(text);
      if (code !== undefined) {
        if (cell.length < 13) {
          lastCell = cell;
          lastCode = code;
        }
        return code;
      }
      sink.problem = { kind: 'not-in-code-list', data: { list: name } };
      return text;
    }
    if (typeof cell === 'number' && Number.isInteger(cell) && cell >= 0) text = String(cell);
    else text = cellText(cell);
    if (text === null) return null;
    const code = lookup.find(text);
    if (code !== undefined) return code;
    sink.problem = { kind: 'not-in-code-list', data: { list: name } };
    return text;
  };
}
