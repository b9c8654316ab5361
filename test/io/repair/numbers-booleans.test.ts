import { describe, expect, it } from 'vitest';
import { readDecimal, readInteger } from '../../../src/io/repair/numbers.js';
import { readBoolean } from '../../../src/io/repair/booleans.js';
import { newSink, type CellReader } from '../../../src/io/repair/index.js';
import type { CellValue } from '../../../src/io/types.js';
import type { FieldValue } from '../../../src/io/record.js';

function run(reader: CellReader, cell: CellValue) {
  const sink = newSink();
  const value = reader(cell, sink);
  return { value, problem: sink.problem?.kind };
}

describe('readInteger', () => {
  it.each<[CellValue, FieldValue, string | undefined]>([
    [1985, 1985, undefined],
    ['1985', 1985, undefined],
    [' 1985 ', 1985, undefined],
    ['1985.0', 1985, undefined],
    ['-3', -3, undefined],
    [6.5, '6.5', 'not-an-integer'],
    ['6,5', '6,5', 'not-an-integer'],
    ['6.5', '6.5', 'not-an-integer'],
    ['khoảng 1985', 'khoảng 1985', 'not-a-number'],
    [true, 'TRUE', 'not-a-number'],
    [null, null, undefined],
    ['', null, undefined],
  ])('%j → %j', (cell, value, problem) => {
    expect(run(readInteger, cell)).toEqual({ value, problem });
  });
});

describe('readDecimal', () => {
  it.each<[CellValue, FieldValue, string | undefined]>([
    [6.5, 6.5, undefined],
    ['6,5', 6.5, undefined],
    ['6.5', 6.5, undefined],
    ['10', 10, undefined],
    [',5', 0.5, undefined],
    ['8,25', 8.25, undefined],
    ['tám', 'tám', 'not-a-number'],
    ['6,5,1', '6,5,1', 'not-a-number'],
    [Number.NaN, '', 'not-a-number'],
    [null, null, undefined],
  ])('%j → %j', (cell, value, problem) => {
    expect(run(readDecimal, cell)).toEqual({ value, problem });
  });
});

describe('readBoolean', () => {
  it.each<[CellValue, FieldValue, string | undefined]>([
    ['x', true, undefined],
    ['X', true, undefined],
    ['1', true, undefined],
    [1, true, undefined],
    [true, true, undefined],
    ['có', true, undefined],
    ['Có', true, undefined],
    ['co', true, undefined],
    ['yes', true, undefined],
    ['TRUE', true, undefined],
    ['đúng', true, undefined],
    ['✓', true, undefined],
    ['0', false, undefined],
    [0, false, undefined],
    [false, false, undefined],
    ['không', false, undefined],
    ['Không', false, undefined],
    ['khong', false, undefined],
    ['no', false, undefined],
    ['false', false, undefined],
    ['sai', false, undefined],
    [null, null, undefined],
    ['  ', null, undefined],
    ['có lẽ', 'có lẽ', 'not-boolean'],
    [2, '2', 'not-boolean'],
  ])('%j → %j', (cell, value, problem) => {
    expect(run(readBoolean, cell)).toEqual({ value, problem });
  });
});
