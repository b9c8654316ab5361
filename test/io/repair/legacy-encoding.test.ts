import { describe, expect, it } from 'vitest';
import {
  CP1252_HIGH,
  TCVN3_TABLE,
  VNI_TABLE,
  decodeLegacy,
  mayBeLegacy,
  hasLegacyMarker,
} from '../../../src/io/repair/legacy-encoding.js';
import { isVietnameseSyllable } from '../../../src/io/repair/syllable.js';

// --- tiny encoders built from the same tables -------------------------------------------------

const toTcvn3 = new Map(TCVN3_TABLE.map(([legacy, uni]) => [uni, legacy]));
/** Unicode → TCVN3 as a .VnTime user would type it: toned capitals have no slot (caps font uses the small ones). */
function encodeTcvn3(text: string): string {
  let out = '';
  for (const ch of text) out += toTcvn3.get(ch) ?? toTcvn3.get(ch.toLowerCase()) ?? ch;
  return out;
}

const toVni = new Map<string, string>();
for (const [seq, uni] of VNI_TABLE) {
  toVni.set(uni, seq);
  toVni.set(uni.toUpperCase(), seq.toUpperCase());
}
function encodeVni(text: string): string {
  let out = '';
  for (const ch of text) out += toVni.get(ch) ?? ch;
  return out;
}

const cp1252 = new Map(CP1252_HIGH.map(([byte, ch]) => [byte, ch]));
/** UTF-8 bytes shown as Windows-1252 text (undefined bytes pass through as C1 controls). */
function encodeMojibake(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) out += cp1252.get(byte) ?? String.fromCharCode(byte);
  return out;
}

// --- names -----------------------------------------------------------------------------------

/** Real-looking names (synthetic combinations) with the letters legacy text mangles. */
const NAMES = [
  'Nguyễn Thị Hoa',
  'Đặng Văn Đức',
  'Trần Thị Thu Hương',
  'Lê Văn Tám',
  'Phạm Thị Thu Hà',
  'Hoàng Minh Tuấn',
  'Vũ Đình Trọng',
  'Bùi Thị Ngọc Ánh',
  'Đỗ Quang Huy',
  'Ngô Thị Phượng',
  'Dương Văn Lực',
  'Lý Thị Mỹ Duyên',
  'Trương Công Thành',
  'Phan Thị Huyền Trang',
  'Võ Thị Kiều Oanh',
  'Đinh Tiến Dũng',
  'Hồ Ngọc Quỳnh',
  'Huỳnh Thị Yến Nhi',
  'Mai Xuân Trường',
  'Tạ Đức Thắng',
  'Lương Thị Thuý Nga',
  'Châu Văn Khải',
  'Nguyễn Hữu Nghĩa',
  'Trịnh Thị Lụa',
  'Quách Văn Toản',
  'Kiều Thị Diễm My',
  'Cao Văn Hiếu',
  'Đoàn Thị Ngọc Bích',
  'Tô Hoài Nam',
  'Lâm Gia Khánh',
  'Hà Thị Thanh Tâm',
  'Nông Văn Dền',
  'Giang Thị Sử',
  'Thạch Thị Sa Rết',
  'Nguyễn Phúc Ưng',
  'Ông Ích Khiêm',
];

describe('legacy encodings: round trip of ≥30 names', () => {
  it.each(NAMES)('TCVN3: %s', (name) => {
    const encoded = encodeTcvn3(name);
    expect(encoded).not.toBe(name);
    expect(decodeLegacy(encoded)).toEqual({ text: name, kind: 'legacy-encoding-tcvn3' });
  });

  it.each(NAMES)('TCVN3 caps font: %s', (name) => {
    const upper = name.toUpperCase();
    expect(decodeLegacy(encodeTcvn3(upper))).toEqual({ text: upper, kind: 'legacy-encoding-tcvn3' });
  });

  it.each(NAMES)('VNI-Windows: %s', (name) => {
    const encoded = encodeVni(name);
    expect(encoded).not.toBe(name);
    expect(decodeLegacy(encoded)).toEqual({ text: name, kind: 'legacy-encoding-vni' });
  });

  it.each(NAMES)('VNI-Windows caps: %s', (name) => {
    const upper = name.toUpperCase();
    expect(decodeLegacy(encodeVni(upper))).toEqual({ text: upper, kind: 'legacy-encoding-vni' });
  });

  it.each(NAMES)('UTF-8 read as Windows-1252: %s', (name) => {
    const encoded = encodeMojibake(name);
    expect(decodeLegacy(encoded)).toEqual({ text: name, kind: 'mojibake-utf8' });
  });
});

describe('legacy encodings: samples from identifiers.md §3.3', () => {
  it.each([
    ['NguyÔn ThÞ Hoa', 'Nguyễn Thị Hoa', 'legacy-encoding-tcvn3'],
    ['§Æng V¨n §øc', 'Đặng Văn Đức', 'legacy-encoding-tcvn3'],
    ['ng\u00ADêi', 'người', 'legacy-encoding-tcvn3'],
    ['NGUYÔN V¡N AN', 'NGUYỄN VĂN AN', 'legacy-encoding-tcvn3'],
    ['Nguyeãn Thò Hoa', 'Nguyễn Thị Hoa', 'legacy-encoding-vni'],
    ['Ngöôøi', 'Người', 'legacy-encoding-vni'],
    ['Ñaëng Vaên Ñöùc', 'Đặng Văn Đức', 'legacy-encoding-vni'],
    ['Nguyá»…n Thá»‹ Hoa', 'Nguyễn Thị Hoa', 'mojibake-utf8'],
    // the NBSP of "à" (C3 A0) turned into a plain space by some tool
    ['HoÃ ng Minh', 'Hoàng Minh', 'mojibake-utf8'],
    ['Th«n §«ng, x· Yªn L¹c', 'Thôn Đông, xã Yên Lạc', 'legacy-encoding-tcvn3'],
  ])('%s → %s', (input, text, kind) => {
    expect(decodeLegacy(input)).toEqual({ text, kind });
  });
});

/** Proper Unicode that must stay as it is, many of them made only of Latin-1 letters. */
const UNICODE_NAMES = [
  'Hoá',
  'Nguyễn Thị Ánh',
  'Phạm Thị Thu Hà',
  'Lê Văn Tám',
  'Lê Hoài An',
  'Hà Anh Tú',
  'Tô Thanh Tâm',
  'Võ Hoài Nam',
  'Lê Thị Hà',
  'Hồ Xuân Hương',
  'Lý Công Uẩn',
  'Tôn Nữ Thị Ninh',
  'Hà Mai Anh',
  'Châu Tú Anh',
  'Lê Minh Tú',
  'Tô Hoài',
  'Mã Thị Lâm',
  'Lò Văn Páo',
  'Vàng A Dình',
  'Thào Thị Mái',
  'Ksor H\'Ly',
  'H\' Hen Niê',
  'Y Bi Alê',
  'Rơ Mah Tú',
  'Châu Ngọc Lân',
  'Hà Thu Thủy',
  'Trần Thị Mỹ Lệ',
  'Đào Thị Huế',
  'Kim Thị Sô Phi',
  'Lâm Tú Nhi',
  'Phó Hoàng Sơn',
  'José Martí',
  'Hélène Dupont',
  'Lê Hiếu Hoà',
  'Tô Lâm',
  'Mùa A Sáo',
];

describe('proper Unicode is left alone', () => {
  it.each(UNICODE_NAMES)('%s', (name) => {
    expect(decodeLegacy(name)).toBeNull();
  });

  it('plain ASCII is not even a candidate', () => {
    expect(mayBeLegacy('Nguyen Van An')).toBe(false);
    expect(mayBeLegacy('Nguyễn Văn An')).toBe(false);
    expect(mayBeLegacy('Lê Hoài An')).toBe(true);
  });
});

describe('isVietnameseSyllable', () => {
  it.each(['Nguyễn', 'Thị', 'người', 'Quỳnh', 'giêng', 'Khánh', 'Thuỷ', 'Thúy', 'ngoằn', 'yêu', 'oanh', 'Đức', 'xoong', 'quốc', 'gì'])(
    'valid: %s',
    (t) => expect(isVietnameseSyllable(t)).toBe(true),
  );
  it.each(['NguyÔn', 'ThÞ', 'Hoỏ', 'Nguyá»…n', 'Ksor', 'ac', 'hoàc', 'tiếnng', 'Thaø', 'bả̃'])('invalid: %s', (t) =>
    expect(isVietnameseSyllable(t)).toBe(false),
  );
});

describe('hasLegacyMarker (the cheap pre-filter)', () => {
  it.each([
    ['Tô Thanh Tâm', false],
    ['Hà Anh Tú', false],
    ['Lê Hoài An', true], // "oà" is also VNI: goes on to the scoring, which keeps it
    ['NguyÔn ThÞ Hoa', true],
    ['Nguyeãn', true],
    ['Nguyá»…n', true],
    ['Ngöôøi', true],
  ])('%s → %s', (text, expected) => {
    expect(hasLegacyMarker(text)).toBe(expected);
  });
});
