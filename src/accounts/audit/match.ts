/**
 * Matching participants to the roster and reporting per class (TT 09/2021 Điều 15.1.i; the
 * Ministry's 2020 letter on strangers entering online classes).
 *
 * A participant is matched, in this order, by
 *  1. account/email: its email or username equals a roster member's school email or username
 *     (or the email's local part equals the username);
 *  2. identifier: a 12-digit personal identifier in its username, email, identifier column or
 *     display name equals a roster member's;
 *  3. name: the display name names exactly one roster member (names.ts: accents, case, word
 *     order, class tokens such as "9A1" and a dropped Thị/Văn ignored), preferring the class the
 *     file is about.
 * The class of a file is `--class`, else the class most of its matched students belong to.
 * Per class: intruders (not matched, or a student of another class), absent (roster students of
 * the class matched in none of its files), duplicates (two or more accounts matched to one
 * person), identifier mismatches (an account carrying another identifier than the person's).
 */
import { displayNameMatches, nameKey } from '../names.js';
import type { Participant, ParticipantFile } from './participants.js';
import type { RosterEntry } from './roster.js';

export type MatchMethod = 'account' | 'identifier' | 'name';

export interface AccountRef {
  displayName: string;
  email: string | null;
  username: string | null;
  identifier: string | null;
  file: string;
  rows: number[];
}

export interface PersonRef {
  personalId: string;
  fullName: string;
  classId: string | null;
  role: 'student' | 'teacher';
}

export interface AuditReport {
  version: 1;
  files: Array<{ file: string; format: string; participants: number; classId: string | null }>;
  classes: Array<{ classId: string; roster: number; participants: number; intruders: number; absent: number; duplicates: number; matched: number; identifierMismatches: number }>;
  intruders: Array<{ classId: string; account: AccountRef; reason: 'not-on-roster' | 'other-class' | 'ambiguous-name'; person?: PersonRef }>;
  absent: Array<{ classId: string; person: PersonRef }>;
  duplicates: Array<{ classId: string; person: PersonRef; accounts: AccountRef[] }>;
  matched: Array<{ classId: string; person: PersonRef; account: AccountRef; by: MatchMethod }>;
  identifierMismatches: Array<{ classId: string; person: PersonRef; account: AccountRef; accountIdentifier: string }>;
}

function ref(p: Participant): AccountRef {
  return { displayName: p.displayName, email: p.email, username: p.username, identifier: p.identifier, file: p.file, rows: p.rows };
}

function person(e: RosterEntry): PersonRef {
  return { personalId: e.personalId, fullName: e.fullName, classId: e.classId, role: e.role };
}

const TWELVE = /(?<!\d)(\d{12})(?!\d)/gu;

function identifiersIn(p: Participant): string[] {
  const out = new Set<string>();
  for (const s of [p.identifier, p.username, p.email, p.displayName]) {
    if (!s) continue;
    for (const m of s.matchAll(TWELVE)) out.add(m[1]!);
  }
  return [...out];
}

interface Found {
  entry: RosterEntry;
  by: MatchMethod;
}

export interface MatchOptions {
  /** Every file is about this class. */
  classId?: string | undefined;
}

export function auditParticipants(files: readonly ParticipantFile[], roster: readonly RosterEntry[], options: MatchOptions = {}): AuditReport {
  const byEmail = new Map<string, RosterEntry>();
  const byUsername = new Map<string, RosterEntry>();
  const byId = new Map<string, RosterEntry>();
  for (const e of roster) {
    if (e.email) byEmail.set(e.email.toLowerCase(), e);
    if (e.username) byUsername.set(e.username.toLowerCase(), e);
    if (e.personalId) byId.set(e.personalId, e);
  }
  const classTokens = [...new Set(roster.map((e) => e.classId).filter((c): c is string => c !== null))];

  const byAccount = (p: Participant): RosterEntry | undefined => {
    if (p.email) {
      const hit = byEmail.get(p.email) ?? byUsername.get(p.email) ?? byUsername.get(p.email.split('@')[0]!);
      if (hit) return hit;
    }
    if (p.username) return byUsername.get(p.username) ?? byEmail.get(p.username);
    return undefined;
  };
  const byName = (p: Participant, preferClass: string | null): RosterEntry | 'ambiguous' | undefined => {
    const candidates = roster.filter((e) => displayNameMatches(p.displayName, e.fullName, classTokens));
    if (candidates.length <= 1) return candidates[0];
    // A class token in the display name, the file's class, then an exact token set decide between namesakes.
    const shown = nameKey(p.displayName);
    const tokenClass = classTokens.find((c) => shown.split(' ').includes(c.toLowerCase()));
    for (const narrow of [
      (e: RosterEntry) => tokenClass !== undefined && e.classId === tokenClass,
      (e: RosterEntry) => preferClass !== null && e.classId === preferClass,
      (e: RosterEntry) => nameKey(e.fullName) === shown,
    ]) {
      const left = candidates.filter(narrow);
      if (left.length === 1) return left[0];
    }
    return 'ambiguous';
  };

  const report: AuditReport = { version: 1, files: [], classes: [], intruders: [], absent: [], duplicates: [], matched: [], identifierMismatches: [] };
  const filesOfClass = new Map<string, Array<{ p: Participant; found: Found | 'ambiguous' | undefined }>>();

  for (const f of files) {
    // First pass without a class preference, to learn which class the file is about.
    const first = f.participants.map((p) => ({ p, found: matchOne(p, null) }));
    let classId = options.classId ?? null;
    if (classId === null) {
      const counts = new Map<string, number>();
      for (const { found } of first) {
        if (found && found !== 'ambiguous' && found.entry.role === 'student' && found.entry.classId) counts.set(found.entry.classId, (counts.get(found.entry.classId) ?? 0) + 1);
      }
      classId = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? null;
    }
    const results = classId === null ? first : f.participants.map((p) => ({ p, found: matchOne(p, classId) }));
    report.files.push({ file: f.file, format: f.format, participants: f.participants.length, classId });
    const key = classId ?? '';
    filesOfClass.set(key, [...(filesOfClass.get(key) ?? []), ...results]);
  }

  function matchOne(p: Participant, preferClass: string | null): Found | 'ambiguous' | undefined {
    const account = byAccount(p);
    if (account) return { entry: account, by: 'account' };
    for (const id of identifiersIn(p)) {
      const hit = byId.get(id);
      if (hit) return { entry: hit, by: 'identifier' };
    }
    // The shown name first, then the account's own name behind it (Zoom's "(Original Name)").
    let ambiguous = false;
    for (const name of [p.displayName, ...(p.otherNames ?? [])]) {
      const named = byName({ ...p, displayName: name }, preferClass);
      if (named === 'ambiguous') ambiguous = true;
      else if (named) return { entry: named, by: 'name' };
    }
    return ambiguous ? 'ambiguous' : undefined;
  }

  for (const [classId, results] of [...filesOfClass.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const before = { i: report.intruders.length, a: report.absent.length, d: report.duplicates.length, m: report.matched.length, x: report.identifierMismatches.length };
    const accountsOf = new Map<string, { entry: RosterEntry; accounts: AccountRef[] }>();
    // The same account in two files of one class (two sessions) is one account.
    const seenAccount = new Set<string>();
    for (const { p, found } of results) {
      const account = ref(p);
      const accountKey = p.email ?? p.username ?? `name:${nameKey(p.displayName)}`;
      if (found === undefined || found === 'ambiguous') {
        if (seenAccount.has(accountKey)) continue;
        seenAccount.add(accountKey);
        report.intruders.push({ classId, account, reason: found === 'ambiguous' ? 'ambiguous-name' : 'not-on-roster' });
        continue;
      }
      const { entry, by } = found;
      if (entry.role === 'student' && classId !== '' && entry.classId !== classId) {
        if (!seenAccount.has(accountKey)) report.intruders.push({ classId, account, reason: 'other-class', person: person(entry) });
        seenAccount.add(accountKey);
        continue;
      }
      const firstTime = !seenAccount.has(accountKey);
      seenAccount.add(accountKey);
      if (!firstTime) continue;
      report.matched.push({ classId, person: person(entry), account, by });
      const carried = identifiersIn(p).filter((id) => id !== entry.personalId);
      if (carried.length > 0 && by !== 'identifier') {
        report.identifierMismatches.push({ classId, person: person(entry), account, accountIdentifier: carried[0]! });
      }
      const group = accountsOf.get(entry.personalId) ?? { entry, accounts: [] };
      group.accounts.push(account);
      accountsOf.set(entry.personalId, group);
    }
    for (const { entry, accounts } of accountsOf.values()) {
      if (accounts.length > 1) report.duplicates.push({ classId, person: person(entry), accounts });
    }
    if (classId !== '') {
      for (const e of roster) {
        if (e.role === 'student' && e.classId === classId && !accountsOf.has(e.personalId)) report.absent.push({ classId, person: person(e) });
      }
    }
    report.classes.push({
      classId,
      roster: roster.filter((e) => e.role === 'student' && e.classId === classId).length,
      participants: new Set(results.map(({ p }) => p.email ?? p.username ?? `name:${nameKey(p.displayName)}`)).size,
      intruders: report.intruders.length - before.i,
      absent: report.absent.length - before.a,
      duplicates: report.duplicates.length - before.d,
      matched: report.matched.length - before.m,
      identifierMismatches: report.identifierMismatches.length - before.x,
    });
  }
  return report;
}
