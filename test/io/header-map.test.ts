import { describe, expect, it } from 'vitest';
import { loadSchemas } from '../../src/schema/load.js';
import { createRowClassifier, detectLayout, type RowKind } from '../../src/io/header-map.js';
import type { CellValue, MergeRange, RawRow } from '../../src/io/types.js';

const schemas = loadSchemas();

/** Rows from arrays; row numbers start at `first`. */
function rows(first: number, data: CellValue[][]): RawRow[] {
  return data.map((cells, i) => ({ row: first + i, cells }));
}

/** "A5:A6" → MergeRange (0-based columns, 1-based rows). */
function merge(ref: string): MergeRange {
  const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(ref);
  if (!m) throw new Error(ref);
  const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return { left: col(m[1]!), top: Number(m[2]), right: col(m[3]!), bottom: Number(m[4]) };
}

// A portal-style sheet: title block, two-row header with merged groups, data, footer.
const n = null;
const TITLED: RawRow[] = rows(1, [
  ['UBND HUYỆN AN PHÚ', n, n, n, n, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', n, n, n, n, n, n, n, n],
  ['TRƯỜNG THCS AN PHÚ', n, n, n, n, 'Độc lập - Tự do - Hạnh phúc', n, n, n, n, n, n, n, n],
  [n, n, n, n, n, n, n, n, n, n, n, n, n, n],
  ['DANH SÁCH HỌC SINH LỚP 6A1', n, n, n, n, n, n, n, n, n, n, n, n, n],
  ['Năm học 2025-2026', n, n, n, n, n, n, n, n, n, n, n, n, n],
  ['STT', 'Mã lớp', 'Mã học sinh', 'Họ và tên', 'Ngày sinh\n(dd/mm/yyyy)', 'Giới tính', 'Dân tộc', 'Thông tin cha', n, n, 'Mẹ', n, n, 'Ghi chú'],
  [n, n, n, n, n, n, n, 'Họ tên', 'Năm sinh', 'Số điện thoại', 'Họ và tên', 'Năm sinh', 'SĐT', n],
  [1, '6A1', 'HS0001', 'Nguyễn Văn An', '05/09/2014', 'Nam', 'Kinh', 'Nguyễn Văn Bình', 1985, '0912345678', 'Trần Thị Cúc', 1987, '0987654321', n],
  [2, '6A1', 'HS0002', 'Lê Thị Bích', 41883, 'Nữ', 'Tày', n, n, n, 'Lê Thị Dung', '1990', 912000111, n],
  [3, '6A1', 'HS0003', 'NguyÔn V¨n C\u00ADêng', '31/02/2014', 'Nữ', 'Kinh', n, n, n, n, n, n, 'chuyển đến'],
]);
const TITLED_MERGES = [
  'A1:E1', 'F1:N1', 'A2:E2', 'F2:N2', 'A4:N4', 'A5:N5',
  'A6:A7', 'B6:B7', 'C6:C7', 'D6:D7', 'E6:E7', 'F6:F7', 'G6:G7', 'H6:J6', 'K6:M6', 'N6:N7',
].map(merge);

describe('detectLayout', () => {
  it('skips title rows and reads a merged two-row header', () => {
    const layout = detectLayout(TITLED, TITLED_MERGES, schemas);
    expect(layout).not.toBeNull();
    expect(layout!.entity).toBe('student');
    expect(layout!.headerRows).toEqual([6, 7]);
    expect(layout!.dataStartRow).toBe(8);
    expect(layout!.fieldColumns).toMatchObject({
      classId: 1,
      studentId: 2,
      fullName: 3,
      dateOfBirth: 4,
      genderCode: 5,
      ethnicityCode: 6,
      fatherName: 7,
      fatherBirthYear: 8,
      fatherPhone: 9,
      motherName: 10,
      motherBirthYear: 11,
      motherPhone: 12,
    });
    expect(layout!.unmapped.map((c) => c.label)).toContain('Ghi chú');
    expect(Object.keys(layout!.fieldColumns)).toHaveLength(12 + (layout!.columns[0]!.field === undefined ? 0 : 1));
    expect(layout!.columns.find((c) => c.letter === 'H')).toEqual({ index: 7, letter: 'H', label: 'Họ tên', group: 'Thông tin cha', field: 'fatherName' });
    expect(layout!.columns.find((c) => c.letter === 'E')?.label).toBe('Ngày sinh (dd/mm/yyyy)');
    expect(layout!.duplicateFields).toEqual([]);
    expect(layout!.missingRequired).toEqual(expect.arrayContaining(['schoolId', 'gradeCode', 'personalId', 'statusCode']));
    expect(layout!.missingRequired).not.toContain('fullName');
  });

  it('reads the same two-row header from a csv (no merges): a sparse group row', () => {
    const layout = detectLayout(TITLED, [], schemas);
    expect(layout?.headerRows).toEqual([6, 7]);
    expect(layout?.fieldColumns.fatherName).toBe(7);
    expect(layout?.fieldColumns.motherPhone).toBe(12);
    expect(layout?.fieldColumns.fullName).toBe(3);
  });

  it('maps a sub-label alone when no one-row column has its field', () => {
    const head = rows(1, [
      ['Mã học sinh', 'Thông tin học sinh', n, 'Ghi chú'],
      [n, 'Họ và tên', 'Ngày sinh', n],
    ]);
    const layout = detectLayout(head, ['A1:A2', 'B1:C1', 'D1:D2'].map(merge), schemas);
    expect(layout?.fieldColumns).toMatchObject({ studentId: 0, fullName: 1, dateOfBirth: 2 });
    expect(layout?.headerRows).toEqual([1, 2]);
  });

  it('reads header cells with line breaks, NFD text, double spaces and required marks', () => {
    const head = rows(3, [
      ['DANH SÁCH HỌC SINH', n, n, n, n, n],
      ['STT', 'Mã  lớp (*)', 'Họ và tên\n(*)'.normalize('NFD'), 'Ngày sinh (dd/mm/yyyy) *', 'Giới\ntính*', 'Số định danh cá nhân\n(12 chữ số)', 'Tỉnh/Thành phố\n(Theo địa chỉ thường trú)'],
      [1, '6A1', 'Nguyễn Văn An', '05/09/2014', 'Nam', '012345678901', 'Hà Nội'],
    ]);
    const layout = detectLayout(head, [], schemas);
    expect(layout?.headerRows).toEqual([4]);
    expect(layout?.dataStartRow).toBe(5);
    expect(layout?.fieldColumns).toMatchObject({ classId: 1, fullName: 2, dateOfBirth: 3, genderCode: 4, personalId: 5, provinceCode: 6 });
    expect(layout?.columns[2]?.label).toBe('Họ và tên (*)');
  });

  it('reads QĐ 4998 ASCII keys as headers', () => {
    const head = rows(1, [
      ['HOC_SINH_ID', 'MA_LOP', 'HO_TEN', 'NGAY_SINH', 'MA_GIOI_TINH', 'MA_DAN_TOC', 'MA_CONG_DAN_ID', 'MA_TRANG_THAI_HIEN_TAI'],
      ['HS1', '6A1', 'Nguyễn Văn An', '2014-09-05', '1', '01', '012345678901', '01'],
    ]);
    const layout = detectLayout(head, [], schemas);
    expect(layout?.fieldColumns).toMatchObject({
      studentId: 0, classId: 1, fullName: 2, dateOfBirth: 3, genderCode: 4, ethnicityCode: 5, personalId: 6, statusCode: 7,
    });
    expect(layout?.missingRequired).toEqual(expect.arrayContaining(['schoolId', 'gradeCode']));
    expect(layout?.missingRequired).not.toContain('personalId');
  });

  it('reports duplicate columns (first wins)', () => {
    const head = rows(1, [['Mã học sinh', 'Họ và tên', 'Họ tên', 'Ngày sinh', 'HO_TEN']]);
    const layout = detectLayout(head, [], schemas);
    expect(layout?.fieldColumns.fullName).toBe(1);
    expect(layout?.duplicateFields).toEqual([{ field: 'fullName', letters: ['B', 'C', 'E'] }]);
  });

  it('returns null for a table of no known entity', () => {
    const head = rows(1, [
      ['THỜI KHÓA BIỂU HỌC KỲ I'],
      ['Thứ', 'Tiết', 'Lớp 6A1', 'Lớp 6A2'],
      ['Hai', 1, 'Toán', 'Văn'],
    ]);
    expect(detectLayout(head, [], schemas)).toBeNull();
    expect(detectLayout([], [], schemas)).toBeNull();
  });

  it('requires a signature group, not just some matching columns', () => {
    const head = rows(1, [['Họ và tên', 'Giới tính', 'Dân tộc', 'Tôn giáo']]);
    expect(detectLayout(head, [], schemas)).toBeNull();
  });

  it('honours options.entity', () => {
    const head = rows(1, [['Mã học sinh', 'Họ và tên']]);
    expect(detectLayout(head, [], schemas, { entity: 'student' })?.entity).toBe('student');
    expect(detectLayout(head, [], schemas, { entity: 'school' })).toBeNull();
  });

  it('prefers the one-row header when a title row above adds nothing', () => {
    const head = rows(1, [
      ['DANH SÁCH HỌC SINH', n, n],
      ['Mã học sinh', 'Họ và tên', 'Ngày sinh'],
      ['HS1', 'Nguyễn Văn An', '05/09/2014'],
    ]);
    expect(detectLayout(head, [merge('A1:C1')], schemas)?.headerRows).toEqual([2]);
    expect(detectLayout(head, [], schemas)?.headerRows).toEqual([2]);
  });

  it('reports a header whose cells are merged down over two rows as both rows', () => {
    const head = rows(5, [
      ['Mã học sinh', 'Họ và tên', 'Ngày sinh'],
      [n, n, n],
      ['HS1', 'Nguyễn Văn An', '05/09/2014'],
    ]);
    const layout = detectLayout(head, ['A5:A6', 'B5:B6', 'C5:C6'].map(merge), schemas);
    expect(layout?.headerRows).toEqual([5, 6]);
    expect(layout?.dataStartRow).toBe(7);
    // Without the merges the empty row is just a blank row after a one-row header.
    expect(detectLayout(head, [], schemas)?.headerRows).toEqual([5]);
  });
});

describe('detectLayout over all entities', () => {
  const staff = rows(1, [
    ['DANH SÁCH CÁN BỘ, GIÁO VIÊN'],
    ['STT', 'Mã cán bộ', 'Họ và tên', 'Ngày sinh', 'Chức vụ', 'Email', 'Số điện thoại'],
    [1, 'GV001', 'Nguyễn Văn Hiệu', '01/01/1975', 'Hiệu trưởng', 'hieu@example.edu.vn', '0912345678'],
  ]);

  it('finds a staff list as teachers, not students', () => {
    const layout = detectLayout(staff, [], schemas);
    expect(layout?.entity).toBe('teacher');
    expect(layout?.fieldColumns).toMatchObject({ staffId: 1, fullName: 2, dateOfBirth: 3, email: 5 });
  });

  it('does not take "Hiệu trưởng" in a data column for a footer', () => {
    const layout = detectLayout(staff, [], schemas)!;
    const classify = createRowClassifier(layout);
    expect(classify(staff[2]!)).toBe('data');
    expect(classify({ row: 4, cells: [n, n, n, n, 'HIỆU TRƯỞNG'] })).toBe('footer');
  });
});

describe('createRowClassifier', () => {
  const layout = detectLayout(TITLED, TITLED_MERGES, schemas)!;

  function classify(data: CellValue[][], first = 8): RowKind[] {
    const classifier = createRowClassifier(layout);
    return rows(first, data).map(classifier);
  }

  it('tells data, blank, footer and the signers below a footer apart', () => {
    const kinds = classify([
      ...TITLED.slice(7).map((r) => r.cells),
      [n, n, '  ', n],
      [4, n, n, n, n, n, n, n, n, n, n, n, n, n], // a pre-numbered empty row
      ['Tổng cộng: 3 học sinh', n, n, n, n, 'Nam: 1', 'Nữ: 2'],
      [n, n, n, n, n, n, n, n, n, 'An Phú, ngày 15 tháng 9 năm 2025'],
      [n, 'Người lập biểu', n, n, n, n, n, n, n, 'Hiệu trưởng'],
      [n, 'Trần Thị Bé', n, n, n, n, n, n, n, 'Lê Văn Cường'],
    ]);
    expect(kinds).toEqual(['data', 'data', 'data', 'blank', 'blank', 'footer', 'footer', 'footer', 'footer']);
  });

  it.each<[string, CellValue[][], RowKind[]]>([
    ['a signature block without totals', [[n, n, n, 'HIỆU TRƯỞNG'], [n, n, n, 'Nguyễn Văn Hiệu']], ['footer', 'footer']],
    ['a place-and-date line', [[n, n, n, n, n, n, n, n, 'Hà Nội, ngày ... tháng ... năm 20...']], ['footer']],
    ['"(Ký, ghi rõ họ tên)"', [[n, n, n, '(Ký, ghi rõ họ tên)']], ['footer']],
    ['"Giáo viên chủ nhiệm" alone', [[n, n, 'Giáo viên chủ nhiệm', n], [n, n, 'Phạm Thị Hằng']], ['footer', 'footer']],
    ['"Xác nhận của BGH" alone', [[n, 'Xác nhận của Ban giám hiệu']], ['footer']],
    ['a dense totals row', [['Tổng số', n, n, 3, 3, 1, 2, n, n, n, n, n, n, n]], ['footer']],
  ])('footer: %s', (_, data, expected) => {
    expect(classify(data)).toEqual(expected);
  });

  it('keeps data rows whose values look like footer words', () => {
    const kinds = classify([
      [5, '6A1', 'HS0005', 'Tống Thị Hiệu', '01/01/2014', 'Nữ', 'Kinh', n, n, n, n, n, n, 'Hiệu trưởng xác nhận'],
      [6, '6A1', 'HS0006', 'Ngày Văn Tháng', '01/01/2014', 'Nam', 'Kinh', n, n, n, n, n, n, n],
    ]);
    expect(kinds).toEqual(['data', 'data']);
  });

  it('detects header rows repeated inside the data, and the column-number row', () => {
    const kinds = classify([
      [1, '6A1', 'HS0001', 'Nguyễn Văn An', '05/09/2014', 'Nam', 'Kinh', n, n, n, n, n, n, n],
      ['STT', 'Mã lớp', 'Mã học sinh', 'HỌ VÀ TÊN', 'Ngày sinh', 'Giới tính', 'Dân tộc', 'Thông tin cha', n, n, 'Mẹ', n, n, 'Ghi chú'],
      [n, n, n, n, n, n, n, 'Họ tên', 'Năm sinh', 'Số điện thoại', 'Họ và tên', 'Năm sinh', 'SĐT', n],
      ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)', '(8)', '(9)', '(10)', '(11)', '(12)', '(13)', '(14)'],
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14],
      [2, '6A2', 'HS0101', 'Hồ Văn Hải', '05/09/2014', 'Nam', 'Kinh', n, n, n, n, n, n, n],
    ]);
    expect(kinds).toEqual(['data', 'repeated-header', 'repeated-header', 'repeated-header', 'repeated-header', 'data']);
  });

  it('does not take a student whose name starts like a header label for a header', () => {
    const kinds = classify([[1, '6A1', 'HS0001', 'Họ Văn Tên', '05/09/2014', 'Nam', 'Kinh', n, n, n, n, n, n, n]]);
    expect(kinds).toEqual(['data']);
  });
});
