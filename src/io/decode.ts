/**
 * Byte → text for csv/tsv files: encoding sniffing (BOM, BOM-less UTF-16, binary) and a chunked
 * decoder that keeps multi-byte sequences whole across chunk boundaries.
 *
 * UTF-8 that turns out to be invalid is decoded as Windows-1252 from that chunk on (legacy files),
 * unless well-formed multi-byte UTF-8 came first (the header, usually): then the file is UTF-8 with
 * a few bad bytes, and those become U+FFFD;
 * nothing is reported here — the repair stage detects mojibake. Node's own TextDecoder maps
 * 'windows-1252' to plain Latin-1 (0x80 → U+0080), so the 0x80–0x9F block is mapped by hand.
 */
import { isAscii, isUtf8, transcode } from 'node:buffer';
import { TextDecoder } from 'node:util';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface SniffedEncoding {
  encoding: TextEncodingName;
  /** Bytes of byte-order mark at the start of the file (0 when none). */
  bomLength: number;
}

/**
 * Decide the encoding from the first bytes of a file. Returns 'binary' for content that is not text:
 * NUL bytes that do not follow a UTF-16 pattern.
 */
export function sniffEncoding(head: Uint8Array): SniffedEncoding | 'binary' {
  const b0 = head[0];
  const b1 = head[1];
  if (b0 === 0xef && b1 === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  const n = Math.min(head.length, 64 * 1024);
  let nulEven = 0;
  let nulOdd = 0;
  for (let i = 0; i < n; i++) {
    if (head[i] === 0) {
      if ((i & 1) === 0) nulEven++;
      else nulOdd++;
    }
  }
  if (nulEven + nulOdd === 0) return { encoding: 'utf-8', bomLength: 0 };
  const pairs = Math.max(1, n >> 1);
  // Mostly-ASCII UTF-16: one byte of each pair is NUL, the other almost never.
  if (nulOdd >= pairs * 0.3 && nulEven <= nulOdd * 0.05) return { encoding: 'utf-16le', bomLength: 0 };
  if (nulEven >= pairs * 0.3 && nulOdd <= nulEven * 0.05) return { encoding: 'utf-16be', bomLength: 0 };
  return 'binary';
}

/** True when decoded text looks like binary content: NULs, or more than 10% control characters. */
export function looksBinary(text: string): boolean {
  const n = Math.min(text.length, 64 * 1024);
  if (n === 0) return false;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12) {
      if (c === 0) return true;
      control++;
    }
  }
  return control > n * 0.1;
}

const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];
const CP1252_RE = /[\x80-\x9f]/g;

/** Windows-1252 bytes → text (with the real 0x80–0x9F mapping). */
export function decodeWindows1252(bytes: Uint8Array): string {
  const s = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return CP1252_RE.test(s)
    ? s.replace(CP1252_RE, (ch) => String.fromCharCode(CP1252_HIGH[ch.charCodeAt(0) - 0x80] ?? 0xfffd))
    : s;
}

/** Length of the longest prefix of `b` that does not end inside a UTF-8 multi-byte sequence. */
function utf8CompletePrefix(b: Uint8Array): number {
  const len = b.length;
  let i = len - 1;
  const stop = Math.max(0, len - 4);
  while (i >= stop && ((b[i] as number) & 0xc0) === 0x80) i--;
  if (i < 0) return len;
  const lead = b[i] as number;
  if (lead < 0xc0) return len; // ASCII (or stray continuation bytes: let the validator decide)
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
  return len - i < need ? i : len;
}

/**
 * Streaming decoder. `decode(bytes, final)` may be called with a reused buffer: pending bytes are
 * copied.
 */
const UTF8_LENIENT = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Well-formed non-ASCII text before the first bad byte: the file is UTF-8 (e.g. its header). */
function nonAsciiBefore(text: string, end: number): boolean {
  const stop = end < 0 ? text.length : end;
  for (let i = 0; i < stop; i++) if (text.charCodeAt(i) >= 0x80) return true;
  return false;
}

export class ChunkDecoder {
  private utf16: TextDecoder | undefined;
  private pending: Uint8Array | undefined;
  /** Set once UTF-8 validation failed; the rest of the file is read as Windows-1252. */
  fellBackTo1252 = false;
  /** Set once well-formed multi-byte UTF-8 was seen: later bad bytes become U+FFFD, not a switch to 1252. */
  private sawUtf8 = false;

  constructor(encoding: TextEncodingName) {
    if (encoding !== 'utf-8') this.utf16 = new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
  }

  decode(chunk: Uint8Array, final: boolean): string {
    if (this.utf16 !== undefined) return this.utf16.decode(chunk, { stream: !final });
    let bytes = chunk;
    if (this.pending !== undefined) {
      const joined = new Uint8Array(this.pending.length + chunk.length);
      joined.set(this.pending, 0);
      joined.set(chunk, this.pending.length);
      bytes = joined;
      this.pending = undefined;
    }
    if (this.fellBackTo1252) return decodeWindows1252(bytes);
    const cut = final ? bytes.length : utf8CompletePrefix(bytes);
    const body = bytes.subarray(0, cut);
    if (cut < bytes.length) this.pending = Uint8Array.prototype.slice.call(bytes, cut); // a copy (Buffer#slice is a view)
    if (isUtf8(body)) {
      const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
      // ICU's UTF-8 → UTF-16 transcoding plus a UTF-16 copy is about twice as fast as V8's UTF-8
      // decoder on Vietnamese text (measured in bench/parsers/csv.mjs); pure ASCII stays one-byte.
      if (isAscii(buf)) return buf.toString('latin1');
      this.sawUtf8 = true;
      return transcode(buf, 'utf8', 'utf16le').toString('utf16le');
    }
    // Invalid UTF-8. A legacy Windows-1252 file has high bytes but no valid multi-byte sequences;
    // a UTF-8 file with a stray bad byte has many. Only the first kind switches encodings: one bad
    // byte must not turn a valid UTF-8 header into mojibake (found by the hostile corpus).
    const lenient = UTF8_LENIENT.decode(body);
    if (this.sawUtf8 || nonAsciiBefore(lenient, lenient.indexOf('\ufffd'))) {
      this.sawUtf8 = true;
      return lenient;
    }
    this.fellBackTo1252 = true;
    const rest = this.pending;
    this.pending = undefined;
    return decodeWindows1252(body) + (rest !== undefined ? decodeWindows1252(rest) : '');
  }
}
