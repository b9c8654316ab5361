/**
 * Reading the structure of a 12-digit personal ID (số định danh cá nhân / CCCD):
 * PPP G YY RRRRRR — PPP province (or country) of birth registration, G century + sex,
 * YY last two digits of the birth year (identifiers.md §1.1).
 */
import type { RecordRow } from '../../io/record.js';
import type { LoadedSchemas } from '../../schema/load.js';
import { fieldsWhere, isDigits, perEntity, type EntityName } from './values.js';

/** Keys of the personal-ID fields of each entity (type "personalId"). */
export function personalIdFields(schemas: LoadedSchemas): (entity: EntityName) => string[] {
  return perEntity(schemas, (_e, fields) => fieldsWhere(fields, (f) => f.type === 'personalId').map((f) => f.key));
}

/** The field's value when it is a well-formed 12-digit ID with no read problem; otherwise undefined. */
export function twelveDigitId(record: RecordRow, key: string): string | undefined {
  // Six rules ask in turn about the same record (CC-002…CC-005, DS-001, DS-003): answer once.
  if (record === lastRecord && key === lastKey && record.values === lastValues) return lastId;
  const v = record.values[key];
  const id = typeof v !== 'string' || v.length !== 12 || record.problems[key] !== undefined || !isDigits(v) ? undefined : v;
  lastRecord = record;
  lastValues = record.values;
  lastKey = key;
  lastId = id;
  return id;
}

let lastRecord: RecordRow | undefined;
let lastValues: RecordRow['values'] | undefined;
let lastKey = '';
let lastId: string | undefined;

/** Digit at 0-based position i. */
export function digitAt(id: string, i: number): number {
  return id.charCodeAt(i) - 48;
}

/** The century/sex digit (4th). */
export function centuryDigit(id: string): number {
  return digitAt(id, 3);
}

/** Birth year encoded in the ID: 1900 + 100 × ⌊G/2⌋ + YY. */
export function idBirthYear(id: string): number {
  return 1900 + 100 * Math.floor(centuryDigit(id) / 2) + digitAt(id, 4) * 10 + digitAt(id, 5);
}

/** First three digits as a number (000–999). */
export function idPrefix(id: string): number {
  return digitAt(id, 0) * 100 + digitAt(id, 1) * 10 + digitAt(id, 2);
}
