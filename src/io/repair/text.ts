/**
 * Text cleaning shared by every reader: NFC, trim, one space for any run of whitespace.
 *
 * - NFC: decomposed or partly decomposed text is composed; a change is the repair `unicode-nfc`.
 * - Leading/trailing whitespace (incl. NBSP, zero-width space, BOM) is removed silently.
 * - Inside the value, runs of whitespace, line breaks, tabs, NBSP and zero-width spaces become one
 *   ASCII space; a change is the repair `whitespace`. Invisible joiners (ZWJ, ZWNJ, U+2060, BOM)
 *   are dropped.
 * - Empty → null.
 *
 * Fast path: a charCode scan decides whether anything needs doing; plain ASCII and already-NFC
 * Vietnamese with single spaces is returned as the same string (no allocation).
 */
import { addRepair, type ReadSink } from './sink.js';

const JOINERS = /[\u200C\u200D\u2060\uFEFF]/g;
const EDGE_WS = /^[\s\u200B-\u200D\u2060]+|[\s\u200B-\u200D\u2060]+$/g;
const WS_RUN = /[\s\u200B]+/g;

/** True for code units the fast scan cannot accept as they are. */
function isSuspect(c: number): boolean {
  if (c < 0x80) return false;
  // whitespace-like and invisible characters
  if (c === 0xa0 || c === 0x85 || c === 0x1680 || c === 0x180e) return true;
  if (c >= 0x2000 && c <= 0x200f) return true;
  if (c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x2060 || c === 0x3000 || c === 0xfeff) return true;
  // Latin-1, Latin Extended A/B, IPA, spacing modifiers, Latin Extended Additional (Vietnamese) are NFC-stable
  if (c < 0x300) return false;
  if (c >= 0x1e00 && c <= 0x1eff) return false;
  // combining marks, singletons and everything else: let normalize() decide
  return true;
}

/**
 * Cleans `raw`. Repairs go to `sink` (null: silent, for values that become codes, dates or numbers).
 * Returns null for empty or whitespace-only text.
 */
export function cleanText(raw: string, sink: ReadSink | null): string | null {
  const n = raw.length;
  if (n === 0) return null;
  let slow = false;
  for (let i = 0; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c <= 0x20) {
      if (c !== 0x20 || i === 0 || i === n - 1 || raw.charCodeAt(i + 1) === 0x20) {
        slow = true;
        break;
      }
    } else if (c >= 0x80 && isSuspect(c)) {
      slow = true;
      break;
    }
  }
  if (!slow) return raw;
  return cleanSlow(raw, sink);
}

function cleanSlow(raw: string, sink: ReadSink | null): string | null {
  const text = raw.normalize('NFC');
  const nfc = text !== raw;
  const trimmed = text.replace(EDGE_WS, '');
  if (trimmed.length === 0) return null;
  const collapsed = trimmed.replace(JOINERS, '').replace(WS_RUN, ' ');
  if (sink !== null) {
    if (nfc) addRepair(sink, 'unicode-nfc', raw, collapsed);
    if (collapsed !== trimmed) addRepair(sink, 'whitespace', raw, collapsed);
  }
  return collapsed;
}

/** NFC + trim only (keeps inner whitespace as is): what the legacy-encoding detector needs first. */
export function nfcTrim(raw: string): string {
  return raw.normalize('NFC').replace(EDGE_WS, '');
}
