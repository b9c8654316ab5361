/**
 * Where to cut a UTF-8 csv/tsv file in two so that each part can be read on its own thread
 * (check/parallel.ts). A cut must fall on a record boundary, which only a scan from the start of
 * the file can tell (a quoted field may hold line breaks), and the second part must know the line
 * number it starts on, since rows are numbered by line (a quoted line break counts).
 *
 * The scan mirrors CsvScanner exactly (RFC 4180 as read-text.ts reads it): a quote opens a quoted
 * field only at the start of a field; inside one, a doubled quote is a quote; after the closing
 * quote, text up to the next delimiter or line end is kept as written (quotes in it are literal);
 * a quote inside an unquoted field is literal. Line breaks are LF, CRLF and a lone CR, inside
 * quotes or not. Delimiters, quotes, CR and LF are ASCII, so bytes can be scanned without decoding.
 * Cuts are made only just after a LF outside quotes (never between the CR and LF of a CRLF).
 */
import { openSync, readSync, closeSync } from 'node:fs';

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_SEEN = 3;

export interface TextCut {
  /** Byte offset of the first byte of the second part. */
  offset: number;
  /** Line number of that byte (1-based, as CsvScanner counts). */
  line: number;
}

/** Index of `byte` in buf[from, end), or `end`. */
function indexOr(buf: Buffer, byte: number, from: number, end: number): number {
  const i = buf.indexOf(byte, from);
  return i < 0 || i >= end ? end : i;
}

/**
 * The first record boundary at or after byte `target`, scanning from `start` (the first byte after
 * the BOM, line 1), or undefined when there is none before the end of the file.
 */
export function findTextCut(file: string, start: number, target: number, delimiter: string): TextCut | undefined {
  const d = delimiter.charCodeAt(0);
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let pos = start;
    let state = FIELD_START;
    let line = 1;
    let prev = -1;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) return undefined;
      let nextQuote = -1;
      let nextCR = -1;
      for (let i = 0; i < n; i++) {
        if (state === QUOTED) {
          // Inside quotes, only the next quote matters when no line break comes before it (the
          // usual quoted field, an address with a comma): jump to it.
          if (nextQuote < i) nextQuote = indexOr(buf, 34, i, n);
          if (nextCR < i) nextCR = indexOr(buf, 13, i, n);
          const q = nextQuote;
          if (q > i && nextCR >= q && indexOr(buf, 10, i, q) === q) {
            prev = buf[q - 1]!;
            i = q;
            if (i === n) break;
          }
        } else if (state === FIELD_START || state === UNQUOTED) {
          // Outside quotes, only a quote or a CR needs the byte-by-byte states below: jump to the
          // next one, counting the LFs before it with indexOf (native) instead of a JS loop over
          // every byte (the worker waits for this scan of the first half before it starts).
          if (nextQuote < i) nextQuote = indexOr(buf, 34, i, n);
          if (nextCR < i) nextCR = indexOr(buf, 13, i, n);
          const stop = nextQuote < nextCR ? nextQuote : nextCR;
          if (stop > i) {
            for (let j = buf.indexOf(10, i); j >= 0 && j < stop; j = buf.indexOf(10, j + 1)) {
              // no CR in [i, stop): only the byte before i can be one
              if (j > i || prev !== 13) line++;
              if (pos + j + 1 >= target) return { offset: pos + j + 1, line };
            }
            const last = buf[stop - 1]!;
            state = last === 10 || last === d ? FIELD_START : UNQUOTED;
            prev = last;
            i = stop;
            if (i === n) break;
          }
        }
        const c = buf[i]!;
        if (state === QUOTED) {
          if (c === 34) state = QUOTE_SEEN;
          else if (c === 10) {
            if (prev !== 13) line++;
          } else if (c === 13) line++;
          prev = c;
          continue;
        }
        if (state === QUOTE_SEEN) {
          if (c === 34) {
            state = QUOTED;
            prev = c;
            continue;
          }
          state = UNQUOTED; // text after a closing quote: read like an unquoted field
        }
        if (c === 10) {
          if (prev !== 13) line++;
          state = FIELD_START;
          if (pos + i + 1 >= target) return { offset: pos + i + 1, line };
        } else if (c === 13) {
          line++;
          state = FIELD_START;
        } else if (c === d) state = FIELD_START;
        else if (c === 34) state = state === FIELD_START ? QUOTED : UNQUOTED;
        else state = UNQUOTED;
        prev = c;
      }
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
}
