/**
 * Vietnamese-aware name keys for record linkage (identifiers.md §3). A name is compared in two
 * forms: `exact` (upper-case, single spaces: "NGUYỄN THỊ HOA") and `folded` (the same without
 * tone and vowel marks, đ → D, apostrophes and hyphens as spaces: "NGUYEN THI HOA"). Tokens keep
 * the order họ – đệm – tên; the given name is the last token. A middle "THI"/"VAN" is often
 * dropped between systems, so `core` is the folded name without it.
 *
 * Folding is a table lookup per character rather than NFD + regular expressions: it runs four
 * times per record (name, father, mother, address) on a million-row side, where the regex version
 * took most of the load time.
 */

import { stripMarks } from '../schema/fold.js';

/** Code point → folded ASCII upper-case letter code (0: not a letter we fold). */
const FOLD = new Uint8Array(0x1f00);
(() => {
  for (let c = 0x41; c <= 0x5a; c++) FOLD[c] = c;
  for (let c = 0x61; c <= 0x7a; c++) FOLD[c] = c - 32;
  for (let c = 0x30; c <= 0x39; c++) FOLD[c] = c;
  for (let c = 0xc0; c < 0x1f00; c++) {
    if (c >= 0x300 && c <= 0x36f) continue;
    const base = stripMarks(String.fromCharCode(c));
    if (base.length === 1 && /[A-Za-z]/.test(base)) FOLD[c] = base.toUpperCase().charCodeAt(0);
  }
})();

function isSeparator(c: number): boolean {
  // spaces, NBSP, zero-width space, apostrophes, hyphens, dots, commas
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x200b || c === 39 || c === 0x2019 || c === 96 || c === 0x2bc || c === 45 || c === 0x2010 || c === 0x2013 || c === 46 || c === 44;
}

const codes: number[] = [];

/** Folded form: ASCII upper-case letters and digits, single spaces. Combining marks (NFD input) are dropped. */
export function foldText(text: string): string {
  codes.length = 0;
  let space = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSeparator(c)) {
      space = codes.length > 0;
      continue;
    }
    const f = c < 0x1f00 ? FOLD[c]! : 0;
    if (f === 0) continue;
    if (space) {
      codes.push(32);
      space = false;
    }
    codes.push(f);
  }
  let s = '';
  for (let i = 0; i < codes.length; i += 4096) s += String.fromCharCode.apply(null, codes.slice(i, i + 4096));
  return s;
}

const SEPARATORS = /['’`ʼ\-‐–.,\s\u00a0\u200b]+/g;

/** Upper-case with diacritics, single spaces (input is NFC: the readers compose it). */
export function exactText(text: string): string {
  return text.replace(/[ðÐƉ]/g, 'Đ').toUpperCase().replace(SEPARATORS, ' ').trim();
}

/** Folded name without a middle THI/VAN. */
export function coreOf(folded: string): string {
  if (folded.indexOf(' THI ') < 0 && folded.indexOf(' VAN ') < 0) return folded;
  const tokens = folded.split(' ');
  return tokens.filter((t, i) => !(i > 0 && i < tokens.length - 1 && (t === 'THI' || t === 'VAN'))).join(' ');
}

/** Tokens in alphabetical order (a name written tên – họ still meets). */
export function sortedOf(folded: string): string {
  return folded.split(' ').sort().join(' ');
}

export function firstToken(s: string): string {
  const i = s.indexOf(' ');
  return i < 0 ? s : s.slice(0, i);
}

export function lastToken(s: string): string {
  return s.slice(s.lastIndexOf(' ') + 1);
}

export interface NameKey {
  exact: string;
  folded: string;
  core: string;
  surname: string;
  given: string;
  givenExact: string;
}

export function nameKey(name: string | null | undefined): NameKey {
  const exact = name === null || name === undefined ? '' : exactText(String(name).normalize('NFC'));
  const folded = foldText(exact);
  return { exact, folded, core: coreOf(folded), surname: firstToken(folded), given: lastToken(folded), givenExact: lastToken(exact) };
}
