/**
 * Issue 4 item 3: `edusync diff` on a store built with the store API (one school, 2025-09 and
 * 2025-10: 5 new, 3 left, 4 moved class, 2 names corrected), through the real bin (dist/).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { buildScenario, SCHOOL, type Scenario } from '../store/diff/helpers.js';

let dir: string;
let db: string;
let scenario: Scenario;

beforeAll(() => {
  dir = tempDir('edusync-diff-');
  db = join(dir, 'edusync.db');
  scenario = buildScenario(db);
});

describe('edusync diff', () => {
  it('--format json gives exactly the changes, with student id and mã định danh on every item', async () => {
    const run = await runCli(['diff', '--from', '2025-09', '--to', '2025-10', '--db', db, '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.from).toBe('2025-09');
    expect(json.to).toBe('2025-10');
    expect(json.schools).toHaveLength(1);
    const s = json.schools[0];
    expect(s).toMatchObject({ schoolId: SCHOOL, entity: 'student', missing: null, changed: true, unchanged: 11 });
    expect(s.counts).toEqual({ new: 5, updated: 2, moved: 4, left: 3, unchanged: 11 });
    expect(s.fromSnapshot).toMatchObject({ period: '2025-09', records: 20 });
    expect(s.toSnapshot).toMatchObject({ period: '2025-10', records: 22 });

    const byId = (list: Array<{ schoolPersonId: string }>) => list.map((i) => i.schoolPersonId).sort();
    expect(byId(s.new)).toEqual([...scenario.newIds].sort());
    expect(byId(s.left)).toEqual([...scenario.leftIds].sort());
    expect(byId(s.moved)).toEqual([...scenario.movedIds].sort());
    expect(byId(s.updated)).toEqual(scenario.renamed.map((r) => r.studentId).sort());

    const all = [...s.new, ...s.updated, ...s.moved, ...s.left];
    const people = new Map([...scenario.september, ...scenario.october].map((p) => [p.studentId, p]));
    for (const item of all) {
      const p = people.get(item.schoolPersonId)!;
      expect(item.schoolId).toBe(SCHOOL);
      expect(item.personalId).toBe(p.personalId);
      expect(item.schoolPersonId).toMatch(/^0\d{9}$/); // leading zero kept
      expect(item.personId).toBe(scenario.personIds.get(p.n));
    }
    for (const m of s.moved) {
      const before = scenario.september.find((p) => p.studentId === m.schoolPersonId)!;
      const after = scenario.october.find((p) => p.studentId === m.schoolPersonId)!;
      expect([m.fromClass, m.toClass, m.classId, m.changes]).toEqual([before.classId, after.classId, after.classId, []]);
    }
    for (const u of s.updated) {
      const r = scenario.renamed.find((x) => x.studentId === u.schoolPersonId)!;
      expect(u.changes).toEqual([{ field: 'fullName', old: r.old, new: r.new }]);
      expect(u.fullName).toBe(r.new);
    }
  });

  it('text, Vietnamese by default and English with --lang en; EDUSYNC_DB names the database', async () => {
    const vi = await runCli(['diff', '--from', '2025-09', '--to', '2025-10'], { env: { EDUSYNC_DB: db } });
    expect(vi.code, vi.stderr).toBe(0);
    expect(vi.stdout).toContain('So sánh dữ liệu: kỳ 09/2025 → kỳ 10/2025');
    expect(vi.stdout).toContain('Mới: 5 · Cập nhật: 2 · Chuyển lớp: 4 · Rời trường: 3 · Không đổi: 11');
    expect(vi.stdout).toContain(`Họ và tên: ${scenario.renamed[0]!.old} → ${scenario.renamed[0]!.new}`);
    const en = await runCli(['diff', '--from', '2025-09', '--to', '2025-10', '--db', db, '--lang', 'en', '--school', SCHOOL, '--entity', 'student']);
    expect(en.code, en.stderr).toBe(0);
    expect(en.stdout).toContain('New: 5 · Updated: 2 · Moved class: 4 · Left: 3 · Unchanged: 11');
    expect(en.stdout).toContain('Full name: ');
  });

  it('--format xlsx --out: summary and one sheet per change kind, ids as text, 0600', async () => {
    const out = join(dir, 'out', 'diff.xlsx');
    const run = await runCli(['diff', '--from', '2025-09', '--to', '2025-10', '--db', db, '--format', 'xlsx', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Mới', 'Cập nhật', 'Chuyển lớp', 'Rời trường']);

    const summary = wb.getWorksheet('Tổng hợp')!;
    expect(summary.getRow(2).getCell(1).value).toBe(SCHOOL);
    expect([5, 6, 7, 8, 9].map((c) => summary.getRow(2).getCell(c).value)).toEqual([5, 2, 4, 3, 11]);

    const news = wb.getWorksheet('Mới')!;
    expect(news.getRow(1).getCell(3).value).toBe('Mã học sinh / mã GV');
    expect(news.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(news.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(news.autoFilter).toBeTruthy();
    expect(news.actualRowCount).toBe(6);
    const idCell = news.getRow(2).getCell(3);
    expect(typeof idCell.value).toBe('string');
    expect(scenario.newIds).toContain(idCell.value);
    expect(idCell.numFmt).toBe('@');
    expect(typeof news.getRow(2).getCell(4).value).toBe('string');
    expect(String(news.getRow(2).getCell(4).value)).toMatch(/^0\d{11}$/);

    const updated = wb.getWorksheet('Cập nhật')!;
    expect(updated.actualRowCount).toBe(3);
    expect(updated.getRow(2).getCell(7).value).toBe('Họ và tên');
    expect(updated.getRow(2).getCell(8).value).toBe(scenario.renamed[0]!.old);
    expect(updated.getRow(2).getCell(9).value).toBe(scenario.renamed[0]!.new);
    expect(wb.getWorksheet('Chuyển lớp')!.actualRowCount).toBe(5);
    expect(wb.getWorksheet('Rời trường')!.actualRowCount).toBe(4);

    const en = join(dir, 'diff-en.xlsx');
    const runEn = await runCli(['diff', '--from', '2025-09', '--to', '2025-10', '--db', db, '--format', 'xlsx', '--out', en, '--lang', 'en']);
    expect(runEn.code, runEn.stderr).toBe(0);
    const wbEn = new ExcelJS.Workbook();
    await wbEn.xlsx.readFile(en);
    expect(wbEn.worksheets.map((w) => w.name)).toEqual(['Summary', 'New', 'Updated', 'Moved class', 'Left']);
  });

  it('JSON to --out is written 0600', async () => {
    const out = join(dir, 'diff.json');
    const run = await runCli(['diff', '--from', '2025-09', '--to', '2025-10', '--db', db, '--format', 'json', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(out, 'utf8')).schools[0].counts.new).toBe(5);
  });

  it('a missing database exits 5 with a clear message and creates nothing', async () => {
    const missing = join(dir, 'nothing-here.db');
    const run = await runCli(['diff', '--from', '2025-09', '--to', '2025-10', '--db', missing, '--lang', 'en']);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('no database yet');
    expect(run.stderr).toContain('edusync import');
    expect(existsSync(missing)).toBe(false);
    const vi = await runCli(['diff', '--from', '2025-09', '--to', '2025-10', '--db', missing]);
    expect(vi.code).toBe(5);
    expect(vi.stderr).toContain('Chưa có cơ sở dữ liệu');
  });

  it('usage errors exit 2: bad period, --from after --to, xlsx without --out', async () => {
    for (const args of [
      ['--from', '2025-9', '--to', '2025-10'],
      ['--from', '2025-11', '--to', '2025-10'],
      ['--from', '2025-09', '--to', '2025-10', '--format', 'xlsx'],
    ]) {
      const run = await runCli(['diff', ...args, '--db', db]);
      expect(run.code, args.join(' ')).toBe(2);
    }
  });
});
