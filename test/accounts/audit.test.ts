import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readParticipants } from '../../src/accounts/audit/participants.js';
import { readRosterFile } from '../../src/accounts/audit/roster.js';
import { auditParticipants, type AuditReport } from '../../src/accounts/audit/match.js';
import { displayNameMatches } from '../../src/accounts/names.js';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { makeAuditFixture } from './audit-fixture.js';
import { AUDIT_REFUSED, storeRefusingAudit } from '../helpers/audit-refused.js';
import { openStore } from '../../src/store/db.js';
import { listAudit } from '../../src/store/audit.js';

describe('accounts audit', () => {
  const dir = tempDir('edusync-accounts-audit-');
  const fx = makeAuditFixture(dir);

  it('recognises Teams (UTF-16 with a summary block), Zoom and Moodle exports by their header', async () => {
    const teams = await readParticipants(fx.teamsFile);
    expect(teams.format).toBe('teams');
    // 24 students less 2 absent and 2 renamed (in Zoom), plus the teacher; the rejoin row is merged into its account.
    expect(teams.participants).toHaveLength(21);
    expect(teams.participants.find((p) => p.rows.length === 2)).toBeDefined();
    expect((await readParticipants(fx.zoomFile)).format).toBe('zoom');
    expect((await readParticipants(fx.moodleFile)).format).toBe('moodle');
  });

  it('finds the 3 strangers, the 2 absentees, the duplicate and the renamed students, with no false intruder', async () => {
    const roster = await readRosterFile(fx.rosterFile);
    expect(roster).toHaveLength(fx.roster.length);
    const report = auditParticipants([await readParticipants(fx.teamsFile), await readParticipants(fx.zoomFile)], roster);
    expect(report.files.map((f) => f.classId)).toEqual(['9A1', '9A1']);
    expect(report.intruders.map((i) => i.account.displayName).sort()).toEqual([...fx.strangers].sort());
    expect(report.intruders.every((i) => i.reason === 'not-on-roster')).toBe(true);
    expect(report.absent.map((a) => a.person.personalId).sort()).toEqual(fx.absent.map((p) => p.personalId).sort());
    expect(report.duplicates).toHaveLength(1);
    expect(report.duplicates[0]!.person.personalId).toBe(fx.duplicate.personalId);
    expect(report.duplicates[0]!.accounts.map((a) => a.email).sort()).toEqual([fx.duplicate.email, expect.stringContaining('@gmail.com')].sort());
    for (const r of fx.renamed) {
      const m = report.matched.find((x) => x.account.displayName === r.display);
      expect(m, r.display).toBeDefined();
      expect(m!.person.personalId).toBe(r.person.personalId);
      expect(m!.by).toBe('name');
    }
    expect(report.matched.find((m) => m.person.personalId === fx.teacher.personalId)?.by).toBe('account');
    // Everybody of 9A1 but the absentees is matched; the duplicate twice.
    const students = new Set(report.matched.filter((m) => m.person.role === 'student').map((m) => m.person.personalId));
    expect(students.size).toBe(24 - 2);
    expect(report.identifierMismatches).toEqual([]);
    expect(report.classes).toEqual([expect.objectContaining({ classId: '9A1', roster: 24, intruders: 3, absent: 2, duplicates: 1 })]);
  });

  it('flags an account whose identifier is not the national record, matched by account', async () => {
    const roster = await readRosterFile(fx.rosterFile);
    const report = auditParticipants([await readParticipants(fx.moodleFile)], roster);
    expect(report.identifierMismatches).toHaveLength(1);
    expect(report.identifierMismatches[0]).toMatchObject({ person: { personalId: fx.mismatch.person.personalId }, accountIdentifier: fx.mismatch.idnumber });
    expect(report.intruders).toEqual([]);
  });

  it('a student of another class in the meeting is an intruder for this class', () => {
    const other = fx.roster.find((p) => p.classId === '9A2')!;
    const a1 = fx.roster.filter((p) => p.classId === '9A1');
    const file = { file: 'x.csv', format: 'zoom' as const, participants: [...a1, other].map((p) => ({ displayName: p.fullName, email: p.email, username: null, identifier: null, file: 'x.csv', format: 'zoom' as const, rows: [2] })) };
    const report = auditParticipants([file], fx.roster.map((p) => ({ ...p, username: null })));
    expect(report.intruders).toEqual([expect.objectContaining({ reason: 'other-class', person: expect.objectContaining({ personalId: other.personalId }) })]);
  });

  it('a Zoom display renamed beyond recognition still matches by its original name', async () => {
    const p = fx.roster.find((x) => x.classId === '9A1')!;
    const zoom = join(dir, 'zoom-renamed.csv');
    writeFileSync(zoom, `Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\nBé Bông (${p.fullName}),,10/06/2025 07:32:00 AM,10/06/2025 08:15:00 AM,43,Yes\n`);
    const report = auditParticipants([await readParticipants(zoom)], await readRosterFile(fx.rosterFile), { classId: '9A1' });
    expect(report.matched).toEqual([expect.objectContaining({ by: 'name', person: expect.objectContaining({ personalId: p.personalId }), account: expect.objectContaining({ displayName: 'Bé Bông' }) })]);
    expect(report.intruders).toEqual([]);
  });

  it('Google Meet attendance and the older Teams list are read too', async () => {
    const [p1, p2] = fx.roster.filter((p) => p.classId === '9A1');
    const meet = join(dir, 'meet.csv');
    const split = (n: string) => [n.split(' ').slice(1).join(' '), n.split(' ')[0]];
    writeFileSync(meet, `First name,Last name,Email,Duration,Time joined,Time exited\n${split(p1!.fullName).join(',')},${p1!.email},40 min,7:30 AM,8:10 AM\n`);
    const legacy = join(dir, 'teams-old.csv');
    writeFileSync(legacy, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`Full Name\tUser Action\tTimestamp\r\n${p2!.fullName}\tJoined\t10/6/2025, 7:30:00 AM\r\n${p2!.fullName}\tLeft\t10/6/2025, 8:10:00 AM\r\n`, 'utf16le')]));
    const roster = await readRosterFile(fx.rosterFile);
    const a = await readParticipants(meet);
    const b = await readParticipants(legacy);
    expect([a.format, b.format]).toEqual(['google-meet', 'teams-legacy']);
    expect(b.participants).toEqual([expect.objectContaining({ displayName: p2!.fullName, rows: [2, 3] })]);
    const report = auditParticipants([a, b], roster, { classId: '9A1' });
    expect(report.matched.map((m) => [m.person.personalId, m.by])).toEqual([[p1!.personalId, 'account'], [p2!.personalId, 'name']]);
  });

  it('name comparison: accents, case, order, class tokens, a dropped Thị/Văn; not a different given name', () => {
    expect(displayNameMatches('Nguyen Van An 9A1', 'Nguyễn Văn An', ['9A1'])).toBe(true);
    expect(displayNameMatches('An Nguyễn', 'Nguyễn Văn An')).toBe(true);
    expect(displayNameMatches('NGUYỄN HOA', 'Nguyễn Thị Hoa')).toBe(true);
    expect(displayNameMatches('Nguyễn Văn Anh', 'Nguyễn Văn An')).toBe(false);
    expect(displayNameMatches('Nguyễn Văn An Bình', 'Nguyễn Văn An')).toBe(false);
    expect(displayNameMatches('Đặng Thu Hà', 'Dang Thu Ha')).toBe(true);
  });

  it('CLI: JSON report with --roster, exit 1 when intruders are found; xlsx written 0600', async () => {
    const r = await runCli(['accounts', 'audit', fx.teamsFile, fx.zoomFile, '--roster', fx.rosterFile, '--format', 'json', '--lang', 'en']);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as AuditReport;
    expect(report.intruders).toHaveLength(3);
    expect(report.absent).toHaveLength(2);
    expect(report.duplicates).toHaveLength(1);
    expect(new Set(report.matched.map((m) => m.by))).toEqual(new Set(['account', 'name']));
    const out = join(dir, 'audit.xlsx');
    const x = await runCli(['accounts', 'audit', fx.teamsFile, fx.zoomFile, '--roster', fx.rosterFile, '--format', 'xlsx', '--out', out]);
    expect(x.code, x.stderr).toBe(1);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it('CLI: the workbook is recorded in the store\'s audit trail, removed when its row cannot be written (exit 5)', async () => {
    const db = join(dir, 'store.db');
    openStore(db).close();
    const out = join(dir, 'recorded.xlsx');
    const args = ['accounts', 'audit', fx.teamsFile, fx.zoomFile, '--roster', fx.rosterFile, '--format', 'xlsx', '--out', out, '--lang', 'en'];
    const x = await runCli([...args, '--db', db]);
    expect(x.code, x.stderr).toBe(1);
    const store = openStore(db, { readonly: true });
    try {
      expect(listAudit(store)).toMatchObject([{ command: 'accounts audit', action: 'export', destination: out, fileSha256: createHash('sha256').update(readFileSync(out)).digest('hex') }]);
    } finally {
      store.close();
    }

    const refusing = storeRefusingAudit(join(dir, 'refusing.db'));
    const gone = join(dir, 'never-recorded.xlsx');
    const r = await runCli([...args.slice(0, -4), '--out', gone, '--lang', 'en', '--db', refusing]);
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toContain(AUDIT_REFUSED);
    expect(existsSync(gone)).toBe(false);
    // A store that cannot be opened: refused before the workbook is written.
    const bad = join(dir, 'not-a-db.db');
    writeFileSync(bad, 'this is not sqlite at all, just text long enough');
    const b = await runCli([...args.slice(0, -4), '--out', gone, '--db', bad]);
    expect(b.code).toBe(5);
    expect(existsSync(gone)).toBe(false);
  });

  it('CLI: a JSON or text report written with --out names children too: recorded, or removed when its row cannot be written', async () => {
    const db = join(dir, 'store-reports.db');
    openStore(db).close();
    const refusing = storeRefusingAudit(join(dir, 'refusing-reports.db'));
    for (const format of ['json', 'text']) {
      const out = join(dir, `audit-report.${format}`);
      const args = ['accounts', 'audit', fx.teamsFile, fx.zoomFile, '--roster', fx.rosterFile, '--format', format, '--lang', 'en'];
      const x = await runCli([...args, '--out', out, '--db', db]);
      expect(x.code, x.stderr).toBe(1);
      const report = readFileSync(out, 'utf8');
      // The report carries a roster child's name: that is why it is recorded.
      const absent = (JSON.parse((await runCli([...args.slice(0, -2), '--format', 'json'])).stdout) as AuditReport).absent[0]!.person.fullName;
      expect(report).toContain(absent);
      expect(statSync(out).mode & 0o777).toBe(0o600);
      const gone = join(dir, `never-recorded.${format}`);
      const r = await runCli([...args, '--out', gone, '--db', refusing]);
      expect(r.code, r.stderr).toBe(5);
      expect(r.stderr).toContain(AUDIT_REFUSED);
      expect(existsSync(gone)).toBe(false);
    }
    const store = openStore(db, { readonly: true });
    try {
      expect(listAudit(store).map((e) => [e.command, e.destination])).toEqual([
        ['accounts audit', join(dir, 'audit-report.json')],
        ['accounts audit', join(dir, 'audit-report.text')],
      ]);
    } finally {
      store.close();
    }
  });
});
