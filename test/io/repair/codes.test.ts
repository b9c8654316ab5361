import { describe, expect, it } from 'vitest';
import { loadSchemas } from '../../../src/schema/load.js';
import { createCodeReader } from '../../../src/io/repair/codes.js';
import { newSink } from '../../../src/io/repair/index.js';
import type { CellValue } from '../../../src/io/types.js';
import type { FieldValue } from '../../../src/io/record.js';

const schemas = loadSchemas();
function reader(list: string) {
  const loaded = schemas.codeLists.get(list);
  if (loaded === undefined) throw new Error(list);
  return createCodeReader(loaded);
}

function run(list: string, cell: CellValue) {
  const sink = newSink();
  const value = reader(list)(cell, sink);
  return { value, problem: sink.problem, repairs: sink.repairs };
}

describe('code fields', () => {
  it.each<[string, CellValue, FieldValue]>([
    // exact codes
    ['gender', '1', '1'],
    ['ethnicity', '01', '01'],
    ['nationality', 'VN', 'VN'],
    // numeric normalisation, numbers from Excel
    ['ethnicity', '1', '01'],
    ['ethnicity', 1, '01'],
    ['ethnicity', 27, '27'],
    ['gender', '01', '1'],
    ['gender', 2, '2'],
    ['grade', '06', '6'],
    ['grade', 10, '10'],
    // code ignoring case
    ['nationality', 'vn', 'VN'],
    // labels and aliases, the portal's normal form
    ['gender', 'Nữ', '2'],
    ['gender', 'nữ', '2'],
    ['gender', 'NAM', '1'],
    ['gender', 'Nu', '2'],
    ['gender', 'Nữ'.normalize('NFD'), '2'],
    ['ethnicity', 'Kinh', '01'],
    ['ethnicity', ' Kinh ', '01'],
    ['ethnicity', 'Khơ Me', '05'],
    ['ethnicity', 'Khơ-me', '05'],
    ['ethnicity', 'Mông', '08'],
    ['ethnicity', "H'Mông", '08'],
    ['student-status', 'Đang học', '01'],
    ['student-status', 'đang  học', '01'],
    ['grade', 'Khối 6', '6'],
    ['grade', 'Lớp 10', '10'],
    ['nationality', 'Việt Nam', 'VN'],
    ['disability-type', 'Khuyết tật nhìn', '03'],
    // legacy-encoded labels
    ['gender', 'N÷', '2'],
    ['student-status', '§ang häc', '01'],
  ])('%s %j → %j', (list, cell, value) => {
    const r = run(list, cell);
    expect(r.value).toBe(value);
    expect(r.problem).toBeUndefined();
    expect(r.repairs).toBeUndefined();
  });

  it.each<[string, CellValue, string]>([
    ['gender', 'Khác', 'Khác'],
    ['gender', '3', '3'],
    ['ethnicity', 'Kinhh', 'Kinhh'],
    ['ethnicity', 99, '99'],
    ['grade', 'Khối 13', 'Khối 13'],
    ['student-status', true, 'TRUE'],
  ])('%s %j → not-in-code-list', (list, cell, value) => {
    const r = run(list, cell);
    expect(r.value).toBe(value);
    expect(r.problem).toEqual({ kind: 'not-in-code-list', data: { list } });
  });

  it('empty is null', () => {
    expect(run('gender', null).value).toBeNull();
    expect(run('gender', ' ').value).toBeNull();
  });

  it('answers repeated values from its cache consistently', () => {
    const read = reader('gender');
    for (let i = 0; i < 3; i++) {
      const sink = newSink();
      expect(read('Nữ', sink)).toBe('2');
      const bad = newSink();
      expect(read('?', bad)).toBe('?');
      expect(bad.problem?.kind).toBe('not-in-code-list');
    }
  });
});
