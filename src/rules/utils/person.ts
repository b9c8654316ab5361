import type { RecordRow } from '../../io/record.js';
import { hashLower, isoToInt } from './values.js';

/** Hash of the full name (case-insensitive; names are NFC and whitespace-normalised by the reader). 0 = no name. */
export function nameHashOf(record: RecordRow): number {
  const name = record.values.fullName;
  if (typeof name !== 'string' || name.length === 0) return 0;
  // DS-001 and DS-003 ask for the same record one after the other: hash each name once.
  if (name === lastName) return lastHash;
  lastName = name;
  lastHash = hashLower(name);
  return lastHash;
}

let lastName = '';
let lastHash = 0;

/** Birth date as yyyymmdd, NaN when unknown. */
export function birthOf(record: RecordRow): number {
  return isoToInt(record.values.dateOfBirth);
}
