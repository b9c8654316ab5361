/**
 * One side of a reconciliation held column by column (typed arrays and string arrays, no object
 * per record), so a million rows per side stay within a few hundred MB and the matching loop
 * reads numbers, not properties. Filled from the same readers as `validate` (any xlsx/csv/tsv it
 * reads, with the file, sheet and row number the user sees).
 */
import { coreOf, exactText, firstToken, foldText, lastToken } from './names.js';

/** Interns text values (schools, classes, parents) shared by both sides to small integers; 0 = missing. */
export class Interner {
  private readonly ids = new Map<string, number>();
  entries(): Array<[string, number]> {
    return [...this.ids];
  }
  id(value: string | null | undefined): number {
    if (value === null || value === undefined || value === '') return 0;
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.ids.size + 1;
      this.ids.set(value, id);
    }
    return id;
  }
}

/** A typed array of twice the length holding the same values first. */
export function doubled<T extends Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

export interface TablePosition {
  file: string;
  sheet?: string | undefined;
  /** Students or teachers (the identity map keeps the two apart). */
  entity?: 'student' | 'teacher' | undefined;
}

/** What a reader gives per person row, before it is folded into the columns. */
export interface PersonInput {
  table: number;
  row: number;
  fullName: string | null;
  dateOfBirth: string | null;
  gender: string | null;
  personalId: string | null;
  localId: string | null;
  schoolId: string | null;
  classId: string | null;
  fatherName: string | null;
  motherName: string | null;
  address: string | null;
}

type NumericColumn = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array;
const NUMERIC_COLUMNS = ['tableOf', 'row', 'dob', 'gender', 'school', 'klass', 'father', 'mother', 'address', 'hot', 'pidN', 'foldedH', 'exactH', 'coreH', 'surnameH', 'givenH'] as const;
const STRING_COLUMNS = ['personalId', 'localId', 'displayName', 'exact', 'folded', 'core', 'surname', 'given', 'givenExact', 'schoolText', 'classText', 'dobText'] as const;

export interface TableData {
  label: string;
  n: number;
  tables: TablePosition[];
  numeric: Record<string, NumericColumn>;
  strings: Record<string, string[]>;
  interned: Array<[string, number]>;
}

/** Offsets in `SourceTable.hot`. */
export const HOT = { pid: 0, folded: 1, exact: 2, core: 3, dob: 4, gender: 5, school: 6, klass: 7, father: 8, mother: 9, address: 10, names: 11 } as const;
export const HOT_STRIDE = 12;

export class SourceTable {
  n = 0;
  readonly tables: TablePosition[] = [];
  tableOf = new Uint16Array(1024);
  row = new Int32Array(1024);
  /** yyyymmdd as written (a month above 12 is kept: it tells of a day/month swap); yyyy0000 when only the year is known; 0 unknown. */
  dob = new Int32Array(1024);
  /** 0 unknown, 1 male, 2 female (gender code list). */
  gender = new Uint8Array(1024);
  school = new Int32Array(1024);
  klass = new Int32Array(1024);
  father = new Int32Array(1024);
  mother = new Int32Array(1024);
  address = new Int32Array(1024);
  /**
   * 53-bit hashes of the folded name, the exact name and the core, and 32-bit hashes of the
   * surname and given name: the matching loop compares these numbers (adjacent in memory) instead
   * of chasing two string objects per field, which on a million rows is mostly cache misses.
   * 0 means empty; a collision needs 2^53 tries, far beyond any list.
   */
  /**
   * The fields one pair comparison reads, row-major (HOT_STRIDE doubles a record, see HOT): a pair
   * costs two or three cache lines instead of one miss per column, which dominated the loop.
   */
  hot = new Float64Array(1024 * HOT_STRIDE);
  /** The personal ID as a number (12 digits fit a float64 exactly), −hash for other text, 0 when empty. */
  pidN = new Float64Array(1024);
  foldedH = new Float64Array(1024);
  exactH = new Float64Array(1024);
  coreH = new Float64Array(1024);
  surnameH = new Uint32Array(1024);
  givenH = new Uint32Array(1024);
  personalId: string[] = [];
  localId: string[] = [];
  displayName: string[] = [];
  exact: string[] = [];
  folded: string[] = [];
  core: string[] = [];
  surname: string[] = [];
  given: string[] = [];
  givenExact: string[] = [];
  schoolText: string[] = [];
  classText: string[] = [];
  dobText: string[] = [];

  constructor(readonly label: string, private readonly interner: Interner) {}

  /** The columns as plain data for another thread (typed arrays cut to length and transferred). */
  exportData(): { data: TableData; transfer: ArrayBuffer[] } {
    const numeric: Record<string, NumericColumn> = {};
    const transfer: ArrayBuffer[] = [];
    for (const key of NUMERIC_COLUMNS) {
      const width = key === 'hot' ? HOT_STRIDE : 1;
      const copy = this[key].slice(0, this.n * width);
      numeric[key] = copy;
      transfer.push(copy.buffer as ArrayBuffer);
    }
    const strings: Record<string, string[]> = {};
    for (const key of STRING_COLUMNS) strings[key] = this[key];
    return { data: { label: this.label, n: this.n, tables: this.tables, numeric, strings, interned: this.interner.entries() }, transfer };
  }

  /** A table read by another thread, with its school and class ids renumbered into this interner. */
  static fromData(data: TableData, interner: Interner): SourceTable {
    const t = new SourceTable(data.label, interner);
    t.n = data.n;
    t.tables.push(...data.tables);
    const target = t as unknown as Record<string, unknown>;
    for (const key of NUMERIC_COLUMNS) target[key] = data.numeric[key];
    for (const key of STRING_COLUMNS) target[key] = data.strings[key];
    const map = new Int32Array(data.interned.length + 1);
    for (const [value, id] of data.interned) map[id] = interner.id(value);
    for (let i = 0; i < t.n; i++) {
      t.school[i] = map[t.school[i]!]!;
      t.klass[i] = map[t.klass[i]!]!;
      t.hot[i * HOT_STRIDE + HOT.school] = t.school[i]!;
      t.hot[i * HOT_STRIDE + HOT.klass] = t.klass[i]!;
    }
    return t;
  }

  private grow(): void {
    const g = doubled;
    this.tableOf = g(this.tableOf);
    this.row = g(this.row);
    this.dob = g(this.dob);
    this.gender = g(this.gender);
    this.school = g(this.school);
    this.klass = g(this.klass);
    this.father = g(this.father);
    this.mother = g(this.mother);
    this.address = g(this.address);
    this.hot = g(this.hot);
    this.pidN = g(this.pidN);
    this.foldedH = g(this.foldedH);
    this.exactH = g(this.exactH);
    this.coreH = g(this.coreH);
    this.surnameH = g(this.surnameH);
    this.givenH = g(this.givenH);
  }

  add(p: PersonInput): number {
    const i = this.n;
    if (i === this.row.length) this.grow();
    this.tableOf[i] = p.table;
    this.row[i] = p.row;
    this.dob[i] = parseDob(p.dateOfBirth);
    this.gender[i] = parseGender(p.gender);
    const school = (p.schoolId ?? '').trim();
    const klass = (p.classId ?? '').trim();
    this.school[i] = this.interner.id(school);
    this.klass[i] = klass === '' ? 0 : this.interner.id(`${school}\u0000${klass.toUpperCase()}`);
    this.father[i] = foldHash(p.fatherName);
    this.mother[i] = foldHash(p.motherName);
    this.address[i] = foldHash(p.address);
    // Readers hand NFC text (their unicode-nfc repair); names typed elsewhere are composed here.
    const exact = exactText(p.fullName === null ? '' : p.fullName);
    const folded = foldText(exact);
    const pid = cleanId(p.personalId);
    this.personalId.push(pid);
    this.pidN[i] = pid === '' ? 0 : /^\d{12}$/.test(pid) ? Number(pid) : -hash53(pid);
    this.localId.push(cleanId(p.localId));
    this.displayName.push(p.fullName ?? '');
    const core = coreOf(folded);
    const surname = firstToken(folded);
    const given = lastToken(folded);
    this.exact.push(exact);
    this.folded.push(folded);
    this.core.push(core);
    this.surname.push(surname);
    this.given.push(given);
    this.givenExact.push(lastToken(exact));
    this.foldedH[i] = hash53(folded);
    this.exactH[i] = hash53(exact);
    this.coreH[i] = hash53(core);
    this.surnameH[i] = surname === '' ? 0 : hash32(surname, 0x811c9dc5) || 1;
    this.givenH[i] = given === '' ? 0 : hash32(given, 0x811c9dc5) || 1;
    const h = this.hot;
    const o = i * HOT_STRIDE;
    h[o + HOT.pid] = this.pidN[i]!;
    h[o + HOT.folded] = this.foldedH[i]!;
    h[o + HOT.exact] = this.exactH[i]!;
    h[o + HOT.core] = this.coreH[i]!;
    h[o + HOT.dob] = this.dob[i]!;
    h[o + HOT.gender] = this.gender[i]!;
    h[o + HOT.school] = this.school[i]!;
    h[o + HOT.klass] = this.klass[i]!;
    h[o + HOT.father] = this.father[i]!;
    h[o + HOT.mother] = this.mother[i]!;
    h[o + HOT.address] = this.address[i]!;
    h[o + HOT.names] = this.surnameH[i]! * 4294967296 + this.givenH[i]!;
    this.schoolText.push(school);
    this.classText.push(klass);
    this.dobText.push(p.dateOfBirth ?? '');
    this.n = i + 1;
    return i;
  }

  entity(i: number): 'student' | 'teacher' {
    return this.tables[this.tableOf[i]!]!.entity ?? 'student';
  }

  position(i: number): { file: string; sheet?: string; row: number } {
    const t = this.tables[this.tableOf[i]!]!;
    return t.sheet === undefined ? { file: t.file, row: this.row[i]! } : { file: t.file, sheet: t.sheet, row: this.row[i]! };
  }
}

function hash32(s: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Two independent 32-bit FNV-1a hashes folded into 53 bits (exact in a float64); 0 for "". */
export function hash53(s: string): number {
  if (s === '') return 0;
  return (hash32(s, 0x811c9dc5) * 2097152 + (hash32(s, 0x01000193 ^ 0x9747b28c) & 0x1fffff)) || 1;
}

/** Parents' names and addresses only ever compare equal or not: a 32-bit hash of the folded text (0 = empty). */
function foldHash(v: string | null): number {
  if (v === null || v === '') return 0;
  const f = foldText(v);
  if (f === '') return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < f.length; i++) {
    h ^= f.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 1;
}

function cleanId(v: string | null): string {
  if (v === null) return '';
  return String(v).replace(/[\s.]/g, '');
}

export function parseGender(v: string | null): number {
  if (v === null) return 0;
  const s = String(v).trim().toLowerCase();
  if (s === '1' || s === 'nam' || s === 'm' || s === '01') return 1;
  if (s === '2' || s === 'nữ' || s === 'nu' || s === 'f' || s === '02') return 2;
  return 0;
}

/** ISO dates, dd/mm/yyyy as written (also impossible ones, which tell of a swap), or a bare year. */
export function parseDob(v: string | null): number {
  if (v === null) return 0;
  const s = String(v).trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return Number(m[1]) * 10000 + Number(m[2]) * 100 + Number(m[3]);
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) {
    const d = Number(m[1]);
    const mo = Number(m[2]);
    if (d >= 1 && d <= 31 && mo >= 1 && mo <= 31) return Number(m[3]) * 10000 + mo * 100 + d;
    return 0;
  }
  m = /^(\d{4})$/.exec(s);
  if (m) return Number(m[1]) * 10000;
  return 0;
}
