import { describe, expect, it } from 'vitest';
import { excelSerialToIso, readDate } from '../../../src/io/repair/dates.js';
import { newSink } from '../../../src/io/repair/index.js';
import type { CellValue } from '../../../src/io/types.js';

function run(cell: CellValue) {
  const sink = newSink();
  const value = readDate(cell, sink);
  return { value, problem: sink.problem?.kind, repairs: sink.repairs ?? [] };
}

describe('readDate: accepted forms (no finding)', () => {
  it.each<[CellValue, string]>([
    [{ kind: 'date', iso: '2010-05-25' }, '2010-05-25'],
    ['25/05/2010', '2010-05-25'],
    ['5/5/2010', '2010-05-05'],
    ['05/5/2010', '2010-05-05'],
    ['25-05-2010', '2010-05-25'],
    ['25.05.2010', '2010-05-25'],
    ['2010-05-25', '2010-05-25'],
    ['2010-5-2', '2010-05-02'],
    [' 25/05/2010 ', '2010-05-25'],
    ['25/05/2010 00:00:00', '2010-05-25'],
    ['2010-05-25T00:00:00', '2010-05-25'],
    ['29/02/2012', '2012-02-29'],
    ['29/02/2000', '2000-02-29'],
    ['31/12/2099', '2099-12-31'],
  ])('%j → %s', (cell, iso) => {
    expect(run(cell)).toEqual({ value: iso, problem: undefined, repairs: [] });
  });
});

describe('readDate: Excel serials → repair excel-serial-date', () => {
  it.each<[CellValue, string, string]>([
    ['40544', '2011-01-01', '40544'],
    [40544, '2011-01-01', '40544'],
    [44096, '2020-09-22', '44096'],
    [40544.75, '2011-01-01', '40544.75'],
    [61, '1900-03-01', '61'],
    [59, '1900-02-28', '59'],
    [1, '1900-01-01', '1'],
    [36526, '2000-01-01', '36526'],
    [73415, '2100-12-31', '73415'],
  ])('%j → %s', (cell, iso, from) => {
    expect(run(cell)).toEqual({ value: iso, problem: undefined, repairs: [{ kind: 'excel-serial-date', from, to: iso }] });
  });
});

describe('readDate: problems', () => {
  it.each<[CellValue, string, string]>([
    ['25/05/10', 'not-a-date', '25/05/10'],
    ['5/5/09', 'not-a-date', '5/5/09'],
    ['2010', 'not-a-date', '2010'],
    [2010, 'not-a-date', '2010'],
    ['31/02/2012', 'impossible-date', '31/02/2012'],
    ['29/02/2011', 'impossible-date', '29/02/2011'],
    ['05/25/2010', 'impossible-date', '05/25/2010'],
    ['2010-13-01', 'impossible-date', '2010-13-01'],
    ['00/01/2010', 'impossible-date', '00/01/2010'],
    [60, 'impossible-date', '60'],
    ['25 tháng 5 năm 2010', 'not-a-date', '25 tháng 5 năm 2010'],
    ['abc', 'not-a-date', 'abc'],
    ['25/05-2010', 'not-a-date', '25/05-2010'],
    [0, 'not-a-date', '0'],
    [-5, 'not-a-date', '-5'],
    [99999, 'not-a-date', '99999'],
    [true, 'not-a-date', 'TRUE'],
  ])('%j → %s', (cell, problem, value) => {
    const r = run(cell);
    expect(r.problem).toBe(problem);
    expect(r.value).toBe(value);
    expect(r.repairs).toEqual([]);
  });

  it('empty is null', () => {
    expect(run(null)).toEqual({ value: null, problem: undefined, repairs: [] });
    expect(run('  ')).toEqual({ value: null, problem: undefined, repairs: [] });
  });

  it('excelSerialToIso refuses the phantom 1900-02-29 and out-of-range serials', () => {
    expect(excelSerialToIso(60)).toBeNull();
    expect(excelSerialToIso(0)).toBeNull();
    expect(excelSerialToIso(73416)).toBeNull();
  });
});
