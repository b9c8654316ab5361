/**
 * Folding text to a comparison key: NFC, diacritics removed (đ → d), lower case, anything that
 * is not a letter or digit turned into one space. Header labels, code-list labels and aliases
 * are compared through this key so "Ngày sinh", "NGAY_SINH", "ngay\nsinh" and "Ngày  Sinh" meet.
 */
const COMBINING = /[\u0300-\u036f]/g;
const NON_ALNUM = /[^a-z0-9]+/g;

export function foldKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING, '')
    .replace(/[đĐðÐɖƉ]/g, 'd')
    .toLowerCase()
    .replace(NON_ALNUM, ' ')
    .trim();
}
