/**
 * Vietnamese text without its marks, and the comparison key built on it. Every module that folds
 * names or labels (header mapping, code lists, usernames, record linkage, the generator) starts from
 * `stripMarks`, so "Đặng" is "Dang" everywhere and a look-alike D (Ð ð Ɖ ɖ, typed from other
 * keyboards) folds the same way in all of them.
 */
const COMBINING = /[\u0300-\u036f]/g;
const NON_ALNUM = /[^a-z0-9]+/g;
const LOWER_D = /[đðɖ]/g;
const UPPER_D = /[ĐÐƉ]/g;

/** Tone and vowel marks removed (NFD, combining marks dropped), đ → d and Đ → D; case kept; NFC. */
export function stripMarks(text: string): string {
  return text.normalize('NFD').replace(COMBINING, '').replace(LOWER_D, 'd').replace(UPPER_D, 'D').normalize('NFC');
}

/**
 * The comparison key: marks stripped, lower case, anything that is not a letter or digit turned into
 * one space. Header labels, code-list labels and aliases are compared through it so "Ngày sinh",
 * "NGAY_SINH", "ngay\nsinh" and "Ngày  Sinh" meet.
 */
export function foldKey(text: string): string {
  return stripMarks(text).toLowerCase().replace(NON_ALNUM, ' ').trim();
}
