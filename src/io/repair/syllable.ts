/**
 * A Vietnamese syllable validator (onset + rhyme + tone), used to judge candidate decodings of
 * legacy-encoded text. Permissive on spelling conventions (k/c, gh/g, i/y), strict on the shape:
 * letters outside the Vietnamese alphabet, two tone marks, or a rhyme that does not exist make a
 * token invalid.
 */

/** Each base vowel followed by its toned forms: huyền, sắc, hỏi, ngã, nặng. */
const VOWEL_ROWS = [
  'aàáảãạ',
  'ăằắẳẵặ',
  'âầấẩẫậ',
  'eèéẻẽẹ',
  'êềếểễệ',
  'iìíỉĩị',
  'oòóỏõọ',
  'ôồốổỗộ',
  'ơờớởỡợ',
  'uùúủũụ',
  'ưừứửữự',
  'yỳýỷỹỵ',
];

/** toned vowel → [base vowel, tone 1..5] */
const TONED = new Map<string, [string, number]>();
for (const row of VOWEL_ROWS) {
  const chars = [...row];
  const base = chars[0]!;
  chars.forEach((ch, tone) => TONED.set(ch, [base, tone]));
}
const CONSONANTS = new Set([...'bcdđghklmnpqrstvx']);

const ONSETS = '(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?';
const RHYMES = [
  'a ai ao au ay ac ach am an ang anh ap at',
  'ăc ăm ăn ăng ăp ăt',
  'âc âm ân âng âp ât âu ây',
  'e eo ec em en eng ep et',
  'ê êu êch êm ên ênh êp êt',
  'i ia iu ich im in inh ip it iêc iêm iên iêng iêp iêt iêu',
  'yêm yên yêng yêt yêu y ynh yt ych',
  'o oi oc om on ong op ot oong ooc',
  'ô ôi ôc ôm ôn ông ôp ôt',
  'ơ ơi ơm ơn ơp ơt',
  'u ua ui uc um un ung up ut uôc uôi uôm uôn uông uôt',
  'ư ưa ưi ưu ưc ưm ưn ưng ưt ươc ươi ươm ươn ương ươp ươt ươu',
  'oa oai oay oac oach oam oan oang oanh oap oat oao oăc oăm oăn oăng oăt',
  'oe oeo oen oet oem oec',
  'uân uâng uât uây uê uêch uênh uơ',
  'uy uya uyu uych uynh uyp uyt uyên uyêt uyn',
]
  .join(' ')
  .split(' ');
const SYLLABLE = new RegExp(`^${ONSETS}(?:${RHYMES.sort((a, b) => b.length - a.length).join('|')})$`);
const STOP_FINAL = /(?:c|ch|p|t)$/;

const cache = new Map<string, boolean>();
const CACHE_LIMIT = 20_000;

/** True when `token` (one word, any case) is a well-formed Vietnamese syllable. Cached: names reuse few syllables. */
export function isVietnameseSyllable(token: string): boolean {
  let valid = cache.get(token);
  if (valid === undefined) {
    valid = checkSyllable(token);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(token, valid);
  }
  return valid;
}

function checkSyllable(token: string): boolean {
  const lower = token.toLowerCase();
  let toneless = '';
  let tone = 0;
  for (const ch of lower) {
    const toned = TONED.get(ch);
    if (toned !== undefined) {
      if (toned[1] !== 0) {
        if (tone !== 0) return false;
        tone = toned[1];
      }
      toneless += toned[0];
    } else if (CONSONANTS.has(ch)) {
      toneless += ch;
    } else {
      return false;
    }
  }
  if (toneless.length === 0 || !SYLLABLE.test(toneless)) return false;
  // stop finals take only sắc (2) or nặng (5)
  if (tone !== 0 && tone !== 2 && tone !== 5 && STOP_FINAL.test(toneless)) return false;
  if (tone === 0 && STOP_FINAL.test(toneless)) return false;
  return true;
}

/** Token separators: whitespace, hyphens, apostrophes, punctuation. */
function isSeparator(c: number): boolean {
  return (
    c <= 0x20 || c === 0xa0 || c === 0x2d || c === 0x2013 || c === 0x27 || c === 0x2019 || c === 0x2c || c === 0x2e ||
    c === 0x3b || c === 0x3a || c === 0x28 || c === 0x29 || c === 0x2f
  );
}

/** Letters for the purpose of "is this a word": ASCII letters and anything from U+00C0 on but × and ÷. */
function isLetterish(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7);
}

/** Number of word tokens (tokens with a letter) and how many are valid syllables. */
export function syllableScore(text: string): { tokens: number; valid: number } {
  let tokens = 0;
  let valid = 0;
  let start = -1;
  let letter = false;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 0x20;
    if (isSeparator(c)) {
      if (start !== -1 && letter) {
        tokens++;
        if (isVietnameseSyllable(text.slice(start, i))) valid++;
      }
      start = -1;
      letter = false;
    } else {
      if (start === -1) start = i;
      if (!letter && isLetterish(c)) letter = true;
    }
  }
  return { tokens, valid };
}
