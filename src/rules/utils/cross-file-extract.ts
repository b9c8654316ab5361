/**
 * Cross-file extracts: what the two-thread path (check/parallel.ts) sends from a worker to the main
 * thread so that the cross-file rules (DS-001…DS-004), which must see every record of the run in
 * file order, can run on the main thread without the worker's full records.
 *
 * An extract is a RecordRow holding only the values below, the table's shared `columns`, the
 * position (file, sheet, row) and, instead of the full name, its hash (`nameHash`). That is enough
 * only because the cross-file rules read nothing else: CROSS_FILE_READS lists what each one reads,
 * and test/rules/cross-file-extract.test.ts checks both that they read nothing more and that they
 * report the same findings on extracts as on full records. A new cross-file rule that reads another
 * field must be added there, and here.
 *
 * Extracts travel as one string per batch (fields split by U+001F, records by U+001E): ids, codes
 * and dates are ASCII, so a batch of 10 000 is a ≈ 450 kB one-byte string, where as many small
 * objects would take several times that on the main thread's heap while they wait their turn.
 */
import type { FieldValue, RecordRow, ValueProblem } from '../../io/record.js';
import type { LoadedSchemas } from '../../schema/load.js';
import { personalIdFields } from './cccd.js';
import { hashLower, isBlank, type EntityName } from './values.js';

/**
 * Per cross-file rule, what it reads of a record besides entity, file, sheet, row and columns:
 * field keys of `values`; `$personalId` = every personal-ID field (its value and whether it has a
 * read problem); `fullName#` = only the hash of the full name (utils/person.ts nameHashOf).
 */
export const CROSS_FILE_READS: Readonly<Record<string, readonly string[]>> = {
  'DS-001': ['$personalId', 'fullName#', 'dateOfBirth'],
  'DS-002': ['$personalId', 'studentId', 'staffId', 'fullName', 'dateOfBirth', 'classId'],
  'DS-003': ['studentId', '$personalId', 'fullName#', 'dateOfBirth'],
  'DS-004': ['staffId', '$personalId', 'fullName#', 'dateOfBirth'],
};

/** Always carried. */
const CODE_KEYS = ['studentId', 'staffId', 'dateOfBirth'];
/**
 * Carried only for rows DS-002 looks at: no personal ID and no own code (student: studentId,
 * teacher: staffId). Every other rule uses the name's hash only.
 */
const NO_ID_KEYS = ['fullName', 'classId'];

const FS = '\u001f';
const RS = '\u001e';
/** Stands for "has a read problem": twelveDigitId only asks whether there is one. */
const PROBLEM: ValueProblem = Object.freeze({ kind: 'not-digits' }) as ValueProblem;
const NO_PROBLEMS: Record<string, ValueProblem> = Object.freeze({}) as Record<string, ValueProblem>;
const NO_REPAIRS = Object.freeze([]) as unknown as RecordRow['repairs'];

function encodeValue(v: FieldValue | undefined): string {
  if (v === undefined) return 'u';
  if (v === null) return 'n';
  if (typeof v === 'string') return hasSeparator(v) ? `j${JSON.stringify(v)}` : `s${v}`;
  if (typeof v === 'number') return `d${String(v)}`;
  return v ? 't' : 'f';
}

/** Whether `v` holds FS or RS (one scan). */
function hasSeparator(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 0x1f || c === 0x1e) return true;
  }
  return false;
}

/** FS and the encoded value: a plain string is appended behind its tag without a tagged copy first. */
function field(v: FieldValue | undefined): string {
  return typeof v === 'string' && !hasSeparator(v) ? `${FS}s${v}` : FS + encodeValue(v);
}

function decodeValue(s: string): FieldValue | undefined {
  const tag = s.charCodeAt(0);
  if (tag === 115) return s.slice(1); // s
  if (tag === 110) return null; // n
  if (tag === 117) return undefined; // u
  if (tag === 100) return Number(s.slice(1)); // d
  if (tag === 106) return JSON.parse(s.slice(1)) as string; // j
  return tag === 116; // t / f
}

/** The decimal integer (≥ 0) written at `pos` of `s` (row numbers, hashes, masks). */
function readUint(s: string, pos: number): number {
  let n = 0;
  for (;;) {
    const c = s.charCodeAt(pos++) - 48;
    if (c < 0 || c > 9) return n;
    n = n * 10 + c;
  }
}

/** `decodeValue` of the field `s[start, end)`, without copying the field first. */
function decodeField(s: string, start: number, end: number): FieldValue | undefined {
  const tag = s.charCodeAt(start);
  if (tag === 115) return s.slice(start + 1, end); // s
  if (tag === 117) return undefined; // u
  return decodeValue(s.slice(start, end));
}

export interface ExtractCodec {
  /** The extract of `record`, to append to a batch string. */
  encode(record: RecordRow): string;
  /** The extracts of a batch string, as RecordRows of the given table. */
  decode(batch: string, table: { entity: EntityName; file: string; sheet?: string | undefined; columns: Readonly<Record<string, string>> }): RecordRow[];
}

export function createExtractCodec(schemas: LoadedSchemas): ExtractCodec {
  const pidFields = personalIdFields(schemas);
  const keysOf = (entity: EntityName): string[] => [...pidFields(entity), ...CODE_KEYS];
  const cache = new Map<EntityName, string[]>();
  const keys = (entity: EntityName): string[] => {
    let k = cache.get(entity);
    if (k === undefined) cache.set(entity, (k = keysOf(entity)));
    return k;
  };
  // Every key a decoded extract may carry, in wire order: built once per entity, not per record.
  const allCache = new Map<EntityName, string[]>();
  const allKeys = (entity: EntityName): string[] => {
    let k = allCache.get(entity);
    if (k === undefined) allCache.set(entity, (k = [...keys(entity), ...NO_ID_KEYS]));
    return k;
  };
  return {
    encode(record) {
      // One string built by concatenation, without a parts array or a tagged copy of each value
      // (micro-bench of 414 k extracts: 180–270 ms, where pushing every piece to the batch and
      // joining there took 525 ms).
      const values = record.values;
      const pids = pidFields(record.entity);
      let mask = 0;
      for (let i = 0; i < pids.length; i++) if (record.problems[pids[i]!] !== undefined) mask |= 1 << i;
      const name = values.fullName;
      const hash = typeof name === 'string' && name.length > 0 ? hashLower(name) : 0;
      let s = `${record.row}${FS}${hash}${FS}${mask}`;
      const entityKeys = keys(record.entity);
      for (let i = 0; i < entityKeys.length; i++) s += field(values[entityKeys[i]!]);
      const pidKey = pids[0];
      const own = record.entity === 'student' ? values.studentId : values.staffId;
      const noId = (pidKey === undefined || isBlank(values[pidKey] ?? null)) && isBlank(own ?? null);
      for (const key of NO_ID_KEYS) s += noId ? field(values[key]) : `${FS}u`;
      return s + RS;
    },
    decode(batch, table) {
      // One scan over the batch: each value is sliced once from the batch itself (no per-record
      // substring, split array or tag-stripping copy), numbers are read in place.
      const out: RecordRow[] = [];
      const all = allKeys(table.entity);
      const pids = pidFields(table.entity);
      const fields = all.length + 3;
      let pos = 0;
      const length = batch.length;
      while (pos < length) {
        const row = readUint(batch, pos);
        pos = batch.indexOf(FS, pos) + 1;
        const nameHash = readUint(batch, pos);
        pos = batch.indexOf(FS, pos) + 1;
        const mask = readUint(batch, pos);
        pos = batch.indexOf(FS, pos) + 1;
        const values: Record<string, FieldValue> = {};
        for (let i = 3; i < fields; i++) {
          // the last field ends at RS; a `j` (JSON) value never holds FS or RS, it escapes them
          let end = i === fields - 1 ? batch.indexOf(RS, pos) : batch.indexOf(FS, pos);
          if (end < 0) end = length;
          const v = decodeField(batch, pos, end);
          if (v !== undefined) values[all[i - 3]!] = v;
          pos = end + 1;
        }
        let problems = NO_PROBLEMS;
        if (mask !== 0) {
          problems = {};
          for (let i = 0; i < pids.length; i++) if ((mask & (1 << i)) !== 0) problems[pids[i]!] = PROBLEM;
        }
        out.push({
          entity: table.entity,
          file: table.file,
          sheet: table.sheet,
          row,
          values,
          problems,
          repairs: NO_REPAIRS,
          columns: table.columns,
          nameHash,
        });
      }
      return out;
    },
  };
}
