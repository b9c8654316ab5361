/**
 * Identifier checks beyond one row (issue 5 item 1), over both sources and the links between
 * them. Codes are stable and never reused:
 *  RC-001 error    the same personal ID on two different people of one school (within a source)
 *  RC-002 error    the same personal ID on two different people of different schools (Phòng/Sở)
 *  RC-003 warning  one person (linked by name, birthday, school…) with two different personal IDs
 *  RC-004 error    a personal ID whose birth-registration province code, century/sex digit or birth
 *                  year contradicts the record on the other side (or an unknown province code)
 *  RC-005 error    the same personal ID in both sources names two different people
 * and a completion rate of personal IDs by school and class (the ministry tracks it).
 */
import { createRequire } from 'node:module';
import type { SourceTable } from './table.js';
import type { LinkResult } from './link.js';
import { RECONCILE_METAS } from '../check/reconcile-codes.js';

export interface ReconcileFinding {
  code: 'RC-001' | 'RC-002' | 'RC-003' | 'RC-004' | 'RC-005';
  severity: 'error' | 'warning';
  /** Message of the code in the catalogue (schemas/reconcile/checks.json); its data is `data`. */
  messageId: 'found';
  side: 'left' | 'right';
  file: string;
  sheet?: string | undefined;
  row: number;
  field: 'personalId';
  /** The other row involved (same side for RC-001/002, other side otherwise). */
  other?: { side: 'left' | 'right'; file: string; sheet?: string | undefined; row: number };
  data: Record<string, string | number>;
}

export interface Completion {
  school: string;
  class: string;
  records: number;
  withId: number;
  /** withId / records, 0…1, rounded to 4 places. */
  rate: number;
}

/** Titles of the codes, from the catalogue (src/check/reconcile-codes.ts). */
export const RC_MESSAGES = Object.fromEntries(RECONCILE_METAS.map((m) => [m.code, m.title])) as Record<ReconcileFinding['code'], { vi: string; en: string }>;

const require = createRequire(import.meta.url);
let provinces: Set<string> | undefined;
function provinceCodes(): Set<string> {
  provinces ??= new Set((require('../../schemas/units/cccd-provinces.json') as { values: Array<{ code: string }> }).values.map((v) => `0${v.code}`));
  return provinces;
}

function pos(t: SourceTable, i: number, side: 'left' | 'right'): { side: 'left' | 'right'; file: string; sheet?: string | undefined; row: number } {
  return { side, ...t.position(i) };
}

function duplicates(t: SourceTable, side: 'left' | 'right', out: ReconcileFinding[]): void {
  const first = new Map<string, number>();
  for (let i = 0; i < t.n; i++) {
    const id = t.personalId[i]!;
    if (id === '') continue;
    const j = first.get(id);
    if (j === undefined) {
      first.set(id, i);
      continue;
    }
    // The same person listed twice is a duplicate row (validate's rules), not two people.
    if (t.folded[i] === t.folded[j] && t.dob[i] === t.dob[j]) continue;
    const sameSchool = t.school[i] === t.school[j];
    out.push({
      code: sameSchool ? 'RC-001' : 'RC-002',
      severity: 'error',
      messageId: 'found',
      side,
      ...t.position(i),
      field: 'personalId',
      other: pos(t, j, side),
      data: { otherRow: t.row[j]! },
    });
  }
}

/** Problems of a 12-digit number against the record it is compared with. */
export function idContradictions(id: string, dob: number, gender: number): string[] {
  if (!/^\d{12}$/.test(id)) return [];
  const problems: string[] = [];
  const prefix = id.slice(0, 3);
  if (!provinceCodes().has(prefix) && !/^[12]\d\d$/.test(prefix)) problems.push('province');
  const g = id.charCodeAt(3) - 48;
  const year = 1900 + 100 * Math.floor(g / 2) + Number(id.slice(4, 6));
  const recordYear = (dob / 10000) | 0;
  if (recordYear > 0 && recordYear !== year) problems.push('birth-year');
  if (gender !== 0 && (g % 2 === 0 ? 1 : 2) !== gender) problems.push('century-gender');
  return problems;
}

export function identifierChecks(L: SourceTable, R: SourceTable, result: LinkResult): ReconcileFinding[] {
  const out: ReconcileFinding[] = [];
  duplicates(L, 'left', out);
  duplicates(R, 'right', out);
  for (const p of result.pairs) {
    if (p.conflict === 'same-person-different-id') {
      out.push({ code: 'RC-003', severity: 'warning', messageId: 'found', side: 'left', ...L.position(p.left), field: 'personalId', other: pos(R, p.right, 'right'), data: { score: p.score, otherRow: R.row[p.right]! } });
      continue;
    }
    if (p.conflict === 'same-id-different-person') {
      out.push({ code: 'RC-005', severity: 'error', messageId: 'found', side: 'left', ...L.position(p.left), field: 'personalId', other: pos(R, p.right, 'right'), data: { score: p.score, otherRow: R.row[p.right]! } });
      continue;
    }
    if (p.status !== 'matched') continue;
    const idL = L.personalId[p.left]!;
    const idR = R.personalId[p.right]!;
    // Linked by an officer's decision although the numbers differ: still one person with two numbers.
    if (idL !== '' && idR !== '' && idL !== idR) {
      out.push({ code: 'RC-003', severity: 'warning', messageId: 'found', side: 'left', ...L.position(p.left), field: 'personalId', other: pos(R, p.right, 'right'), data: { score: p.score, otherRow: R.row[p.right]! } });
    }
    // Each side's number against the other side's record: a contradiction one file alone cannot show.
    for (const [T, i, O, j, side, otherSide] of [
      [L, p.left, R, p.right, 'left', 'right'],
      [R, p.right, L, p.left, 'right', 'left'],
    ] as const) {
      const problems = idContradictions(T.personalId[i]!, O.dob[j]!, O.gender[j]!);
      if (problems.length > 0) out.push({ code: 'RC-004', severity: 'error', messageId: 'found', side, ...T.position(i), field: 'personalId', other: pos(O, j, otherSide), data: { parts: problems.join(','), otherRow: O.row[j]! } });
    }
  }
  return out;
}

export function completion(t: SourceTable): Completion[] {
  const groups = new Map<string, Completion>();
  for (let i = 0; i < t.n; i++) {
    const key = `${t.schoolText[i]}\u0000${t.classText[i]}`;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { school: t.schoolText[i]!, class: t.classText[i]!, records: 0, withId: 0, rate: 0 }));
    g.records++;
    if (/^\d{12}$/.test(t.personalId[i]!)) g.withId++;
  }
  const list = [...groups.values()].sort((a, b) => (a.school < b.school ? -1 : a.school > b.school ? 1 : a.class < b.class ? -1 : a.class > b.class ? 1 : 0));
  const bySchool = new Map<string, Completion>();
  for (const g of list) {
    g.rate = Math.round((g.withId / g.records) * 10000) / 10000;
    let s = bySchool.get(g.school);
    if (s === undefined) bySchool.set(g.school, (s = { school: g.school, class: '', records: 0, withId: 0, rate: 0 }));
    s.records += g.records;
    s.withId += g.withId;
  }
  for (const s of bySchool.values()) s.rate = Math.round((s.withId / s.records) * 10000) / 10000;
  // School totals (class "") first, then its classes.
  return [...bySchool.values()].flatMap((s) => [s, ...list.filter((g) => g.school === s.school)]);
}
