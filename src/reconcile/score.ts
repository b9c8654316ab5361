/**
 * Pair comparison, Fellegi–Sunter style: each field is compared into a level (exact, without
 * diacritics, a typo, …) and each level carries a fixed weight ≈ log2(m/u), where m is how often
 * the level occurs among true pairs and u among random pairs in the same block. The weights below
 * were set from the rates of the seeded two-source generator (synth.ts) and rounded; they are
 * documented with the thresholds in docs/reconcile-format.md. The comparison of one pair packs
 * the levels of every field into one integer (3 bits a field), so the hot loop allocates nothing.
 */
import { HOT, HOT_STRIDE, type SourceTable } from './table.js';
import { damerau, jaroWinkler } from './similarity.js';
import { sortedOf } from './names.js';

export const FIELDS = ['personalId', 'fullName', 'dateOfBirth', 'gender', 'school', 'class', 'fatherName', 'motherName', 'address'] as const;
export type FieldName = (typeof FIELDS)[number];

/** Level codes (3 bits): 0 missing on a side, 1 disagree, 2.. agree (higher is stronger). */
export const MISSING = 0;
export const DISAGREE = 1;

export const NAME_LEVELS = ['missing', 'different', 'similar', 'typo', 'order-or-middle', 'no-diacritics', 'exact'] as const;
export const DOB_LEVELS = ['missing', 'different', 'partial', 'year-only', 'day-month-swapped', 'exact'] as const;
export const PLAIN_LEVELS = ['missing', 'different', 'same'] as const;

const NAME_WEIGHT = [0, -8, 2, 6, 8, 10, 11];
const DOB_WEIGHT = [0, -7, 1, 2, 5, 8];
const PID_WEIGHT = [0, -12, 15];
const GENDER_WEIGHT = [0, -3, 1];
const SCHOOL_WEIGHT = [0, -2, 1];
const CLASS_WEIGHT = [0, -1, 2];
const PARENT_WEIGHT = [0, -3, 2];
const ADDRESS_WEIGHT = [0, -1, 1];

/** Score at or above which a pair may be linked automatically. */
export const MATCH_THRESHOLD = 18;
/** Score at or above which a pair is shown for review. */
export const REVIEW_THRESHOLD = 10;
/** A second candidate this close to the best makes the best one a review, not a link. */
export const AMBIGUITY_MARGIN = 4;

export function levelOf(packed: number, field: number): number {
  return (packed >>> (field * 3)) & 7;
}

function plain(a: number, b: number): number {
  if (a === 0 || b === 0) return MISSING;
  return a === b ? 2 : DISAGREE;
}

export function nameLevel(L: SourceTable, l: number, R: SourceTable, r: number): number {
  return nameLevelAt(L, l, R, r, l * HOT_STRIDE, r * HOT_STRIDE);
}

/** nameLevel with the records' offsets in the hot blocks already known (the comparison loop has them). */
function nameLevelAt(L: SourceTable, l: number, R: SourceTable, r: number, oa: number, ob: number): number {
  const a = L.hot;
  const b = R.hot;
  const ha = a[oa + HOT.folded]!;
  const hb = b[ob + HOT.folded]!;
  if (ha === 0 || hb === 0) return MISSING;
  if (ha === hb) return a[oa + HOT.exact] === b[ob + HOT.exact] ? 6 : 5;
  if (a[oa + HOT.core] === b[ob + HOT.core]) return 4;
  // Rare from here on (different folded names): the strings themselves.
  const fa = L.folded[l]!;
  const fb = R.folded[r]!;
  const ca = L.core[l]!;
  const cb = R.core[r]!;
  if (sortedOf(fa) === sortedOf(fb)) return 4;
  // A missing or extra middle name: same surname and given name, one token more on one side.
  if (a[oa + HOT.names] === b[ob + HOT.names] && (ca.startsWith(cb.slice(0, -L.given[l]!.length)) || cb.startsWith(ca.slice(0, -R.given[r]!.length)))) return 4;
  const jw = jaroWinkler(ca, cb);
  if (jw >= 0.95) return 3;
  if (jw >= 0.88) return 2;
  return DISAGREE;
}

export function dobLevel(a: number, b: number): number {
  if (a === 0 || b === 0) return MISSING;
  if (a === b) return 5;
  const ya = (a / 10000) | 0;
  const yb = (b / 10000) | 0;
  const ma = ((a / 100) | 0) % 100;
  const mb = ((b / 100) | 0) % 100;
  const da = a % 100;
  const db = b % 100;
  if (ma === 0 || mb === 0) return ya === yb ? 3 : DISAGREE;
  if (ya === yb && da === mb && ma === db) return 4;
  if (ya === yb && (da === db || ma === mb)) return 2;
  if (da === db && ma === mb && Math.abs(ya - yb) === 1) return 2;
  return DISAGREE;
}

/** Packs every field's level; `score` is written to out[0]. */
export function compare(L: SourceTable, l: number, R: SourceTable, r: number, out: Float64Array): number {
  const a = L.hot;
  const b = R.hot;
  const oa = l * HOT_STRIDE;
  const ob = r * HOT_STRIDE;
  const pa = a[oa + HOT.pid]!;
  const pb = b[ob + HOT.pid]!;
  const pid = pa === 0 || pb === 0 ? MISSING : pa === pb ? 2 : DISAGREE;
  const name = nameLevelAt(L, l, R, r, oa, ob);
  const dob = dobLevel(a[oa + HOT.dob]!, b[ob + HOT.dob]!);
  const gender = plain(a[oa + HOT.gender]!, b[ob + HOT.gender]!);
  const school = plain(a[oa + HOT.school]!, b[ob + HOT.school]!);
  const klass = plain(a[oa + HOT.klass]!, b[ob + HOT.klass]!);
  const father = plain(a[oa + HOT.father]!, b[ob + HOT.father]!);
  const mother = plain(a[oa + HOT.mother]!, b[ob + HOT.mother]!);
  const address = plain(a[oa + HOT.address]!, b[ob + HOT.address]!);
  out[0] =
    PID_WEIGHT[pid]! +
    NAME_WEIGHT[name]! +
    DOB_WEIGHT[dob]! +
    GENDER_WEIGHT[gender]! +
    SCHOOL_WEIGHT[school]! +
    CLASS_WEIGHT[klass]! +
    PARENT_WEIGHT[father]! +
    PARENT_WEIGHT[mother]! +
    ADDRESS_WEIGHT[address]!;
  return pid | (name << 3) | (dob << 6) | (gender << 9) | (school << 12) | (klass << 15) | (father << 18) | (mother << 21) | (address << 24);
}

/** The score without the personal-ID term (to tell "same person, other number"). */
export function scoreWithoutId(packed: number, score: number): number {
  return score - PID_WEIGHT[levelOf(packed, 0)]!;
}

/**
 * May this pair be linked without a person looking at it? The given names must agree (equal
 * without diacritics, or one typo apart in a name of 4+ letters); when either record has a
 * sibling in its own source (same surname, birthday and school: twins), they must agree exactly.
 */
export function givenAgrees(L: SourceTable, l: number, R: SourceTable, r: number, sibling: boolean): boolean {
  const ga = L.given[l]!;
  const gb = R.given[r]!;
  if (ga === '' || gb === '') return false;
  if (ga === gb) {
    if (!sibling) return true;
    const ea = L.givenExact[l]!;
    const eb = R.givenExact[r]!;
    // A side written without diacritics cannot tell Anh from Ánh: that is for a person to see.
    return ea === eb && ea !== ga;
  }
  if (sibling) return false;
  return ga.length >= 4 && gb.length >= 4 && damerau(ga, gb, 1) <= 1;
}

export function describe(packed: number): { agreed: string[]; disagreed: string[] } {
  const agreed: string[] = [];
  const disagreed: string[] = [];
  FIELDS.forEach((field, i) => {
    const level = levelOf(packed, i);
    if (level === MISSING) return;
    if (level === DISAGREE) {
      disagreed.push(field);
      return;
    }
    const name = i === 1 ? NAME_LEVELS[level] : i === 2 ? DOB_LEVELS[level] : 'same';
    agreed.push(name === 'same' || name === 'exact' ? field : `${field}:${name}`);
  });
  return { agreed, disagreed };
}
