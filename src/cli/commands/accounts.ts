/**
 * `edusync accounts export|diff|audit` (issue 8): online-learning accounts keyed by the personal
 * identifier (TT 09/2021/TT-BGDĐT Điều 15.1.i) and roster audits of meeting participants.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ExitCode, UsageError } from '../../errors.js';
import { findConfigFile, readConfigFile } from '../../config/load.js';
import type { ConfigFile } from '../../config/schema.js';
import { todayIso } from '../../rules/utils/values.js';
import { resolveDbPath, openStoreForReading } from '../../store/diff/index.js';
import type { CliContext } from '../context.js';
import { emit } from '../output.js';

interface CommonOptions {
  db?: string;
  config?: string;
  period?: string;
  school?: string;
  today?: string;
}

export interface AccountsExportOptions extends CommonOptions {
  format: 'moodle' | 'google' | 'microsoft' | 'oneroster';
  out: string;
  passwords?: boolean;
  domain?: string;
  username?: string;
  schoolYear?: string;
  assignments?: string;
  report?: 'text' | 'json';
}

export interface AccountsDiffOptions extends CommonOptions {
  domain?: string;
  username?: string;
  assignments?: string;
  format: 'text' | 'json';
  out?: string;
}

export interface AccountsAuditOptions extends CommonOptions {
  roster?: string;
  class?: string;
  format: 'text' | 'json' | 'xlsx';
  out?: string;
}

function accountsConfig(options: CommonOptions): NonNullable<ConfigFile['accounts']> {
  const file = findConfigFile(options.config, process.env, process.cwd());
  return file === null ? {} : (readConfigFile(file).accounts ?? {});
}

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/u;

function checkCommon(options: CommonOptions): void {
  if (options.period !== undefined && !PERIOD.test(options.period)) {
    throw new UsageError({ vi: `--period cần dạng YYYY-MM, không phải "${options.period}".`, en: `--period needs YYYY-MM, not "${options.period}".` });
  }
}

async function readAssignments(file: string | undefined) {
  if (file === undefined) return undefined;
  const { readAssignmentsFile } = await import('../../accounts/assignments.js');
  return readAssignmentsFile(file);
}

async function prepare(options: CommonOptions & { domain?: string; username?: string; assignments?: string }) {
  checkCommon(options);
  const config = accountsConfig(options);
  const { checkUsernameRule, DEFAULT_USERNAME_RULE } = await import('../../accounts/usernames.js');
  const rule = options.username ?? config.username ?? DEFAULT_USERNAME_RULE;
  checkUsernameRule(rule);
  const domain = options.domain ?? config.domain;
  if (domain !== undefined && !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/u.test(domain)) {
    throw new UsageError({ vi: `--domain "${domain}" không phải tên miền hợp lệ (chữ thường, ví dụ thcs-abc.edu.vn).`, en: `--domain "${domain}" is not a valid domain (lower case, e.g. thcs-abc.edu.vn).` });
  }
  const assignments = await readAssignments(options.assignments);
  return { config, rule, domain, assignments };
}

export async function runAccountsExport(options: AccountsExportOptions, ctx: CliContext): Promise<ExitCode> {
  const { config, rule, domain, assignments } = await prepare(options);
  if (options.format === 'google' && domain === undefined) {
    throw new UsageError({
      vi: '--format google cần tên miền email của trường: --domain TÊN-MIỀN hoặc accounts.domain trong edusync.config.json.',
      en: '--format google needs the school email domain: --domain DOMAIN or accounts.domain in edusync.config.json.',
    });
  }
  if (options.schoolYear !== undefined && !/^(\d{4})-(\d{4})$/u.test(options.schoolYear)) {
    throw new UsageError({ vi: '--school-year cần dạng 2025-2026.', en: '--school-year needs the form 2025-2026.' });
  }
  const path = resolveDbPath(options.db);
  if (!existsSync(path)) openStoreForReading(path).close(); // the usual "no database yet" (exit 5)
  const { openStore } = await import('../../store/db.js');
  const { loadAccountSource } = await import('../../accounts/source.js');
  const { exportAccounts } = await import('../../accounts/export.js');
  const { parseSchoolYear, schoolYearOf } = await import('../../accounts/platforms.js');
  const store = openStore(path);
  try {
    const today = options.today ?? todayIso();
    const source = loadAccountSource(store, { period: options.period, schoolId: options.school, assignments, today });
    const result = await exportAccounts(store, source, {
      platform: options.format,
      outDir: resolve(options.out),
      usernameRule: rule,
      domain,
      orgUnit: config.orgUnit ?? '/{schoolId}/{role}',
      schoolYear: options.schoolYear ? parseSchoolYear(options.schoolYear) : schoolYearOf(today),
      passwords: options.passwords === true,
    });
    const { formatExportText, exportToJson } = await import('../../accounts/report.js');
    await emit(ctx, options.report === 'json' ? `${JSON.stringify(exportToJson(result), null, 2)}\n` : formatExportText(result, ctx.locale), undefined);
    return result.invalid.length > 0 ? ExitCode.Findings : ExitCode.Ok;
  } finally {
    store.close();
  }
}

export async function runAccountsDiff(options: AccountsDiffOptions, ctx: CliContext): Promise<ExitCode> {
  const { rule, domain, assignments } = await prepare(options);
  const store = openStoreForReading(resolveDbPath(options.db));
  try {
    const { loadAccountSource } = await import('../../accounts/source.js');
    const { buildAccounts, diffAccounts } = await import('../../accounts/model.js');
    const { lastAccountExport, loadAccountState } = await import('../../store/accounts.js');
    const source = loadAccountSource(store, { period: options.period, schoolId: options.school, assignments, today: options.today });
    const state = loadAccountState(store);
    const { accounts } = buildAccounts(source, state, { usernameRule: rule, domain });
    const last = lastAccountExport(store);
    const diff = diffAccounts(accounts, state, last ? { exportId: last.id, time: last.time, format: last.format } : null, new Set(source.schools.map((s) => s.schoolId)));
    const { formatDiffText } = await import('../../accounts/report.js');
    await emit(ctx, options.format === 'json' ? `${JSON.stringify(diff, null, 2)}\n` : formatDiffText(diff, ctx.locale), options.out);
    return ExitCode.Ok;
  } finally {
    store.close();
  }
}

export async function runAccountsAudit(files: string[], options: AccountsAuditOptions, ctx: CliContext): Promise<ExitCode> {
  checkCommon(options);
  if (options.format === 'xlsx' && (options.out === undefined || options.out === '-')) {
    throw new UsageError({ vi: '--format xlsx cần --out TỆP.xlsx.', en: '--format xlsx needs --out FILE.xlsx.' });
  }
  const { readParticipants } = await import('../../accounts/audit/participants.js');
  const { auditParticipants } = await import('../../accounts/audit/match.js');
  const { readRosterFile, rosterFromStore } = await import('../../accounts/audit/roster.js');
  let roster;
  if (options.roster !== undefined) {
    roster = await readRosterFile(options.roster);
  } else {
    const store = openStoreForReading(resolveDbPath(options.db));
    try {
      const { loadAccountSource } = await import('../../accounts/source.js');
      const { loadAccountState } = await import('../../store/accounts.js');
      const source = loadAccountSource(store, { period: options.period, schoolId: options.school, today: options.today });
      roster = rosterFromStore(source, loadAccountState(store));
    } finally {
      store.close();
    }
  }
  const participantFiles = [];
  for (const f of files) participantFiles.push(await readParticipants(f));
  const report = auditParticipants(participantFiles, roster, { classId: options.class });
  const { formatAuditText, writeAuditWorkbook } = await import('../../accounts/audit/format.js');
  const write =
    options.format === 'xlsx'
      ? () => writeAuditWorkbook(options.out!, report, ctx.locale)
      : () => emit(ctx, options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatAuditText(report, ctx.locale), options.out);
  if (options.out === undefined || options.out === '-') await write();
  else await writeRecordedAuditFile(options, report, write);
  return report.intruders.length > 0 || report.identifierMismatches.length > 0 ? ExitCode.Findings : ExitCode.Ok;
}

/**
 * The audit names children and their ids, in every format (the workbook, the JSON report, the
 * text): a file written with --out goes in the audit trail when there is a store to hold it. The
 * store is opened before the file is written (a store that cannot be opened leaves no file), and a
 * file whose row cannot be written is removed (exit 5), as validate's and diff's are.
 */
async function writeRecordedAuditFile(options: AccountsAuditOptions, report: import('../../accounts/audit/match.js').AuditReport, write: () => Promise<void>): Promise<void> {
  const path = resolveDbPath(options.db);
  if (!existsSync(path)) {
    await write();
    return;
  }
  const { openStore } = await import('../../store/db.js');
  const { recordWrittenFile } = await import('../../store/audit.js');
  const store = openStore(path);
  try {
    await write();
    const count = report.matched.length + report.absent.length + report.intruders.length;
    await recordWrittenFile(store, options.out!, { command: 'accounts audit', action: 'export', recordCount: count, fields: ['fullName', 'personalId', 'classId', 'email', 'username'] });
  } finally {
    store.close();
  }
}
