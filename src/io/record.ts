import type { EntitySchema, Level } from '../schema/format.js';

/** A value after repair: what a field holds once read. Dates are ISO yyyy-mm-dd strings; codes are the code list's code. */
export type FieldValue = string | number | boolean | null;

/**
 * A value that could not be read as its field's type. The field's entry in `values` then holds
 * the cleaned text as written (NFC, trimmed) so rules and messages can still show it.
 */
export interface ValueProblem {
  kind:
    | 'not-a-date' // text that is no date in any accepted form
    | 'impossible-date' // 31/02/2012
    | 'not-a-number'
    | 'not-an-integer'
    | 'not-boolean'
    | 'not-in-code-list'
    | 'scientific-notation' // 1.23457E+11: digits lost for good
    | 'not-digits' // an id/phone/personalId with letters or stray characters
    | 'undecodable'; // U+FFFD: bytes the file's encoding could not decode (the text is lost there)
  data?: Record<string, string | number>;
}

/** A change edusync made while reading, which the user should know about (an `info` finding). */
export interface Repair {
  field: string;
  kind:
    | 'leading-zero' // Excel turned an id into a number; zeros restored
    | 'excel-serial-date' // a serial number in a date column read as a date
    | 'legacy-encoding-tcvn3'
    | 'legacy-encoding-vni'
    | 'mojibake-utf8' // UTF-8 bytes read as Windows-1252 ("Nguyá»…n")
    | 'unicode-nfc' // decomposed (NFD) text composed to NFC
    | 'whitespace'; // runs of spaces, tabs, line breaks or non-breaking spaces inside a value
  /** Before → after, for messages (may carry personal data; never logged). */
  from: string;
  to: string;
}

/** One data row mapped to canonical fields, with its position in the user's file. */
export interface RecordRow {
  entity: EntitySchema['entity'];
  file: string;
  sheet?: string | undefined;
  /** Row number the user sees. */
  row: number;
  /** Level of schooling, from the grade or the file's context; undefined when unknown. */
  level?: Level | undefined;
  /** Repaired values by field key; a field whose column is absent from the file is absent here; an empty cell is null. */
  values: Record<string, FieldValue>;
  /**
   * Values that could not be read as their type, by field key. Read-only: records without
   * problems share one frozen empty object.
   */
  problems: Record<string, ValueProblem>;
  /** Repairs made on this row. Read-only: records without repairs share one frozen empty array. */
  repairs: Repair[];
  /** Column letter of each mapped field. Shared by every record of a table: never mutate. */
  columns: Readonly<Record<string, string>>;
}

/** An identifier-like value as text: trimmed, numbers as written; empty and booleans are none. */
export function idText(v: FieldValue | undefined): string | null {
  if (v === null || v === undefined || typeof v === 'boolean') return null;
  const s = typeof v === 'number' ? String(v) : v.trim();
  return s === '' ? null : s;
}
