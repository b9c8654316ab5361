import { describe, expect, it } from 'vitest';
import { createIdReader, createPersonalIdReader, createPhoneReader } from '../../../src/io/repair/digits.js';
import { newSink, type CellReader } from '../../../src/io/repair/index.js';
import type { Field } from '../../../src/schema/format.js';
import type { CellValue } from '../../../src/io/types.js';

function field(type: Field['type'], padTo?: number): Field {
  const f: Field = { key: 'x', label: 'X', labelEn: 'X', aliases: [], type, required: false, sensitive: false, optIn: false };
  if (padTo !== undefined) f.padTo = padTo;
  return f;
}

function run(reader: CellReader, cell: CellValue) {
  const sink = newSink();
  const value = reader(cell, sink);
  return { value, problem: sink.problem?.kind, repairs: (sink.repairs ?? []).map((r) => `${r.kind}:${r.from}→${r.to}`) };
}

describe('personalId (padTo 12)', () => {
  const reader = createPersonalIdReader(field('personalId', 12));
  it.each<[CellValue, string | null, string | undefined, string[]]>([
    ['012345678901', '012345678901', undefined, []],
    [12345678901, '012345678901', undefined, ['leading-zero:12345678901→012345678901']],
    ['12345678901', '012345678901', undefined, ['leading-zero:12345678901→012345678901']],
    [1234567890, '001234567890', undefined, ['leading-zero:1234567890→001234567890']],
    [123456789, '123456789', undefined, []],
    ['0123 4567 8901', '012345678901', undefined, []],
    ['012.345.678.901', '012345678901', undefined, []],
    ['012-345-678-901', '012345678901', undefined, []],
    [' 012345678901 ', '012345678901', undefined, []],
    ['0123456789O1', '0123456789O1', 'not-digits', []],
    ['CCCD 012345678901', 'CCCD012345678901', 'not-digits', []],
    ['1.23457E+11', '1.23457E+11', 'scientific-notation', []],
    ['1,23457e+11', '1,23457e+11', 'scientific-notation', []],
    [1e15, '1000000000000000', 'scientific-notation', []],
    [null, null, undefined, []],
    ['', null, undefined, []],
  ])('%j → %j', (cell, value, problem, repairs) => {
    expect(run(reader, cell)).toEqual({ value, problem, repairs });
  });
});

describe('phone (padTo 10)', () => {
  const reader = createPhoneReader(field('phone', 10));
  it.each<[CellValue, string | null, string | undefined, string[]]>([
    ['0912345678', '0912345678', undefined, []],
    [912345678, '0912345678', undefined, ['leading-zero:912345678→0912345678']],
    ['912345678', '0912345678', undefined, ['leading-zero:912345678→0912345678']],
    ['0912 345 678', '0912345678', undefined, []],
    ['0912.345.678', '0912345678', undefined, []],
    ['0912-345-678', '0912345678', undefined, []],
    ['+84 912 345 678', '0912345678', undefined, []],
    ['+84912345678', '0912345678', undefined, []],
    ['84912345678', '0912345678', undefined, []],
    [84912345678, '0912345678', undefined, []],
    ['0084 912 345 678', '0912345678', undefined, []],
    ['(028) 3823 4567', '02838234567', undefined, []],
    ['0912345678 hoặc 0987654321', '0912345678 hoặc 0987654321', 'not-digits', []],
    ['091234567a', '091234567a', 'not-digits', []],
    ['9.12346E+08', '9.12346E+08', 'scientific-notation', []],
  ])('%j → %j', (cell, value, problem, repairs) => {
    expect(run(reader, cell)).toEqual({ value, problem, repairs });
  });
});

describe('id', () => {
  const plain = createIdReader(field('id'));
  const padded = createIdReader(field('id', 5));
  it.each<[CellReader, CellValue, string | null, string | undefined, string[]]>([
    [plain, '6A1', '6A1', undefined, []],
    [plain, 'HS00123', 'HS00123', undefined, []],
    [plain, '0012345', '0012345', undefined, []],
    [plain, 12345, '12345', undefined, []],
    [plain, 'HS  001', 'HS 001', undefined, ['whitespace:HS  001→HS 001']],
    [plain, '1.23457E+11', '1.23457E+11', 'scientific-notation', []],
    [plain, 1e16, '10000000000000000', 'scientific-notation', []],
    [padded, 4567, '04567', undefined, ['leading-zero:4567→04567']],
    [padded, '567', '00567', undefined, ['leading-zero:567→00567']],
    [padded, '67', '67', undefined, []],
    [padded, '00567', '00567', undefined, []],
    [padded, 'X567', 'X567', undefined, []],
  ])('%#: %j → %j', (reader, cell, value, problem, repairs) => {
    expect(run(reader, cell)).toEqual({ value, problem, repairs });
  });
});
