/**
 * The duplicate index of the cross-file rules (DS-001…DS-004), kept as a log and resolved once at
 * the end of the run. Hot path: a million records each add an entry, and asking a hash table "seen before?"
 * per record cost a random probe into tables of 8–16 MB (two cache misses a record: ≈ 1 s of a
 * 1 M-row validation, 8–9 % of its profile, for two rules). Here a record only appends to typed
 * arrays, in order; `duplicates` sorts a copy of the keys once (native typed-array sort), keeps
 * the few keys that occur twice and walks the log in record order, so every pair comes out exactly
 * as "first seen / seen again" would have given it, only later: the findings are sorted anyway
 * (check/pipeline.ts compareFindings).
 *
 * Per entry: the key as a number (a digit-only ID of ≤ 14 digits is its digit key; any other key
 * gets a number of its own through a Map, detached from its text chunk, see io/detach.ts), row,
 * name hash, birth date and an optional 32-bit tag — 20–24 bytes, where the hash table took 28.
 * Where a record came from (file, sheet, entity, the table's shared `columns`) is kept once per run
 * of records from one table.
 */
import type { RecordRow } from '../../io/record.js';
import type { RuleContext } from '../types.js';
import { detach } from '../../io/detach.js';
import { digitKey, type EntityName } from './values.js';

interface Place {
  file: string;
  sheet?: string | undefined;
  entity: EntityName;
  columns: Readonly<Record<string, string>>;
}

/** A log's entries as plain data (structured-cloneable; the typed arrays transferable). */
export interface DuplicateLogState {
  size: number;
  keys: Float64Array[];
  rows: Int32Array[];
  names: Uint32Array[];
  births: Int32Array[];
  tags: (Uint32Array | undefined)[];
  texts: string[];
  places: Place[];
  runStarts: number[];
  runPlaces: number[];
}

const NO_PROBLEMS: RecordRow['problems'] = Object.freeze({}) as RecordRow['problems'];
const NO_REPAIRS = Object.freeze([]) as unknown as RecordRow['repairs'];

/**
 * Entries are stored in chunks of 2^16: growing one array by doubling held the old and the new
 * array at once (36 MB for a log of a million) and left up to half of it unused.
 */
const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const IN_CHUNK = CHUNK - 1;

export class DuplicateLog {
  private size = 0;
  private readonly keyChunks: Float64Array[] = [];
  private readonly rowChunks: Int32Array[] = [];
  private readonly nameChunks: Uint32Array[] = [];
  /** yyyymmdd; 0 = unknown. */
  private readonly birthChunks: Int32Array[] = [];
  /** Allocated for a chunk when a rule first passes a tag other than 0 in it. */
  private readonly tagChunks: (Uint32Array | undefined)[] = [];
  private keys = new Float64Array(0);
  private rows = new Int32Array(0);
  private names = new Uint32Array(0);
  private births = new Int32Array(0);
  private tags: Uint32Array | undefined;
  /** Keys that are not digit keys: text → -(index + 1) in `texts`. */
  private readonly textIds = new Map<string, number>();
  private readonly texts: string[] = [];
  private readonly places: Place[] = [];
  /** Entry where each run of one place begins (ascending), and that place. */
  private readonly runStarts: number[] = [];
  private readonly runPlaces: number[] = [];
  private last: Place | undefined;

  get count(): number {
    return this.size;
  }

  /** Log `key` for `record`; `nameHash`/`birth` fingerprint the person (birth NaN = unknown). */
  add(key: string, record: RecordRow, nameHash: number, birth: number, tag = 0): void {
    let k = digitKey(key);
    if (k < 0) k = this.textId(key);
    this.push(k, record, record.row, nameHash, Number.isNaN(birth) ? 0 : birth, tag);
  }

  private textId(key: string): number {
    let id = this.textIds.get(key);
    if (id === undefined) {
      id = -(this.texts.length + 1);
      const kept = detach(key);
      this.texts.push(kept);
      this.textIds.set(kept, id);
    }
    return id;
  }

  private push(k: number, where: Place, row: number, nameHash: number, birth: number, tag: number): void {
    const e = this.size;
    const i = e & IN_CHUNK;
    if (i === 0) this.newChunk();
    const last = this.last;
    if (last === undefined || last.file !== where.file || last.sheet !== where.sheet || last.entity !== where.entity || last.columns !== where.columns) {
      this.newRun(where, e);
    }
    this.keys[i] = k;
    this.rows[i] = row;
    this.names[i] = nameHash;
    this.births[i] = birth;
    if (tag !== 0) {
      if (this.tags === undefined) this.tagChunks[e >>> CHUNK_BITS] = this.tags = new Uint32Array(CHUNK);
      this.tags[i] = tag;
    }
    this.size = e + 1;
  }

  /**
   * Everything logged, to hand over to another thread (check/parallel.ts): the typed arrays go as
   * they are (transferable), not copied. The log is not used again after this.
   */
  state(): DuplicateLogState {
    return {
      size: this.size,
      keys: this.keyChunks,
      rows: this.rowChunks,
      names: this.nameChunks,
      births: this.birthChunks,
      tags: this.tagChunks,
      texts: this.texts,
      places: this.places,
      runStarts: this.runStarts,
      runPlaces: this.runPlaces,
    };
  }

  /**
   * Logs every entry of another log (its `state()`) after this one's, as if its records had been
   * added here one by one: a worker's part of a file, after this thread's part.
   */
  append(other: DuplicateLogState): void {
    let run = 0;
    let place = other.places[other.runPlaces[0]!]!;
    for (let e = 0; e < other.size; e++) {
      if (run + 1 < other.runStarts.length && other.runStarts[run + 1]! <= e) place = other.places[other.runPlaces[++run]!]!;
      const c = e >>> CHUNK_BITS;
      const j = e & IN_CHUNK;
      let k = other.keys[c]![j]!;
      if (k < 0) k = this.textId(other.texts[-k - 1]!);
      this.push(k, place, other.rows[c]![j]!, other.names[c]![j]!, other.births[c]![j]!, other.tags[c]?.[j] ?? 0);
    }
  }

  private newRun(where: Place, entry: number): void {
    const place: Place = { file: where.file, sheet: where.sheet, entity: where.entity, columns: where.columns };
    this.runStarts.push(entry);
    this.runPlaces.push(this.places.length);
    this.places.push(place);
    this.last = place;
  }

  private newChunk(): void {
    this.keyChunks.push((this.keys = new Float64Array(CHUNK)));
    this.rowChunks.push((this.rows = new Int32Array(CHUNK)));
    this.nameChunks.push((this.names = new Uint32Array(CHUNK)));
    this.birthChunks.push((this.births = new Int32Array(CHUNK)));
    this.tagChunks.push((this.tags = undefined));
  }

  private keyOf(entry: number): number {
    return this.keyChunks[entry >>> CHUNK_BITS]![entry & IN_CHUNK]!;
  }

  private rowOf(entry: number): number {
    return this.rowChunks[entry >>> CHUNK_BITS]![entry & IN_CHUNK]!;
  }

  /**
   * Every entry whose key an earlier entry had, in log order, with the first entry of that key
   * (a third occurrence points at the first, as a "seen before?" index answers).
   */
  duplicates(visit: (entry: number, first: number) => void): void {
    const n = this.size;
    if (n < 2) return;
    const keys = new Float64Array(n);
    for (let c = 0; c * CHUNK < n; c++) keys.set(this.keyChunks[c]!.subarray(0, Math.min(CHUNK, n - c * CHUNK)), c * CHUNK);
    const sorted = groupEqual(keys);
    const repeated = new Set<number>();
    // A bit per hash of each repeated key: most entries are unique, and a bit test is far cheaper
    // than asking the Set about a double (≈ 30 ms less per million entries).
    const filter = new Uint32Array(FILTER_WORDS);
    const one = new Float64Array(1);
    const words = new Uint32Array(one.buffer);
    for (let i = 1; i < n; i++) {
      if (sorted[i] === sorted[i - 1] && !repeated.has(sorted[i]!)) {
        repeated.add(sorted[i]!);
        one[0] = sorted[i]!;
        const h = keyBit(words[0]!, words[1]!);
        filter[h >>> 5]! |= 1 << (h & 31);
      }
    }
    if (repeated.size === 0) return;
    const firstOf = new Map<number, number>();
    for (let c = 0; c * CHUNK < n; c++) {
      const chunk = this.keyChunks[c]!;
      const bits = new Uint32Array(chunk.buffer, chunk.byteOffset, 2 * CHUNK);
      const end = Math.min(CHUNK, n - c * CHUNK);
      for (let j = 0; j < end; j++) {
        const h = keyBit(bits[2 * j]!, bits[2 * j + 1]!);
        if ((filter[h >>> 5]! & (1 << (h & 31))) === 0) continue;
        const k = chunk[j]!;
        if (!repeated.has(k)) continue;
        const e = c * CHUNK + j;
        const first = firstOf.get(k);
        if (first === undefined) firstOf.set(k, e);
        else visit(e, first);
      }
    }
  }

  /** The key of an entry as it was logged. */
  key(entry: number): string {
    const k = this.keyOf(entry);
    if (k < 0) return this.texts[-k - 1]!;
    // a digit key: digits × 16 + length (values.ts digitKey), leading zeros restored
    const length = k % 16;
    return String((k - length) / 16).padStart(length, '0');
  }

  /** The place of an entry: the run it falls in (binary search; asked only for duplicates). */
  private placeOf(entry: number): Place {
    const starts = this.runStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= entry) lo = mid;
      else hi = mid - 1;
    }
    return this.places[this.runPlaces[lo]!]!;
  }

  /**
   * The logged record as the rule reports it: position, entity, the table's columns and `field`
   * holding the key (what the rule's finding shows as the value).
   */
  record(entry: number, field: string): RecordRow {
    const place = this.placeOf(entry);
    return {
      entity: place.entity,
      file: place.file,
      sheet: place.sheet,
      row: this.rowOf(entry),
      values: { [field]: this.key(entry) },
      problems: NO_PROBLEMS,
      repairs: NO_REPAIRS,
      columns: place.columns,
    };
  }

  entity(entry: number): EntityName {
    return this.placeOf(entry).entity;
  }

  tag(entry: number): number {
    return this.tagChunks[entry >>> CHUNK_BITS]?.[entry & IN_CHUNK] ?? 0;
  }

  /** Whether two entries came from the same file. */
  sameFile(a: number, b: number): boolean {
    return this.placeOf(a).file === this.placeOf(b).file;
  }

  /** Same name, and the same birth date when both are known. */
  samePerson(a: number, b: number): boolean {
    const at = (chunks: (Int32Array | Uint32Array)[], e: number): number => chunks[e >>> CHUNK_BITS]![e & IN_CHUNK]!;
    if (at(this.nameChunks, a) !== at(this.nameChunks, b)) return false;
    const ba = at(this.birthChunks, a);
    const bb = at(this.birthChunks, b);
    return ba === 0 || bb === 0 || ba === bb;
  }

  /**
   * Data for a message naming the entry's row: otherFile, otherSheet?, otherRow, otherPlace(En).
   * Seen from `from` (the entry the finding is on), the place leaves out what they share: "row 12"
   * in the same sheet, "[Sheet2], row 12" in the same file, the file's path only for another file.
   */
  otherData(entry: number, from?: number): Record<string, string | number> {
    const place = this.placeOf(entry);
    const row = this.rowOf(entry);
    const here = from === undefined ? undefined : this.placeOf(from);
    const where =
      here !== undefined && here.file === place.file
        ? here.sheet === place.sheet || place.sheet === undefined
          ? ''
          : `[${place.sheet}]`
        : place.sheet === undefined
          ? place.file
          : `${place.file} [${place.sheet}]`;
    const prefix = where === '' ? '' : `${where}, `;
    const data: Record<string, string | number> = {
      otherFile: place.file,
      otherRow: row,
      otherPlace: `${prefix}dòng ${row}`,
      otherPlaceEn: `${prefix}row ${row}`,
    };
    if (place.sheet !== undefined) data.otherSheet = place.sheet;
    return data;
  }
}

/** 2^20 bits (128 KB) for the repeated keys of `duplicates`, a few thousand at most in practice. */
const FILTER_BITS = 20;
const FILTER_WORDS = 1 << (FILTER_BITS - 5);

/** The filter bit of a key, from the two 32-bit words of its double. */
function keyBit(a: number, b: number): number {
  return Math.imul(a ^ Math.imul(b, 0x85ebca6b), 0x9e3779b1) >>> (32 - FILTER_BITS);
}

/**
 * `keys` reordered so that equal keys are next to each other (the order itself means nothing): a
 * radix sort of their bit patterns, 4 passes of 16 bits. Keys are never NaN or -0 (digit keys are
 * > 0, text keys < 0), so equal bit patterns are equal keys. On a million keys ≈ 60 ms where the
 * native Float64Array sort took ≈ 110 ms, and validate resolves two such logs at its very end.
 */
export function groupEqual(keys: Float64Array): Float64Array {
  // (on small logs the native sort is quicker than four passes over a 65,536-entry histogram)
  const n = keys.length;
  if (n < 4096) return keys.sort();
  // `keys` is the caller's scratch copy: it is overwritten
  let src: Uint32Array = new Uint32Array(keys.buffer, keys.byteOffset, 2 * n);
  let dst: Uint32Array = new Uint32Array(2 * n);
  const count = new Int32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    // pass 0/1: the halves of a key's first 32-bit word, 2/3: of its second (byte order does not
    // matter: every bit is sorted on, and only equality counts)
    const word = pass >> 1;
    const shift = (pass & 1) * 16;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(src[2 * i + word]! >>> shift) & 0xffff]!++;
    let sum = 0;
    for (let b = 0; b < 65536; b++) {
      const c = count[b]!;
      count[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const lo = src[2 * i]!;
      const hi = src[2 * i + 1]!;
      const d = count[((word === 0 ? lo : hi) >>> shift) & 0xffff]!++;
      dst[2 * d] = lo;
      dst[2 * d + 1] = hi;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return new Float64Array(src.buffer, src.byteOffset, n);
}

/**
 * The finding of DS-001, DS-003 and DS-004 for an entry whose key `first` had: `samePerson` is an
 * error within one file and a warning across files; `differentPeople` keeps the rule's severity.
 */
export function reportDuplicate(
  context: RuleContext,
  log: DuplicateLog,
  entry: number,
  first: number,
  field: string,
  messageId: 'samePerson' | 'differentPeople',
): void {
  context.report({
    messageId,
    record: log.record(entry, field),
    field,
    severity: messageId === 'samePerson' ? (log.sameFile(first, entry) ? 'error' : 'warning') : undefined,
    data: log.otherData(first, entry),
  });
}
