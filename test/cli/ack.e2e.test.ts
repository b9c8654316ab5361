/**
 * `edusync ack` end to end on a generated student list with planted warnings (landline contact
 * phones: DL-009 warnings; a pupil five years older than the grade: HS-001 warning): acknowledged
 * warnings are counted, not listed, until their value changes or the acknowledgement is removed;
 * errors are refused; the person key is masked in text; one thread and two give the same report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { runCli, tempDir } from '../helpers/run-cli.js';

const TODAY = '2025-10-15';
const LANDLINE = '02438223344';

interface JsonFinding {
  code: string;
  severity: string;
  row: number | null;
  acknowledged?: { id: number; reason: string; by: string | null; at: string };
}
interface JsonReport {
  stats: { warnings: number; acknowledged?: number; acknowledgedByCode?: Record<string, number> };
  findings: JsonFinding[];
}

let dir = '';
let file = '';
let db = '';
let rows: string[][] = [];

function writeRows(path: string, data: string[][]): void {
  const q = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  writeFileSync(path, data.map((r) => r.map(q).join(',')).join('\n') + '\n');
}

async function validate(path: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<{ report: JsonReport; stdout: string; stderr: string }> {
  const run = await runCli(['validate', path, '--today', TODAY, '--format', 'json', '--db', db, ...extra], { env: { EDUSYNC_THREADS: '1', ...env } });
  expect([0, 1], run.stderr).toContain(run.code);
  return { report: JSON.parse(run.stdout) as JsonReport, stdout: run.stdout, stderr: run.stderr };
}

const warningsAt = (r: JsonReport, code: string): JsonFinding[] => r.findings.filter((f) => f.code === code && f.severity === 'warning');

beforeAll(async () => {
  dir = tempDir('edusync-ack-');
  const gen = await runCli(['generate', '--out', join(dir, 'gen'), '--seed', '7', '--entities', 'students', '--format', 'csv', '--classes-per-grade', '1', '--students-per-class', '20']);
  expect(gen.code, gen.stderr).toBe(0);
  const name = readdirSync(join(dir, 'gen')).find((f) => f.endsWith('.csv'))!;
  rows = parse(readFileSync(join(dir, 'gen', name), 'utf8')) as string[][];
  const header = rows[0]!;
  const phone = header.indexOf('Số điện thoại liên hệ');
  const dob = header.indexOf('Ngày sinh');
  // File row n is rows[n - 1] (the header is row 1).
  for (const n of [2, 4, 7, 60]) rows[n - 1]![phone] = LANDLINE;
  const d = rows[9]![dob]!;
  rows[9]![dob] = `${d.slice(0, 6)}${Number(d.slice(6)) - 5}`;
  mkdirSync(join(dir, 'oct'));
  file = join(dir, 'oct', 'hoc-sinh.csv');
  writeRows(file, rows);
  db = join(dir, 'edusync.db');
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('edusync ack', () => {
  it('validate without a store lists every warning and creates no store', async () => {
    const { report } = await validate(file);
    expect(warningsAt(report, 'DL-009').map((f) => f.row)).toEqual([2, 4, 7, 60]);
    expect(warningsAt(report, 'HS-001').map((f) => f.row)).toEqual([10]);
    expect(report.stats.warnings).toBe(5);
    expect(report.stats.acknowledged).toBeUndefined();
    expect(existsSync(db)).toBe(false);
  });

  it('refuses errors, infos and what matches nothing (exit 2), storing nothing', async () => {
    const error = await runCli(['ack', 'add', file, '--code', 'CC-004', '--reason', 'x', '--today', TODAY, '--db', db, '--lang', 'en']);
    expect(error.code).toBe(2);
    expect(error.stderr).toContain('CC-004 is an error and cannot be acknowledged');
    const errorVi = await runCli(['ack', 'add', file, '--code', 'HS-003', '--reason', 'x', '--today', TODAY, '--db', db]);
    expect(errorVi.code).toBe(2);
    expect(errorVi.stderr).toContain('HS-003 là lỗi, không thể giải trình — phải sửa');
    const none = await runCli(['ack', 'add', file, '--code', 'DL-009', '--row', '3', '--reason', 'x', '--today', TODAY, '--db', db, '--lang', 'en']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('No warning matched (DL-009, rows 3)');
    const empty = await runCli(['ack', 'add', file, '--code', 'DL-009', '--reason', '  ', '--today', TODAY, '--db', db]);
    expect(empty.code).toBe(2);
    expect(existsSync(db)).toBe(false);
  });

  it('acknowledges the chosen warnings: JSON carries the object, text counts them in one line', async () => {
    const add = await runCli(['ack', 'add', file, '--code', 'DL-009', '--row', '2', '60', '--reason', 'Số bàn của gia đình, đã gọi xác nhận', '--today', TODAY, '--db', db, '--lang', 'en']);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/^Acknowledged 2 DL-009 warnings \(#1, #2\)\.$/m);
    const again = await runCli(['ack', 'add', file, '--code', 'DL-009', '--row', '2', '--reason', 'lại', '--today', TODAY, '--db', db, '--lang', 'en']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('1 were already acknowledged');

    const { report, stdout } = await validate(file);
    expect(report.stats).toMatchObject({ warnings: 5, acknowledged: 2, acknowledgedByCode: { 'DL-009': 2 } });
    const dl = warningsAt(report, 'DL-009');
    expect(dl.filter((f) => f.acknowledged).map((f) => f.row)).toEqual([2, 60]);
    expect(dl.find((f) => f.row === 2)!.acknowledged).toMatchObject({ id: 1, reason: 'Số bàn của gia đình, đã gọi xác nhận' });
    expect(warningsAt(report, 'HS-001')[0]!.acknowledged).toBeUndefined();
    // The subject (the person's key) is not printed anywhere in the report.
    expect(stdout).not.toContain('"subject"');

    const text = await runCli(['validate', file, '--today', TODAY, '--db', db, '--lang', 'en'], { env: { EDUSYNC_THREADS: '1' } });
    expect(text.stdout).toContain('Errors 1 · Warnings 3 · Repaired 0 · Acknowledged 2');
    expect(text.stdout).toContain('  DL-009 Malformed phone number — 2×');
    expect(text.stdout).toContain('  Acknowledged: 2 warnings (edusync ack list)');
    expect(text.stdout).not.toMatch(/row 2, column/);
    expect(text.stdout).toMatch(/row 4, column O/);
    const vi = await runCli(['validate', file, '--today', TODAY, '--db', db], { env: { EDUSYNC_THREADS: '1' } });
    expect(vi.stdout).toContain('Đã giải trình: 2 cảnh báo (edusync ack list)');

    // The error workbook keeps every warning in place, the acknowledged ones with their explanation.
    const out = join(dir, 'so-loi.xlsx');
    const wbRun = await runCli(['validate', file, '--today', TODAY, '--db', db, '--format', 'xlsx', '--out', out], { env: { EDUSYNC_THREADS: '1' } });
    expect([0, 1], wbRun.stderr).toContain(wbRun.code);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const sheet = wb.worksheets.find((w) => w.name.startsWith('DL-009'))!;
    const messages = new Map<number, string>();
    sheet.eachRow((row, n) => {
      if (n > 1) messages.set(Number(row.getCell(3).value), row.getCell(8).text);
    });
    expect([...messages.keys()]).toEqual([2, 4, 7, 60]);
    for (const r of [2, 60]) expect(messages.get(r)).toMatch(/ — đã giải trình: Số bàn của gia đình, đã gọi xác nhận$/);
    for (const r of [4, 7]) expect(messages.get(r)).not.toContain('giải trình');
  });

  it.runIf(availableParallelism() > 1)('gives the same report on one thread and on two', async () => {
    const one = await validate(file);
    const two = await validate(file, [], { EDUSYNC_THREADS: '2', EDUSYNC_PARALLEL_MIN_BYTES: '1', EDUSYNC_DEBUG_PARTS: '1' });
    // The cut falls before row 60, so one acknowledged warning comes back from the worker.
    const cut = /edusync parts: cut at byte \d+ of \d+, line (\d+)/.exec(two.stderr);
    expect(cut, two.stderr).not.toBeNull();
    expect(Number(cut![1])).toBeLessThan(60);
    expect(two.stdout).toBe(one.stdout);
    expect(one.report.stats.acknowledged).toBe(2);
  });

  it('a changed value is a new problem; a renamed file next month is not', async () => {
    const next = rows.map((r) => [...r]);
    next[1]![rows[0]!.indexOf('Số điện thoại liên hệ')] = '02838223344';
    const moved = join(dir, 'nov.csv');
    writeRows(moved, next);
    const { report } = await validate(moved);
    const dl = warningsAt(report, 'DL-009');
    expect(dl.find((f) => f.row === 2)!.acknowledged).toBeUndefined();
    expect(dl.find((f) => f.row === 60)!.acknowledged?.id).toBe(2);
    expect(report.stats.acknowledged).toBe(1);
  });

  it('import honours them too (its report counts them)', async () => {
    const run = await runCli(['import', file, '--db', db, '--period', '2025-10', '--today', TODAY, '--lang', 'en'], { env: { EDUSYNC_THREADS: '1' } });
    expect(run.stdout).toContain('Acknowledged: 2 warnings (edusync ack list)');
  });

  it('ack list masks the person key in text, not in JSON', async () => {
    const json = await runCli(['ack', 'list', '--format', 'json', '--db', db]);
    expect(json.code).toBe(0);
    const list = JSON.parse(json.stdout) as Array<{ id: number; subject: string; code: string; school: string; reason: string }>;
    expect(list.map((a) => a.id)).toEqual([1, 2]);
    expect(list[0]!.subject).toMatch(/^\d{12}$/);
    const text = await runCli(['ack', 'list', '--db', db, '--lang', 'en']);
    expect(text.code).toBe(0);
    for (const a of list) {
      expect(text.stdout).not.toContain(a.subject);
      expect(text.stdout).toContain(`#${a.id}  DL-009  school ${a.school}  person …${a.subject.slice(-4)}  field contactPhone`);
    }
    expect(text.stdout).toContain('reason: Số bàn của gia đình, đã gọi xác nhận');
    const other = await runCli(['ack', 'list', '--db', db, '--code', 'HS-001', '--lang', 'en']);
    expect(other.stdout).toBe('No warnings acknowledged.\n');
  });

  it('ack remove brings the warning back; an unknown id is exit 2', async () => {
    const unknown = await runCli(['ack', 'remove', '99', '--db', db, '--lang', 'en']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No active acknowledgement #99');
    const removed = await runCli(['ack', 'remove', '1', '--db', db, '--lang', 'en']);
    expect(removed.code, removed.stderr).toBe(0);
    const { report } = await validate(file);
    expect(report.stats.acknowledged).toBe(1);
    expect(warningsAt(report, 'DL-009').find((f) => f.row === 2)!.acknowledged).toBeUndefined();
    const list = await runCli(['ack', 'list', '--format', 'json', '--db', db]);
    expect((JSON.parse(list.stdout) as unknown[]).length).toBe(1);
  });

  it('a row without any identifier (DS-002, the same person twice) is acknowledged by its name, birth date and class', async () => {
    const header = rows[0]!;
    const twice = rows.map((r) => [...r]);
    for (const col of ['Số định danh cá nhân', 'Mã học sinh']) twice[19]![header.indexOf(col)] = '';
    twice.push([...twice[19]!]);
    const path = join(dir, 'twice.csv');
    writeRows(path, twice);
    const other = join(dir, 'twice.db');
    const before = await runCli(['validate', path, '--today', TODAY, '--format', 'json', '--db', other], { env: { EDUSYNC_THREADS: '1' } });
    expect(warningsAt(JSON.parse(before.stdout) as JsonReport, 'DS-002').map((f) => f.row)).toEqual([twice.length]);
    const add = await runCli(['ack', 'add', path, '--code', 'DS-002', '--reason', 'Trùng tên thật, hai học sinh khác nhau', '--today', TODAY, '--db', other, '--lang', 'en']);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('Acknowledged 1 DS-002 warning (#1).');
    const after = await runCli(['validate', path, '--today', TODAY, '--db', other, '--lang', 'en'], { env: { EDUSYNC_THREADS: '1' } });
    expect(after.stdout).toContain('  Acknowledged: 1 warning (edusync ack list)');
    expect(after.stdout).not.toContain('DS-002');
    const list = JSON.parse((await runCli(['ack', 'list', '--format', 'json', '--db', other])).stdout) as Array<{ subject: string; field: string }>;
    expect(list).toMatchObject([{ field: 'fullName' }]);
    expect(list[0]!.subject).toMatch(/^~[0-9a-f]{16}$/);
  });
});
