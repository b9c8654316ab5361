/**
 * Rows per group — one field's value (Mã trường) and the entity — counted on whichever thread
 * checks the row. Import's first reading (store/import.ts) counts each school's person rows so
 * that its second reading knows when a school's last row has been read; with the count made here
 * rather than in a per-record callback, that first reading can use the two-thread path
 * (check/parallel.ts): the worker counts its part from the same spec (plain data: functions do not
 * cross threads) and hands its counts over with its other state.
 */
import { idText, type FieldValue, type RecordRow } from '../io/record.js';

export interface GroupCountSpec {
  /** The record field that names the group (e.g. schoolId). */
  field: string;
  /** Only records of these entities are counted. */
  entities: readonly string[];
  /** The group of a record whose field is empty (`import --school`). */
  fallback?: string | undefined;
}

/** Where the first record without a group was: import refuses it by name. */
export interface UngroupedRecord {
  file: string;
  sheet?: string | undefined;
  row: number;
}

/** A count as it crosses threads (structured clone: arrays, not a Map of objects). */
export interface GroupCountState {
  keys: string[];
  rows: number[];
  ungrouped?: UngroupedRecord | undefined;
}

export class GroupCount {
  /** Rows per group key (`${value}\u0000${entity}`); the objects are the caller's to count down. */
  readonly counts = new Map<string, { rows: number }>();
  ungrouped: UngroupedRecord | undefined;
  private readonly entities: ReadonlySet<string>;
  // Rows come group by group: the last group is remembered, so a run of rows of one school builds
  // its key and looks it up once, not once per row of a million.
  private lastValue: FieldValue | undefined;
  private lastEntity: string | undefined;
  private last: { rows: number } | undefined;

  constructor(readonly spec: GroupCountSpec) {
    this.entities = new Set(spec.entities);
  }

  /** The group of `r`, or undefined when it has none (no value and no fallback). */
  keyOf(r: RecordRow): string | undefined {
    const value = idText(r.values[this.spec.field]) ?? this.spec.fallback;
    return value === undefined || value === '' ? undefined : `${value}\u0000${r.entity}`;
  }

  add(r: RecordRow): void {
    if (!this.entities.has(r.entity)) return;
    const value = r.values[this.spec.field];
    if (this.last !== undefined && r.entity === this.lastEntity && value === this.lastValue) {
      this.last.rows++;
      return;
    }
    const key = this.keyOf(r);
    if (key === undefined) {
      this.ungrouped ??= { file: r.file, sheet: r.sheet, row: r.row };
      return;
    }
    let count = this.counts.get(key);
    if (count === undefined) this.counts.set(key, (count = { rows: 0 }));
    count.rows++;
    this.last = count;
    this.lastValue = value;
    this.lastEntity = r.entity;
  }

  state(): GroupCountState {
    const keys: string[] = [];
    const rows: number[] = [];
    for (const [key, count] of this.counts) {
      keys.push(key);
      rows.push(count.rows);
    }
    return { keys, rows, ungrouped: this.ungrouped };
  }

  /** Adds the counts of a later part of the input (the worker's); the first ungrouped record stays first. */
  merge(state: GroupCountState): void {
    for (let i = 0; i < state.keys.length; i++) {
      const key = state.keys[i]!;
      const count = this.counts.get(key);
      if (count === undefined) this.counts.set(key, { rows: state.rows[i]! });
      else count.rows += state.rows[i]!;
    }
    this.ungrouped ??= state.ungrouped;
    this.last = undefined;
  }
}
