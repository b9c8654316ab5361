/**
 * Linking two sources: (1) exact join on the personal ID; (2) for the rest, candidate pairs from
 * blocking keys, scored field by field (score.ts); (3) one-to-one assignment, best score first,
 * with guards: ambiguous candidates, twins and a disagreeing personal ID go to review or to the
 * conflicts, never to an automatic link. Decisions an officer made earlier override the model.
 *
 * Scale (issue 5: 1 M × 1 M in a minute): blocking keys are 32-bit hashes in typed arrays; each
 * rule sorts (key, row) pairs packed into one float64 (key · 2^21 + row) on both sides and walks
 * the two sorted lists together, so no hash map holds a million entries and no object is made per
 * compared pair. A pair found by an earlier rule is not scored again.
 */
import { AMBIGUITY_MARGIN, MATCH_THRESHOLD, REVIEW_THRESHOLD, compare, givenAgrees, levelOf, nameLevel, dobLevel, scoreWithoutId } from './score.js';
import { doubled, type SourceTable } from './table.js';
import { damerau } from './similarity.js';

export type PairStatus = 'matched' | 'probable' | 'conflict';
export type ConflictKind = 'same-id-different-person' | 'same-person-different-id';
export type Via = 'identifier' | 'model' | 'decision';

export interface LinkPair {
  status: PairStatus;
  conflict?: ConflictKind;
  via: Via;
  score: number;
  left: number;
  right: number;
  levels: number;
}

export interface LinkResult {
  pairs: LinkPair[];
  onlyLeft: number[];
  onlyRight: number[];
  stats: { compared: number; candidates: number; oversizedBlocks: number; skippedPairs: number };
}

/** Decisions by record fingerprints; see decisions.ts. */
export interface DecisionLookup {
  size: number;
  get(left: number, right: number): 'same' | 'different' | undefined;
  /** Every pair decided "same" between records present in this run. */
  sames(): Array<[number, number]>;
}

const ROW_BITS = 2 ** 21;
/** Max pairs scored in one block; larger blocks are skipped (counted) and left to the other rules. */
const MAX_BLOCK_PAIRS = 40_000;

function mix(a: number, b: number): number {
  let h = Math.imul(a ^ (b + 0x9e3779b9), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Day and month in either order (a swap still meets), with the year. */
function dobSortedKey(dob: number): number {
  const y = (dob / 10000) | 0;
  const m = ((dob / 100) | 0) % 100;
  const d = dob % 100;
  if (m === 0 || d === 0) return 0;
  return y * 10000 + Math.min(m, d) * 100 + Math.max(m, d);
}

type KeyFn = (t: SourceTable, i: number) => number;

/** Blocking rules, most specific first. 0 = the rule does not apply to the record. */
const RULES: KeyFn[] = [
  // given name + birthday: survives typos in the surname, a dropped Thị/Văn, a swapped day/month
  (t, i) => {
    const d = dobSortedKey(t.dob[i]!);
    return d === 0 || t.givenH[i] === 0 ? 0 : mix(t.givenH[i]!, d) || 1;
  },
  // surname + birthday + gender: survives a typo in the given name
  (t, i) => {
    const d = dobSortedKey(t.dob[i]!);
    return d === 0 || t.surnameH[i] === 0 ? 0 : mix(mix(t.surnameH[i]!, t.gender[i]! + 7), d) || 1;
  },
  // given name + surname + birth year + school: only a year known, or a wrong day
  (t, i) => {
    if (t.dob[i] === 0 || t.givenH[i] === 0) return 0;
    return mix(mix(t.givenH[i]!, t.surnameH[i]!), ((t.dob[i]! / 10000) | 0) * 65_537 + t.school[i]!) || 1;
  },
  // school + class + birthday: typos in both names
  (t, i) => {
    const d = dobSortedKey(t.dob[i]!);
    return d === 0 || t.klass[i] === 0 ? 0 : mix(t.klass[i]!, d) || 1;
  },
  // school + class + given name: only a year known and a typo in the surname
  (t, i) => (t.klass[i] === 0 || t.givenH[i] === 0 ? 0 : mix(t.givenH[i]!, t.klass[i]!) || 1),
];

function keysOf(t: SourceTable, rule: KeyFn, active: Uint8Array): Uint32Array {
  const keys = new Uint32Array(t.n);
  for (let i = 0; i < t.n; i++) if (active[i] === 1) keys[i] = rule(t, i);
  return keys;
}

function sortedPacked(keys: Uint32Array): Float64Array {
  let n = 0;
  for (let i = 0; i < keys.length; i++) if (keys[i] !== 0) n++;
  const packed = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < keys.length; i++) if (keys[i] !== 0) packed[k++] = keys[i]! * ROW_BITS + i;
  packed.sort();
  return packed;
}

class CandidateList {
  left = new Int32Array(1 << 16);
  right = new Int32Array(1 << 16);
  score = new Float64Array(1 << 16);
  levels = new Int32Array(1 << 16);
  n = 0;
  push(l: number, r: number, s: number, lv: number): void {
    if (this.n === this.left.length) {
      this.left = doubled(this.left);
      this.right = doubled(this.right);
      this.score = doubled(this.score);
      this.levels = doubled(this.levels);
    }
    this.left[this.n] = l;
    this.right[this.n] = r;
    this.score[this.n] = s;
    this.levels[this.n] = lv;
    this.n++;
  }
}

/** Records with a same-surname, same-birthday record of the same school and a confusable given name in their own source (twins). */
function siblingFlags(t: SourceTable): Uint8Array {
  const flags = new Uint8Array(t.n);
  const keys = new Uint32Array(t.n);
  for (let i = 0; i < t.n; i++) {
    const d = dobSortedKey(t.dob[i]!);
    keys[i] = d === 0 || t.surnameH[i] === 0 ? 0 : mix(mix(t.surnameH[i]!, t.school[i]!), d) || 1;
  }
  const packed = sortedPacked(keys);
  let start = 0;
  for (let k = 1; k <= packed.length; k++) {
    if (k < packed.length && Math.floor(packed[k]! / ROW_BITS) === Math.floor(packed[start]! / ROW_BITS)) continue;
    if (k - start > 1) {
      for (let a = start; a < k; a++) {
        const i = packed[a]! % ROW_BITS;
        for (let b = start; b < k; b++) {
          const j = packed[b]! % ROW_BITS;
          // Only confusable siblings matter: Anh/Ánh, Minh/Linh. Long and Phúc cannot be mistaken for each other.
          if (i !== j && t.givenExact[i] !== t.givenExact[j] && damerau(t.given[i]!, t.given[j]!, 1) <= 1) flags[i] = 1;
        }
      }
    }
    start = k;
  }
  return flags;
}

export function link(L: SourceTable, R: SourceTable, decisions?: DecisionLookup): LinkResult {
  if (L.n >= ROW_BITS || R.n >= ROW_BITS) throw new RangeError(`reconcile: at most ${ROW_BITS - 1} records a side`);
  const out = new Float64Array(1);
  const pairs: LinkPair[] = [];
  const usedL = new Uint8Array(L.n);
  const usedR = new Uint8Array(R.n);
  const stats = { compared: 0, candidates: 0, oversizedBlocks: 0, skippedPairs: 0 };
  const decided = decisions !== undefined && decisions.size > 0 ? decisions : undefined;

  // 0. Pairs the officer said are the same person.
  if (decided) {
    for (const [l, r] of decided.sames()) {
      if (usedL[l] || usedR[r]) continue;
      const levels = compare(L, l, R, r, out);
      pairs.push({ status: 'matched', via: 'decision', score: out[0]!, left: l, right: r, levels });
      usedL[l] = 1;
      usedR[r] = 1;
    }
  }

  // 1. Exact personal ID. A number held by several rows of one side is linked to none of them here
  // (RC-001 reports it); those rows go on to the model.
  const byId = new Map<number, number>();
  for (let r = 0; r < R.n; r++) {
    const id = R.pidN[r]!;
    if (id === 0 || usedR[r]) continue;
    byId.set(id, byId.has(id) ? -1 : r);
  }
  const leftCount = new Map<number, number>();
  for (let l = 0; l < L.n; l++) {
    const id = L.pidN[l]!;
    if (id !== 0) leftCount.set(id, (leftCount.get(id) ?? 0) + 1);
  }
  for (let l = 0; l < L.n; l++) {
    const id = L.pidN[l]!;
    if (id === 0 || usedL[l] || leftCount.get(id) !== 1) continue;
    const r = byId.get(id);
    if (r === undefined || r < 0 || usedR[r]) continue;
    if (decided?.get(l, r) === 'different') continue;
    const levels = compare(L, l, R, r, out);
    const name = levelOf(levels, 1);
    const dob = levelOf(levels, 2);
    // Same number, yet neither name nor birthday agree: someone typed another person's number.
    if (name === 1 && (dob === 1 || dob === 0)) {
      pairs.push({ status: 'conflict', conflict: 'same-id-different-person', via: 'identifier', score: out[0]!, left: l, right: r, levels });
      continue;
    }
    pairs.push({ status: 'matched', via: 'identifier', score: out[0]!, left: l, right: r, levels });
    usedL[l] = 1;
    usedR[r] = 1;
  }

  // 2. Blocking and scoring of what is left.
  const activeL = new Uint8Array(L.n);
  const activeR = new Uint8Array(R.n);
  for (let i = 0; i < L.n; i++) activeL[i] = usedL[i] ? 0 : 1;
  for (let i = 0; i < R.n; i++) activeR[i] = usedR[i] ? 0 : 1;
  const keysL: Uint32Array[] = [];
  const keysR: Uint32Array[] = [];
  const cands = new CandidateList();
  for (let rule = 0; rule < RULES.length; rule++) {
    const kl = keysOf(L, RULES[rule]!, activeL);
    const kr = keysOf(R, RULES[rule]!, activeR);
    keysL.push(kl);
    keysR.push(kr);
    const pl = sortedPacked(kl);
    const pr = sortedPacked(kr);
    let a = 0;
    let b = 0;
    while (a < pl.length && b < pr.length) {
      const ka = Math.floor(pl[a]! / ROW_BITS);
      const kb = Math.floor(pr[b]! / ROW_BITS);
      if (ka < kb) {
        a++;
        continue;
      }
      if (kb < ka) {
        b++;
        continue;
      }
      let a2 = a + 1;
      while (a2 < pl.length && Math.floor(pl[a2]! / ROW_BITS) === ka) a2++;
      let b2 = b + 1;
      while (b2 < pr.length && Math.floor(pr[b2]! / ROW_BITS) === kb) b2++;
      if ((a2 - a) * (b2 - b) > MAX_BLOCK_PAIRS) {
        stats.oversizedBlocks++;
        stats.skippedPairs += (a2 - a) * (b2 - b);
      } else {
        for (let x = a; x < a2; x++) {
          const l = pl[x]! % ROW_BITS;
          for (let y = b; y < b2; y++) {
            const r = pr[y]! % ROW_BITS;
            let seen = false;
            for (let e = 0; e < rule; e++) {
              const k = keysL[e]![l]!;
              if (k !== 0 && k === keysR[e]![r]) {
                seen = true;
                break;
              }
            }
            if (seen) continue;
            stats.compared++;
            const levels = compare(L, l, R, r, out);
            const score = out[0]!;
            if (score >= REVIEW_THRESHOLD || (levelOf(levels, 0) === 1 && scoreWithoutId(levels, score) >= MATCH_THRESHOLD)) {
              cands.push(l, r, score, levels);
            }
          }
        }
      }
      a = a2;
      b = b2;
    }
  }
  stats.candidates = cands.n;

  // 3. Assignment. "Different" decisions drop a candidate before anything is compared with it.
  const alive = new Uint8Array(cands.n);
  for (let c = 0; c < cands.n; c++) alive[c] = decided?.get(cands.left[c]!, cands.right[c]!) === 'different' ? 0 : 1;
  const bestL = new Float64Array(L.n).fill(-Infinity);
  const secondL = new Float64Array(L.n).fill(-Infinity);
  const bestR = new Float64Array(R.n).fill(-Infinity);
  const secondR = new Float64Array(R.n).fill(-Infinity);
  const order = new Int32Array(cands.n);
  for (let c = 0; c < cands.n; c++) {
    order[c] = c;
    if (!alive[c]) continue;
    const l = cands.left[c]!;
    const r = cands.right[c]!;
    const s = cands.score[c]!;
    if (s > bestL[l]!) {
      secondL[l] = bestL[l]!;
      bestL[l] = s;
    } else if (s > secondL[l]!) secondL[l] = s;
    if (s > bestR[r]!) {
      secondR[r] = bestR[r]!;
      bestR[r] = s;
    } else if (s > secondR[r]!) secondR[r] = s;
  }
  order.sort((x, y) => cands.score[y]! - cands.score[x]! || x - y);
  const sibL = siblingFlags(L);
  const sibR = siblingFlags(R);
  const reviewCount = new Uint8Array(L.n);
  for (let k = 0; k < order.length; k++) {
    const c = order[k]!;
    if (!alive[c]) continue;
    const l = cands.left[c]!;
    const r = cands.right[c]!;
    if (usedL[l] || usedR[r]) continue;
    const score = cands.score[c]!;
    const levels = cands.levels[c]!;
    if (levelOf(levels, 0) === 1) {
      // Both carry a personal ID and they differ: never linked by the model.
      if (scoreWithoutId(levels, score) >= MATCH_THRESHOLD && nameLevel(L, l, R, r) >= 3 && dobLevel(L.dob[l]!, R.dob[r]!) >= 4) {
        pairs.push({ status: 'conflict', conflict: 'same-person-different-id', via: 'model', score, left: l, right: r, levels });
      }
      continue;
    }
    const clear = secondL[l]! < score - AMBIGUITY_MARGIN && secondR[r]! < score - AMBIGUITY_MARGIN;
    const sibling = sibL[l] === 1 || sibR[r] === 1;
    if (score >= MATCH_THRESHOLD && clear && givenAgrees(L, l, R, r, sibling)) {
      pairs.push({ status: 'matched', via: 'model', score, left: l, right: r, levels });
      usedL[l] = 1;
      usedR[r] = 1;
    } else if (score >= REVIEW_THRESHOLD && reviewCount[l]! < 3) {
      pairs.push({ status: 'probable', via: 'model', score, left: l, right: r, levels });
      reviewCount[l]!++;
    }
  }
  // A record linked after a review pair of it was listed: that review pair is moot.
  const kept = pairs.filter((p) => p.status !== 'probable' || (!usedL[p.left] && !usedR[p.right]));
  const onlyLeft: number[] = [];
  const onlyRight: number[] = [];
  const reviewedL = new Uint8Array(L.n);
  const reviewedR = new Uint8Array(R.n);
  for (const p of kept) {
    if (p.status !== 'matched') {
      reviewedL[p.left] = 1;
      reviewedR[p.right] = 1;
    }
  }
  for (let i = 0; i < L.n; i++) if (!usedL[i] && !reviewedL[i]) onlyLeft.push(i);
  for (let i = 0; i < R.n; i++) if (!usedR[i] && !reviewedR[i]) onlyRight.push(i);
  return { pairs: kept, onlyLeft, onlyRight, stats };
}
