/**
 * Vietnamese name handling for accounts and roster audits, kept in one small module so it can be
 * folded later into the record-linkage comparer of `reconcile` (identifiers.md §3.1–3.2).
 *
 * - Order is Họ – (tên) đệm – Tên: the given name is the LAST token, the family name the first.
 * - Keys are NFC, tone-less (combining marks dropped, đ/Đ and look-alikes → d), lower-case, with
 *   apostrophe and hyphen variants unified, so "NGUYỄN VĂN AN", "Nguyen Van An" and "nguyễn văn an"
 *   share one key. Word order is ignored by comparing token multisets ("An Nguyễn" = "Nguyễn An"
 *   in a meeting display name), and a missing gendered middle name (Thị/Văn) is tolerated.
 */

import { stripMarks } from '../schema/fold.js';

export interface NameParts {
  /** Họ (first token). */
  family: string;
  /** Tên đệm (tokens between), possibly empty. */
  middle: string;
  /** Tên (last token). */
  given: string;
}

/** Splits a full name written Họ – đệm – Tên; one token is a given name only. */
export function splitVietnameseName(fullName: string): NameParts {
  const tokens = fullName.normalize('NFC').trim().split(/\s+/u).filter(Boolean);
  if (tokens.length === 0) return { family: '', middle: '', given: '' };
  if (tokens.length === 1) return { family: '', middle: '', given: tokens[0]! };
  return { family: tokens[0]!, middle: tokens.slice(1, -1).join(' '), given: tokens[tokens.length - 1]! };
}

/** Tone-less, lower-case, NFC-normalised text for keys (never for display). */
export function foldText(text: string): string {
  return stripMarks(text)
    .toLowerCase()
    .replace(/[\u2019\u2018`´]/gu, "'")
    .replace(/[\u00A0\u200B\s]+/gu, ' ')
    .trim();
}

/** The tokens of a name key: folded, split on spaces, hyphens and punctuation other than the apostrophe. */
export function nameTokens(text: string): string[] {
  return foldText(text)
    .split(/[^a-z0-9']+/u)
    .filter((t) => t.length > 0);
}

/** An order-free key: the sorted folded tokens of a name. */
export function nameKey(text: string): string {
  return nameTokens(text).sort().join(' ');
}

const GENDERED_MIDDLE = new Set(['thi', 'van']);

/**
 * Whether a display name (meeting participant, account display name) names the roster person.
 * `extraTokens` are tokens the display may add without changing who it is (the class name "9A1",
 * the school code). Every token of the roster name must be present (multiset), except one
 * gendered middle name; a display with only family + given ("An Nguyễn") therefore matches
 * "Nguyễn Văn An" only when the missing middle is Văn/Thị — otherwise the given name and family
 * name must both be there and the middle names may be dropped when `allowMissingMiddle`.
 */
export function displayNameMatches(display: string, fullName: string, extraTokens: readonly string[] = []): boolean {
  const shown = nameTokens(display);
  const extras = new Set(extraTokens.map((t) => foldText(t)));
  const rest = shown.filter((t) => !extras.has(t) && !/^\d+[a-z]*\d*$/u.test(t));
  const wanted = nameTokens(fullName);
  if (wanted.length === 0 || rest.length === 0) return false;
  const pool = new Map<string, number>();
  for (const t of rest) pool.set(t, (pool.get(t) ?? 0) + 1);
  const missing: string[] = [];
  for (const t of wanted) {
    const n = pool.get(t) ?? 0;
    if (n > 0) pool.set(t, n - 1);
    else missing.push(t);
  }
  const leftover = [...pool.values()].reduce((a, b) => a + b, 0);
  if (leftover > 0) return false; // the display carries a name token the roster name lacks
  if (missing.length === 0) return true;
  const given = wanted[wanted.length - 1]!;
  const family = wanted[0]!;
  if (missing.includes(given) || missing.includes(family)) return false;
  // Only middle names are missing: "An Nguyễn" for "Nguyễn Văn An", "Nguyễn Hoa" for "Nguyễn Thị Hoa".
  return missing.length === 1 ? true : missing.every((t) => GENDERED_MIDDLE.has(t));
}

/** ASCII slug of a name for usernames and addresses: "Nguyễn Văn An" → "nguyenvanan". */
export function asciiSlug(text: string): string {
  return nameTokens(text).join('').replace(/[^a-z0-9]/gu, '');
}

/** Hyphenated ASCII slug for ids and group addresses: "Toán – 9A1" → "toan-9a1". */
export function slug(text: string): string {
  return foldText(text)
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-|-$/gu, '');
}
