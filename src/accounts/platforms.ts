/**
 * The files each platform imports, built from the accounts and sections. Column sets are data
 * (schemas/accounts/<platform>.json, with the documentation they come from); this module only
 * fills them. Each builder returns rows keyed by column name; `layoutFiles` orders them by the
 * schema, so a column this code fills but the schema lacks is a bug caught by the tests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSchemasDir } from '../schema/load.js';
import type { Account } from './model.js';
import { slug } from './names.js';
import type { AccountSource, Section } from './source.js';

export const PLATFORMS = ['moodle', 'google', 'microsoft', 'oneroster'] as const;
export type Platform = (typeof PLATFORMS)[number];

export interface PlatformColumn {
  name: string;
  required: boolean;
}

export interface PlatformSchema {
  platform: Platform;
  source: string;
  version?: string;
  files: Record<string, { entity: string; columns: PlatformColumn[]; repeat?: { columns: string[] } }>;
  roles: Record<'student' | 'teacher', string>;
  manifest?: Record<string, string>;
  references?: Array<{ file: string; column: string; to: string; list?: boolean }>;
  enums?: Record<string, string[]>;
}

const cache = new Map<Platform, PlatformSchema>();

export function platformSchema(platform: Platform): PlatformSchema {
  let s = cache.get(platform);
  if (s === undefined) {
    s = JSON.parse(readFileSync(join(defaultSchemasDir(), 'accounts', `${platform}.json`), 'utf8')) as PlatformSchema;
    cache.set(platform, s);
  }
  return s;
}

export interface SchoolYear {
  /** "2025-2026" */
  name: string;
  startDate: string;
  endDate: string;
}

/** The school year containing `today` (yyyy-mm-dd): 5 September to 31 May (Vietnamese calendar, yearly plan of the Ministry). */
export function schoolYearOf(today: string): SchoolYear {
  const y = Number(today.slice(0, 4));
  const start = Number(today.slice(5, 7)) >= 8 ? y : y - 1;
  return { name: `${start}-${start + 1}`, startDate: `${start}-09-05`, endDate: `${start + 1}-05-31` };
}

export function parseSchoolYear(name: string): SchoolYear {
  const start = Number(name.slice(0, 4));
  return { name, startDate: `${start}-09-05`, endDate: `${start + 1}-05-31` };
}

export interface BuildInput {
  source: AccountSource;
  accounts: Account[];
  schoolYear: SchoolYear;
  domain?: string | undefined;
  /** Google org unit template: {schoolId} {role} (hoc-sinh|giao-vien). */
  orgUnit: string;
}

/** file name → rows (column name → value), in output order. */
export type PlatformFiles = Map<string, Array<Record<string, string>>>;

/** Two-digit grade (CEDS/SDS style): "6" → "06". */
function grade(code: string | null): string {
  if (code === null || !/^\d{1,2}$/u.test(code)) return '';
  return code.padStart(2, '0');
}

function sectionsByPerson(input: BuildInput): Map<string, Section[]> {
  const out = new Map<string, Section[]>();
  const add = (key: string, s: Section): void => {
    out.set(key, [...(out.get(key) ?? []), s]);
  };
  for (const s of input.source.sections) {
    for (const t of s.teacherIds) add(`teacher\u0000${s.schoolId}\u0000${t}`, s);
    for (const st of s.studentIds) add(`student\u0000${s.schoolId}\u0000${st}`, s);
  }
  return out;
}

function personKey(a: Account): string {
  return `${a.person.role}\u0000${a.person.schoolId}\u0000${a.person.localId}`;
}

/** Moodle: firstname = đệm + tên, lastname = họ (how Vietnamese schools fill Moodle profiles). */
function moodle(input: BuildInput): PlatformFiles {
  const roles = platformSchema('moodle').roles;
  const schools = new Map(input.source.schools.map((s) => [s.schoolId, s.name]));
  const sections = sectionsByPerson(input);
  const rows = input.accounts.map((a) => {
    const p = a.person;
    const row: Record<string, string> = {
      username: a.username,
      firstname: [p.name.middle, p.name.given].filter(Boolean).join(' '),
      lastname: p.name.family || p.name.given,
      email: a.email ?? '',
      idnumber: a.personalId,
      institution: schools.get(p.schoolId) ?? p.schoolId,
      department: p.classId ?? (p.subject ?? ''),
      auth: 'manual',
      cohort1: p.role === 'student' && p.classId !== null ? `${p.schoolId}-${p.classId}` : '',
    };
    (sections.get(personKey(a)) ?? []).forEach((s, i) => {
      row[`course${i + 1}`] = s.id;
      row[`role${i + 1}`] = roles[p.role];
    });
    return row;
  });
  // The courses users.csv enrols into must exist before it is uploaded: one category per school.
  const courses = input.source.sections.map((s) => ({ shortname: s.id, fullname: `${s.title} (${schools.get(s.schoolId) ?? s.schoolId})`, category_path: `${schools.get(s.schoolId) ?? s.schoolId} / Năm học ${input.schoolYear.name}`, idnumber: s.id }));
  return new Map([
    ['courses.csv', courses],
    ['users.csv', rows],
  ]);
}

function orgUnit(template: string, a: Account): string {
  return template.replaceAll('{schoolId}', a.person.schoolId).replaceAll('{role}', a.person.role === 'student' ? 'hoc-sinh' : 'giao-vien');
}

export function groupEmail(section: Section, domain: string): string {
  return `lop-${slug(section.id)}@${domain}`;
}

function google(input: BuildInput): PlatformFiles {
  const roles = platformSchema('google').roles;
  const users = input.accounts.map((a) => ({
    'First Name [Required]': [a.person.name.middle, a.person.name.given].filter(Boolean).join(' '),
    'Last Name [Required]': a.person.name.family || a.person.name.given,
    'Email Address [Required]': a.email ?? '',
    'Password [Required]': '',
    'Org Unit Path [Required]': orgUnit(input.orgUnit, a),
    'Employee ID': a.personalId,
    'Employee Type': a.person.role === 'student' ? 'Học sinh' : 'Giáo viên',
    Department: a.person.classId ?? (a.person.subject ?? ''),
    'Change Password at Next Sign-In': 'TRUE',
  }));
  const byKey = new Map(input.accounts.map((a) => [personKey(a), a]));
  const rosters: Array<Record<string, string>> = [];
  for (const s of input.source.sections) {
    const members = [
      ...s.teacherIds.map((id) => byKey.get(`teacher\u0000${s.schoolId}\u0000${id}`)),
      ...s.studentIds.map((id) => byKey.get(`student\u0000${s.schoolId}\u0000${id}`)),
    ];
    for (const a of members) {
      if (a === undefined || a.email === null) continue;
      rosters.push({ 'Group Email [Required]': groupEmail(s, input.domain ?? ''), 'Member Email': a.email, 'Member Type': 'USER', 'Member Role': roles[a.person.role] });
    }
  }
  return new Map([
    ['users.csv', users],
    ['classroom-rosters.csv', rosters],
  ]);
}

function sessionId(year: SchoolYear): string {
  return `nh-${year.name}`;
}

function microsoft(input: BuildInput): PlatformFiles {
  const roles = platformSchema('microsoft').roles;
  const session = sessionId(input.schoolYear);
  const byKey = new Map(input.accounts.map((a) => [personKey(a), a]));
  const orgs = input.source.schools.map((s) => ({ sourcedId: s.schoolId, name: s.name, type: 'school', parentSourcedId: '' }));
  const users = input.accounts.map((a) => ({
    sourcedId: a.username,
    username: a.email ?? a.username,
    familyName: a.person.name.family || a.person.name.given,
    givenName: a.person.name.given,
    middleName: a.person.name.middle,
    email: a.email ?? '',
  }));
  const roleRows = input.accounts.map((a) => ({
    userSourcedId: a.username,
    orgSourcedId: a.person.schoolId,
    role: roles[a.person.role],
    sessionSourcedIds: session,
    grade: a.person.role === 'student' ? grade(a.person.gradeCode) : '',
    isPrimary: 'true',
  }));
  const sessions = [{ sourcedId: session, title: `Năm học ${input.schoolYear.name}`, type: 'schoolYear', schoolYear: input.schoolYear.name.slice(5), startDate: input.schoolYear.startDate, endDate: input.schoolYear.endDate }];
  const classes = input.source.sections.map((s) => ({ sourcedId: s.id, orgSourcedId: s.schoolId, title: s.title, sessionSourcedIds: session, code: s.classId, subject: s.subject ?? '' }));
  const enrollments: Array<Record<string, string>> = [];
  for (const s of input.source.sections) {
    for (const id of s.teacherIds) {
      const a = byKey.get(`teacher\u0000${s.schoolId}\u0000${id}`);
      if (a) enrollments.push({ classSourcedId: s.id, userSourcedId: a.username, role: 'teacher' });
    }
    for (const id of s.studentIds) {
      const a = byKey.get(`student\u0000${s.schoolId}\u0000${id}`);
      if (a) enrollments.push({ classSourcedId: s.id, userSourcedId: a.username, role: 'student' });
    }
  }
  return new Map([
    ['orgs.csv', orgs],
    ['users.csv', users],
    ['roles.csv', roleRows],
    ['academicSessions.csv', sessions],
    ['classes.csv', classes],
    ['enrollments.csv', enrollments],
  ]);
}

function oneroster(input: BuildInput): PlatformFiles {
  const schema = platformSchema('oneroster');
  const session = sessionId(input.schoolYear);
  const byKey = new Map(input.accounts.map((a) => [personKey(a), a]));
  const manifest = Object.entries(schema.manifest ?? {}).map(([propertyName, value]) => ({ propertyName, value }));
  const sessions = [{ sourcedId: session, title: `Năm học ${input.schoolYear.name}`, type: 'schoolYear', startDate: input.schoolYear.startDate, endDate: input.schoolYear.endDate, schoolYear: input.schoolYear.name.slice(5) }];
  const orgs = input.source.schools.map((s) => ({ sourcedId: s.schoolId, name: s.name, type: 'school', identifier: s.schoolId }));
  const courses = new Map<string, Record<string, string>>();
  const courseOf = (s: Section): string => {
    const id = `${s.schoolId}-k${s.gradeCode ?? 'x'}${s.subject === null ? '' : `-${slug(s.subject)}`}`;
    if (!courses.has(id)) {
      courses.set(id, {
        sourcedId: id,
        schoolYearSourcedId: session,
        title: s.subject === null ? `Khối ${s.gradeCode ?? ''}`.trim() : `${s.subject} – khối ${s.gradeCode ?? ''}`.trim(),
        courseCode: id,
        grades: grade(s.gradeCode),
        orgSourcedId: s.schoolId,
        subjects: s.subject ?? '',
      });
    }
    return id;
  };
  const classes = input.source.sections.map((s) => ({
    sourcedId: s.id,
    title: s.title,
    grades: grade(s.gradeCode),
    courseSourcedId: courseOf(s),
    classCode: s.classId,
    classType: s.subject === null ? 'homeroom' : 'scheduled',
    location: '',
    schoolSourcedId: s.schoolId,
    termSourcedIds: session,
    subjects: s.subject ?? '',
  }));
  const users = input.accounts.map((a) => ({
    sourcedId: a.username,
    enabledUser: 'true',
    username: a.username,
    userIds: `{MaDinhDanh:${a.personalId}}`,
    givenName: a.person.name.given,
    familyName: a.person.name.family || a.person.name.given,
    middleName: a.person.name.middle,
    identifier: a.personalId,
    email: a.email ?? '',
    grades: a.person.role === 'student' ? grade(a.person.gradeCode) : '',
    primaryOrgSourcedId: a.person.schoolId,
  }));
  const roles = input.accounts.map((a) => ({
    sourcedId: `r-${a.username}-${a.person.schoolId}`,
    userSourcedId: a.username,
    roleType: 'primary',
    role: schema.roles[a.person.role],
    orgSourcedId: a.person.schoolId,
  }));
  const enrollments: Array<Record<string, string>> = [];
  for (const s of input.source.sections) {
    const add = (a: Account | undefined, role: 'teacher' | 'student', primary: boolean): void => {
      if (a) enrollments.push({ sourcedId: `e-${s.id}-${a.username}`, classSourcedId: s.id, schoolSourcedId: s.schoolId, userSourcedId: a.username, role, primary: primary ? 'true' : 'false' });
    };
    s.teacherIds.forEach((id, i) => add(byKey.get(`teacher\u0000${s.schoolId}\u0000${id}`), 'teacher', i === 0));
    for (const id of s.studentIds) add(byKey.get(`student\u0000${s.schoolId}\u0000${id}`), 'student', false);
  }
  return new Map([
    ['manifest.csv', manifest],
    ['academicSessions.csv', sessions],
    ['orgs.csv', orgs],
    ['courses.csv', [...courses.values()]],
    ['classes.csv', classes],
    ['users.csv', users],
    ['roles.csv', roles],
    ['enrollments.csv', enrollments],
  ]);
}

const BUILDERS: Record<Platform, (input: BuildInput) => PlatformFiles> = { moodle, google, microsoft, oneroster };

export interface LaidOutFile {
  name: string;
  header: string[];
  rows: string[][];
}

/** The platform's files with the schema's column order (repeat groups expanded to the widest row). */
export function buildPlatformFiles(platform: Platform, input: BuildInput): LaidOutFile[] {
  const schema = platformSchema(platform);
  const files = BUILDERS[platform](input);
  const out: LaidOutFile[] = [];
  for (const [name, rows] of files) {
    const spec = schema.files[name];
    if (spec === undefined) throw new Error(`schemas/accounts/${platform}.json has no file ${name}`);
    const header = spec.columns.map((c) => c.name);
    if (spec.repeat) {
      let width = 0;
      for (const r of rows) while (r[`${spec.repeat.columns[0]}${width + 1}`] !== undefined) width++;
      for (let i = 1; i <= width; i++) for (const c of spec.repeat.columns) header.push(`${c}${i}`);
    }
    const known = new Set(header);
    for (const r of rows) {
      for (const k of Object.keys(r)) if (!known.has(k)) throw new Error(`${platform}/${name}: column ${k} is not in schemas/accounts/${platform}.json`);
    }
    out.push({ name, header, rows: rows.map((r) => header.map((h) => r[h] ?? '')) });
  }
  return out;
}
