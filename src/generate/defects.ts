/**
 * Planting defects. A defective row gets exactly one defect; every other field of it stays as
 * clean as a clean row. Mutations that change a birth date also re-derive the CCCD (and shift the
 * parents' birth years) so a date defect never doubles as a CCCD defect.
 */
import type { Rng } from './random.js';
import { DEFECT_KINDS, type DefectKind, type EntityName } from './truth.js';
import { LONG_NAME_FILLERS } from './names.js';
import { formatDmy, cccdGenderDigit, type Ymd } from './people.js';

export const ENTITY_DEFECTS: Record<EntityName, readonly DefectKind[]> = {
  student: [
    'missing-required', 'too-long', 'bad-code', 'impossible-date', 'future-date', 'not-a-date', 'age-grade-mismatch',
    'cccd-wrong-length', 'cccd-bad-province', 'cccd-gender-mismatch', 'cccd-year-mismatch', 'cccd-not-digits',
    'duplicate-personal-id', 'duplicate-person', 'duplicate-student-id', 'class-grade-mismatch', 'bad-phone',
    'status-without-reason',
  ],
  teacher: [
    'missing-required', 'too-long', 'bad-code', 'impossible-date', 'future-date', 'not-a-date', 'cccd-wrong-length',
    'cccd-bad-province', 'cccd-gender-mismatch', 'cccd-year-mismatch', 'cccd-not-digits', 'duplicate-personal-id',
    'bad-email', 'bad-phone', 'teacher-too-young', 'hire-before-18',
  ],
  class: ['class-grade-mismatch'],
  school: [],
  result: [],
};

export function isDefectKind(k: string): k is DefectKind {
  return (DEFECT_KINDS as readonly string[]).includes(k);
}

export const BAD_GENDERS = ['X', '3', 'Nam/Nữ', 'Trai'] as const;
export const BAD_ETHNICITIES = ['Kinhh', 'Kinh Hoa', 'Tàyy', '99', 'Dân tộc'] as const;
export const NOT_A_DATE = ['abc', 'không rõ', 'chưa cập nhật', 'x', '??/??/????'] as const;
const BAD_PROVINCE_PREFIXES = ['000', '003', '005', '097', '098', '099'] as const;

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** "31/02/2013", "31/04/2012", "29/02/2013"… in the given year. */
export function impossibleDate(rng: Rng, year: number): string {
  const options: Array<[number, number]> = [[31, 2], [30, 2], [31, 4], [31, 6], [31, 9], [31, 11]];
  if (!isLeap(year)) options.push([29, 2]);
  const [d, m] = rng.pick(options);
  return `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${year}`;
}

export function notADate(rng: Rng): string {
  return rng.pick(NOT_A_DATE);
}

export function futureDate(rng: Rng, startYear: number): string {
  return formatDmy({ y: startYear + rng.int(2, 6), m: rng.int(1, 12), d: rng.int(1, 28) });
}

export function tooLongName(rng: Rng, name: string, max: number): string {
  let out = name;
  const parts = name.split(' ');
  const surname = parts[0] ?? 'Nguyễn';
  const rest = parts.slice(1);
  const fillers: string[] = [];
  while (`${surname} ${[...fillers, ...rest].join(' ')}`.length <= max) fillers.push(rng.pick(LONG_NAME_FILLERS));
  out = `${surname} ${[...fillers, ...rest].join(' ')}`;
  return out;
}

export function badPhone(rng: Rng, phone: string): string {
  switch (rng.int(0, 2)) {
    case 0: return `016${rng.digits(8)}`;
    case 1: return `${phone}${rng.digits(1)}`;
    default: return `09${rng.digits(5)}`;
  }
}

export function badEmail(rng: Rng, email: string): string {
  const [local = 'giaovien', domain = 'gmail.com'] = email.split('@');
  switch (rng.int(0, 3)) {
    case 0: return `${local}@@${domain}`;
    case 1: return `${local}.${domain}`;
    case 2: return `${local.slice(0, 4)} ${local.slice(4)}@${domain}`;
    default: return `${local}@`;
  }
}

export type CccdDefect = 'cccd-wrong-length' | 'cccd-bad-province' | 'cccd-gender-mismatch' | 'cccd-year-mismatch' | 'cccd-not-digits';

/** Mutate a valid CCCD into one with exactly the given problem. */
export function badCccd(rng: Rng, kind: CccdDefect, id: string, birth: Ymd, female: boolean): string {
  switch (kind) {
    case 'cccd-wrong-length':
      return id + rng.digits(rng.int(1, 2));
    case 'cccd-bad-province':
      return rng.pick(BAD_PROVINCE_PREFIXES) + id.slice(3);
    case 'cccd-gender-mismatch': {
      const g = Number(id[3]);
      return id.slice(0, 3) + String(g % 2 === 0 ? g + 1 : g - 1) + id.slice(4);
    }
    case 'cccd-year-mismatch': {
      const year = birth.y - rng.int(1, 3);
      const g = cccdGenderDigit(year, female ? 'F' : 'M');
      return id.slice(0, 3) + String(g) + String(year % 100).padStart(2, '0') + id.slice(6);
    }
    case 'cccd-not-digits': {
      const pos = rng.int(6, 11);
      return id.slice(0, pos) + rng.pick(['O', 'I', 'l', 'A', 'B']) + id.slice(pos + 1);
    }
  }
}
