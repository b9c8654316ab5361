import { statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DiffReport } from '../../../src/store/diff/types.js';
import { writeDiffWorkbook } from '../../../src/store/diff/xlsx.js';
import { tempDir } from '../helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const snap = (id: number, period: string) => ({ id, period, storedEntity: 'student', records: 3, runId: id, createdAt: '2025-10-01T07:30:00.000Z' });

const report: DiffReport = {
  from: '2025-09',
  to: '2025-10',
  schools: [
    {
      schoolId: '079001',
      entity: 'student',
      fromSnapshot: snap(1, '2025-09'),
      toSnapshot: snap(2, '2025-10'),
      missing: null,
      new: [{ schoolId: '079001', personId: 9, schoolPersonId: '=1+2', personalId: '001213000009', fullName: '=HYPERLINK("http://x","Bấm")', classId: '-6A1' }],
      updated: [
        {
          schoolId: '079001',
          personId: 3,
          schoolPersonId: '0012',
          personalId: '001213000003',
          fullName: '@Lan',
          classId: '6A1',
          changes: [
            { field: 'dateOfBirth', old: '2013-05-01', new: '2013-06-01' },
            { field: 'contactPhone', old: null, new: '+84901234567' },
            { field: 'repeatedLastYear', old: false, new: true },
          ],
        },
      ],
      moved: [{ schoolId: '079001', personId: 4, schoolPersonId: '0013', personalId: null, fullName: 'Bình', classId: '6A2', fromClass: '6A1', toClass: '6A2', changes: [{ field: 'gradeCode', old: '6', new: '7' }] }],
      left: [],
      unchanged: 1,
    },
    { schoolId: '079002', entity: 'teacher', fromSnapshot: null, toSnapshot: snap(3, '2025-10'), missing: 'from', new: [], updated: [], moved: [], left: [], unchanged: 0 },
  ],
};

describe('writeDiffWorkbook', () => {
  it('neutralises formula-like texts, keeps ids as text, writes dates as dates, notes missing sides', async () => {
    const path = join(dir, 'd.xlsx');
    const result = await writeDiffWorkbook(path, report, 'vi', { labels: { dateOfBirth: { vi: 'Ngày sinh', en: 'Date of birth' } } });
    expect(result.sheets).toEqual(['Tổng hợp', 'Mới', 'Cập nhật', 'Chuyển lớp', 'Rời trường']);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);

    const news = wb.getWorksheet('Mới')!.getRow(2);
    expect(news.getCell(1).value).toBe('079001');
    expect(news.getCell(3).value).toBe("'=1+2");
    expect(news.getCell(5).value).toBe('\'=HYPERLINK("http://x","Bấm")');
    expect(news.getCell(6).value).toBe("'-6A1");
    for (let c = 1; c <= 6; c++) expect(news.getCell(c).formula).toBeUndefined();

    const up = wb.getWorksheet('Cập nhật')!;
    expect(up.actualRowCount).toBe(4);
    expect(up.getRow(2).getCell(5).value).toBe("'@Lan");
    expect(up.getRow(2).getCell(7).value).toBe('Ngày sinh');
    expect(up.getRow(2).getCell(8).value).toBeInstanceOf(Date);
    expect(up.getRow(2).getCell(8).numFmt).toBe('dd/mm/yyyy');
    expect(up.getRow(3).getCell(8).value).toBeNull();
    expect(up.getRow(3).getCell(9).value).toBe("'+84901234567");
    expect(up.getRow(4).getCell(9).value).toBe('có');

    const moved = wb.getWorksheet('Chuyển lớp')!.getRow(2);
    expect([moved.getCell(6).value, moved.getCell(7).value, moved.getCell(8).value]).toEqual(['6A1', '6A2', 'gradeCode: 6 → 7']);

    const summary = wb.getWorksheet('Tổng hợp')!;
    expect(summary.getRow(3).getCell(2).value).toBe('Giáo viên');
    expect(summary.getRow(3).getCell(3).value).toBe('(không có)');
    expect(summary.getRow(3).getCell(10).value).toBe('Không có ảnh chụp cho kỳ trước');
    expect(summary.getRow(3).getCell(5).value).toBeNull();
    expect(wb.getWorksheet('Rời trường')!.actualRowCount).toBe(1);
  });
});
