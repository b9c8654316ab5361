/**
 * Compact memory of "where did I see this key first" for cross-file duplicate rules. A million
 * records must fit: per key one Map entry (key → slot) and 12 bytes per slot in typed arrays
 * (row, name hash, birth date) plus a 32-bit tag for the rules that pass one; never the record
 * itself. Locations (file, sheet) are kept as runs of slots: records arrive a table at a time.
 * Keys are detached from the text chunk they were read from (see io/detach.ts).
 */
import type { RecordRow } from '../../io/record.js';
import { detach } from '../../io/detach.js';
import { digitKey } from './values.js';

/**
 * Open-addressing hash table from exact numeric keys (≥ 0) to slots: digit-only IDs (personal IDs,
 * most student codes) never become Map string entries, which keeps a million inserts cheap. The
 * table holds only slot + 1 (0 = empty), 4 bytes an entry at most half full; each key is kept once,
 * by slot (8 bytes): 16 bytes a key where a table of keys and values took 24.
 */
class NumericTable {
  private table = new Int32Array(1 << 12);
  private mask = (1 << 12) - 1;
  private size = 0;
  private slotKeys = new Float64Array(1 << 10);

  private static hash(k: number): number {
    const lo = k % 4294967296 | 0;
    const hi = (k / 4294967296) | 0;
    const h = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1);
    return h ^ (h >>> 15);
  }

  /** Slot of `key`, or -1 after storing `slot` for it. */
  getOrSet(key: number, slot: number): number {
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    const table = this.table;
    const mask = this.mask;
    let i = NumericTable.hash(key) & mask;
    for (;;) {
      const entry = table[i]!;
      if (entry === 0) {
        if (slot >= this.slotKeys.length) this.growKeys(slot);
        this.slotKeys[slot] = key;
        table[i] = slot + 1;
        this.size++;
        return -1;
      }
      if (this.slotKeys[entry - 1] === key) return entry - 1;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.table;
    const capacity = old.length * 2;
    const table = new Int32Array(capacity);
    const mask = capacity - 1;
    for (let j = 0; j < old.length; j++) {
      const entry = old[j]!;
      if (entry === 0) continue;
      let i = NumericTable.hash(this.slotKeys[entry - 1]!) & mask;
      while (table[i] !== 0) i = (i + 1) & mask;
      table[i] = entry;
    }
    this.table = table;
    this.mask = mask;
  }

  private growKeys(slot: number): void {
    let n = this.slotKeys.length * 2;
    while (n <= slot) n *= 2;
    const keys = new Float64Array(n);
    keys.set(this.slotKeys);
    this.slotKeys = keys;
  }
}

export interface SeenPlace {
  file: string;
  sheet?: string | undefined;
  row: number;
}

export class SeenIndex {
  private readonly slots = new Map<string, number>();
  private readonly numeric = new NumericTable();
  private readonly locations: SeenPlace[] = [];
  private readonly locationIndex = new Map<string, number>();
  private lastFile = '';
  private lastSheet: string | undefined = undefined;
  private lastLocation = -1;
  private size = 0;
  /** Slot where each run of one location begins, and that location (ascending slots). */
  private readonly runStarts: number[] = [];
  private readonly runLocations: number[] = [];
  private rows = new Int32Array(1024);
  private names = new Uint32Array(1024);
  /** yyyymmdd; 0 = unknown (birthOf gives a positive integer or NaN). */
  private births = new Int32Array(1024);
  /** Allocated when a rule first passes a tag other than 0. */
  private tags: Uint32Array | undefined;

  get count(): number {
    return this.size;
  }

  /**
   * Remember `key` for `record` if new and return -1; otherwise return the slot of the first
   * record seen with that key. `nameHash`/`birth` fingerprint the person (birth NaN = unknown);
   * `tag` is any extra 32-bit value the rule wants back (e.g. a hash of another identifier).
   */
  firstOrRemember(key: string, record: RecordRow, nameHash: number, birth: number, tag = 0): number {
    const next = this.size;
    const n = digitKey(key);
    if (n >= 0) {
      const slot = this.numeric.getOrSet(n, next);
      if (slot >= 0) return slot;
    } else {
      const slot = this.slots.get(key);
      if (slot !== undefined) return slot;
      this.slots.set(detach(key), next);
    }
    if (next === this.rows.length) this.grow();
    const location = this.location(record);
    const runs = this.runLocations.length;
    if (runs === 0 || this.runLocations[runs - 1] !== location) {
      this.runStarts.push(next);
      this.runLocations.push(location);
    }
    this.rows[next] = record.row;
    this.names[next] = nameHash;
    this.births[next] = Number.isNaN(birth) ? 0 : birth;
    if (tag !== 0) (this.tags ??= new Uint32Array(this.rows.length))[next] = tag;
    this.size = next + 1;
    return -1;
  }

  private grow(): void {
    const n = this.rows.length * 2;
    const rows = new Int32Array(n);
    rows.set(this.rows);
    this.rows = rows;
    const names = new Uint32Array(n);
    names.set(this.names);
    this.names = names;
    const births = new Int32Array(n);
    births.set(this.births);
    this.births = births;
    if (this.tags !== undefined) {
      const tags = new Uint32Array(n);
      tags.set(this.tags);
      this.tags = tags;
    }
  }

  /** The location of a slot: the run it falls in (binary search; asked only for duplicates). */
  private whereOf(slot: number): number {
    const starts = this.runStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= slot) lo = mid;
      else hi = mid - 1;
    }
    return this.runLocations[lo] ?? 0;
  }

  private location(record: RecordRow): number {
    if (record.file === this.lastFile && record.sheet === this.lastSheet && this.lastLocation >= 0) return this.lastLocation;
    const key = record.sheet === undefined ? record.file : `${record.file}\u0000${record.sheet}`;
    let index = this.locationIndex.get(key);
    if (index === undefined) {
      index = this.locations.length;
      this.locations.push({ file: record.file, sheet: record.sheet, row: 0 });
      this.locationIndex.set(key, index);
    }
    this.lastFile = record.file;
    this.lastSheet = record.sheet;
    this.lastLocation = index;
    return index;
  }

  nameHash(slot: number): number {
    return this.names[slot] ?? 0;
  }

  birth(slot: number): number {
    const b = this.births[slot] ?? 0;
    return b === 0 ? NaN : b;
  }

  tag(slot: number): number {
    return this.tags?.[slot] ?? 0;
  }

  /** Whether the first record of `slot` came from the same file as `record`. */
  sameFile(slot: number, record: RecordRow): boolean {
    return this.locations[this.whereOf(slot)]?.file === record.file;
  }

  place(slot: number): SeenPlace {
    const loc = this.locations[this.whereOf(slot)];
    return { file: loc?.file ?? '', sheet: loc?.sheet, row: this.rows[slot] ?? 0 };
  }

  /** Data for a message naming the other row: otherFile, otherSheet?, otherRow, otherPlace(En). */
  otherData(slot: number): Record<string, string | number> {
    const p = this.place(slot);
    const where = p.sheet === undefined ? p.file : `${p.file} [${p.sheet}]`;
    const data: Record<string, string | number> = {
      otherFile: p.file,
      otherRow: p.row,
      otherPlace: `${where}, dòng ${p.row}`,
      otherPlaceEn: `${where}, row ${p.row}`,
    };
    if (p.sheet !== undefined) data.otherSheet = p.sheet;
    return data;
  }

  /** Whether the record is the same person as the first record of `slot`. */
  samePerson(slot: number, nameHash: number, birth: number): boolean {
    return samePerson(this.nameHash(slot), this.birth(slot), nameHash, birth);
  }
}

/**
 * Whether two fingerprints are the same person: same name, and the same birth date when both are
 * known (NaN = unknown).
 */
export function samePerson(nameA: number, birthA: number, nameB: number, birthB: number): boolean {
  if (nameA !== nameB) return false;
  if (Number.isNaN(birthA) || Number.isNaN(birthB)) return true;
  return birthA === birthB;
}
