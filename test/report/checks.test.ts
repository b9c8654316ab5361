/**
 * Every consistency rule of the report (RP-001…RP-008) on a deliberately broken report: a report
 * that holds is clean, and breaking the one relation a rule guards produces exactly that code.
 */
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.js';
import { beginRun } from '../../src/store/runs.js';
import { upsertClasses, upsertSchools } from '../../src/store/schools.js';
import { writeSnapshot } from '../../src/store/snapshots.js';
import { buildReport, checkReport, findingText, loadReportDefinitions, loadUnits, parsePeriod, type Form, type Grid } from '../../src/report/index.js';
import { emptyGrid } from '../../src/report/aggregate.js';

const defs = loadReportDefinitions();
const form = (id: string): Form => defs.forms.find((f) => f.id === id)!;

/** A consistent report of `id`: every cell set from one tiny population that satisfies all rules. */
function consistent(id: string): { form: Form; unit: { level: 'school'; code: string; name: string; scheme: 'dvhc-2025' }; sheets: Record<string, Grid> } {
  const f = form(id);
  const period = parsePeriod(`2025-2026/${f.period}`, defs.regimes);
  const sheets: Record<string, Grid> = {};
  for (const s of f.sheets) sheets[s.id] = emptyGrid(f, s.id, period, defs);
  return { form: f, unit: { level: 'school', code: 'X', name: 'X', scheme: 'dvhc-2025' }, sheets };
}

const at = (rep: ReturnType<typeof consistent>, sheet: string, row: string, column: string): [number, number] => {
  const s = rep.form.sheets.find((x) => x.id === sheet)!;
  // Rows with an official code (Mã số) are addressed by it; the inferred forms by their label.
  return [s.rows.findIndex((r) => r.code === row || r.label === row), s.columns.findIndex((c) => c.code === column)];
};
const set = (rep: ReturnType<typeof consistent>, sheet: string, row: string, column: string, value: number): void => {
  const [r, c] = at(rep, sheet, row, column);
  expect(r, row).toBeGreaterThanOrEqual(0);
  rep.sheets[sheet]![r]![c] = value;
};
const codes = (rep: ReturnType<typeof consistent>): string[] => [...new Set(checkReport(rep).map((f) => f.code))].sort();

describe('report consistency rules on broken reports', () => {
  it('an all-zero report and a small consistent start-of-year report have no findings', () => {
    const rep = consistent('th-dau-nam');
    expect(checkReport(rep)).toEqual([]);
    // One public school: 20 pupils in grade 1, one class, all aged 6, 8 girls of whom 1 ethnic
    // minority (2 minority pupils). Official row codes of 02-TH-ĐN; columns 1–4 total, 5–8 Công lập.
    const pupils = (r: ReturnType<typeof consistent>, row: string, total: number): void => {
      for (const base of [0, 4]) [total, 8, 2, 1].forEach((v, k) => set(r, 'hoc-sinh', row, String(base + k + 1), v));
    };
    for (const [row, col] of [['27', '1'], ['27', '2'], ['28', '1'], ['28', '2']] as const) set(rep, 'lop', row, col, 1);
    for (const row of ['37', '38', '40', '46', '52', '57']) pupils(rep, row, 20);
    expect(checkReport(rep)).toEqual([]);

    const broken = (mutate: (r: ReturnType<typeof consistent>) => void): string[] => {
      const copy = { ...rep, sheets: Object.fromEntries(Object.entries(rep.sheets).map(([k, g]) => [k, g.map((x) => [...x])])) };
      mutate(copy);
      return codes(copy);
    };
    // RP-001: a total that is not the sum of its parts (grade breakdown short by one).
    expect(broken((r) => set(r, 'hoc-sinh', '40', '1', 19))).toContain('RP-001');
    // RP-001 (R1): Tổng số ≠ Công lập + Tư thục.
    expect(broken((r) => { for (const row of ['27', '28']) set(r, 'lop', row, '2', 0); })).toEqual(['RP-001']);
    // RP-002: more girls than pupils.
    expect(broken((r) => set(r, 'hoc-sinh', '37', '2', 21))).toContain('RP-002');
    // RP-003: more ethnic-minority girls than ethnic-minority pupils.
    expect(broken((r) => set(r, 'hoc-sinh', '37', '4', 3))).toEqual(['RP-001', 'RP-003']);
    // RP-005: 20 pupils in no class, then 20 pupils in 1 class of a form allowing 35 — and 90 in one class.
    expect(broken((r) => { for (const row of ['27', '28']) for (const col of ['1', '2']) set(r, 'lop', row, col, 0); })).toEqual(['RP-005']);
    expect(broken((r) => { for (const row of ['37', '38', '40', '46', '52', '57']) for (const col of ['1', '5']) set(r, 'hoc-sinh', row, col, 90); })).toEqual(['RP-005']);
    // RP-008: a "trong đó" row above its parent (repeaters > total).
    expect(broken((r) => { for (const col of ['1', '5']) set(r, 'hoc-sinh', '58', col, 21); })).toEqual(['RP-008']);
  });

  it('RP-004: end of year = start + transfers in − transfers out − dropouts', () => {
    const rep = consistent('thcs-cuoi-nam');
    const flow: Array<[string, number]> = [
      ['1. Học sinh đầu năm học', 100], ['2. Học sinh chuyển đến trong năm học', 3], ['3. Học sinh chuyển đi trong năm học', 2],
      ['4. Học sinh bỏ học (thôi học) trong năm học', 1], ['– Bỏ học Học kỳ I', 1], ['5. Học sinh cuối năm học', 100], ['– Học sinh lớp 6', 100],
    ];
    for (const [row, v] of flow) set(rep, 'hoc-sinh', row, '1', v);
    expect(checkReport(rep)).toEqual([]);
    set(rep, 'hoc-sinh', '5. Học sinh cuối năm học', '1', 101);
    set(rep, 'hoc-sinh', '– Học sinh lớp 6', '1', 101);
    const found = checkReport(rep);
    expect(found.map((f) => f.code)).toEqual(['RP-004']);
    expect(findingText(found[0]!, 'en')).toBe('Cuối năm = đầu năm + chuyển đến − chuyển đi − bỏ học: 101 ≠ 100 (column 1).');
  });

  it('RP-001 on results: the levels of a framework do not add up to the pupils assessed', () => {
    const rep = consistent('thcs-cuoi-nam');
    set(rep, 'ket-qua', 'Kết quả học tập (Thông tư 22/2021)', '1', 10);
    set(rep, 'ket-qua', 'Kết quả học tập (Thông tư 22/2021)', '2', 10);
    set(rep, 'ket-qua', '– Tốt', '1', 9);
    set(rep, 'ket-qua', '– Tốt', '2', 9);
    expect(checkReport(rep).map((f) => [f.code, f.data.at])).toEqual([['RP-001', '1'], ['RP-001', '2']]);
    // From 2024-2025 every grade is on TT 22/2021: the TT 58/2011 rows are blocked, not zero.
    const tt58 = rep.form.sheets.find((s) => s.id === 'ket-qua')!.rows.findIndex((r) => r.framework === 'TT58/2011');
    expect(rep.sheets['ket-qua']![tt58]!.every((v) => v === null)).toBe(true);
  });

  it('RP-006 lists a school of the district that sent nothing; RP-007 one that cannot be placed', () => {
    const store = openStore(':memory:');
    const run = beginRun(store, { command: 'test' });
    upsertSchools(store, run, [
      { schoolId: '66000001', provinceCode: '66', districtCode: '643', communeCode: '24118' },
      { schoolId: '66000002', provinceCode: '66', districtCode: '643', communeCode: '24121' },
      { schoolId: '66000003', provinceCode: '66', districtCode: null, communeCode: null },
    ]);
    upsertClasses(store, run, [{ schoolId: '66000001', classId: '1A', gradeCode: '1' }, { schoolId: '66000003', classId: '1A', gradeCode: '1' }]);
    const pupil = (i: number) => ({ recordKey: `S${i}`, values: { gradeCode: '1', genderCode: i % 2 ? '2' : '1', ethnicityCode: '01', statusCode: '01', dateOfBirth: '2018-03-01', areaCode: '03' } });
    writeSnapshot(store, { schoolId: '66000001', period: '2024-10', entity: 'student', runId: run, records: [1, 2, 3].map(pupil) });
    writeSnapshot(store, { schoolId: '66000003', period: '2024-10', entity: 'student', runId: run, records: [4, 5].map(pupil) });
    const set2 = buildReport(store, defs, loadUnits(), { period: parsePeriod('2024-2025/dau-nam', defs.regimes), level: 'commune' });
    expect(set2.reports.map((r) => [r.unit.code, r.schools])).toEqual([['643', ['66000001']], ['?', ['66000003']]]);
    expect(set2.findings.filter((f) => f.code === 'RP-006').map((f) => f.data.school)).toEqual(['66000002']);
    expect(set2.findings.filter((f) => f.code === 'RP-007').map((f) => [f.data.school, f.data.problem])).toEqual([['66000003', 'no-district'], ['66000003', 'no-province']]);
    // No school list imported: the ownership and region blocks cannot be counted, which is said (RP-011)
    // besides the totals that no longer add up (RP-001); a school-list record removes both.
    expect(set2.findings.filter((f) => f.code === 'RP-011').map((f) => f.data.school)).toEqual(['66000001', '66000003']);
    expect(set2.findings.some((f) => f.code === 'RP-001' && f.unit === '643')).toBe(true);
    writeSnapshot(store, { schoolId: '66000001', period: '2024-10', entity: 'school', runId: run, records: [{ recordKey: '66000001', values: { schoolId: '66000001', ownershipTypeCode: '01', areaCode: '03' } }] });
    const set3 = buildReport(store, defs, loadUnits(), { period: parsePeriod('2024-2025/dau-nam', defs.regimes), level: 'commune' });
    expect(set3.findings.filter((f) => f.code === 'RP-011').map((f) => f.data.school)).toEqual(['66000003']);
    expect(set3.findings.filter((f) => f.unit === '643' && f.code !== 'RP-006')).toEqual([]);
    store.close();
  });

  it('schools by number of classes and of pupils with disabilities (02-TH-ĐN rows 3–7, 13–14) read the school\'s own counts', () => {
    const store = openStore(':memory:');
    const run = beginRun(store, { command: 'test' });
    const schools: Array<[string, string, number, number]> = [['79000001', '03', 28, 20], ['79000002', '04', 19, 1], ['79000003', '04', 2, 0]];
    upsertSchools(store, run, schools.map(([schoolId]) => ({ schoolId, provinceCode: '79', districtCode: null, communeCode: '26734' })));
    for (const [id, area, nClasses, disabled] of schools) {
      writeSnapshot(store, { schoolId: id, period: '2025-10', entity: 'school', runId: run, records: [{ recordKey: id, values: { schoolId: id, ownershipTypeCode: '01', areaCode: area } }] });
      upsertClasses(store, run, Array.from({ length: nClasses }, (_, k) => ({ schoolId: id, classId: `C${k}`, gradeCode: String(1 + (k % 5)) })));
      const pupils = Array.from({ length: 30 }, (_, i) => ({ recordKey: `${id}-${i}`, values: { gradeCode: String(1 + (i % 5)), genderCode: '1', ethnicityCode: '01', statusCode: '01', dateOfBirth: '2017-03-01', ...(i < disabled ? { disabilityTypeCode: '01' } : {}) } }));
      writeSnapshot(store, { schoolId: id, period: '2025-10', entity: 'student', runId: run, records: pupils });
    }
    const set = buildReport(store, defs, loadUnits(), { period: parsePeriod('2025-2026/dau-nam', defs.regimes), level: 'school' });
    const rows = (school: string): number[] => {
      const rep = set.reports.find((r) => r.unit.code === school)!;
      return ['3', '4', '6', '7', '13', '14'].map((code) => rep.sheets.truong![rep.form.sheets[0]!.rows.findIndex((r) => r.code === code)]![0]!);
    };
    expect(rows('79000001')).toEqual([1, 0, 0, 0, 0, 1]);
    expect(rows('79000002')).toEqual([0, 0, 1, 0, 1, 0]);
    expect(rows('79000003')).toEqual([0, 0, 0, 1, 0, 0]);
    expect(set.findings.filter((f) => f.sheet === 'truong')).toEqual([]);
    store.close();
  });

  it('row 27 (classes) counts the class list of the report\'s own period, not the list as it is today', () => {
    const store = openStore(':memory:');
    const run = beginRun(store, { command: 'test' });
    const id = '79000001';
    upsertSchools(store, run, [{ schoolId: id, provinceCode: '79', districtCode: null, communeCode: '26734' }]);
    writeSnapshot(store, { schoolId: id, period: '2024-10', entity: 'school', runId: run, records: [{ recordKey: id, values: { schoolId: id, ownershipTypeCode: '01', areaCode: '03' } }] });
    const classes = (n: number): Array<{ recordKey: string; classId: string; values: Record<string, unknown> }> =>
      Array.from({ length: n }, (_, k) => ({ recordKey: `C${k}`, classId: `C${k}`, values: { classId: `C${k}`, gradeCode: String(1 + (k % 5)) } }));
    const pupils = [{ recordKey: 'p1', values: { gradeCode: '1', genderCode: '1', ethnicityCode: '01', statusCode: '01', dateOfBirth: '2018-03-01' } }];
    for (const period of ['2024-10', '2025-10']) writeSnapshot(store, { schoolId: id, period, entity: 'student', runId: run, records: pupils });
    // 2024-10: 10 classes; 2025-10: 15 (the directory now holds the 15).
    writeSnapshot(store, { schoolId: id, period: '2024-10', entity: 'class', runId: run, records: classes(10) });
    writeSnapshot(store, { schoolId: id, period: '2025-10', entity: 'class', runId: run, records: classes(15) });
    upsertClasses(store, run, classes(15).map((c) => ({ schoolId: id, classId: c.classId, gradeCode: String(c.values.gradeCode) })));
    const row27 = (year: string): number => {
      const set = buildReport(store, defs, loadUnits(), { period: parsePeriod(`${year}/dau-nam`, defs.regimes), level: 'school' });
      const rep = set.reports.find((r) => r.unit.code === id && r.form.id === 'th-dau-nam')!;
      const sheet = rep.form.sheets.find((s) => s.id === 'lop')!;
      return rep.sheets.lop![sheet.rows.findIndex((r) => r.code === '27')]![0]!;
    };
    expect(row27('2024-2025')).toBe(10);
    expect(row27('2025-2026')).toBe(15);
    // A store from before class lists were kept per period: the directory stands in.
    const old = openStore(':memory:');
    const run2 = beginRun(old, { command: 'test' });
    upsertSchools(old, run2, [{ schoolId: id, provinceCode: '79', districtCode: null, communeCode: '26734' }]);
    writeSnapshot(old, { schoolId: id, period: '2025-10', entity: 'student', runId: run2, records: pupils });
    upsertClasses(old, run2, classes(7).map((c) => ({ schoolId: id, classId: c.classId, gradeCode: String(c.values.gradeCode) })));
    const set = buildReport(old, defs, loadUnits(), { period: parsePeriod('2025-2026/dau-nam', defs.regimes), level: 'school' });
    const rep = set.reports.find((r) => r.unit.code === id && r.form.id === 'th-dau-nam');
    const sheet = rep?.form.sheets.find((s) => s.id === 'lop');
    expect(rep && sheet ? rep.sheets.lop![sheet.rows.findIndex((r) => r.code === '27')]![0] : undefined).toBe(7);
    store.close();
    old.close();
  });

  it('a form file that references a missing row or predicate is refused at load', async () => {
    const { formProblems } = await import('../../src/report/definitions.js');
    const f = structuredClone(form('th-dau-nam'));
    f.checks.push({ code: 'RP-001', sheet: 'hoc-sinh', axis: 'rows', relation: 'eq', left: ['999'], right: ['1'] });
    f.sheets[0]!.rows[0]!.where = { ref: 'nope' };
    expect(formProblems(f)).toEqual(['truong.row 1: unknown predicate "nope"', 'check RP-001: no row 999 in hoc-sinh', 'check RP-001: no row 1 in hoc-sinh']);
    // A cell test (the school's own count) belongs on a sheet counting schools, and must name a real cell.
    const g = structuredClone(form('th-dau-nam'));
    g.sheets.find((s) => s.id === 'hoc-sinh')!.rows[0]!.where = { cell: { sheet: 'lop', row: '27', column: '1' }, min: 1 };
    g.sheets[0]!.rows[0]!.where = { cell: { sheet: 'lop', row: '999', column: '1' }, min: 1 };
    expect(formProblems(g)).toEqual(['truong.row 1: no cell lop/999/1', 'hoc-sinh.row 37: a cell test is only allowed on a sheet counting schools']);
  });
});
