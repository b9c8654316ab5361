/**
 * Persons: birth dates, CCCD numbers (identifiers.md §1: `PPP G YY RRRRRR`), phone numbers.
 * CCCDs are unique within one run: the six random digits come from an affine bijection of a
 * counter kept per (province, century/gender digit, year) prefix, so a million rows never collide.
 */
import type { Rng } from './random.js';
import { hashString } from './random.js';
import type { Gender } from './names.js';
import { MOBILE_PREFIXES } from './geo.js';

/** A calendar date, no time zone. */
export interface Ymd {
  y: number;
  m: number;
  d: number;
}

export function isYmd(v: unknown): v is Ymd {
  return typeof v === 'object' && v !== null && 'y' in v && 'm' in v && 'd' in v;
}

const DAY = 86_400_000;

export function ymdToUtc(d: Ymd): number {
  return Date.UTC(d.y, d.m - 1, d.d);
}

export function utcToYmd(t: number): Ymd {
  const date = new Date(t);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

export function addDays(d: Ymd, days: number): Ymd {
  return utcToYmd(ymdToUtc(d) + days * DAY);
}

/** Same day `years` later (29/2 → 28/2 in non-leap years). */
export function addYears(d: Ymd, years: number): Ymd {
  const y = d.y + years;
  const last = new Date(Date.UTC(y, d.m, 0)).getUTCDate();
  return { y, m: d.m, d: Math.min(d.d, last) };
}

export function compareYmd(a: Ymd, b: Ymd): number {
  return ymdToUtc(a) - ymdToUtc(b);
}

export function formatDmy(d: Ymd): string {
  return `${String(d.d).padStart(2, '0')}/${String(d.m).padStart(2, '0')}/${d.y}`;
}

/** Excel serial number (1900 date system) of a date after 1/3/1900. */
export function excelSerial(d: Ymd): number {
  return Math.round((ymdToUtc(d) - Date.UTC(1899, 11, 30)) / DAY);
}

export function randomDateInYear(rng: Rng, year: number): Ymd {
  const start = Date.UTC(year, 0, 1);
  const days = Math.round((Date.UTC(year + 1, 0, 1) - start) / DAY);
  return utcToYmd(start + rng.int(0, days - 1) * DAY);
}

export function randomDateBetween(rng: Rng, from: Ymd, to: Ymd): Ymd {
  const a = ymdToUtc(from);
  const b = ymdToUtc(to);
  if (b <= a) return from;
  return utcToYmd(a + rng.int(0, Math.round((b - a) / DAY)) * DAY);
}

/** Completed years of age on `at`. */
export function ageOn(birth: Ymd, at: Ymd): number {
  let age = at.y - birth.y;
  if (at.m < birth.m || (at.m === birth.m && at.d < birth.d)) age--;
  return age;
}

/** Century/gender digit: 0/1 for 1900s male/female, 2/3 for 2000s. */
export function cccdGenderDigit(year: number, gender: Gender): number {
  return 2 * Math.floor((year - 1900) / 100) + (gender === 'F' ? 1 : 0);
}

/** Allocates unique CCCD numbers for one generator run. */
export class CccdAllocator {
  private readonly counters = new Map<string, number>();
  private readonly salt: number;
  constructor(seed: number) {
    this.salt = hashString(`cccd:${seed}`);
  }

  /** `province` = 2-digit old GSO code of the birth registration. */
  next(province: string, year: number, gender: Gender): string {
    const prefix = `0${province}${cccdGenderDigit(year, gender)}${String(year % 100).padStart(2, '0')}`;
    const n = this.counters.get(prefix) ?? 0;
    if (n >= 1_000_000) throw new Error(`CCCD space exhausted for prefix ${prefix}`);
    this.counters.set(prefix, n + 1);
    const offset = (hashString(prefix, this.salt) % 1_000_000) >>> 0;
    // 7919·k mod 10^6 is a bijection (gcd(7919, 10^6) = 1).
    const random = (n * 7919 + offset) % 1_000_000;
    return prefix + String(random).padStart(6, '0');
  }
}

/** A valid 10-digit Vietnamese mobile number. */
export function mobilePhone(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + rng.digits(7);
}
