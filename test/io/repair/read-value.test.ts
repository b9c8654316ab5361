import { describe, expect, it } from 'vitest';
import { loadSchemas } from '../../../src/schema/load.js';
import { readValue } from '../../../src/io/repair/index.js';
import type { CellValue } from '../../../src/io/types.js';

const schemas = loadSchemas();
const student = schemas.entities.get('student')!;
const ctx = { codeLists: schemas.codeLists };
function field(key: string) {
  const f = student.fieldsByKey.get(key);
  if (f === undefined) throw new Error(key);
  return f;
}

describe('readValue dispatches on the field type', () => {
  it.each<[string, CellValue, unknown]>([
    ['fullName', 'Nguyễn Văn An', { value: 'Nguyễn Văn An' }],
    ['fullName', '  Nguyễn  Văn An ', { value: 'Nguyễn Văn An', repairs: [{ kind: 'whitespace', from: '  Nguyễn  Văn An ', to: 'Nguyễn Văn An' }] }],
    ['fullName', 'NguyÔn V¨n An', { value: 'Nguyễn Văn An', repairs: [{ kind: 'legacy-encoding-tcvn3', from: 'NguyÔn V¨n An', to: 'Nguyễn Văn An' }] }],
    ['fullName', 'Nguyeãn Vaên An', { value: 'Nguyễn Văn An', repairs: [{ kind: 'legacy-encoding-vni', from: 'Nguyeãn Vaên An', to: 'Nguyễn Văn An' }] }],
    ['fullName', 'Nguyá»…n VÄƒn An', { value: 'Nguyễn Văn An', repairs: [{ kind: 'mojibake-utf8', from: 'Nguyá»…n VÄƒn An', to: 'Nguyễn Văn An' }] }],
    ['fullName', 'HoÃ\u00A0ng  Anh', { value: 'Hoàng Anh', repairs: [{ kind: 'mojibake-utf8', from: 'HoÃ\u00A0ng  Anh', to: 'Hoàng Anh' }] }],
    ['fullName', 'Lê Hoài An', { value: 'Lê Hoài An' }],
    ['fullName', 'Hoá', { value: 'Hoá' }],
    ['fullName', 'Lê\u00A0Hoài An', { value: 'Lê Hoài An', repairs: [{ kind: 'whitespace', from: 'Lê\u00A0Hoài An', to: 'Lê Hoài An' }] }],
    ['fullName', 'Lê Văn Tám'.normalize('NFD'), { value: 'Lê Văn Tám', repairs: [{ kind: 'unicode-nfc', from: 'Lê Văn Tám'.normalize('NFD'), to: 'Lê Văn Tám' }] }],
    ['fullName', null, { value: null }],
    ['birthPlace', 'x· Yªn L¹c', { value: 'xã Yên Lạc', repairs: [{ kind: 'legacy-encoding-tcvn3', from: 'x· Yªn L¹c', to: 'xã Yên Lạc' }] }],
    ['email', ' An.Nguyen@Truong.edu.vn ', { value: 'An.Nguyen@Truong.edu.vn' }],
    ['dateOfBirth', '40544', { value: '2011-01-01', repairs: [{ kind: 'excel-serial-date', from: '40544', to: '2011-01-01' }] }],
    ['dateOfBirth', '31/02/2012', { value: '31/02/2012', problem: { kind: 'impossible-date' } }],
    ['personalId', 12345678901, { value: '012345678901', repairs: [{ kind: 'leading-zero', from: '12345678901', to: '012345678901' }] }],
    ['contactPhone', '+84 912 345 678', { value: '0912345678' }],
    ['genderCode', 'Nữ', { value: '2' }],
    ['ethnicityCode', 'Klingon', { value: 'Klingon', problem: { kind: 'not-in-code-list', data: { list: 'ethnicity' } } }],
    ['fatherBirthYear', '1980', { value: 1980 }],
    ['repeatedLastYear', 'x', { value: true }],
    ['classId', '6A1', { value: '6A1' }],
    ['provinceCode', 1, { value: '01', repairs: [{ kind: 'leading-zero', from: '1', to: '01' }] }],
  ])('%s %j', (key, cell, expected) => {
    expect(readValue(field(key), cell, ctx)).toEqual(expected);
  });
});
