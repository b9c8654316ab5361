import { describe, expect, it } from 'vitest';
import { FORMULA_TRIGGERS, isFormulaLike, neutralise } from '../../src/io/safe-cell.js';

describe('neutralise', () => {
  // [input, expected]
  const table: Array<[string, string]> = [
    // every trigger (OWASP CSV injection list)
    ['=1+1', "'=1+1"],
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['-5', "'-5"], // a *string* "-5": numbers never come here
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['=', "'="],
    ['+', "'+"],
    ['-', "'-"],
    ['@', "'@"],
    ['\t', "'\t"],
    ['\r', "'\r"],
    ['=cmd|\' /C calc\'!A0', "'=cmd|' /C calc'!A0"],
    // left alone
    ['', ''],
    ['Nguyễn Văn An', 'Nguyễn Văn An'],
    ['001206012345', '001206012345'],
    ['012345678901', '012345678901'],
    ['1+1', '1+1'],
    [' =1', ' =1'],
    ['\n=1', '\n=1'],
    ['a=b', 'a=b'],
    ['email@school.edu.vn', 'email@school.edu.vn'],
    ['10A1', '10A1'],
    ['01/09/2010', '01/09/2010'],
    ["'=already", "'=already"],
    ['＝1', '＝1'], // full-width equals is not a trigger for Excel
  ];

  it.each(table)('neutralise(%j) → %j', (input, expected) => {
    expect(neutralise(input)).toBe(expected);
  });

  it('covers every trigger character, alone and as a prefix', () => {
    expect(FORMULA_TRIGGERS).toEqual(['=', '+', '-', '@', '\t', '\r']);
    for (const c of FORMULA_TRIGGERS) {
      expect(isFormulaLike(c)).toBe(true);
      expect(neutralise(`${c}x`)).toBe(`'${c}x`);
    }
  });

  it('leaves every other first character of the Basic Latin and Latin-1 ranges alone', () => {
    for (let code = 0; code < 0x250; code++) {
      const c = String.fromCharCode(code);
      if (FORMULA_TRIGGERS.includes(c)) continue;
      expect(neutralise(`${c}x`)).toBe(`${c}x`);
    }
  });

  it('is idempotent', () => {
    for (const [input] of table) expect(neutralise(neutralise(input))).toBe(neutralise(input));
  });
});
