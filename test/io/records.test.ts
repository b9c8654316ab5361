import { describe, expect, it } from 'vitest';
import { loadSchemas } from '../../src/schema/load.js';
import { createRowClassifier, detectLayout } from '../../src/io/header-map.js';
import { createRecordBuilder, levelOfGrade } from '../../src/io/records.js';
import type { CellValue, RawRow } from '../../src/io/types.js';

const schemas = loadSchemas();
const n = null;

function rows(first: number, data: CellValue[][]): RawRow[] {
  return data.map((cells, i) => ({ row: first + i, cells }));
}

const SHEET = rows(1, [
  ['DANH SÁCH HỌC SINH NĂM HỌC 2025-2026'],
  ['STT', 'Khối', 'Mã lớp', 'Mã học sinh', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Dân tộc', 'Số định danh cá nhân', 'Điện thoại', 'Lưu ban', 'Ghi chú'],
  [1, 6, '6A1', 'HS0001', 'Nguyễn Văn An', '05/09/2014', 'Nam', 'Kinh', '012345678901', '0912345678', n, n],
  [2, '6', '6A1', 'HS0002', 'Lê  Thị\nBích', 41883, 'Nữ', 'Tày', 12345678902, '+84 987 654 321', 'x', 'chuyển đến'],
  [3, 'Khối 10', '10A2', 'HS0003', 'NguyÔn V¨n C\u00ADêng', '31/02/2009', 'Nữ', 'Klingon', '1.23457E+11', n, 'không', n],
  [n, n, n, n, n, n, n, n, n, n, n, n],
  [n, n, n, n, 'Người lập biểu', n, n, n, n, 'Hiệu trưởng'],
  [n, n, n, n, 'Trần Thị Bé', n, n, n, n, 'Lê Văn Cường'],
]);

describe('createRecordBuilder', () => {
  const layout = detectLayout(SHEET, [], schemas)!;
  const build = createRecordBuilder(layout, schemas, { file: 'hs.xlsx', sheet: 'Sheet1' });
  const classify = createRowClassifier(layout);
  const data = SHEET.filter((r) => r.row >= layout.dataStartRow && classify(r) === 'data');
  const records = data.map(build);

  it('builds one record per data row, with the row number the user sees', () => {
    expect(layout.headerRows).toEqual([2]);
    expect(records.map((r) => r.row)).toEqual([3, 4, 5]);
    expect(records[0]).toMatchObject({ entity: 'student', file: 'hs.xlsx', sheet: 'Sheet1', row: 3, level: 'THCS', problems: {}, repairs: [] });
  });

  it('reads clean values', () => {
    expect(records[0]!.values).toMatchObject({
      gradeCode: '6',
      classId: '6A1',
      studentId: 'HS0001',
      fullName: 'Nguyễn Văn An',
      dateOfBirth: '2014-09-05',
      genderCode: '1',
      ethnicityCode: '01',
      personalId: '012345678901',
      contactPhone: '0912345678',
      repeatedLastYear: null,
    });
  });

  it('records repairs with their field', () => {
    const r = records[1]!;
    expect(r.values).toMatchObject({
      fullName: 'Lê Thị Bích',
      dateOfBirth: '2014-09-01',
      genderCode: '2',
      ethnicityCode: '02',
      personalId: '012345678902',
      contactPhone: '0987654321',
      repeatedLastYear: true,
    });
    expect(r.repairs).toEqual([
      { field: 'fullName', kind: 'whitespace', from: 'Lê  Thị\nBích', to: 'Lê Thị Bích' },
      { field: 'dateOfBirth', kind: 'excel-serial-date', from: '41883', to: '2014-09-01' },
      { field: 'personalId', kind: 'leading-zero', from: '12345678902', to: '012345678902' },
    ]);
    expect(r.problems).toEqual({});
  });

  it('records problems and keeps the text as written', () => {
    const r = records[2]!;
    expect(r.level).toBe('THPT');
    expect(r.values).toMatchObject({ gradeCode: '10', fullName: 'Nguyễn Văn Cường', dateOfBirth: '31/02/2009', ethnicityCode: 'Klingon', personalId: '1.23457E+11', contactPhone: null, repeatedLastYear: false });
    expect(r.problems).toEqual({
      dateOfBirth: { kind: 'impossible-date' },
      ethnicityCode: { kind: 'not-in-code-list', data: { list: 'ethnicity' } },
      personalId: { kind: 'scientific-notation' },
    });
    expect(r.repairs).toEqual([{ field: 'fullName', kind: 'legacy-encoding-tcvn3', from: 'NguyÔn V¨n C\u00ADêng', to: 'Nguyễn Văn Cường' }]);
  });

  it('shares one frozen column map per table', () => {
    expect(records[0]!.columns).toBe(records[1]!.columns);
    expect(Object.isFrozen(records[0]!.columns)).toBe(true);
    expect(records[0]!.columns).toMatchObject({ gradeCode: 'B', classId: 'C', fullName: 'E', contactPhone: 'J' });
  });

  it('gives null for empty cells and short rows, and no key for absent columns', () => {
    const r = build({ row: 99, cells: [4, n, '6A1'] });
    expect(r.values.classId).toBe('6A1');
    expect(r.values.fullName).toBeNull();
    expect('address' in r.values).toBe(false);
    expect(r.level).toBeUndefined();
  });
});

describe('levelOfGrade', () => {
  it.each([
    ['1', 'TH'], ['5', 'TH'], ['6', 'THCS'], ['9', 'THCS'], ['10', 'THPT'], ['12', 'THPT'], ['13', undefined], ['0', undefined], [null, undefined], ['Khối 6', undefined],
  ] as const)('%j → %j', (grade, level) => {
    expect(levelOfGrade(grade)).toBe(level);
  });
});
