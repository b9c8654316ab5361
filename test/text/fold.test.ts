/**
 * Every folding of Vietnamese text in edusync starts from schema/fold.stripMarks. Usernames,
 * header matching and linkage keys must not drift when that code changes: these outputs were
 * recorded from the five separate implementations before they were folded into one, and differ
 * only where those disagreed on look-alike D letters (Ð ð Ɖ ɖ), which now all fold to d.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { foldKey, stripMarks } from '../../src/schema/fold.js';
import * as accounts from '../../src/accounts/names.js';
import * as reconcile from '../../src/reconcile/names.js';
import * as generate from '../../src/generate/names.js';

interface Golden {
  s: string;
  foldKey: string;
  accFold: string;
  accSlug: string;
  accDash: string;
  recFold: string;
  genSlug: string;
}
const golden = JSON.parse(readFileSync(new URL('./fold-golden.json', import.meta.url), 'utf8')) as Golden[];

describe('Vietnamese folding', () => {
  it.each(golden.map((g) => [g.s, g] as const))('%j folds as recorded in every module', (s, g) => {
    expect(foldKey(s)).toBe(g.foldKey);
    expect(accounts.foldText(s)).toBe(g.accFold);
    expect(accounts.asciiSlug(s)).toBe(g.accSlug);
    expect(accounts.slug(s)).toBe(g.accDash);
    expect(reconcile.foldText(s)).toBe(g.recFold);
    expect(generate.asciiSlug(s)).toBe(g.genSlug);
  });

  it('stripMarks keeps case and everything but the marks; NFD and NFC input agree', () => {
    expect(stripMarks('Đặng Thị Ánh-Nguyệt, 12A1')).toBe('Dang Thi Anh-Nguyet, 12A1');
    expect(stripMarks('Nguye\u0302\u0303n')).toBe('Nguyen');
    expect(stripMarks('ðÐɖƉ')).toBe('dDdD');
    expect(stripMarks('plain ASCII')).toBe('plain ASCII');
  });
});
