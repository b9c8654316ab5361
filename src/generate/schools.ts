/**
 * Schools, classes and teachers. A school sits in one pre-2025 province (its students' CCCDs
 * mostly carry that province's code) and has an 8-digit code that starts with the code of the
 * province it belongs to since 1/7/2025.
 */
import type { Rng } from './random.js';
import { weightedTable, type Weighted } from './random.js';
import { PROVINCES, NEW_PROVINCE_NAMES, ethnicMix, type ProvinceInfo } from './geo.js';
import { FAMOUS_NAMES, asciiSlug, familySurname, personName, type Gender } from './names.js';
import { CccdAllocator, addYears, ageOn, compareYmd, mobilePhone, randomDateBetween, randomDateInYear, type Ymd } from './people.js';

export type Level = 'TH' | 'THCS' | 'THPT';

export const GRADES: Record<Level, number[]> = { TH: [1, 2, 3, 4, 5], THCS: [6, 7, 8, 9], THPT: [10, 11, 12] };
const LEVEL_WORD: Record<Level, string> = { TH: 'Tiểu học', THCS: 'THCS', THPT: 'THPT' };

export const PROVINCE_TABLE: Weighted<ProvinceInfo> = weightedTable(PROVINCES.map((p) => [p, p.population] as const));
const ETHNIC_TABLES = new Map<string, Weighted<string>>();
export function ethnicTable(p: ProvinceInfo): Weighted<string> {
  let t = ETHNIC_TABLES.get(p.code);
  if (!t) {
    t = weightedTable(Object.entries(ethnicMix(p)));
    ETHNIC_TABLES.set(p.code, t);
  }
  return t;
}

export interface ClassInfo {
  classId: string;
  grade: number;
  homeroomTeacherId: string;
}

export interface Teacher {
  staffId: string;
  fullName: string;
  surname: string;
  gender: Gender;
  ethnicity: string;
  dob: Ymd;
  birthProvince: string;
  personalId: string;
  email: string;
  mobile: string;
  qualification: [string, string];
  contract: [string, string];
  hireDate: Ymd;
  /** Completed years of age on the reference date (30/9 of the school year). */
  age: number;
  /** HR attributes the teacher schema requires; each a [code, built-in label] pair. */
  staffGroup: CodePair;
  staffType: CodePair;
  status: CodePair;
  rank: CodePair;
  eduManagement: CodePair;
  itLevel: CodePair;
  professionalStandard: CodePair;
  civilServantRating: CodePair;
  hiringAgency: string;
  partyMember: boolean;
  youthUnion: boolean;
  /** Số sổ BHXH: 10 digits, the first two the province's. */
  socialInsuranceNo: string;
  subject: string;
}

/** A code of a `schemas/codelists` list and the label to write when that list is not loaded. */
export type CodePair = readonly [string, string];

export interface School {
  index: number;
  province: ProvinceInfo;
  newCode: string;
  newName: string;
  schoolId: string;
  name: string;
  communeCode: string;
  address: string;
  phone: string;
  email: string;
  /** [code, label] in school-level-group, level-group, ownership-type, school-type, area. */
  levelGroup: CodePair;
  levelCode: CodePair;
  ownership: CodePair;
  schoolType: CodePair;
  area: CodePair;
  classes: ClassInfo[];
  teachers: Teacher[];
}

export function newProvinceCode(p: ProvinceInfo, merged: Map<string, string>): string {
  return merged.get(p.code) ?? p.code;
}

export function classIdFor(level: Level, grade: number, k: number): string {
  if (level === 'TH' && k < 26) return `${grade}${String.fromCharCode(65 + k)}`;
  return `${grade}A${k + 1}`;
}

// Codes are those of schemas/codelists/qualification.json and contract-type.json.
const QUALIFICATIONS: Record<Level, Array<readonly [[string, string], number]>> = {
  TH: [[['16', 'Đại học sư phạm'], 60], [['17', 'Cao đẳng sư phạm'], 25], [['02', 'Thạc sĩ'], 5], [['13', 'Đại học và có chứng chỉ BDNVSP'], 10]],
  THCS: [[['16', 'Đại học sư phạm'], 75], [['02', 'Thạc sĩ'], 10], [['17', 'Cao đẳng sư phạm'], 8], [['13', 'Đại học và có chứng chỉ BDNVSP'], 7]],
  THPT: [[['16', 'Đại học sư phạm'], 65], [['02', 'Thạc sĩ'], 28], [['01', 'Tiến sĩ'], 1], [['13', 'Đại học và có chứng chỉ BDNVSP'], 6]],
};
const QUAL_TABLES = {
  TH: weightedTable(QUALIFICATIONS.TH),
  THCS: weightedTable(QUALIFICATIONS.THCS),
  THPT: weightedTable(QUALIFICATIONS.THPT),
};
/** Rule GV-002 flags a master's under 24 and a doctorate under 27: stay clear of both. */
const MIN_AGE_MASTER = 25;
const MIN_AGE_DOCTOR = 29;
const CONTRACTS = weightedTable<[string, string]>([
  [['07', 'Viên chức/Công chức HĐLV không xác định thời hạn'], 80],
  [['08', 'Viên chức/Công chức HĐLV xác định thời hạn'], 12],
  [['03', 'Hợp đồng lao động trên 1 năm'], 4],
  [['04', 'Hợp đồng lao động từ 1 năm trở xuống'], 2],
  [['06', 'Thỉnh giảng'], 2],
]);

// Codes of schemas/codelists/*.json for the teacher's HR attributes.
const GROUP_MANAGER: CodePair = ['01', 'Cán bộ quản lý'];
const GROUP_TEACHER: CodePair = ['03', 'Giáo viên'];
const TYPE_PRINCIPAL: CodePair = ['01', 'Hiệu trưởng'];
const TYPE_DEPUTY: CodePair = ['02', 'Phó hiệu trưởng'];
const TYPE_HEAD: CodePair = ['03', 'Tổ trưởng chuyên môn'];
const TYPE_DEPUTY_HEAD: CodePair = ['04', 'Tổ phó chuyên môn'];
const TYPE_BY_LEVEL: Record<Level, CodePair> = { TH: ['29', 'Cấp tiểu học'], THCS: ['28', 'Cấp THCS'], THPT: ['27', 'Cấp THPT'] };
const STATUS_WORKING: CodePair = ['01', 'Đang làm việc'];
const STATUS_TRANSFERRED_IN: CodePair = ['07', 'Chuyển đến'];
/** Hạng I, II, III of the current professional titles (TT 01–04/2021), never the deprecated 2015 ones. */
const RANKS: Record<Level, readonly [CodePair, CodePair, CodePair]> = {
  TH: [['V.07.03.27', 'Giáo viên tiểu học hạng I'], ['V.07.03.28', 'Giáo viên tiểu học hạng II'], ['V.07.03.29', 'Giáo viên tiểu học hạng III']],
  THCS: [['V.07.04.30', 'Giáo viên trung học cơ sở hạng I'], ['V.07.04.31', 'Giáo viên trung học cơ sở hạng II'], ['V.07.04.32', 'Giáo viên trung học cơ sở hạng III']],
  THPT: [['V.07.05.13', 'Giáo viên trung học phổ thông hạng I'], ['V.07.05.14', 'Giáo viên trung học phổ thông hạng II'], ['V.07.05.15', 'Giáo viên trung học phổ thông hạng III']],
};
const EDU_MANAGEMENT_NONE: CodePair = ['000000', 'Khác'];
const EDU_MANAGEMENT_MANAGER = weightedTable<CodePair>([
  [['01', 'Chứng chỉ CB quản lý giáo dục'], 70],
  [['02', 'Cử nhân QLGD'], 15],
  [['03', 'Thạc sỹ QLGD'], 15],
]);
const IT_LEVELS = weightedTable<CodePair>([
  [['01', 'Cơ bản (TT03)'], 72],
  [['02', 'Nâng cao (TT03)'], 8],
  [['08', 'Chuẩn IC3'], 6],
  [['03', 'Khác'], 10],
  [['06', 'Đại học'], 4],
]);
const STANDARD_NOT_ASSESSED: CodePair = ['04', 'Chưa đánh giá'];
const STANDARD_RESULTS = weightedTable<CodePair>([
  [['01', 'Tốt'], 45],
  [['02', 'Khá'], 42],
  [['03', 'Đạt'], 13],
]);
const RATINGS = weightedTable<CodePair>([
  [['01', 'Xuất sắc'], 18],
  [['02', 'Hoàn thành tốt'], 70],
  [['03', 'Hoàn thành nhiệm vụ'], 12],
]);
const SUBJECTS: Record<Level, readonly string[]> = {
  TH: ['Giáo viên chủ nhiệm', 'Giáo viên chủ nhiệm', 'Giáo viên chủ nhiệm', 'Tiếng Anh', 'Âm nhạc', 'Mĩ thuật', 'Giáo dục thể chất', 'Tin học và Công nghệ'],
  THCS: ['Toán', 'Ngữ văn', 'Tiếng Anh', 'Khoa học tự nhiên', 'Lịch sử và Địa lí', 'Giáo dục công dân', 'Tin học', 'Công nghệ', 'Giáo dục thể chất', 'Âm nhạc', 'Mĩ thuật'],
  THPT: ['Toán', 'Ngữ văn', 'Tiếng Anh', 'Vật lí', 'Hóa học', 'Sinh học', 'Lịch sử', 'Địa lí', 'Giáo dục kinh tế và pháp luật', 'Tin học', 'Công nghệ', 'Giáo dục thể chất', 'Giáo dục quốc phòng và an ninh'],
};

const LEVEL_GROUP: Record<Level, CodePair> = { TH: ['06', 'Tiểu học'], THCS: ['07', 'THCS'], THPT: ['08', 'THPT'] };
const LEVEL_CODE: Record<Level, CodePair> = { TH: ['02', 'Tiểu học'], THCS: ['03', 'Trung học cơ sở'], THPT: ['04', 'Trung học phổ thông'] };
const PUBLIC: CodePair = ['01', 'Công lập'];
const PRIVATE: CodePair = ['09', 'Tư thục'];
const TYPE_BOARDING: CodePair = ['01', 'Dân tộc bán trú'];
const TYPE_REGULAR: CodePair = ['07', 'Trường phổ thông'];
const AREA_BORDER: CodePair = ['01', 'Biên giới - Hải đảo'];
const AREA_URBAN: CodePair = ['02', 'Đô thị'];
const AREA_LOWLAND: CodePair = ['03', 'Đồng bằng'];
const AREA_MOUNTAIN: CodePair = ['04', 'Miền núi - vùng sâu'];
const CITIES = new Set(['01', '31', '46', '48', '79', '92']);

export interface PlanContext {
  level: Level;
  startYear: number;
  reference: Ymd;
  cccd: CccdAllocator;
  merged: Map<string, string>;
  usedSchoolIds: Set<string>;
}

/** Birth-registration province: mostly the school's, sometimes elsewhere (migration). */
export function birthProvince(rng: Rng, school: ProvinceInfo, homeShare: number): string {
  return rng.chance(homeShare) ? school.code : rng.weighted(PROVINCE_TABLE).code;
}

export function makeSchool(rng: Rng, index: number, ctx: PlanContext, classesPerGrade: number, only?: ProvinceInfo[]): School {
  const province = only && only.length > 0 ? rng.pick(only) : rng.weighted(PROVINCE_TABLE);
  const newCode = newProvinceCode(province, ctx.merged);
  const newName = NEW_PROVINCE_NAMES[newCode] ?? newCode;
  let schoolId = '';
  do schoolId = newCode + rng.digits(6);
  while (ctx.usedSchoolIds.has(schoolId));
  ctx.usedSchoolIds.add(schoolId);
  const mix = ethnicMix(province);
  const minority = 1 - (mix['01'] ?? 0) / Object.values(mix).reduce((a, b) => a + b, 0);
  const boarding = minority > 0.5 && ctx.level !== 'THPT' && rng.chance(0.5) ? 'PTDTBT ' : '';
  const famous = rng.pick(FAMOUS_NAMES);
  const name = `Trường ${boarding}${LEVEL_WORD[ctx.level]} ${famous}`;
  const slug = asciiSlug(newName);
  // A separate stream, so adding these attributes left the rest of the plan unchanged.
  const prof = rng.fork('profile');
  const city = CITIES.has(newCode);
  const x = prof.next();
  const area: CodePair =
    minority > 0.3 || boarding ? (x < 0.15 ? AREA_BORDER : x < 0.25 ? AREA_LOWLAND : AREA_MOUNTAIN)
      : city ? (x < 0.7 ? AREA_URBAN : AREA_LOWLAND)
        : x < 0.25 ? AREA_URBAN : x < 0.93 ? AREA_LOWLAND : AREA_MOUNTAIN;
  const ownership = !boarding && area === AREA_URBAN && prof.chance(0.15) ? PRIVATE : PUBLIC;
  const school: School = {
    index,
    province,
    newCode,
    newName,
    schoolId,
    name,
    communeCode: String(rng.int(1, 32247)).padStart(5, '0'),
    address: `Số ${rng.int(1, 350)} đường ${rng.pick(FAMOUS_NAMES)}, ${newCode === '01' || newCode === '31' || newCode === '46' || newCode === '48' || newCode === '79' || newCode === '92' ? 'Thành phố' : 'Tỉnh'} ${newName}`,
    phone: mobilePhone(rng),
    email: `${ctx.level.toLowerCase()}${asciiSlug(famous)}${schoolId.slice(-3)}@${slug}.edu.vn`,
    levelGroup: LEVEL_GROUP[ctx.level],
    levelCode: LEVEL_CODE[ctx.level],
    ownership,
    schoolType: boarding ? TYPE_BOARDING : TYPE_REGULAR,
    area,
    classes: [],
    teachers: [],
  };
  const grades = GRADES[ctx.level];
  const nClasses = grades.length * classesPerGrade;
  const nTeachers = Math.max(3, Math.ceil(nClasses * 1.6) + 2);
  for (let t = 0; t < nTeachers; t++) school.teachers.push(makeTeacher(rng, school, t, ctx));
  let c = 0;
  for (const grade of grades) {
    for (let k = 0; k < classesPerGrade; k++) {
      const teacher = school.teachers[(c + 2) % nTeachers] as Teacher;
      school.classes.push({ classId: classIdFor(ctx.level, grade, k), grade, homeroomTeacherId: teacher.staffId });
      c++;
    }
  }
  return school;
}

function makeTeacher(rng: Rng, school: School, t: number, ctx: PlanContext): Teacher {
  const gender: Gender = rng.chance(ctx.level === 'TH' ? 0.8 : 0.7) ? 'F' : 'M';
  const ethnicity = rng.chance(0.5) ? '01' : rng.weighted(ethnicTable(school.province));
  const surname = familySurname(rng, ethnicity, school.province.region);
  const name = personName(rng, ethnicity, gender, surname, true);
  // Teacher 0 is the principal, 1 the deputy; then a head and a deputy head of a subject group
  // every seven teachers.
  const manager = t < 2;
  const groupSlot = t >= 3 ? (t - 3) % 7 : -1;
  const age = manager ? rng.int(38, 57) : groupSlot === 0 ? rng.int(32, 57) : rng.int(24, 57);
  const dob = randomDateInYear(rng, ctx.startYear - age - 1);
  const province = birthProvince(rng, school.province, 0.8);
  const earliestHire = addYears(dob, 22);
  const hireDate = randomDateBetween(rng, earliestHire, { y: ctx.startYear, m: 9, d: 1 });
  const staffId = `${school.schoolId}${String(t + 1).padStart(3, '0')}`;
  let qualification = rng.weighted(QUAL_TABLES[ctx.level]);
  const contract = rng.weighted(CONTRACTS);
  // HR attributes from their own stream, so the draws above stay what they were.
  const hr = rng.fork(`hr:${t}`);
  const realAge = ageOn(dob, ctx.reference);
  if (qualification[0] === '01' && realAge < MIN_AGE_DOCTOR) qualification = ['02', 'Thạc sĩ'];
  if (qualification[0] === '02' && realAge < MIN_AGE_MASTER) qualification = ['16', 'Đại học sư phạm'];
  const service = ctx.startYear - hireDate.y;
  const ranks = RANKS[ctx.level];
  const x = hr.next();
  const rank = service < 9 ? ranks[2] : service < 20 ? (x < 0.7 ? ranks[1] : ranks[2]) : x < 0.25 ? ranks[0] : x < 0.85 ? ranks[1] : ranks[2];
  const employee = contract[0] === '03' || contract[0] === '04' || contract[0] === '06';
  const newHire = compareYmd(hireDate, { y: ctx.startYear - 1, m: 9, d: 1 }) >= 0;
  const city = CITIES.has(school.newCode);
  return {
    staffId,
    fullName: name.full,
    surname,
    gender,
    ethnicity,
    dob,
    birthProvince: province,
    personalId: ctx.cccd.next(province, dob.y, gender),
    email: `${asciiSlug(name.full)}.${staffId.slice(-5)}@${asciiSlug(school.newName)}.edu.vn`,
    mobile: mobilePhone(rng),
    qualification,
    contract,
    hireDate,
    age: realAge,
    staffGroup: manager ? GROUP_MANAGER : GROUP_TEACHER,
    staffType: t === 0 ? TYPE_PRINCIPAL : manager ? TYPE_DEPUTY : groupSlot === 0 ? TYPE_HEAD : groupSlot === 1 ? TYPE_DEPUTY_HEAD : TYPE_BY_LEVEL[ctx.level],
    status: !manager && hr.chance(0.03) ? STATUS_TRANSFERRED_IN : STATUS_WORKING,
    rank,
    eduManagement: manager ? hr.weighted(EDU_MANAGEMENT_MANAGER) : groupSlot === 0 && hr.chance(0.3) ? hr.weighted(EDU_MANAGEMENT_MANAGER) : EDU_MANAGEMENT_NONE,
    itLevel: hr.weighted(IT_LEVELS),
    professionalStandard: newHire ? STANDARD_NOT_ASSESSED : hr.weighted(STANDARD_RESULTS),
    civilServantRating: hr.weighted(RATINGS),
    hiringAgency: employee
      ? school.name
      : ctx.level === 'THPT'
        ? `Sở Giáo dục và Đào tạo ${school.newName}`
        : `Ủy ban nhân dân ${city ? 'thành phố' : 'tỉnh'} ${school.newName}`,
    partyMember: manager || hr.chance(Math.min(0.75, 0.2 + 0.013 * (realAge - 24))),
    youthUnion: realAge <= 30 && hr.chance(0.85),
    socialInsuranceNo: school.newCode + hr.digits(8),
    subject: hr.pick(SUBJECTS[ctx.level]),
  };
}
