/**
 * Issue 9 item 2: logs carry no personal data.
 *
 * This file runs a representative set of CLI scenarios on seeded, generated, messy data with
 * defects (validate text/json/xlsx, import dry run and --apply twice, diff, history, run with
 * JSON and text logs, backup, bad inputs), collects every stderr, and looks in it for every name,
 * personal ID, student/staff code, phone, email, date of birth (dd/mm/yyyy and yyyy-mm-dd) and
 * sensitive value (ethnicity, religion, disability, health) of the generated files, read back
 * with csv-parse / ExcelJS (test/privacy/secrets.ts). What counts as a log is defined in
 * test/privacy/log-lines.ts and docs/privacy.md. The same scanner also runs over every CLI run of
 * the whole suite at the end (test/privacy/capture.ts, a vitest globalSetup).
 */
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type CliRun } from '../helpers/run-cli.js';
import { harvestDir, scanText, secretCount, type Hit, type SecretKind, type Secrets } from './secrets.js';
import { logLines } from './log-lines.js';

const TODAY = ['--today', '2025-10-15'];
let dir: string;
let secrets: Secrets;
/** stderr of every scenario, with the command that wrote it. */
const logs: Array<{ args: string[]; stderr: string }> = [];
let schoolIds: string[] = [];

async function cli(args: string[], expectCode?: number | number[]): Promise<CliRun> {
  const r = await runCli(args, { cwd: dir });
  logs.push({ args, stderr: r.stderr });
  if (expectCode !== undefined) {
    const codes = Array.isArray(expectCode) ? expectCode : [expectCode];
    expect(codes, `edusync ${args.join(' ')} → ${r.code}\n${r.stderr}`).toContain(r.code);
  }
  return r;
}

function describeHits(hits: Array<{ args: string[]; hit: Hit }>): string {
  return hits.map(({ args, hit }) => `edusync ${args.join(' ')}: ${hit.kind} (${hit.length} chars) in: ${hit.masked}`).join('\n');
}

function scanAll(entries: Array<{ args: string[]; stderr: string }>): Array<{ args: string[]; hit: Hit }> {
  const found: Array<{ args: string[]; hit: Hit }> = [];
  for (const e of entries) for (const hit of scanText(logLines(e.args, e.stderr).join('\n'), secrets)) found.push({ args: e.args, hit });
  return found;
}

beforeAll(async () => {
  dir = tempDir('edusync-log-scan-');
  const common = ['--layout', 'messy', '--defects', '0.08', '--classes-per-grade', '1', '--students-per-class', '12'];
  await cli(['generate', '--out', 'csv', '--seed', '42', '--schools', '2', '--format', 'csv', ...common], 0);
  await cli(['generate', '--out', 'xlsx', '--seed', '43', '--format', 'xlsx', ...common], 0);
  await cli(['generate', '--out', 'tsv', '--seed', '44', '--format', 'tsv-utf16', '--entities', 'students,teachers', ...common], 0);
  secrets = await harvestDir(dir);
  schoolIds = [...new Set(readdirSync(join(dir, 'csv')).filter((f) => /^\d+-hoc-sinh\.csv$/.test(f)).map((f) => f.split('-')[0]!))];
  expect(schoolIds).toHaveLength(2);

  // A later month for diff: one student renamed, the last student gone.
  cpSync(join(dir, 'csv'), join(dir, 'csv-2025-10'), { recursive: true });
  const studentFile = join(dir, 'csv-2025-10', `${schoolIds[0]}-hoc-sinh.csv`);
  const names = [...(secrets.byKind.get('name') ?? [])];
  let text = readFileSync(studentFile, 'utf8');
  const renamed = names.find((n) => text.includes(`,${n},`));
  expect(renamed).toBeDefined();
  text = text.replace(`,${renamed},`, ',Trần Văn Đổi Tên,');
  const lines = text.split(/\r?\n/);
  const lastData = lines.findLastIndex((l) => /^\d+,/.test(l));
  lines.splice(lastData, 1);
  writeFileSync(studentFile, lines.join('\n'));

  // Bad inputs: built from real rows, so a reader that quotes the offending line would leak.
  const bad = join(dir, 'bad');
  cpSync(join(dir, 'csv'), bad, { recursive: true });
  const brokenSource = readFileSync(join(bad, `${schoolIds[1]}-hoc-sinh.csv`), 'utf8').split(/\r?\n/);
  const victim = brokenSource.findIndex((l) => /^\d+,/.test(l));
  const cells = brokenSource[victim]!.split(',');
  cells[5] = `"${cells[5]}`; // an opening quote that is never closed, before the student's name
  brokenSource[victim] = cells.join(',');
  writeFileSync(join(dir, 'bad-quote.csv'), brokenSource.join('\n'));
  writeFileSync(join(dir, 'garbage.xlsx'), Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(4000, 7)]));
  writeFileSync(join(dir, 'empty.csv'), '');
  writeFileSync(join(dir, 'not-a-db.db'), brokenSource.join('\n'));
  writeFileSync(join(dir, 'bad-config.json'), '{ "schools": [ { "id": 1, "inputs": "nope" ');
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('log scan: what it looks for', () => {
  it('harvests every kind of personal value from the generated files', () => {
    const kinds: SecretKind[] = ['name', 'personalId', 'code', 'phone', 'email', 'dateOfBirth', 'sensitive'];
    for (const k of kinds) expect(secrets.byKind.get(k)?.size ?? 0, k).toBeGreaterThan(0);
    expect(secretCount(secrets)).toBeGreaterThan(1000);
    expect(secrets.rows).toBeGreaterThan(200);
  });

  it('finds a planted value of every kind (the scan can fail)', () => {
    const one = (k: SecretKind): string => [...secrets.byKind.get(k)!][0]!;
    const dob = [...secrets.byKind.get('dateOfBirth')!].find((d) => d.includes('/'))!;
    const [dd, mm, yyyy] = dob.split('/');
    const planted = [
      `{"level":"info","note":"${one('name')}"}`,
      `edusync: tệp x.csv, dòng 3: ${one('personalId')} sai`,
      `code=${one('code')}`,
      `phone ${one('phone')}.`,
      `mail <${one('email')}>`,
      `born ${yyyy}-${mm}-${dd}`,
      `born ${dob}`,
      `dân tộc: ${one('sensitive')}`,
    ].join('\n');
    const kinds = scanText(planted, secrets).map((h) => h.kind);
    expect(new Set(kinds)).toEqual(new Set(['name', 'personalId', 'code', 'phone', 'email', 'dateOfBirth', 'sensitive']));
    expect(kinds.filter((k) => k === 'dateOfBirth')).toHaveLength(2);
    // Reports mask the value: the hit text never carries the secret itself.
    for (const h of scanText(planted, secrets)) expect(h.masked).not.toContain(one('name'));
    // Counts, codes, hashes and times are not hits.
    expect(scanText('{"time":"2025-10-15T01:02:03.000Z","records":412,"sha256":"0a1b2c3d4e5f","code":"DL-005"}', secrets)).toEqual([]);
  });
});

describe('log scan: CLI scenarios', () => {
  it('validate: text, json and the xlsx error workbook, on csv, xlsx and UTF-16 data', async () => {
    for (const data of ['csv', 'xlsx', 'tsv']) {
      await cli(['validate', data, ...TODAY], [0, 1]);
      await cli(['validate', data, '--format', 'json', ...TODAY, '--lang', 'en'], [0, 1]);
      await cli(['validate', data, '--format', 'xlsx', '--out', `errors-${data}.xlsx`, ...TODAY], [0, 1]);
    }
    await cli(['validate', 'csv', '--entity', 'student', '--max-findings', '5', ...TODAY], [0, 1, 4]); // the other lists are not student lists: 4
  });

  it('import: dry run, --apply, --apply again, a later month, and JSON output', async () => {
    await cli(['import', 'csv', '--db', 'store.db', '--period', '2025-09', ...TODAY], [0, 1]);
    await cli(['import', 'csv', '--db', 'store.db', '--period', '2025-09', '--apply', ...TODAY], [0, 1]);
    await cli(['import', 'csv', '--db', 'store.db', '--period', '2025-09', '--apply', ...TODAY, '--lang', 'en'], [0, 1]);
    await cli(['import', 'csv-2025-10', '--db', 'store.db', '--period', '2025-10', '--apply', '--format', 'json', ...TODAY], [0, 1]);
    await cli(['import', 'xlsx', '--db', 'store.db', '--period', '2025-10', '--apply', ...TODAY], [0, 1]);
    expect(existsSync(join(dir, 'store.db'))).toBe(true);
  });

  it('diff and history', async () => {
    for (const format of ['text', 'json']) {
      await cli(['diff', '--from', '2025-09', '--to', '2025-10', '--db', 'store.db', '--format', format], 0);
      await cli(['history', '--db', 'store.db', '--format', format], 0);
    }
    await cli(['diff', '--from', '2025-09', '--to', '2025-10', '--db', 'store.db', '--format', 'xlsx', '--out', 'diff.xlsx', '--lang', 'en'], 0);
    await cli(['diff', '--from', '2025-09', '--to', '2025-10', '--db', 'store.db', '--school', schoolIds[0]!, '--entity', 'student'], 0);
  });

  it('run: JSON and text logs, a missing input and an unreadable file, and the summary files', async () => {
    const config = (format: string) => ({
      period: '2025-11',
      ruleSet: '2025-2026',
      store: { path: 'run.db' },
      schools: [
        ...schoolIds.map((id) => ({ id, inputs: [`csv/${id}-*.csv`] })),
        { id: '99999999', inputs: ['missing/*.csv', 'garbage.xlsx', 'bad-quote.csv'] },
      ],
      import: { apply: true },
      log: { format, summaryDir: 'runs' },
    });
    writeFileSync(join(dir, 'run-json.json'), JSON.stringify(config('json')));
    writeFileSync(join(dir, 'run-text.json'), JSON.stringify(config('text')));
    const json = await cli(['run', '--config', 'run-json.json', ...TODAY], [1, 4]);
    expect(json.stderr.split('\n').filter((l) => l.startsWith('{')).length).toBeGreaterThan(5);
    await cli(['run', '--config', 'run-text.json', ...TODAY, '--lang', 'en'], [1, 4]);
    await cli(['run', '--config', 'run-text.json', '--log-format', 'json', '--period', '2025-12', ...TODAY], [1, 4]);
    await cli(['run', '--config', 'run-json.json', '--log-format', 'text', ...TODAY], [1, 4]);
    await cli(['run', '--config', 'bad-config.json', ...TODAY]);
    // The summary files promise the same as the logs: no names, IDs or values.
    const runs = join(dir, 'runs');
    const summaries = readdirSync(runs);
    expect(summaries.length).toBeGreaterThanOrEqual(4);
    for (const f of summaries) logs.push({ args: ['(summary file)', f], stderr: readFileSync(join(runs, f), 'utf8') });
  });

  it('backup, and bad inputs that end in a message on stderr', async () => {
    await cli(['backup', '--db', 'store.db', '--out', 'backup.db'], 0);
    await cli(['backup', '--db', 'store.db', '--out', 'backup.db']); // exists, no --force
    await cli(['validate', 'no-such-file.csv']);
    await cli(['validate', 'garbage.xlsx', 'empty.csv', 'bad-quote.csv', ...TODAY]);
    await cli(['validate', 'bad-quote.csv', '--format', 'xlsx', '--out', 'bad.xlsx', ...TODAY]);
    await cli(['validate', 'bad', 'bad-quote.csv', '--format', 'json', ...TODAY, '--lang', 'en']);
    await cli(['validate', 'xlsx', '--sheet', 'Không có', ...TODAY]);
    await cli(['import', 'bad-quote.csv', 'garbage.xlsx', '--db', 'store.db', '--period', '2025-11', '--apply', ...TODAY]);
    await cli(['import', 'csv', '--db', 'not-a-db.db', '--period', '2025-11', '--apply', ...TODAY]);
    await cli(['history', '--db', 'not-a-db.db']);
    await cli(['diff', '--from', '2024-01', '--to', '2024-02', '--db', 'store.db']);
    await cli(['validate', 'csv', '--today', '15/10/2025']);
    await cli(['validate', 'csv', '--rule-set', '1999-2000']);
    const failures = logs.filter((l) => l.stderr.includes('edusync:'));
    expect(failures.length).toBeGreaterThan(5);
  });

  it('progress lines (shown on a terminal) name files and counts only', async () => {
    // Progress is silent when stderr is not a terminal, so drive the command in-process with an
    // interactive context and capture what it would have drawn.
    const { runValidate } = await import('../../src/cli/commands/validate.js');
    const { runImport } = await import('../../src/cli/commands/import.js');
    const { strings } = await import('../../src/cli/i18n.js');
    let stderr = '';
    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    const err = new Writable({
      write(chunk, _e, cb) {
        stderr += String(chunk);
        cb();
      },
    });
    const ctx = { locale: 'vi' as const, t: strings('vi'), stdout: sink, stderr: err, interactive: true };
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      await runValidate(['csv', 'xlsx', 'tsv'], { format: 'text', today: '2025-10-15' }, ctx);
      await runImport(['csv'], { db: 'progress.db', period: '2025-09', format: 'text', today: '2025-10-15' }, ctx);
    } finally {
      process.chdir(cwd);
    }
    expect(stderr).toContain('\r\x1b[2K');
    logs.push({ args: ['(in-process progress)'], stderr });
  });

  it('no stderr line of any scenario carries a personal value', () => {
    expect(logs.length).toBeGreaterThan(35);
    const hits = scanAll(logs);
    expect(hits, describeHits(hits)).toEqual([]);
  });
});
