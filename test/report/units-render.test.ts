/** Periods and regimes, unit placement across the 2025 reorganisation, and safe rendering. */
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/db.js';
import { beginRun } from '../../src/store/runs.js';
import { upsertSchools } from '../../src/store/schools.js';
import { writeSnapshot } from '../../src/store/snapshots.js';
import { listStoredReports, saveReports } from '../../src/store/reports.js';
import { applyPurge } from '../../src/store/purge.js';
import { buildReport, formCells, frameworkFor, loadReportDefinitions, loadUnits, parsePeriod, placeSchool, renderHtml, reportWorkbook } from '../../src/report/index.js';

const defs = loadReportDefinitions();
const units = loadUnits();

describe('report periods', () => {
  it('chooses the regime by school year and the unit scheme by reference date', () => {
    const old = parsePeriod('2024-2025/cuoi-nam', defs.regimes);
    expect([old.regime.id, old.referenceDate, old.scheme, old.snapshotFrom, old.snapshotTo]).toEqual(['TT24/2018', '2025-05-31', 'dvhc-2024', '2025-01', '2025-07']);
    const now = parsePeriod('2025-2026/dau-nam', defs.regimes);
    expect([now.regime.id, now.referenceDate, now.scheme]).toEqual(['TT25/2024', '2025-09-30', 'dvhc-2025']);
    expect(() => parsePeriod('2025-2027/dau-nam', defs.regimes)).toThrow(/2025-2026\/dau-nam/);
    expect(() => parsePeriod('2025/09', defs.regimes)).toThrow();
  });

  it('assesses each grade under the framework of its roll-out year', () => {
    expect(frameworkFor(defs.regimes, '2021-2022', '1')).toBe('TT27/2020');
    expect(frameworkFor(defs.regimes, '2021-2022', '3')).toBe('TT30/2014');
    expect(frameworkFor(defs.regimes, '2022-2023', '10')).toBe('TT22/2021');
    expect(frameworkFor(defs.regimes, '2022-2023', '9')).toBe('TT58/2011');
    expect(frameworkFor(defs.regimes, '2024-2025', '12')).toBe('TT22/2021');
  });
});

describe('unit placement', () => {
  const school = { schoolId: 'S', name: null, provinceCode: '01', districtCode: '001', communeCode: '00004' };
  it('a pre-2025 school goes to its Phòng before 1/7/2025 and to its new commune after', () => {
    const before = placeSchool(school, 'dvhc-2024', units);
    expect([before.middle?.code, before.province?.code, before.problems]).toEqual(['001', '01', []]);
    expect(before.middle?.name).toMatch(/^Phòng Giáo dục và Đào tạo/);
    const after = placeSchool(school, 'dvhc-2025', units);
    expect([after.middle?.code, after.province?.name, after.problems]).toEqual(['00004', 'Thành phố Hà Nội', []]);
  });
  it('an old commune split between new ones is placed with a warning', () => {
    const split = placeSchool({ ...school, communeCode: '00019' }, 'dvhc-2025', units);
    expect(split.problems).toEqual(['ambiguous-commune']);
    expect(split.middle?.code).toBe('00004');
  });
  it('a post-2025 school has no Phòng but keeps its old province when its commune came from one', () => {
    const p = placeSchool({ schoolId: 'S', name: null, provinceCode: '01', districtCode: null, communeCode: '00004' }, 'dvhc-2024', units);
    expect([p.middle, p.province?.code, p.problems]).toEqual([null, '01', ['no-district']]);
    expect(placeSchool({ schoolId: 'S', name: null, provinceCode: '01', districtCode: null, communeCode: '99999' }, 'dvhc-2025', units).problems).toEqual(['unknown-commune']);
  });
});

describe('rendering and storing', () => {
  it('neutralises formula-like names in the workbook, escapes them in HTML, and keeps the cells in the reports table', async () => {
    const store = openStore(':memory:');
    const run = beginRun(store, { command: 'test' });
    upsertSchools(store, run, [{ schoolId: '79000001', name: '=HYPERLINK("http://x","<b>")', provinceCode: '79', communeCode: '26734' }]);
    writeSnapshot(store, { schoolId: '79000001', period: '2025-10', entity: 'student', runId: run, records: [{ recordKey: 'a', values: { gradeCode: '10', genderCode: '2', ethnicityCode: '04', statusCode: '01', dateOfBirth: '2010-01-01' } }] });
    const set = buildReport(store, defs, units, { period: parsePeriod('2025-2026/dau-nam', defs.regimes), level: 'school' });
    const wb = reportWorkbook(set);
    const cell = wb.worksheets[0]!.getCell(1, 1).value as string;
    expect(cell.startsWith("Đơn vị báo cáo: =HYPERLINK")).toBe(true);
    // A text that itself starts with "=" is written with the neutralising quote.
    const buffer = await wb.xlsx.writeBuffer();
    expect(buffer.byteLength).toBeGreaterThan(1000);
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => expect(typeof c.value === 'string' && /^[=+\-@]/.test(c.value)).toBe(false)));
    const html = renderHtml(set, 'vi');
    expect(html).not.toContain('"<b>"');
    expect(html).toContain('=HYPERLINK(&quot;http://x&quot;,&quot;&lt;b&gt;&quot;)');
    expect(html).not.toMatch(/<script|<link|src="https?:/);
    const cells = formCells(set.reports[0]!);
    expect(cells.find((c) => c.rowCode === '5' && c.column === '4')).toEqual({ form: '04.ĐN-THPT', unit: '79000001', rowCode: '5', column: '4', value: 1 });
    saveReports(store, [{ runId: run, period: set.period.id, regime: 'TT25/2024', form: 'thpt-dau-nam', formCode: '04.ĐN-THPT', level: 'school', scheme: 'dvhc-2025', unitCode: '79000001', unitName: 'x', schoolCount: 1, cells, findings: [] }]);
    expect(listStoredReports(store, { period: '2025-2026/dau-nam' }).map((r) => [r.formCode, r.cells.length])).toEqual([['04.ĐN-THPT', cells.length]]);
    // A purge removes the personal data behind the report, never the report (counts only).
    applyPurge(store, '2026-01');
    expect(store.transaction(() => listStoredReports(store)).map((r) => r.cells.length)).toEqual([cells.length]);
    store.close();
  });
});
