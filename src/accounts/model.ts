/**
 * One account per present person with a valid identifier, and what changed since the last export
 * (create / update / suspend).
 */
import type { AccountStateRow } from '../store/accounts.js';
import type { AccountSource, RosterPerson } from './source.js';
import { assignUsernames, type UsernameCollision } from './usernames.js';

export interface Account {
  person: RosterPerson;
  personalId: string;
  username: string;
  /** `username@domain` when a domain is configured, else the email the school recorded. */
  email: string | null;
  /** The exported fields compared by `accounts diff`. */
  fields: Record<string, string>;
}

export interface AccountOptions {
  usernameRule: string;
  domain?: string | undefined;
}

export interface AccountSet {
  accounts: Account[];
  collisions: UsernameCollision[];
}

export function buildAccounts(source: AccountSource, state: ReadonlyMap<string, AccountStateRow>, options: AccountOptions): AccountSet {
  const present = source.people.filter((p) => p.present);
  const previous = new Map<string, string>();
  for (const [id, row] of state) previous.set(id, row.username);
  const { usernames, collisions } = assignUsernames(options.usernameRule, present, previous);
  const accounts = present.map((p): Account => {
    const username = usernames.get(p.personalId!)!;
    const email = options.domain ? `${username}@${options.domain}` : p.email;
    const fields: Record<string, string> = {
      role: p.role,
      schoolId: p.schoolId,
      familyName: p.name.family,
      middleName: p.name.middle,
      givenName: p.name.given,
      classId: p.classId ?? '',
      email: email ?? '',
    };
    return { person: p, personalId: p.personalId!, username, email, fields };
  });
  accounts.sort((a, b) => (a.person.role === b.person.role ? (a.username < b.username ? -1 : 1) : a.person.role === 'teacher' ? -1 : 1));
  return { accounts, collisions };
}

export interface AccountChange {
  username: string;
  role: string;
  schoolId: string;
  classId: string;
  fullName: string;
  /** For updates: the fields that changed, before → after. */
  changes?: Array<{ field: string; from: string; to: string }>;
}

export interface AccountDiff {
  since: { exportId: number; time: string; format: string } | null;
  create: AccountChange[];
  update: AccountChange[];
  suspend: AccountChange[];
  unchanged: number;
}

function fullNameOf(fields: Record<string, string>): string {
  return [fields.familyName, fields.middleName, fields.givenName].filter((s) => s).join(' ');
}

/**
 * What changed since the last export. `schools` limits suspensions to the schools looked at (an
 * export of one school must not suspend the accounts of the others); default: every school.
 */
export function diffAccounts(
  accounts: readonly Account[],
  state: ReadonlyMap<string, AccountStateRow>,
  since: AccountDiff['since'],
  schools?: ReadonlySet<string>,
): AccountDiff {
  const diff: AccountDiff = { since, create: [], update: [], suspend: [], unchanged: 0 };
  const current = new Set<string>();
  for (const a of accounts) {
    current.add(a.personalId);
    const base = { username: a.username, role: a.person.role, schoolId: a.person.schoolId, classId: a.fields.classId ?? '', fullName: a.person.fullName };
    const prev = state.get(a.personalId);
    if (prev === undefined || prev.status === 'suspended') {
      diff.create.push(base);
      continue;
    }
    const changes: Array<{ field: string; from: string; to: string }> = [];
    for (const key of Object.keys(a.fields).sort()) {
      const from = prev.fields[key] ?? '';
      const to = a.fields[key] ?? '';
      if (from !== to) changes.push({ field: key, from, to });
    }
    if (changes.length > 0) diff.update.push({ ...base, changes });
    else diff.unchanged++;
  }
  for (const [id, row] of state) {
    if (row.status !== 'active' || current.has(id) || (schools !== undefined && !schools.has(row.schoolId))) continue;
    diff.suspend.push({ username: row.username, role: row.role, schoolId: row.schoolId, classId: row.classId ?? '', fullName: fullNameOf(row.fields) });
  }
  return diff;
}
