/**
 * `accounts export` on a store filled by `generate` + `import`: each platform's header row against
 * its documented column set (written out here from the vendors' documentation, not read from
 * schemas/accounts, so a drift in the data files fails), one full record per entity, a OneRoster
 * bundle that passes the 1.2 structural check, passwords only on request in a 0600 file, the
 * people without a valid identifier listed, and `accounts diff` after students leave and change.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { checkOneRosterBundle } from '../../src/accounts/oneroster-check.js';
import { openStore } from '../../src/store/db.js';
import { beginRun, finishRun, lastSnapshot, listSchools, writeSnapshot } from '../../src/store/index.js';
import { listAudit } from '../../src/store/audit.js';

const DOCUMENTED: Record<string, Record<string, string[]>> = {
  // https://docs.moodle.org/en/Upload_users — required username, firstname, lastname, email; optional idnumber,
  // institution, department, auth, cohort1, courseN/roleN.
  // https://docs.moodle.org/en/Upload_courses — shortname, fullname and a category (here category_path) required.
  moodle: {
    'users.csv': ['username', 'firstname', 'lastname', 'email', 'idnumber', 'institution', 'department', 'auth', 'cohort1', 'course1', 'role1'],
    'courses.csv': ['shortname', 'fullname', 'category_path', 'idnumber'],
  },
  // https://support.google.com/a/answer/40057 (the Admin console template) and answer/9400082 (group members).
  google: {
    'users.csv': ['First Name [Required]', 'Last Name [Required]', 'Email Address [Required]', 'Password [Required]', 'Org Unit Path [Required]', 'Employee ID', 'Employee Type', 'Department', 'Change Password at Next Sign-In'],
    'classroom-rosters.csv': ['Group Email [Required]', 'Member Email', 'Member Type', 'Member Role'],
  },
  // https://learn.microsoft.com/en-us/schooldatasync/sds-v2.1-csv-file-format
  microsoft: {
    'orgs.csv': ['sourcedId', 'name', 'type', 'parentSourcedId'],
    'users.csv': ['sourcedId', 'username', 'familyName', 'givenName', 'middleName', 'email'],
    'roles.csv': ['userSourcedId', 'orgSourcedId', 'role', 'sessionSourcedIds', 'grade', 'isPrimary'],
    'academicSessions.csv': ['sourcedId', 'title', 'type', 'schoolYear', 'startDate', 'endDate'],
    'classes.csv': ['sourcedId', 'orgSourcedId', 'title', 'sessionSourcedIds', 'code', 'subject'],
    'enrollments.csv': ['classSourcedId', 'userSourcedId', 'role'],
  },
  // OneRoster 1.2 CSV binding (1EdTech), §4: every column, in order.
  oneroster: {
    'manifest.csv': ['propertyName', 'value'],
    'academicSessions.csv': ['sourcedId', 'status', 'dateLastModified', 'title', 'type', 'startDate', 'endDate', 'parentSourcedId', 'schoolYear'],
    'orgs.csv': ['sourcedId', 'status', 'dateLastModified', 'name', 'type', 'identifier', 'parentSourcedId'],
    'courses.csv': ['sourcedId', 'status', 'dateLastModified', 'schoolYearSourcedId', 'title', 'courseCode', 'grades', 'orgSourcedId', 'subjects', 'subjectCodes'],
    'classes.csv': ['sourcedId', 'status', 'dateLastModified', 'title', 'grades', 'courseSourcedId', 'classCode', 'classType', 'location', 'schoolSourcedId', 'termSourcedIds', 'subjects', 'subjectCodes', 'periods'],
    'users.csv': ['sourcedId', 'status', 'dateLastModified', 'enabledUser', 'username', 'userIds', 'givenName', 'familyName', 'middleName', 'identifier', 'email', 'sms', 'phone', 'agentSourcedIds', 'grades', 'password', 'userMasterIdentifier', 'resourceSourcedIds', 'preferredGivenName', 'preferredMiddleName', 'preferredFamilyName', 'primaryOrgSourcedId', 'pronouns'],
    'roles.csv': ['sourcedId', 'status', 'dateLastModified', 'userSourcedId', 'roleType', 'role', 'beginDate', 'endDate', 'orgSourcedId', 'userProfileSourcedId'],
    'enrollments.csv': ['sourcedId', 'status', 'dateLastModified', 'classSourcedId', 'schoolSourcedId', 'userSourcedId', 'role', 'primary', 'beginDate', 'endDate'],
  },
};

function csv(path: string): Array<Record<string, string>> {
  const text = readFileSync(path, 'utf8');
  expect(text.charCodeAt(0), `${path} starts with a BOM`).not.toBe(0xfeff);
  return parse(text, { columns: true }) as Array<Record<string, string>>;
}

function header(path: string): string[] {
  return (parse(readFileSync(path, 'utf8'), { to_line: 1 }) as string[][])[0]!;
}

describe('accounts export', () => {
  const dir = tempDir('edusync-accounts-');
  const db = join(dir, 'edusync.db');
  const out = (f: string): string => join(dir, `out-${f}`);
  let student: Record<string, unknown>;
  let schoolId: string;

  beforeAll(async () => {
    const gen = await runCli(['generate', '--out', join(dir, 'data'), '--seed', '11', '--schools', '1', '--format', 'csv', '--classes-per-grade', '1', '--students-per-class', '4', '--entities', 'schools,classes,students,teachers']);
    expect(gen.code, gen.stderr).toBe(0);
    const imp = await runCli(['import', join(dir, 'data'), '--period', '2025-09', '--apply', '--db', db, '--today', '2025-10-01']);
    expect(imp.code, imp.stderr).toBe(0);
    const runs = await Promise.all(
      (['moodle', 'google', 'microsoft', 'oneroster'] as const).map((f) =>
        runCli(['accounts', 'export', '--format', f, '--out', out(f), '--db', db, '--domain', 'thcs-demo.edu.vn', '--today', '2025-10-01', ...(f === 'oneroster' ? ['--passwords'] : [])]),
      ),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const store = openStore(db, { readonly: true });
    schoolId = listSchools(store)[0]!.schoolId;
    student = lastSnapshot(store, schoolId, 'student', '2025-09')!.records[0]!.values;
    store.close();
  });

  it.each(Object.keys(DOCUMENTED))('%s: header rows are the documented column sets, files 0600 without BOM', (platform) => {
    for (const [file, columns] of Object.entries(DOCUMENTED[platform]!)) {
      const path = join(out(platform), file);
      expect(header(path), `${platform}/${file}`).toEqual(columns);
      expect(statSync(path).mode & 0o777).toBe(0o600);
    }
  });

  it('one full record per entity, usernames from the personal identifier', () => {
    const pid = String(student.personalId);
    const [family, ...rest] = String(student.fullName).split(' ');
    const given = rest[rest.length - 1]!;
    const middle = rest.slice(0, -1).join(' ');
    const email = `${pid}@thcs-demo.edu.vn`;
    const cls = String(student.classId);
    const section = `${schoolId}-${cls}`;

    const moodle = csv(join(out('moodle'), 'users.csv')).find((r) => r.username === pid)!;
    expect(moodle).toMatchObject({ firstname: `${middle} ${given}`.trim(), lastname: family, email, idnumber: pid, department: cls, auth: 'manual', cohort1: section, course1: section, role1: 'student' });
    expect(csv(join(out('moodle'), 'users.csv')).some((r) => r.role1 === 'editingteacher')).toBe(true);
    expect(csv(join(out('moodle'), 'courses.csv')).find((r) => r.shortname === section)).toMatchObject({ idnumber: section, category_path: expect.stringContaining('Năm học 2025-2026') });

    const g = csv(join(out('google'), 'users.csv')).find((r) => r['Employee ID'] === pid)!;
    expect(g).toMatchObject({ 'First Name [Required]': `${middle} ${given}`.trim(), 'Last Name [Required]': family, 'Email Address [Required]': email, 'Password [Required]': '', 'Org Unit Path [Required]': `/${schoolId}/hoc-sinh`, 'Change Password at Next Sign-In': 'TRUE' });
    expect(csv(join(out('google'), 'classroom-rosters.csv'))).toContainEqual({ 'Group Email [Required]': `lop-${section.toLowerCase()}@thcs-demo.edu.vn`, 'Member Email': email, 'Member Type': 'USER', 'Member Role': 'MEMBER' });

    const ms = (f: string) => csv(join(out('microsoft'), f));
    expect(ms('orgs.csv')[0]).toMatchObject({ sourcedId: schoolId, type: 'school' });
    expect(ms('users.csv').find((r) => r.sourcedId === pid)).toEqual({ sourcedId: pid, username: email, familyName: family, givenName: given, middleName: middle, email });
    expect(ms('roles.csv').find((r) => r.userSourcedId === pid)).toEqual({ userSourcedId: pid, orgSourcedId: schoolId, role: 'student', sessionSourcedIds: 'nh-2025-2026', grade: String(student.gradeCode).padStart(2, '0'), isPrimary: 'true' });
    expect(ms('academicSessions.csv')).toEqual([{ sourcedId: 'nh-2025-2026', title: 'Năm học 2025-2026', type: 'schoolYear', schoolYear: '2026', startDate: '2025-09-05', endDate: '2026-05-31' }]);
    expect(ms('classes.csv').find((r) => r.sourcedId === section)).toMatchObject({ orgSourcedId: schoolId, code: cls, title: `Lớp ${cls}` });
    expect(ms('enrollments.csv')).toContainEqual({ classSourcedId: section, userSourcedId: pid, role: 'student' });

    const or = (f: string) => csv(join(out('oneroster'), f));
    expect(or('users.csv').find((r) => r.sourcedId === pid)).toMatchObject({ enabledUser: 'true', username: pid, userIds: `{MaDinhDanh:${pid}}`, givenName: given, familyName: family, middleName: middle, identifier: pid, email, primaryOrgSourcedId: schoolId, password: '' });
    expect(or('roles.csv').find((r) => r.userSourcedId === pid)).toMatchObject({ roleType: 'primary', role: 'student', orgSourcedId: schoolId });
    expect(or('enrollments.csv').find((r) => r.userSourcedId === pid)).toMatchObject({ classSourcedId: section, schoolSourcedId: schoolId, role: 'student' });
    expect(or('classes.csv').find((r) => r.sourcedId === section)).toMatchObject({ classType: 'homeroom', schoolSourcedId: schoolId, termSourcedIds: 'nh-2025-2026' });
    expect(or('courses.csv').length).toBeGreaterThan(0);
    expect(or('orgs.csv')).toEqual([expect.objectContaining({ sourcedId: schoolId, type: 'school', identifier: schoolId })]);
    expect(or('manifest.csv')).toContainEqual({ propertyName: 'oneroster.version', value: '1.2' });
  });

  it('the OneRoster bundle passes the 1.2 structural check, and the check catches a broken one', () => {
    expect(checkOneRosterBundle(out('oneroster'))).toEqual([]);
    const broken = join(dir, 'broken');
    cpSync(out('oneroster'), broken, { recursive: true });
    const users = readFileSync(join(broken, 'users.csv'), 'utf8').split('\r\n');
    writeFileSync(join(broken, 'users.csv'), [users[0]!.replace('givenName', 'GivenName'), ...users.slice(1)].join('\r\n'));
    const enr = readFileSync(join(broken, 'enrollments.csv'), 'utf8').split('\r\n');
    writeFileSync(join(broken, 'enrollments.csv'), [...enr.slice(0, 2), enr[2]!.replace(/,(\d{12}),/u, ',999999999999,'), ...enr.slice(3)].join('\r\n'));
    writeFileSync(join(broken, 'demographics.csv'), 'sourcedId\r\n');
    const codes = checkOneRosterBundle(broken).map((p) => `${p.file}:${p.code}`);
    expect(codes).toEqual(expect.arrayContaining(['users.csv:header', 'enrollments.csv:reference', 'demographics.csv:unexpected-file']));
  });

  it('passwords only with --passwords: a separate 0600 file, CSPRNG-shaped, never in the platform files', () => {
    const file = join(out('oneroster'), 'passwords.csv');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const rows = csv(file);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.password)).size).toBe(rows.length);
    for (const r of rows) expect(r.password).toMatch(/^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[A-Za-z0-9]{12}$/u);
    for (const f of readdirSync(out('oneroster')).filter((f) => f !== 'passwords.csv')) {
      const text = readFileSync(join(out('oneroster'), f), 'utf8');
      expect(rows.some((r) => text.includes(r.password!)), f).toBe(false);
    }
    for (const f of ['moodle', 'google', 'microsoft']) expect(existsSync(join(out(f), 'passwords.csv'))).toBe(false);
  });

  it('records an audit row per file written: counts, field keys, destination, hash', () => {
    const store = openStore(db, { readonly: true });
    const events = listAudit(store).filter((e) => e.command === 'accounts export');
    store.close();
    expect(events.length).toBe(2 + 2 + 6 + 8 + 1);
    const users = events.find((e) => e.destination === join(out('oneroster'), 'users.csv'))!;
    expect(users.fileSha256).toMatch(/^[0-9a-f]{64}$/u);
    expect(users.fields).toEqual(expect.arrayContaining(['personalId', 'fullName']));
    expect(users.recordCount).toBe(csv(join(out('oneroster'), 'users.csv')).length);
  });

  it('diff after a month: a student left (suspend), one renamed (update), one without a valid identifier (listed, no account)', async () => {
    const store = openStore(db);
    const snap = lastSnapshot(store, schoolId, 'student', '2025-09')!;
    const runId = beginRun(store, { command: 'test', period: '2025-10' });
    const records = snap.records.map((r, i) => {
      const values = { ...r.values };
      if (i === 0) values.statusCode = '05'; // thôi học
      if (i === 1) values.fullName = `${String(values.fullName)} Anh`;
      if (i === 2) values.personalId = '000' + String(values.personalId).slice(3); // no such province code (CC-002)
      return { personId: r.personId, recordKey: r.recordKey, classId: r.classId, values };
    });
    writeSnapshot(store, { runId, schoolId, period: '2025-10', entity: 'student', records });
    finishRun(store, runId, { outcome: 'ok', exitCode: 0 });
    store.close();

    const d = await runCli(['accounts', 'diff', '--db', db, '--domain', 'thcs-demo.edu.vn', '--format', 'json', '--today', '2025-10-20']);
    expect(d.code, d.stderr).toBe(0);
    const diff = JSON.parse(d.stdout);
    expect(diff.since.format).toBeDefined();
    expect(diff.create).toEqual([]);
    expect(diff.suspend.map((s: { username: string }) => s.username).sort()).toEqual([String(snap.records[0]!.values.personalId), String(snap.records[2]!.values.personalId)].sort());
    expect(diff.update).toEqual([expect.objectContaining({ username: String(snap.records[1]!.values.personalId), changes: [expect.objectContaining({ field: 'givenName', to: 'Anh' }), expect.objectContaining({ field: 'middleName' })] })]);

    const e = await runCli(['accounts', 'export', '--format', 'moodle', '--out', join(dir, 'oct'), '--db', db, '--domain', 'thcs-demo.edu.vn', '--today', '2025-10-20', '--lang', 'en']);
    expect(e.code, e.stderr).toBe(1);
    expect(e.stdout).toContain('No account — missing or invalid personal identifier (1)');
    expect(csv(join(dir, 'oct', 'no-account.csv'))).toEqual([expect.objectContaining({ localId: String(snap.records[2]!.values.studentId), reasons: 'CC-002' })]);
    const users = csv(join(dir, 'oct', 'users.csv')).map((r) => r.username);
    expect(users).not.toContain(String(snap.records[0]!.values.personalId));
    const again = await runCli(['accounts', 'diff', '--db', db, '--domain', 'thcs-demo.edu.vn', '--format', 'json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ create: [], update: [], suspend: [] });
  });

  it('an assignments file adds subject sections (the store knows homeroom teachers only); unknown rows are reported', async () => {
    const store = openStore(db, { readonly: true });
    const teacher = lastSnapshot(store, schoolId, 'teacher', '2025-10')!.records[0]!.values;
    store.close();
    const file = join(dir, 'phan-cong.csv');
    writeFileSync(file, `Lớp,Mã giáo viên,Môn\n${String(student.classId)},${String(teacher.staffId)},Toán\n9Z9,${String(teacher.staffId)},Toán\n`);
    const r = await runCli(['accounts', 'export', '--format', 'oneroster', '--out', join(dir, 'assign'), '--db', db, '--assignments', file, '--report', 'json', '--today', '2025-10-20']);
    expect(r.code, r.stderr).toBe(1); // the invalid identifier of the previous test is still listed
    expect(JSON.parse(r.stdout).unmatchedAssignmentRows).toEqual([3]);
    // Issue 9: the output states which personal-data fields each file carries.
    const files = JSON.parse(r.stdout).files as Array<{ name: string; fields: string[] }>;
    expect(files.find((f) => f.name === 'users.csv')?.fields).toEqual(['username', 'fullName', 'personalId', 'email', 'classId', 'schoolId', 'role']);
    expect(files.find((f) => f.name === 'manifest.csv')?.fields).toEqual([]);
    expect(checkOneRosterBundle(join(dir, 'assign'))).toEqual([]);
    const section = `${schoolId}-${String(student.classId)}-toan`;
    expect(csv(join(dir, 'assign', 'classes.csv')).find((c) => c.sourcedId === section)).toMatchObject({ classType: 'scheduled', subjects: 'Toán' });
    expect(csv(join(dir, 'assign', 'enrollments.csv')).filter((e) => e.classSourcedId === section && e.role === 'teacher')).toHaveLength(1);
  });
});
