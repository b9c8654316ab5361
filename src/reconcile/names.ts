/**
 * Vietnamese-aware name keys for record linkage (identifiers.md §3). A name is compared in two
 * forms: `exact` (NFC, upper-case, one space: "NGUYỄN THỊ HOA") and `folded` (the same without
 * tone and vowel marks, đ → D, apostrophes and hyphens as spaces: "NGUYEN THI HOA"). Tokens keep
 * the order họ – đệm – tên; the given name is the last token. "THI"/"VAN" in the middle are often
 * dropped between systems, so `core` is the folded name without them.
 */

const MARKS = /[\u0300-\u036f]/g;
const SEPARATORS = /['’`ʼ\-‐–.,]+/g;
const SPACES = /[\s\u00a0\u200b]+/g;

export interface NameKey {
  /** NFC, upper-case, single spaces. */
  exact: string;
  /** Without diacritics, ASCII upper-case. */
  folded: string;
  /** Folded, with a middle THI / VAN removed. */
  core: string;
  /** Folded tokens sorted (a name written tên – họ order still matches). */
  sorted: string;
  surname: string;
  given: string;
  /** Given name with diacritics (exact form). */
  givenExact: string;
}

const EMPTY: NameKey = { exact: '', folded: '', core: '', sorted: '', surname: '', given: '', givenExact: '' };

export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(MARKS, '')
    .replace(/[đðĐÐƉ]/g, 'D')
    .toUpperCase()
    .replace(SEPARATORS, ' ')
    .replace(SPACES, ' ')
    .trim();
}

export function exactText(text: string): string {
  return text.normalize('NFC').replace(/[ðÐƉ]/g, 'Đ').toLocaleUpperCase('vi').replace(SEPARATORS, ' ').replace(SPACES, ' ').trim();
}

export function nameKey(name: string | null | undefined): NameKey {
  if (name === null || name === undefined) return EMPTY;
  const exact = exactText(String(name));
  if (exact === '') return EMPTY;
  const folded = foldText(exact);
  const tokens = folded.split(' ');
  const exactTokens = exact.split(' ');
  const core = tokens.filter((t, i) => !(i > 0 && i < tokens.length - 1 && (t === 'THI' || t === 'VAN'))).join(' ');
  return {
    exact,
    folded,
    core,
    sorted: [...tokens].sort().join(' '),
    surname: tokens[0] ?? '',
    given: tokens[tokens.length - 1] ?? '',
    givenExact: exactTokens[exactTokens.length - 1] ?? '',
  };
}
