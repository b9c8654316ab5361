/**
 * Schools, classes and teachers. A school sits in one pre-2025 province (its students' CCCDs
 * mostly carry that province's code) and has an 8-digit code that starts with the code of the
 * province it belongs to since 1/7/2025.
 */
import type { Rng } from './random.js';
import { weightedTable, type Weighted } from './random.js';
import { PROVINCES, NEW_PROVINCE_NAMES, ethnicMix, type ProvinceInfo } from './geo.js';
import { FAMOUS_NAMES, asciiSlug, familySurname, personName, type Gender } from './names.js';
import { CccdAllocator, addYears, mobilePhone, randomDateBetween, randomDateInYear, type Ymd } from './people.js';

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
}

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

const QUALIFICATIONS: Record<Level, Array<readonly [[string, string], number]>> = {
  TH: [[['16', 'Đại học sư phạm'], 60], [['17', 'Cao đẳng sư phạm'], 25], [['02', 'Thạc sỹ'], 5], [['13', 'ĐH + chứng chỉ BDNVSP'], 10]],
  THCS: [[['16', 'Đại học sư phạm'], 75], [['02', 'Thạc sỹ'], 10], [['17', 'Cao đẳng sư phạm'], 8], [['13', 'ĐH + chứng chỉ BDNVSP'], 7]],
  THPT: [[['16', 'Đại học sư phạm'], 65], [['02', 'Thạc sỹ'], 28], [['01', 'Tiến sỹ'], 1], [['13', 'ĐH + chứng chỉ BDNVSP'], 6]],
};
const QUAL_TABLES = {
  TH: weightedTable(QUALIFICATIONS.TH),
  THCS: weightedTable(QUALIFICATIONS.THCS),
  THPT: weightedTable(QUALIFICATIONS.THPT),
};
const CONTRACTS = weightedTable<[string, string]>([
  [['1', 'Viên chức HĐLV không xác định thời hạn'], 80],
  [['7', 'Viên chức HĐLV xác định thời hạn'], 12],
  [['0', 'Hợp đồng làm việc'], 6],
  [['5', 'Thỉnh giảng'], 2],
]);

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
  const age = rng.int(24, 57);
  const dob = randomDateInYear(rng, ctx.startYear - age - 1);
  const province = birthProvince(rng, school.province, 0.8);
  const earliestHire = addYears(dob, 22);
  const hireDate = randomDateBetween(rng, earliestHire, { y: ctx.startYear, m: 9, d: 1 });
  const staffId = `${school.schoolId}${String(t + 1).padStart(3, '0')}`;
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
    qualification: rng.weighted(QUAL_TABLES[ctx.level]),
    contract: rng.weighted(CONTRACTS),
    hireDate,
  };
}
