/**
 * Encoders that turn correct Unicode Vietnamese into the mojibake that legacy fonts leave in
 * Excel files (identifiers.md §3.3): TCVN3 (ABC, ".VnTime") and VNI-Windows, as the bytes surface
 * when read as Windows-1252/Latin-1. The generator uses them to plant `legacy-encoding-*` repairs;
 * edusync's own decoders live in `src/io/repair/`.
 */

const TCVN3_PAIRS =
  'à µ á ¸ ả ¶ ã · ạ ¹ ă ¨ ằ » ắ ¾ ẳ ¼ ẵ ½ ặ Æ â © ầ Ç ấ Ê ẩ È ẫ É ậ Ë đ ® ' +
  'è Ì é Ð ẻ Î ẽ Ï ẹ Ñ ê ª ề Ò ế Õ ể Ó ễ Ô ệ Ö ì × í Ý ỉ Ø ĩ Ü ị Þ ' +
  'ò ß ó ã ỏ á õ â ọ ä ô « ồ å ố è ổ æ ỗ ç ộ é ơ ¬ ờ ê ớ í ở ë ỡ ì ợ î ' +
  'ù ï ú ó ủ ñ ũ ò ụ ô ư \u00AD ừ õ ứ ø ử ö ữ ÷ ự ù ỳ ú ý ý ỷ û ỹ ü ỵ þ ' +
  'Ă ¡ Â ¢ Đ § Ê £ Ô ¤ Ơ ¥ Ư ¦';

export const TCVN3_ENCODE: ReadonlyMap<string, string> = (() => {
  const parts = TCVN3_PAIRS.split(' ');
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < parts.length; i += 2) map.set(parts[i] as string, parts[i + 1] as string);
  return map;
})();

const VNI_LOWER: Record<string, string> = {
  á: 'aù', à: 'aø', ả: 'aû', ã: 'aõ', ạ: 'aï', â: 'aâ', ấ: 'aá', ầ: 'aà', ẩ: 'aå', ẫ: 'aã', ậ: 'aä',
  ă: 'aê', ắ: 'aé', ằ: 'aè', ẳ: 'aú', ẵ: 'aü', ặ: 'aë',
  é: 'eù', è: 'eø', ẻ: 'eû', ẽ: 'eõ', ẹ: 'eï', ê: 'eâ', ế: 'eá', ề: 'eà', ể: 'eå', ễ: 'eã', ệ: 'eä',
  í: 'í', ì: 'ì', ỉ: 'æ', ĩ: 'ó', ị: 'ò',
  ý: 'yù', ỳ: 'yø', ỷ: 'yû', ỹ: 'yõ', ỵ: 'î',
  ó: 'où', ò: 'oø', ỏ: 'oû', õ: 'oõ', ọ: 'oï', ô: 'oâ', ố: 'oá', ồ: 'oà', ổ: 'oå', ỗ: 'oã', ộ: 'oä',
  ơ: 'ô', ớ: 'ôù', ờ: 'ôø', ở: 'ôû', ỡ: 'ôõ', ợ: 'ôï',
  ú: 'uù', ù: 'uø', ủ: 'uû', ũ: 'uõ', ụ: 'uï', ư: 'ö', ứ: 'öù', ừ: 'öø', ử: 'öû', ữ: 'öõ', ự: 'öï',
  đ: 'ñ',
};

/** True when every character of `text` has a TCVN3 slot (uppercase toned letters do not). */
export function tcvn3Encodable(text: string): boolean {
  for (const ch of text.normalize('NFC')) {
    if (ch.charCodeAt(0) < 128 || TCVN3_ENCODE.has(ch)) continue;
    return false;
  }
  return true;
}

/** Unicode → TCVN3 mojibake ("Nguyễn Thị Hoa" → "NguyÔn ThÞ Hoa"). Characters without a slot are kept. */
export function encodeTcvn3(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) out += TCVN3_ENCODE.get(ch) ?? ch;
  return out;
}

/** Unicode → VNI-Windows mojibake ("Đặng Văn Đức" → "Ñaëng Vaên Ñöùc"). */
export function encodeVni(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const lower = ch.toLowerCase();
    const mapped = VNI_LOWER[lower];
    if (mapped === undefined) out += ch;
    else out += ch === lower ? mapped : mapped.toUpperCase();
  }
  return out;
}
