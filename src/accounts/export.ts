/**
 * `accounts export`: writes a platform's files into a folder, the people left without an account
 * (no valid identifier) beside them, and — only with `passwords: true` — a separate 0600 password
 * file. Then records the export (account state, migration 6) and one audit row per file written.
 */
import { resolve, join } from 'node:path';
import { fileSha256, recordAudit } from '../store/audit.js';
import { lastAccountExport, loadAccountState, saveAccountExport } from '../store/accounts.js';
import type { Store } from '../store/types.js';
import { writeCsvFile } from '../io/write-csv.js';
import { buildAccounts, diffAccounts, type AccountDiff } from './model.js';
import { generatePassword } from './passwords.js';
import { buildPlatformFiles, type Platform, type SchoolYear } from './platforms.js';
import type { AccountSource, InvalidPerson } from './source.js';
import type { UsernameCollision } from './usernames.js';

export interface ExportOptions {
  platform: Platform;
  outDir: string;
  usernameRule: string;
  domain?: string | undefined;
  orgUnit: string;
  schoolYear: SchoolYear;
  passwords: boolean;
}

export interface WrittenFile {
  name: string;
  path: string;
  records: number;
  sha256: string;
  header: string[];
  /** The personal-data fields the file carries (issue 9: every output states them; the audit row lists the same). */
  fields: string[];
}

export interface ExportResult {
  platform: Platform;
  accounts: { students: number; teachers: number };
  sections: number;
  files: WrittenFile[];
  passwordFile: WrittenFile | null;
  invalid: InvalidPerson[];
  invalidFile: WrittenFile | null;
  collisions: UsernameCollision[];
  unmatchedAssignments: number[];
  diff: AccountDiff;
}

/** The account file's columns as field keys for the audit row (never values). */
const AUDIT_FIELDS: Record<string, string[]> = {
  users: ['username', 'fullName', 'personalId', 'email', 'classId', 'schoolId', 'role'],
  roles: ['username', 'schoolId', 'role', 'gradeCode'],
  enrollments: ['username', 'classId', 'role'],
  classes: ['classId', 'className', 'schoolId'],
  courses: ['gradeCode', 'subject', 'schoolId'],
  orgs: ['schoolId', 'schoolName'],
  academicSessions: ['schoolYear'],
  manifest: [],
};

async function writeFile(dir: string, name: string, header: string[], rows: string[][], fields: string[]): Promise<WrittenFile> {
  const path = join(dir, name);
  // No byte-order mark: these files are read by import programs, whose header match is exact.
  await writeCsvFile(path, [header, ...rows], { bom: false, atomic: true });
  return { name, path, records: rows.length, sha256: await fileSha256(path), header, fields };
}

export async function exportAccounts(store: Store, source: AccountSource, options: ExportOptions): Promise<ExportResult> {
  const state = loadAccountState(store);
  const { accounts, collisions } = buildAccounts(source, state, { usernameRule: options.usernameRule, domain: options.domain });
  const last = lastAccountExport(store);
  const schools = new Set(source.schools.map((s) => s.schoolId));
  const diff = diffAccounts(accounts, state, last ? { exportId: last.id, time: last.time, format: last.format } : null, schools);
  const files: WrittenFile[] = [];
  const platformFiles = buildPlatformFiles(options.platform, { source, accounts, schoolYear: options.schoolYear, domain: options.domain, orgUnit: options.orgUnit });
  for (const f of platformFiles) files.push(await writeFile(options.outDir, f.name, f.header, f.rows, AUDIT_FIELDS[entityOf(f.name)] ?? []));

  let passwordFile: WrittenFile | null = null;
  if (options.passwords) {
    const rows = accounts.map((a) => [a.username, a.email ?? '', a.person.fullName, a.person.classId ?? '', generatePassword()]);
    passwordFile = await writeFile(options.outDir, 'passwords.csv', ['username', 'email', 'fullName', 'classId', 'password'], rows, ['username', 'email', 'fullName', 'classId', 'password']);
  }
  let invalidFile: WrittenFile | null = null;
  if (source.invalid.length > 0) {
    const rows = source.invalid.map((p) => [p.schoolId, p.role, p.localId, p.fullName, p.classId ?? '', p.reasons.join(' ')]);
    invalidFile = await writeFile(options.outDir, 'no-account.csv', ['schoolId', 'role', 'localId', 'fullName', 'classId', 'reasons'], rows, ['schoolId', 'localId', 'fullName', 'classId']);
  }

  const current = new Set(accounts.map((a) => a.personalId));
  const suspendedIds = [...state.values()].filter((r) => r.status === 'active' && !current.has(r.personalId) && schools.has(r.schoolId)).map((r) => r.personalId);
  store.transaction(() => {
    saveAccountExport(
      store,
      { format: options.platform, accounts: accounts.length, created: diff.create.length, updated: diff.update.length, suspended: diff.suspend.length },
      accounts.map((a) => ({ personalId: a.personalId, username: a.username, role: a.person.role, schoolId: a.person.schoolId, classId: a.person.classId, fields: a.fields })),
      suspendedIds,
    );
    for (const f of files) {
      recordAudit(store, { command: 'accounts export', action: 'export', destination: resolve(f.path), fileSha256: f.sha256, recordCount: f.records, fields: f.fields });
    }
    if (passwordFile) {
      recordAudit(store, { command: 'accounts export', action: 'export', destination: resolve(passwordFile.path), fileSha256: passwordFile.sha256, recordCount: passwordFile.records, fields: passwordFile.fields });
    }
    if (invalidFile) {
      recordAudit(store, { command: 'accounts export', action: 'export', destination: resolve(invalidFile.path), fileSha256: invalidFile.sha256, recordCount: invalidFile.records, fields: invalidFile.fields });
    }
  });
  return {
    platform: options.platform,
    accounts: { students: accounts.filter((a) => a.person.role === 'student').length, teachers: accounts.filter((a) => a.person.role === 'teacher').length },
    sections: source.sections.length,
    files,
    passwordFile,
    invalid: source.invalid,
    invalidFile,
    collisions,
    unmatchedAssignments: source.unmatchedAssignments,
    diff,
  };
}

function entityOf(name: string): string {
  if (name === 'classroom-rosters.csv') return 'enrollments';
  return name.replace(/\.csv$/u, '');
}
