/**
 * Usernames derived from the personal identifier by a configurable rule (`accounts.username` in
 * edusync.config.json). The default `{personalId}` is what TT 09/2021 Điều 15.1.i asks for; a
 * school that does not want the 12 digits visible to classmates can use a hash, e.g.
 * `hs{hash:10}` (the first 10 base-32 characters of SHA-256 over the identifier — pseudonymous,
 * not secret: the identifier space is small enough to enumerate).
 *
 * Placeholders: {personalId} {localId} (mã học sinh / mã cán bộ) {schoolId} {role} (hs|gv)
 * {given} {family} {initials} (ASCII, lower-case) {hash:N} (N = 4…52).
 *
 * Collision-free: a person keeps the username of their last export (platforms must never see an
 * account renamed); new usernames that collide with each other or with an existing one get
 * "-2", "-3"… in the order of their personal identifiers, and every such case is reported.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../errors.js';
import { asciiSlug, nameTokens } from './names.js';
import type { RosterPerson } from './source.js';

export const DEFAULT_USERNAME_RULE = '{personalId}';

const PLACEHOLDER = /\{(personalId|localId|schoolId|role|given|family|initials|hash:(\d+))\}/gu;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Throws a UsageError when the rule cannot give a unique, identifier-based username. */
export function checkUsernameRule(rule: string): void {
  const leftover = rule.replace(PLACEHOLDER, '');
  if (/[{}]/u.test(leftover)) {
    throw new UsageError({
      vi: `accounts.username "${rule}": có chỗ giữ chỗ không hợp lệ; dùng {personalId} {localId} {schoolId} {role} {given} {family} {initials} {hash:N}.`,
      en: `accounts.username "${rule}": unknown placeholder; use {personalId} {localId} {schoolId} {role} {given} {family} {initials} {hash:N}.`,
    });
  }
  if (!/\{(personalId|hash:\d+)\}/u.test(rule)) {
    throw new UsageError({
      vi: `accounts.username "${rule}" phải chứa {personalId} hoặc {hash:N}: tài khoản được xác định theo mã định danh (TT 09/2021 Điều 15.1.i).`,
      en: `accounts.username "${rule}" must contain {personalId} or {hash:N}: accounts are identified by the personal identifier (TT 09/2021 art. 15.1.i).`,
    });
  }
  for (const m of rule.matchAll(PLACEHOLDER)) {
    if (m[2] !== undefined && (Number(m[2]) < 4 || Number(m[2]) > 52)) {
      throw new UsageError({ vi: `accounts.username: {hash:N} cần 4 ≤ N ≤ 52.`, en: `accounts.username: {hash:N} needs 4 ≤ N ≤ 52.` });
    }
  }
  if (leftover !== '' && !/^[a-z0-9._-]+$/u.test(leftover)) {
    throw new UsageError({
      vi: `accounts.username "${rule}": phần chữ cố định chỉ được dùng a–z, 0–9, ".", "_" và "-".`,
      en: `accounts.username "${rule}": fixed text may only use a–z, 0–9, ".", "_" and "-".`,
    });
  }
}

/** The username the rule gives one person (before collision handling). */
export function applyUsernameRule(rule: string, p: RosterPerson): string {
  const id = p.personalId ?? '';
  return rule
    .replace(PLACEHOLDER, (_m, name: string, n: string | undefined) => {
      if (n !== undefined) return base32(createHash('sha256').update(id).digest()).slice(0, Number(n));
      switch (name) {
        case 'personalId':
          return id;
        case 'localId':
          return p.localId.toLowerCase();
        case 'schoolId':
          return p.schoolId.toLowerCase();
        case 'role':
          return p.role === 'student' ? 'hs' : 'gv';
        case 'given':
          return asciiSlug(p.name.given);
        case 'family':
          return asciiSlug(p.name.family);
        default:
          return nameTokens(`${p.name.family} ${p.name.middle}`).map((t) => t.charAt(0)).join('') + asciiSlug(p.name.given);
      }
    })
    .toLowerCase()
    .replace(/[^a-z0-9._-]/gu, '');
}

export interface UsernameCollision {
  /** The username the rule gave. */
  wanted: string;
  /** What each person got, in personal-identifier order (the first keeps `wanted` when free). */
  assigned: string[];
}

export interface UsernameAssignment {
  /** personalId → username */
  usernames: Map<string, string>;
  collisions: UsernameCollision[];
}

/**
 * Assigns usernames: kept ones first (`previous`, personalId → username), then new ones by rule,
 * sorted by personal identifier so the result never depends on the order of the store's rows.
 */
export function assignUsernames(rule: string, people: readonly RosterPerson[], previous: ReadonlyMap<string, string>): UsernameAssignment {
  const usernames = new Map<string, string>();
  const taken = new Set<string>(previous.values());
  const fresh: RosterPerson[] = [];
  for (const p of people) {
    const kept = previous.get(p.personalId!);
    if (kept !== undefined) usernames.set(p.personalId!, kept);
    else fresh.push(p);
  }
  fresh.sort((a, b) => (a.personalId! < b.personalId! ? -1 : a.personalId! > b.personalId! ? 1 : 0));
  const groups = new Map<string, RosterPerson[]>();
  for (const p of fresh) {
    const wanted = applyUsernameRule(rule, p);
    groups.set(wanted, [...(groups.get(wanted) ?? []), p]);
  }
  const collisions: UsernameCollision[] = [];
  for (const [wanted, group] of groups) {
    const assigned: string[] = [];
    let n = 1;
    for (const p of group) {
      let name = wanted;
      while (taken.has(name) || name === '') name = `${wanted}-${++n}`;
      taken.add(name);
      usernames.set(p.personalId!, name);
      assigned.push(name);
    }
    if (group.length > 1 || assigned[0] !== wanted) collisions.push({ wanted, assigned });
  }
  return { usernames, collisions };
}
