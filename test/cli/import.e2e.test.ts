/**
 * Issue #4 acceptance: two monthly files of one school — 5 new, 3 left, 4 moved class, 2 names
 * corrected — are reported exactly; --apply then an identical re-import reports no changes; person
 * ids stay stable across months. Files come from `generate` and are edited like a school would.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { writeCsvRows } from '../helpers/csv.js';

const TODAY = '2025-10-20';

type Row = Record<string, string>;

function readCsv(path: string): { header: string[]; rows: Row[] } {
  const records = parse(readFileSync(path, 'utf8'), { bom: true, columns: true }) as Row[];
  const header = Object.keys(records[0]!);
  return { header, rows: records };
}

async function json(args: string[], cwd: string) {
  const r = await runCli([...args, '--format', 'json', '--today', TODAY], { cwd });
  expect(r.stderr).toBe('');
  return { code: r.code, body: JSON.parse(r.stdout) };
}

describe('edusync import — monthly snapshots', () => {
  it('reports exactly the new, left, moved and renamed students, applies, and is a no-op the second time', async () => {
    const dir = tempDir();
    const gen = await runCli(['generate', '--out', 'm', '--seed', '21', '--schools', '2', '--entities', 'students', '--format', 'csv',
      '--classes-per-grade', '2', '--students-per-class', '12'], { cwd: dir });
    expect(gen.code, gen.stderr).toBe(0);
    const [fileA, fileB] = readdirSync(join(dir, 'm')).filter((f) => f.endsWith('-hoc-sinh.csv')).sort();
    const sept = readCsv(join(dir, 'm', fileA!));
    const other = readCsv(join(dir, 'm', fileB!));
    const schoolId = sept.rows[0]!['Mã trường']!;
    writeCsvRows(join(dir, 'thang-09.csv'), sept.header, sept.rows);

    // October: 3 leave, 4 change class within their grade, 2 have their names corrected, 5 arrive.
    const oct = sept.rows.map((r) => ({ ...r }));
    const leavers = oct.splice(1, 3);
    const movers = [oct[5]!, oct[9]!, oct[20]!, oct[30]!];
    for (const m of movers) m['Mã lớp'] = m['Mã lớp']!.replace(/\d$/, (d) => (d === '1' ? '2' : '1'));
    const renamed = [oct[12]!, oct[40]!];
    renamed[0]!['Họ và tên'] = `${renamed[0]!['Họ và tên']!} Anh`;
    renamed[1]!['Họ và tên'] = renamed[1]!['Họ và tên']!.replace(/ (\S+)$/, ' Thị $1');
    const arrivals: Row[] = other.rows.slice(0, 5).map((r) => ({ ...r, 'Mã trường': schoolId }));
    oct.push(...arrivals);
    writeCsvRows(join(dir, 'thang-10.csv'), sept.header, oct);

    const first = await json(['import', 'thang-09.csv', '--period', '2025-09', '--apply'], dir);
    expect(first.code).toBe(0);
    expect(first.body.applied).toBe(true);
    const septPlan = first.body.plans[0];
    expect(septPlan.counts.new).toBe(sept.rows.length);
    const idByPersonal = new Map<string, number>(septPlan.new.map((i: { personalId: string; personId: number }) => [i.personalId, i.personId]));

    const plan = (await json(['import', 'thang-10.csv', '--period', '2025-10'], dir)).body;
    expect(plan.applied).toBe(false);
    const p = plan.plans[0];
    expect(p.counts).toMatchObject({ new: 5, left: 3, moved: 4, updated: 2, rejected: 0 });
    expect(p.new.map((i: { personalId: string }) => i.personalId).sort()).toEqual(arrivals.map((r) => r['Số định danh cá nhân']).sort());
    expect(p.left.map((i: { schoolPersonId: string }) => i.schoolPersonId).sort()).toEqual(leavers.map((r) => r['Mã học sinh']).sort());
    expect(p.moved.map((i: { personalId: string }) => i.personalId).sort()).toEqual(movers.map((r) => r['Số định danh cá nhân']).sort());
    for (const u of p.updated) {
      expect(u.changes.map((c: { field: string }) => c.field)).toEqual(['fullName']);
      expect(u.schoolPersonId).toBeTruthy();
      expect(u.personalId).toMatch(/^\d{12}$/);
    }
    // Person ids of matched people are the September ones.
    for (const item of [...p.moved, ...p.updated]) expect(item.personId).toBe(idByPersonal.get(item.personalId));

    const applied = (await json(['import', 'thang-10.csv', '--period', '2025-10', '--apply'], dir)).body;
    expect(applied.plans[0].counts).toMatchObject({ new: 5, left: 3, moved: 4, updated: 2 });
    const again = (await json(['import', 'thang-10.csv', '--period', '2025-10'], dir)).body;
    expect(again.plans[0].changed).toBe(false);
    expect(again.plans[0].counts).toMatchObject({ new: 0, left: 0, moved: 0, updated: 0, unchanged: oct.length });
    const text = await runCli(['import', 'thang-10.csv', '--period', '2025-10', '--today', TODAY], { cwd: dir });
    expect(text.stdout).toContain('Không có thay đổi.');
  }, 120_000);

  it('imports school lists, classes and learning results too, results linked to the students', async () => {
    const dir = tempDir();
    const gen = await runCli(['generate', '--out', 'd', '--seed', '4', '--format', 'csv', '--classes-per-grade', '1', '--students-per-class', '8'], { cwd: dir });
    expect(gen.code, gen.stderr).toBe(0);
    const first = (await json(['import', 'd', '--period', '2025-09', '--apply'], dir)).body;
    const byEntity = Object.fromEntries(first.units.map((u: { entity: string }) => [u.entity, u]));
    expect(byEntity.school).toMatchObject({ new: 1, rejected: 0 });
    expect(byEntity.class.new).toBeGreaterThan(0);
    expect(byEntity.result.new).toBeGreaterThan(0);
    const again = (await json(['import', 'd', '--period', '2025-09'], dir)).body;
    for (const u of again.units) expect(u).toMatchObject({ new: 0, updated: 0, rejected: 0 });
    const { openDatabase } = await import('../../src/store/sqlite.js');
    const db = openDatabase(join(dir, 'edusync.db'), { readonly: true, fileMustExist: true });
    const unlinked = db.prepare(`SELECT count(*) AS n FROM snapshot_records r JOIN snapshots s ON s.id = r.snapshot_id WHERE s.entity = 'result' AND r.person_id IS NULL`).get() as { n: number };
    const linked = db.prepare(`SELECT count(*) AS n FROM snapshot_records r JOIN snapshots s ON s.id = r.snapshot_id WHERE s.entity = 'result' AND r.person_id IS NOT NULL`).get() as { n: number };
    db.close();
    expect(linked.n).toBe(byEntity.result.new);
    expect(unlinked.n).toBe(0);
  }, 120_000);

  it('refuses a file without Mã trường unless --school is given', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'hs.csv'), 'Mã học sinh,Họ và tên,Ngày sinh,Khối,Mã lớp\n0101,Nguyễn Thị Hoa,05/03/2014,6,6A1\n');
    const r = await runCli(['import', 'hs.csv', '--period', '2025-10', '--today', TODAY], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--school');
    const ok = await runCli(['import', 'hs.csv', '--period', '2025-10', '--school', '79000001', '--today', TODAY, '--format', 'json'], { cwd: dir });
    expect(JSON.parse(ok.stdout).plans[0].school).toBe('79000001');
  });
});
