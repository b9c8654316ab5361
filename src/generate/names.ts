/**
 * Vietnamese personal names for synthetic records. All strings are NFC with correct diacritics.
 * Kinh names follow the Họ – đệm – tên pattern with a weighted surname table (Nguyễn ≈ 38 %);
 * minority groups get their own patterns (identifiers.md §3.2): HMông "Giàng A Páo", Dao
 * "Triệu Văn Phin", Ê-đê "Y Bhim Niê" / "H'Hen Niê", Gia-rai "Ksor H'Ly", Khmer "Thạch Thị Sa Rết",
 * Tây Nguyên A/Y names "A Thắng", "Y Lan", Cơ-ho "K'Brơi".
 */
import { Rng, weightedTable, type Weighted } from './random.js';
import { stripMarks } from '../schema/fold.js';

export type Gender = 'M' | 'F';
export type Region = 'N' | 'C' | 'S';

const W = <T>(entries: ReadonlyArray<readonly [T, number]>): Weighted<T> => weightedTable(entries);

const KINH_SURNAMES_BASE: Array<[string, number]> = [
  ['Nguyễn', 38], ['Trần', 11], ['Lê', 9.5], ['Phạm', 7], ['Phan', 4.5], ['Đặng', 2.1], ['Bùi', 2],
  ['Đỗ', 1.4], ['Hồ', 1.3], ['Ngô', 1.3], ['Dương', 1], ['Lý', 0.5], ['Đinh', 0.8], ['Đào', 0.6],
  ['Trịnh', 0.5], ['Mai', 0.5], ['Trương', 0.6], ['Lương', 0.4], ['Lưu', 0.3], ['Cao', 0.4], ['Tạ', 0.2],
  ['Tô', 0.2], ['Hà', 0.4], ['Quách', 0.1], ['Lâm', 0.3], ['Châu', 0.2], ['Thái', 0.2], ['Kiều', 0.1],
  ['Tăng', 0.1], ['Lại', 0.1], ['Vương', 0.1], ['Khúc', 0.05], ['La', 0.1], ['Đoàn', 0.4], ['Văn', 0.1],
];
function kinhSurnames(region: Region): Weighted<string> {
  const hoang: Array<[string, number]> =
    region === 'N' ? [['Hoàng', 4.5], ['Vũ', 3.9]] : region === 'S' ? [['Huỳnh', 4.5], ['Võ', 3.9]] : [['Hoàng', 2.2], ['Huỳnh', 2.3], ['Võ', 2.5], ['Vũ', 1.4]];
  return W([...KINH_SURNAMES_BASE, ...hoang]);
}
const KINH_SURNAMES: Record<Region, Weighted<string>> = { N: kinhSurnames('N'), C: kinhSurnames('C'), S: kinhSurnames('S') };

const MIDDLE_M = W<string>([
  ['Văn', 24], ['Minh', 12], ['Đức', 8], ['Quang', 6], ['Thanh', 4], ['Hoàng', 5], ['Gia', 7], ['Bảo', 5],
  ['Anh', 3], ['Hữu', 4], ['Công', 3], ['Tuấn', 3], ['Trung', 2], ['Duy', 4], ['Đăng', 3], ['Nhật', 3],
  ['Khánh', 3], ['Hải', 2], ['Xuân', 2], ['Thành', 2], ['Tiến', 2], ['Phúc', 2], ['Quốc', 3], ['Trọng', 2],
  ['Tấn', 2], ['Chí', 2], ['Thiên', 2], ['Ngọc', 1],
]);
const MIDDLE_F = W<string>([
  ['Thị', 35], ['Ngọc', 10], ['Thu', 5], ['Thanh', 5], ['Minh', 5], ['Bảo', 4], ['Gia', 4], ['Khánh', 4],
  ['Phương', 4], ['Hoài', 2], ['Thùy', 3], ['Mai', 2], ['Kim', 3], ['Diệu', 2], ['Hồng', 2], ['Quỳnh', 2],
  ['Tuệ', 2], ['An', 2], ['Tường', 1], ['Cẩm', 1], ['Hà', 1], ['Bích', 1],
]);
const GIVEN_M = [
  'Anh', 'Minh', 'Huy', 'Khang', 'Bảo', 'Phúc', 'Nam', 'Long', 'Quân', 'Hoàng', 'Khôi', 'Đức', 'Tuấn', 'Dũng',
  'Hùng', 'Hải', 'Sơn', 'Phong', 'Kiên', 'Duy', 'Đạt', 'Thịnh', 'Trí', 'Tú', 'Việt', 'Vinh', 'Lâm', 'An', 'Khoa',
  'Nguyên', 'Hiếu', 'Thắng', 'Trung', 'Tài', 'Tiến', 'Thành', 'Nhật', 'Quang', 'Lộc', 'Hưng', 'Kiệt', 'Thái',
  'Tùng', 'Hòa', 'Toàn', 'Đăng', 'Khải', 'Vũ', 'Hiển', 'Mạnh', 'Cường', 'Phát', 'Thuận', 'Bình', 'Trường',
  'Luân', 'Nghĩa', 'Quý', 'Tâm', 'Đông', 'Khánh', 'Hậu', 'Tín', 'Lực', 'Định',
];
const GIVEN_F = [
  'Anh', 'Linh', 'Ngọc', 'Trang', 'Hương', 'Hà', 'Thảo', 'Mai', 'Lan', 'Hoa', 'Nhung', 'Huyền', 'Vy', 'Nhi',
  'Chi', 'My', 'Ngân', 'Trâm', 'Thư', 'Yến', 'Quỳnh', 'Hằng', 'Phương', 'Uyên', 'Giang', 'Diệp', 'Hân', 'An',
  'Châu', 'Thủy', 'Thúy', 'Hiền', 'Loan', 'Dung', 'Vân', 'Tâm', 'Nga', 'Ly', 'Hạnh', 'Oanh', 'Trinh', 'Khuê',
  'Thanh', 'Tuyết', 'Xuân', 'Ánh', 'Bích', 'Hồng', 'Nguyệt', 'Thơ', 'Duyên', 'Liên', 'Hạ', 'Tiên', 'Thương',
];

/** Surname pools of groups that otherwise use Vietnamese-style names. */
const SURNAMES_BY_ETHNICITY: Record<string, Weighted<string>> = {
  '02': W([['Hoàng', 20], ['Nông', 15], ['Lục', 6], ['Hà', 8], ['Ma', 6], ['Đàm', 5], ['Lương', 5], ['Triệu', 4], ['Vi', 4], ['Nguyễn', 10], ['La', 3], ['Lăng', 3], ['Mạc', 3], ['Bế', 5]]),
  '07': W([['Hoàng', 15], ['Nông', 12], ['Lương', 8], ['Vy', 6], ['Lăng', 6], ['Chu', 5], ['Mã', 4], ['Lý', 5], ['Triệu', 4], ['Hà', 4], ['Nguyễn', 8]]),
  '03': W([['Lò', 18], ['Lường', 12], ['Quàng', 10], ['Cầm', 8], ['Tòng', 6], ['Vi', 6], ['Hà', 8], ['Sầm', 4], ['Điêu', 5], ['Lự', 3], ['Nguyễn', 3]]),
  '06': W([['Bùi', 35], ['Đinh', 20], ['Quách', 10], ['Hà', 8], ['Xa', 5], ['Nguyễn', 8], ['Trương', 4], ['Cao', 3]]),
  '04': W([['Lâm', 12], ['Trương', 10], ['Quách', 6], ['Diệp', 6], ['Mạch', 4], ['Tăng', 5], ['Lưu', 8], ['Lý', 8], ['Hứa', 5], ['Chung', 4], ['Vương', 5], ['Trần', 8]]),
  '17': W([['Đàng', 20], ['Thông', 10], ['Thuận', 10], ['Quảng', 10], ['Châu', 8], ['Lưu', 5], ['Trượng', 8], ['Phú', 8], ['Thiên', 5], ['Hán', 5], ['Nguyễn', 5]]),
  '21': W([['Pinăng', 25], ['Katơr', 20], ['Chamaléa', 20], ['Mấu', 10], ['Cadá', 10], ['Bo Bo', 10]]),
};
SURNAMES_BY_ETHNICITY['15'] = SURNAMES_BY_ETHNICITY['02'] as Weighted<string>;
SURNAMES_BY_ETHNICITY['18'] = SURNAMES_BY_ETHNICITY['02'] as Weighted<string>;
SURNAMES_BY_ETHNICITY['25'] = SURNAMES_BY_ETHNICITY['02'] as Weighted<string>;
SURNAMES_BY_ETHNICITY['29'] = SURNAMES_BY_ETHNICITY['03'] as Weighted<string>;

const HMONG = {
  surnames: W([['Giàng', 15], ['Sùng', 12], ['Vàng', 14], ['Thào', 10], ['Lý', 10], ['Mua', 6], ['Hầu', 5], ['Lầu', 5], ['Vừ', 5], ['Hạng', 5], ['Chảo', 3], ['Tráng', 4], ['Cứ', 3], ['Ly', 3]]),
  middleM: W([['A', 50], ['Mí', 15], ['Seo', 15], ['Văn', 20]]),
  middleF: W([['Thị', 60], ['Mí', 15], ['Thị Mỷ', 5]]),
  givenM: ['Páo', 'Sính', 'Chứ', 'Dình', 'Pó', 'Sử', 'Tủa', 'Chư', 'Lử', 'Súa', 'Dũng', 'Chinh', 'Pành', 'Tùng', 'Sáy', 'Cở', 'Lềnh', 'Chúng', 'Nhà'],
  givenF: ['Mỷ', 'Dợ', 'Sua', 'Chía', 'Pà', 'Máy', 'Súa', 'Dế', 'Mai', 'Chò', 'Xia', 'Say', 'Ly', 'Mua', 'Dua', 'Sở'],
};
const DAO = {
  surnames: W([['Triệu', 25], ['Bàn', 20], ['Đặng', 18], ['Lý', 12], ['Chảo', 8], ['Phùng', 5], ['Tẩn', 6], ['Lò', 3], ['Hoàng', 3]]),
  middleM: W([['Văn', 45], ['Tả', 10], ['Láo', 8], ['Kiềm', 8], ['Quẩy', 5], ['Vần', 5]]),
  middleF: W([['Thị', 70], ['Mùi', 10], ['Mẩy', 8], ['Tả', 4]]),
  givenM: ['Phin', 'Sành', 'Chòi', 'Kiềm', 'Quẩy', 'Lở', 'Vần', 'Tòng', 'Sinh', 'Dụng', 'Thanh', 'Hùng', 'Chàn', 'Phủ'],
  givenF: ['Mẩy', 'Chài', 'Slày', 'Phấy', 'Nái', 'Muồi', 'Liều', 'Mai', 'Hoa', 'Dùng', 'Xuân'],
};
const EDE = {
  clans: ['Niê', 'Mlô', 'Êban', 'Ayun', 'Byă', 'Kbuôr', 'Hwing', 'Adrơng', 'Ktla', 'Mjâo', 'Buôn Yă', 'Êya', 'Knul'],
  givenM: ['Bhim', 'Kông', 'Jũ', 'Sơn', 'Thành', 'Kô', 'Dhơn', 'Wiêt', 'Bliêng', 'Nguăn', 'Thuăt', 'Khải', 'Blô', 'Ngơn'],
  givenF: ['Hen', 'Ly', 'Bia', 'Nguyên', 'Hương', 'Nhung', 'Yơn', 'Djuê', 'Blin', 'Wiên', 'Ngọc', 'Duyên', 'Mai'],
};
const JRAI = {
  clans: ['Ksor', 'Rơ Châm', 'Siu', 'Rah Lan', 'Nay', 'Kpă', 'Rơ Mah', 'Puih', 'Rơ Ô', 'Rcom'],
  givenM: ['Nhất', 'Phơ', 'Đin', 'Blơi', 'Thuk', 'Hiu', 'Sơn', 'Dũng', 'Ngơm', 'Khăm'],
  givenF: ['Ly', 'Bơt', 'Nguyên', 'Hnơ', 'Uyên', 'Tuyết', 'Nhi', 'Djen', 'Phiên'],
};
const KHMER = {
  surnames: W([['Thạch', 25], ['Danh', 20], ['Sơn', 15], ['Kim', 10], ['Lâm', 6], ['Lý', 6], ['Chau', 8], ['Huỳnh', 4], ['Trần', 3]]),
  givenM: ['Hùng', 'Sóc', 'Ra', 'Vích', 'Phol', 'Sa Rin', 'Mông', 'Bô', 'Ni', 'Sơ Phal', 'Tha', 'Tươl', 'Sa Vết', 'Sam Nang', 'Sóc Khem'],
  givenF: ['Sa Rết', 'Sô Phi', 'Sa Vi', 'Thy', 'Mây', 'Sóc Kha', 'Da Ra', 'Srây Na', 'Ni', 'Sa Ly', 'Kim Loan', 'Sô Phal', 'Chanh Thy'],
};
const AY = {
  givenM: ['Thắng', 'Khiêm', 'Blong', 'Hùng', 'Rin', 'Sơn', 'Trúc', 'Nhơn', 'Đoan', 'Huân', 'Thiên', 'Kưi'],
  givenF: ['Lan', 'Ngọc', 'Hoa', 'Blúp', 'Nhàn', 'Thiên', 'Mai', 'Hiên', 'Sương', 'Thư', 'Đào'],
};
const KOHO = {
  givenM: ['Brơi', 'Nhiêu', 'Dũng', 'Sơn', 'Ha Krông', 'Bròh', 'Tiếp', 'Lâm', 'Kròng'],
  givenF: ['Hòa', 'Liên', 'Thi', 'Lan', 'Nhí', 'Blin', 'Mai', 'Đơm'],
  clans: ['Liêng', 'Kơ Să', 'Bon', 'Cil', 'Kră', 'Ròng', 'Ya', 'Đa Cát'],
};

export type NameStyle = 'viet' | 'hmong' | 'dao' | 'ede' | 'jrai' | 'khmer' | 'ay' | 'koho';

export function nameStyle(ethnicityCode: string): NameStyle {
  switch (ethnicityCode) {
    case '08': return 'hmong';
    case '09': return 'dao';
    case '12': return 'ede';
    case '10': return 'jrai';
    case '05': return 'khmer';
    case '13': case '14': case '19': case '20': case '22': case '27': case '52': case '54': return 'ay';
    case '16': case '28': case '36': return 'koho';
    default: return 'viet';
  }
}

export interface PersonName {
  /** Surname as used to link family members (may be a clan name). */
  surname: string;
  full: string;
}

function vietSurname(rng: Rng, ethnicity: string, region: Region): string {
  const pool = SURNAMES_BY_ETHNICITY[ethnicity];
  return rng.weighted(pool ?? KINH_SURNAMES[region]);
}

/** Surname for a new family of this ethnicity (empty string for styles without a family name). */
export function familySurname(rng: Rng, ethnicity: string, region: Region): string {
  switch (nameStyle(ethnicity)) {
    case 'hmong': return rng.weighted(HMONG.surnames);
    case 'dao': return rng.weighted(DAO.surnames);
    case 'khmer': return rng.weighted(KHMER.surnames);
    case 'ede': return rng.pick(EDE.clans);
    case 'jrai': return rng.pick(JRAI.clans);
    case 'koho': return rng.pick(KOHO.clans);
    case 'ay': return rng.chance(0.5) ? 'Đinh' : '';
    default: return vietSurname(rng, ethnicity, region);
  }
}

/** A full name. `surname` links twins/siblings; `adult` makes Văn/Thị a little more likely. */
export function personName(rng: Rng, ethnicity: string, gender: Gender, surname: string, adult = false): PersonName {
  const m = gender === 'M';
  switch (nameStyle(ethnicity)) {
    case 'hmong': {
      const middle = rng.weighted(m ? HMONG.middleM : HMONG.middleF);
      return { surname, full: `${surname} ${middle} ${rng.pick(m ? HMONG.givenM : HMONG.givenF)}` };
    }
    case 'dao': {
      const middle = rng.weighted(m ? DAO.middleM : DAO.middleF);
      return { surname, full: `${surname} ${middle} ${rng.pick(m ? DAO.givenM : DAO.givenF)}` };
    }
    case 'ede': {
      const given = rng.pick(m ? EDE.givenM : EDE.givenF);
      const prefix = m ? 'Y ' : rng.chance(0.5) ? "H'" : "H' ";
      return { surname, full: `${prefix}${given} ${surname}` };
    }
    case 'jrai': {
      const given = rng.pick(m ? JRAI.givenM : JRAI.givenF);
      return { surname, full: m ? `${surname} ${given}` : `${surname} H'${given}` };
    }
    case 'khmer': {
      const given = rng.pick(m ? KHMER.givenM : KHMER.givenF);
      const middle = m ? (rng.chance(0.3) ? ' Văn' : '') : rng.chance(0.7) ? ' Thị' : '';
      return { surname, full: `${surname}${middle} ${given}` };
    }
    case 'ay': {
      const given = rng.pick(m ? AY.givenM : AY.givenF);
      if (surname) return { surname, full: `${surname} ${m ? 'Văn' : 'Thị'} ${given}` };
      return { surname, full: `${m ? 'A' : 'Y'} ${given}` };
    }
    case 'koho': {
      const given = rng.pick(m ? KOHO.givenM : KOHO.givenF);
      return { surname, full: m ? `K'${given} ${surname}` : `Ka ${given} ${surname}` };
    }
    default: {
      let middle = rng.weighted(m ? MIDDLE_M : MIDDLE_F);
      if (adult && rng.chance(0.35)) middle = m ? 'Văn' : 'Thị';
      let given = rng.pick(m ? GIVEN_M : GIVEN_F);
      if (given === middle) given = rng.pick(m ? GIVEN_M : GIVEN_F);
      if (given === middle) given = m ? 'Long' : 'Lan';
      return { surname, full: `${surname} ${middle} ${given}` };
    }
  }
}

/** A given name different from the last token(s) of `other` (for twins). */
export function twinName(rng: Rng, ethnicity: string, gender: Gender, surname: string, other: string): PersonName {
  for (let i = 0; i < 8; i++) {
    const n = personName(rng, ethnicity, gender, surname);
    if (lastToken(n.full) !== lastToken(other)) return n;
  }
  const n = personName(rng, 'viet-fallback', gender, surname || 'Nguyễn');
  return lastToken(n.full) !== lastToken(other) ? n : { surname, full: `${n.full} ${gender === 'M' ? 'Em' : 'Út'}`.replace(/\s+/g, ' ') };
}

function lastToken(s: string): string {
  const parts = s.split(' ');
  return parts[parts.length - 1] ?? s;
}

/** Extra syllables used to make a name longer than the maximum length (too-long defect). */
export const LONG_NAME_FILLERS = ['Công', 'Tằng', 'Tôn', 'Nữ', 'Hoàng', 'Phương', 'Thảo', 'Nguyên', 'Ngọc', 'Minh', 'Khánh', 'Bảo'];

/** ASCII slug of a name for e-mail addresses: "Nguyễn Văn Đức" → "nguyenvanduc". */
export function asciiSlug(text: string): string {
  return stripMarks(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

export const FAMOUS_NAMES = [
  'Nguyễn Du', 'Lê Quý Đôn', 'Chu Văn An', 'Trần Phú', 'Lê Lợi', 'Nguyễn Trãi', 'Quang Trung', 'Lý Thường Kiệt',
  'Trần Hưng Đạo', 'Nguyễn Huệ', 'Kim Đồng', 'Võ Thị Sáu', 'Lê Hồng Phong', 'Phan Bội Châu', 'Nguyễn Bỉnh Khiêm',
  'Hai Bà Trưng', 'Ngô Quyền', 'Đinh Tiên Hoàng', 'Lương Thế Vinh', 'Nguyễn Khuyến', 'Tô Hiệu', 'Nguyễn Văn Trỗi',
  'Lê Văn Tám', 'Phan Đình Phùng', 'Hoàng Hoa Thám', 'Nguyễn Đình Chiểu', 'Trần Quốc Toản', 'Lý Tự Trọng',
  'Nguyễn Thị Minh Khai', 'Hùng Vương', 'Lê Thánh Tông', 'Mạc Đĩnh Chi', 'Tô Vĩnh Diện', 'Bế Văn Đàn',
];
