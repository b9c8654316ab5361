/**
 * Reading participant lists and platform user lists into one shape. A meeting list names the same
 * account once per join: rows are merged by account (email, else username, else display name).
 */
import { InputError } from '../../errors.js';
import { cell, column, headerKey, readTable, type Table } from '../table.js';
import { detectFormat, type ParticipantFormat } from './formats.js';

export interface Participant {
  /** Display name as shown (first spelling seen). */
  displayName: string;
  /** Other names of the account: Zoom's "(Original Name)", the profile name behind a renamed display. */
  otherNames?: string[] | undefined;
  email: string | null;
  username: string | null;
  /** An identifier the platform holds for the account (Moodle idnumber, OneRoster identifier…). */
  identifier: string | null;
  file: string;
  format: ParticipantFormat['id'];
  rows: number[];
}

export interface ParticipantFile {
  file: string;
  format: ParticipantFormat['id'];
  participants: Participant[];
}

function first(table: Table, keys: readonly string[] | undefined): number {
  return keys === undefined ? -1 : column(table, keys);
}

export async function readParticipants(file: string): Promise<ParticipantFile> {
  let format: ParticipantFormat | undefined;
  const table = await readTable(file, (keys) => {
    format = detectFormat(keys);
    return format !== undefined;
  });
  if (table === undefined || format === undefined) {
    throw new InputError({ file }, 'participant-format', {
      vi: 'không nhận ra danh sách người tham gia: cần tệp xuất từ Zoom, Microsoft Teams, Google Meet/Classroom/Workspace, Moodle hoặc OneRoster users.csv',
      en: 'not a recognised participant list: expected an export from Zoom, Microsoft Teams, Google Meet/Classroom/Workspace, Moodle or a OneRoster users.csv',
    });
  }
  const f = format;
  const cols = {
    name: first(table, f.name),
    given: first(table, f.given),
    family: first(table, f.family),
    email: first(table, f.email),
    username: first(table, f.username),
    identifier: first(table, f.identifier),
  };
  const byKey = new Map<string, Participant>();
  for (const r of table.rows) {
    let displayName = cell(r, cols.name);
    if (displayName === '') displayName = [cell(r, cols.family), cell(r, cols.given)].filter(Boolean).join(' ');
    // Zoom writes "Name (Original Name)" as "Shown (Original)": the original is the account's own name.
    const zoom = /^(.*?)\s*\((.+)\)\s*$/u.exec(displayName);
    let otherNames: string[] | undefined;
    if (f.id === 'zoom' && zoom) {
      displayName = zoom[1]!;
      otherNames = [zoom[2]!];
    }
    const email = cell(r, cols.email).toLowerCase() || null;
    const username = cell(r, cols.username).toLowerCase() || null;
    const identifier = cell(r, cols.identifier) || null;
    if (displayName === '' && email === null && username === null) continue;
    const key = email ?? username ?? `name:${headerKey(displayName)}`;
    const seen = byKey.get(key);
    if (seen) {
      seen.rows.push(r.row);
      continue;
    }
    byKey.set(key, { displayName, otherNames, email, username, identifier, file, format: f.id, rows: [r.row] });
  }
  return { file, format: f.id, participants: [...byKey.values()] };
}
