/**
 * Legacy Vietnamese encodings in Unicode clothing (identifiers.md §3.3):
 * - TCVN3 (ABC, ".VnTime"): one Latin-1 code point per Vietnamese letter; caps fonts reuse the
 *   lowercase code points; ư is the soft hyphen U+00AD.
 * - VNI-Windows: base letter + one or two modifier characters (longest match first).
 * - UTF-8 bytes read as Windows-1252 ("Nguyá»…n").
 *
 * Many TCVN3/VNI code points (á â ã ó ò ô õ ù ú ý …) are also ordinary Vietnamese letters, so
 * nothing is converted blindly: text is a candidate only when every character is Latin-1 or
 * Windows-1252 (legacy text never contains ă, ơ, ư, đ or the U+1Exx letters), each decoding is
 * scored by how many tokens become valid Vietnamese syllables, and a decoding wins only when it is
 * clearly better than the text as it came.
 */
import { syllableScore } from './syllable.js';

export type LegacyKind = 'legacy-encoding-tcvn3' | 'legacy-encoding-vni' | 'mojibake-utf8';

/** TCVN3 code point → Unicode letter (identifiers.md §3.3, verbatim). */
export const TCVN3_TABLE: ReadonlyArray<readonly [string, string]> = [
  ['µ', 'à'], ['¸', 'á'], ['¶', 'ả'], ['·', 'ã'], ['¹', 'ạ'],
  ['¨', 'ă'], ['»', 'ằ'], ['¾', 'ắ'], ['¼', 'ẳ'], ['½', 'ẵ'], ['Æ', 'ặ'],
  ['©', 'â'], ['Ç', 'ầ'], ['Ê', 'ấ'], ['È', 'ẩ'], ['É', 'ẫ'], ['Ë', 'ậ'],
  ['®', 'đ'],
  ['Ì', 'è'], ['Ð', 'é'], ['Î', 'ẻ'], ['Ï', 'ẽ'], ['Ñ', 'ẹ'],
  ['ª', 'ê'], ['Ò', 'ề'], ['Õ', 'ế'], ['Ó', 'ể'], ['Ô', 'ễ'], ['Ö', 'ệ'],
  ['×', 'ì'], ['Ý', 'í'], ['Ø', 'ỉ'], ['Ü', 'ĩ'], ['Þ', 'ị'],
  ['ß', 'ò'], ['ã', 'ó'], ['á', 'ỏ'], ['â', 'õ'], ['ä', 'ọ'],
  ['«', 'ô'], ['å', 'ồ'], ['è', 'ố'], ['æ', 'ổ'], ['ç', 'ỗ'], ['é', 'ộ'],
  ['¬', 'ơ'], ['ê', 'ờ'], ['í', 'ớ'], ['ë', 'ở'], ['ì', 'ỡ'], ['î', 'ợ'],
  ['ï', 'ù'], ['ó', 'ú'], ['ñ', 'ủ'], ['ò', 'ũ'], ['ô', 'ụ'],
  ['\u00AD', 'ư'], ['õ', 'ừ'], ['ø', 'ứ'], ['ö', 'ử'], ['÷', 'ữ'], ['ù', 'ự'],
  ['ú', 'ỳ'], ['ý', 'ý'], ['û', 'ỷ'], ['ü', 'ỹ'], ['þ', 'ỵ'],
  ['¡', 'Ă'], ['¢', 'Â'], ['§', 'Đ'], ['£', 'Ê'], ['¤', 'Ô'], ['¥', 'Ơ'], ['¦', 'Ư'],
];

/** VNI-Windows sequence → Unicode letter, lowercase (identifiers.md §3.3, verbatim). */
export const VNI_TABLE: ReadonlyArray<readonly [string, string]> = [
  ['aù', 'á'], ['aø', 'à'], ['aû', 'ả'], ['aõ', 'ã'], ['aï', 'ạ'],
  ['aâ', 'â'], ['aá', 'ấ'], ['aà', 'ầ'], ['aå', 'ẩ'], ['aã', 'ẫ'], ['aä', 'ậ'],
  ['aê', 'ă'], ['aé', 'ắ'], ['aè', 'ằ'], ['aú', 'ẳ'], ['aü', 'ẵ'], ['aë', 'ặ'],
  ['eù', 'é'], ['eø', 'è'], ['eû', 'ẻ'], ['eõ', 'ẽ'], ['eï', 'ẹ'],
  ['eâ', 'ê'], ['eá', 'ế'], ['eà', 'ề'], ['eå', 'ể'], ['eã', 'ễ'], ['eä', 'ệ'],
  ['í', 'í'], ['ì', 'ì'], ['æ', 'ỉ'], ['ó', 'ĩ'], ['ò', 'ị'],
  ['yù', 'ý'], ['yø', 'ỳ'], ['yû', 'ỷ'], ['yõ', 'ỹ'], ['î', 'ỵ'],
  ['où', 'ó'], ['oø', 'ò'], ['oû', 'ỏ'], ['oõ', 'õ'], ['oï', 'ọ'],
  ['oâ', 'ô'], ['oá', 'ố'], ['oà', 'ồ'], ['oå', 'ổ'], ['oã', 'ỗ'], ['oä', 'ộ'],
  ['ô', 'ơ'], ['ôù', 'ớ'], ['ôø', 'ờ'], ['ôû', 'ở'], ['ôõ', 'ỡ'], ['ôï', 'ợ'],
  ['uù', 'ú'], ['uø', 'ù'], ['uû', 'ủ'], ['uõ', 'ũ'], ['uï', 'ụ'],
  ['ö', 'ư'], ['öù', 'ứ'], ['öø', 'ừ'], ['öû', 'ử'], ['öõ', 'ữ'], ['öï', 'ự'],
  ['ñ', 'đ'],
];

/** Windows-1252 characters of bytes 0x80–0x9F (the five undefined bytes pass through as C1 controls). */
export const CP1252_HIGH: ReadonlyArray<readonly [number, string]> = [
  [0x80, '€'], [0x82, '‚'], [0x83, 'ƒ'], [0x84, '„'], [0x85, '…'], [0x86, '†'], [0x87, '‡'],
  [0x88, 'ˆ'], [0x89, '‰'], [0x8a, 'Š'], [0x8b, '‹'], [0x8c, 'Œ'], [0x8e, 'Ž'],
  [0x91, '‘'], [0x92, '’'], [0x93, '“'], [0x94, '”'], [0x95, '•'], [0x96, '–'], [0x97, '—'],
  [0x98, '˜'], [0x99, '™'], [0x9a, 'š'], [0x9b, '›'], [0x9c, 'œ'], [0x9e, 'ž'], [0x9f, 'Ÿ'],
];

const TCVN3 = new Map<string, string>(TCVN3_TABLE.map(([k, v]) => [k, v]));
const CP1252_BYTE = new Map<number, number>(CP1252_HIGH.map(([b, ch]) => [ch.charCodeAt(0), b]));

/** VNI, lowercase and uppercase (capital base with capital or small marks), by first character. */
const VNI = new Map<string, string>();
for (const [seq, uni] of VNI_TABLE) {
  VNI.set(seq, uni);
  const upper = uni.toUpperCase();
  VNI.set(seq.toUpperCase(), upper);
  if (seq.length === 2) VNI.set(seq[0]!.toUpperCase() + seq[1]!, upper);
}

/**
 * Cheap guard: could `text` be legacy-encoded? Needs a character in U+0080–U+00FF or a
 * Windows-1252 punctuation character, and nothing else outside ASCII.
 */
export function mayBeLegacy(text: string): boolean {
  let high = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c <= 0xff || CP1252_BYTE.has(c)) high = true;
    else return false;
  }
  return high;
}

/** Characters proper Vietnamese never uses but TCVN3 does (identifiers.md §3.3), VNI's ñ ö æ î, and mojibake lead bytes. */
const MARKERS = new Set([
  ...'µ¸¶·¹¨»¾¼½Æ©ÇË®ÐÎÏªÖ×ØÜÞßäåæçëîï÷ûüþ«¬¡¢§£¤¥¦\u00AD',
  ...'ñÑöÖ',
  ...'ÃÄÅ',
]);
const VOWELS = new Set([...'aeiouyAEIOUY']);
/** VNI tone/shape marks (after a vowel), small and capital. */
const VNI_MARKS = new Set([...'ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË']);

/**
 * Does `text` show a sign of legacy encoding? A character no proper Vietnamese text uses, a VNI
 * mark after a plain vowel, or Windows-1252 punctuation (a mojibake trail byte). Proper Latin-1-only
 * Vietnamese ("Tô Thanh Tâm") has none, so the scoring below is skipped for most text.
 * "oà", "uâ", "iê"… are both VNI and proper Vietnamese: they send the text to the scoring.
 */
function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

export function hasLegacyMarker(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    const ch = text[i]!;
    if (c > 0xff || (c >= 0x80 && c <= 0x9f)) return true; // cp1252 specials, C1 controls: mojibake
    if (MARKERS.has(ch)) return true;
    if (i > 0 && VNI_MARKS.has(ch) && VOWELS.has(text[i - 1]!)) return true;
    // TCVN3 small letters sit on Latin-1 capitals: "NguyÔn", "NGUYÔN" (caps text is scored, rare)
    if (i > 0 && c >= 0xc0 && c <= 0xde && isAsciiLetter(text.charCodeAt(i - 1))) return true;
  }
  return false;
}

export function decodeTcvn3(text: string): string {
  let out = '';
  for (const ch of text) out += TCVN3.get(ch) ?? ch;
  return fixCase(text, out);
}

export function decodeVni(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const two = text.slice(i, i + 2);
    const hit2 = two.length === 2 ? VNI.get(two) : undefined;
    if (hit2 !== undefined) {
      out += hit2;
      i++;
      continue;
    }
    const ch = text[i]!;
    out += VNI.get(ch) ?? ch;
  }
  return out;
}

/** UTF-8 bytes that were read as Windows-1252 (or Latin-1): back to bytes, then decoded. Null when that fails. */
export function decodeMojibake(text: string): string | null {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0xff) bytes.push(c);
    else {
      const b = CP1252_BYTE.get(c);
      if (b === undefined) return null;
      bytes.push(b);
    }
  }
  let out = '';
  let multi = false;
  for (let i = 0; i < bytes.length; ) {
    const b0 = bytes[i]!;
    if (b0 < 0x80) {
      out += String.fromCharCode(b0);
      i++;
      continue;
    }
    let len: number;
    let cp: number;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      len = 2;
      cp = b0 & 0x1f;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      len = 3;
      cp = b0 & 0x0f;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      len = 4;
      cp = b0 & 0x07;
    } else return null;
    for (let k = 1; k < len; k++) {
      let b = bytes[i + k];
      // "à" is C3 A0; tools often turn the A0 (NBSP) into a plain space
      if (b === 0x20 && k === len - 1) b = 0xa0;
      if (b === undefined || b < 0x80 || b > 0xbf) return null;
      cp = (cp << 6) | (b & 0x3f);
    }
    if ((len === 3 && cp < 0x800) || (len === 4 && (cp < 0x10000 || cp > 0x10ffff))) return null;
    out += String.fromCodePoint(cp);
    multi = true;
    i += len;
  }
  return multi ? out.normalize('NFC') : null;
}

const ASCII_LOWER = /[a-z]/;
const ASCII_UPPER = /[A-Z]/g;

/**
 * TCVN3 caps fonts use the lowercase code points: when the ASCII letters are all capitals, so is
 * the text; in a Title Case name, a word that starts with a converted small letter gets a capital.
 */
function fixCase(source: string, decoded: string): string {
  const uppers = source.match(ASCII_UPPER)?.length ?? 0;
  if (uppers >= 2 && !ASCII_LOWER.test(source)) return decoded.toUpperCase();
  const words = decoded.split(' ');
  let titled = 0;
  for (const w of words) {
    const first = w.charAt(0);
    if (first >= 'a' && first <= 'z') return decoded;
    if (first >= 'A' && first <= 'Z') titled++;
  }
  if (titled === 0) return decoded;
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}

export interface LegacyDecoding {
  text: string;
  kind: LegacyKind;
}

/**
 * Decodes `text` when it is clearly TCVN3, VNI or UTF-8 mojibake; null when it should be left alone.
 * `text` should be NFC and trimmed, with its inner whitespace untouched (mojibake of "à" holds an NBSP).
 */
export function decodeLegacy(text: string): LegacyDecoding | null {
  if (!mayBeLegacy(text) || !hasLegacyMarker(text)) return null;
  return decodeCandidate(text);
}

/** `decodeLegacy` without the guards, for callers that ran them already. */
export function decodeCandidate(text: string): LegacyDecoding | null {
  const original = syllableScore(text);
  // every token already a Vietnamese syllable: no decoding can do better (ties keep the text)
  if (original.tokens > 0 && original.valid === original.tokens) return null;
  let best: LegacyDecoding | null = null;
  // shares, not counts: mojibake of "à" holds a (non-breaking) space that splits a word in two
  let bestShare = original.tokens === 0 ? 0 : original.valid / original.tokens;
  const consider = (candidate: string | null, kind: LegacyKind): void => {
    if (candidate === null || candidate === text) return;
    const score = syllableScore(candidate);
    if (score.tokens === 0) return;
    const share = score.valid / score.tokens;
    // clearly better: a larger share of valid syllables than the text as it came, and most tokens valid
    if (share > bestShare && share > 0.5) {
      best = { text: candidate, kind };
      bestShare = share;
    }
  };
  consider(decodeMojibake(text), 'mojibake-utf8');
  consider(decodeTcvn3(text), 'legacy-encoding-tcvn3');
  consider(decodeVni(text), 'legacy-encoding-vni');
  return best;
}
