/**
 * Cell readers, one per field type: a raw cell in, a repaired value out, with the problem or the
 * repairs on the side. `createFieldReader` builds the reader once per field (hot path: the record
 * builder calls it per cell); `readValue` is the convenient one-shot form.
 */
import type { CellValue } from '../types.js';
import type { FieldValue, ValueProblem } from '../record.js';
import type { Field } from '../../schema/format.js';
import type { LoadedSchemas } from '../../schema/load.js';
import { readBoolean } from './booleans.js';
import { createCodeReader } from './codes.js';
import { createDateReader } from './dates.js';
import { createIdReader, createPersonalIdReader, createPhoneReader } from './digits.js';
import { decodeCandidate, decodeLegacy, hasLegacyMarker } from './legacy-encoding.js';
import { readDecimal, readInteger } from './numbers.js';
import { addRepair, cellText, type CellReader, type ReadSink, type RepairNote } from './sink.js';
import { cleanText, LATIN1_HIGH, NEEDS_CLEANING, nfcTrim, OTHER_NON_ASCII, scanText } from './text.js';

export type { CellReader, ReadSink, RepairNote } from './sink.js';
export { newSink } from './sink.js';

export interface ReadContext {
  codeLists: LoadedSchemas['codeLists'];
}

export interface ReadResult {
  value: FieldValue;
  problem?: ValueProblem;
  repairs?: RepairNote[];
}

/** Free text and names: NFC + whitespace, then (for both) legacy-encoding repair. */
export function readText(cell: CellValue, sink: ReadSink): FieldValue {
  if (cell === null) return null;
  if (typeof cell !== 'string') return cellText(cell);
  if (cell.length === 0) return null;
  const flags = scanText(cell);
  // only text made of ASCII and Latin-1/Windows-1252 characters can be legacy-encoded
  if ((flags & LATIN1_HIGH) === 0 || (flags & OTHER_NON_ASCII) !== 0) {
    return (flags & NEEDS_CLEANING) === 0 ? cell : cleanText(cell, sink);
  }
  if (!hasLegacyMarker(cell)) return (flags & NEEDS_CLEANING) === 0 ? cell : cleanText(cell, sink);
  // the detector sees the text before whitespace folding (mojibake of "à" holds an NBSP)
  const decoded = (flags & NEEDS_CLEANING) === 0 ? decodeCandidate(cell) : decodeLegacy(nfcTrim(cell));
  if (decoded === null) return cleanText(cell, sink);
  const text = cleanText(decoded.text, null) ?? decoded.text;
  addRepair(sink, decoded.kind, cell, text);
  return text;
}

/** Email: trimmed text, nothing more (a rule checks the form). */
function readEmail(cell: CellValue, sink: ReadSink): FieldValue {
  if (cell === null) return null;
  if (typeof cell !== 'string') return cellText(cell);
  return cleanText(cell, sink);
}

/** The reader for `field`, built once. */
export function createFieldReader(field: Field, ctx: ReadContext): CellReader {
  switch (field.type) {
    case 'text':
    case 'name':
      return readText;
    case 'email':
      return readEmail;
    case 'id':
      return createIdReader(field);
    case 'personalId':
      return createPersonalIdReader(field);
    case 'phone':
      return createPhoneReader(field);
    case 'date':
      return createDateReader();
    case 'integer':
      return readInteger;
    case 'decimal':
      return readDecimal;
    case 'boolean':
      return readBoolean;
    case 'code': {
      const list = field.codeList === undefined ? undefined : ctx.codeLists.get(field.codeList);
      if (list === undefined) {
        // the schema loader refuses such schemas; keep the text rather than crash
        return readText;
      }
      return createCodeReader(list);
    }
  }
}

const readerCache = new WeakMap<Field, { codeLists: ReadContext['codeLists']; reader: CellReader }>();

/** Reads one cell as `field`. */
export function readValue(field: Field, cell: CellValue, ctx: ReadContext): ReadResult {
  let cached = readerCache.get(field);
  if (cached === undefined || cached.codeLists !== ctx.codeLists) {
    cached = { codeLists: ctx.codeLists, reader: createFieldReader(field, ctx) };
    readerCache.set(field, cached);
  }
  const sink: ReadSink = { problem: undefined, repairs: undefined };
  const value = cached.reader(cell, sink);
  const result: ReadResult = { value };
  if (sink.problem !== undefined) result.problem = sink.problem;
  if (sink.repairs !== undefined) result.repairs = sink.repairs;
  return result;
}
