import { describe, expect, it } from 'vitest';
import { foldText, nameKey } from '../../src/reconcile/names.js';
import { damerau, jaroWinkler } from '../../src/reconcile/similarity.js';
import { dobLevel, nameLevel, givenAgrees, compare, describe as describeLevels } from '../../src/reconcile/score.js';
import { Interner, SourceTable, parseDob, parseGender, type PersonInput } from '../../src/reconcile/table.js';
import { idContradictions } from '../../src/reconcile/checks.js';
import { parseDecision } from '../../src/reconcile/decisions.js';

function table(rows: Array<Partial<PersonInput>>, interner = new Interner()): SourceTable {
  const t = new SourceTable('t', interner);
  t.tables.push({ file: 'x.csv' });
  rows.forEach((r, i) =>
    t.add({ table: 0, row: i + 2, fullName: null, dateOfBirth: null, gender: null, personalId: null, localId: null, schoolId: null, classId: null, fatherName: null, motherName: null, address: null, ...r }),
  );
  return t;
}

describe('Vietnamese name keys', () => {
  it.each([
    ['Nguyễn Thị Hoà', 'NGUYEN THI HOA'],
    ['NGUYỄN THỊ HOÀ', 'NGUYEN THI HOA'],
    ['Nguye\u0302\u0303n  Văn\u00a0Đức', 'NGUYEN VAN DUC'], // decomposed, NBSP
    ["H'Hen Niê", 'H HEN NIE'],
    ['Ê-đê', 'E DE'],
    ['Ðặng', 'DANG'], // Icelandic eth for Đ
  ])('%s folds to %s', (input, folded) => {
    expect(foldText(input)).toBe(folded);
  });

  it('splits họ – đệm – tên and drops a middle Thị/Văn in the core', () => {
    const k = nameKey('Nguyễn Thị Minh Khai');
    expect([k.surname, k.given, k.givenExact, k.core]).toEqual(['NGUYEN', 'KHAI', 'KHAI', 'NGUYEN MINH KHAI']);
  });
});

describe('string similarity', () => {
  it('Jaro-Winkler matches the published values', () => {
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.9611, 3);
    expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.8133, 3);
    expect(jaroWinkler('', 'A')).toBe(0);
  });
  it('Damerau counts a swap of neighbours as one edit', () => {
    expect(damerau('HUONG', 'HOUNG')).toBe(1);
    expect(damerau('LINH', 'MINH')).toBe(1);
    expect(damerau('AN', 'ANH')).toBe(1);
    expect(damerau('KHANG', 'TRANG', 1)).toBe(2);
  });
});

describe('field comparison levels', () => {
  const L = table([
    { fullName: 'Nguyễn Thị Hoa' },
    { fullName: 'Nguyễn Thị Hoa' },
    { fullName: 'Nguyễn Thị Hoa' },
    { fullName: 'Nguyễn Thị Hoa' },
    { fullName: 'Nguyễn Văn Minh' },
  ]);
  const R = table([
    { fullName: 'NGUYỄN THỊ HOA' },
    { fullName: 'Nguyen Thi Hoa' },
    { fullName: 'Nguyễn Hoa' },
    { fullName: 'Nguyễn Thị Hao' },
    { fullName: 'Trần Quốc Bảo' },
  ]);
  it.each([
    [0, 'exact'],
    [1, 'no-diacritics'],
    [2, 'order-or-middle'],
    [3, 'typo'],
    [4, 'different'],
  ])('row %i: %s', (i, level) => {
    const names = ['missing', 'different', 'similar', 'typo', 'order-or-middle', 'no-diacritics', 'exact'];
    expect(names[nameLevel(L, i, R, i)]).toBe(level);
  });

  it('dates: exact, day/month swapped, year only, different', () => {
    expect(dobLevel(parseDob('2012-05-13'), parseDob('13/05/2012'))).toBe(5);
    expect(dobLevel(parseDob('2012-05-13'), parseDob('05/13/2012'))).toBe(4);
    expect(dobLevel(parseDob('2012-03-04'), parseDob('03/04/2012'))).toBe(4);
    expect(dobLevel(parseDob('2012-05-13'), parseDob('2012'))).toBe(3);
    expect(dobLevel(parseDob('2012-05-13'), parseDob('2011'))).toBe(1);
    expect(dobLevel(parseDob('2012-05-13'), parseDob(null))).toBe(0);
  });

  it('reads genders by code or label', () => {
    expect([parseGender('1'), parseGender('Nữ'), parseGender('nam'), parseGender('?')]).toEqual([1, 2, 1, 0]);
  });

  it('twins: a confusable sibling makes only an exact given name agree', () => {
    const a = table([{ fullName: 'Lê Thị Ánh' }]);
    const b = table([{ fullName: 'LE THI ANH' }, { fullName: 'Lê Thị Ánh' }]);
    expect(givenAgrees(a, 0, b, 0, false)).toBe(true);
    expect(givenAgrees(a, 0, b, 0, true)).toBe(false);
    expect(givenAgrees(a, 0, b, 1, true)).toBe(true);
  });

  it('explains a pair as agreed and disagreed fields', () => {
    const interner = new Interner();
    const a = table([{ fullName: 'Phạm Văn Nam', dateOfBirth: '2011-02-03', gender: '1', schoolId: 'S1', classId: '6A', personalId: '001211000001' }], interner);
    const b = table([{ fullName: 'PHAM VAN NAM', dateOfBirth: '02/03/2011', gender: 'Nam', schoolId: 'S1', classId: '6B', personalId: '001211000002' }], interner);
    const out = new Float64Array(1);
    const levels = compare(a, 0, b, 0, out);
    expect(describeLevels(levels)).toEqual({ agreed: ['fullName:no-diacritics', 'dateOfBirth:day-month-swapped', 'gender', 'school'], disagreed: ['personalId', 'class'] });
  });
});

describe('personal ID against a record', () => {
  it('finds province, century/sex and birth-year contradictions', () => {
    expect(idContradictions('001212000001', 20120101, 1)).toEqual([]);
    expect(idContradictions('001212000001', 20110101, 1)).toEqual(['birth-year']);
    expect(idContradictions('001312000001', 20120101, 1)).toEqual(['century-gender']);
    expect(idContradictions('003212000001', 20120101, 1)).toEqual(['province']);
    expect(idContradictions('101212000001', 20120101, 1)).toEqual([]); // registered abroad
  });
});

describe('RC codes in the catalogue', () => {
  it('render like any finding, in Vietnamese and English', async () => {
    const { renderFinding } = await import('../../src/check/render.js');
    const f = { code: 'RC-004', severity: 'error' as const, messageId: 'found', file: 'b.csv', row: 7, field: 'personalId', data: { otherRow: 12, parts: 'birth-year' } };
    expect(renderFinding(f, 'vi')).toBe('Số định danh mâu thuẫn với dòng 12 của nguồn kia: birth-year.');
    expect(renderFinding(f, 'en')).toBe('The personal ID contradicts row 12 of the other source: birth-year.');
  });
});

describe('decisions', () => {
  it.each([
    ['giống', 'same'],
    ['Same', 'same'],
    ['khác', 'different'],
    ['different', 'different'],
    ['', undefined],
    ['maybe', 'invalid'],
  ])('%s → %s', (text, decision) => {
    expect(parseDecision(text)).toBe(decision);
  });
});
