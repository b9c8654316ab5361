/**
 * `edusync generate`: seeded synthetic schools, classes, students, teachers and results, written
 * as xlsx/csv/tsv in a plain or a "messy" (real-world Excel) layout, with optional planted defects
 * and a truth file that lists every defect and every repair the messy layout makes necessary.
 * Same options + seed → byte-identical files. See `truth.ts` for the truth file.
 */
import { mkdir, writeFile, chmod } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadSchemas, type LoadedSchemas } from '../schema/load.js';
import { foldKey } from '../schema/fold.js';
import { UsageError } from '../errors.js';
import { Rng, hashString } from './random.js';
import { CodeLabels, FieldLabels, resolveTable, type ResolvedTable } from './columns.js';
import {
  CccdAllocator,
  addDays,
  addYears,
  excelSerial,
  formatDmy,
  isYmd,
  mobilePhone,
  randomDateBetween,
  randomDateInYear,
  type Ymd,
} from './people.js';
import { familySurname, personName, twinName, type Gender } from './names.js';
import { GRADES, birthProvince, classIdFor, ethnicTable, makeSchool, type ClassInfo, type Level, type PlanContext, type School, type Teacher } from './schools.js';
import { PROVINCES } from './geo.js';
import { encodeTcvn3, encodeVni, tcvn3Encodable } from './encodings.js';
import {
  BAD_ETHNICITIES,
  BAD_GENDERS,
  ENTITY_DEFECTS,
  badCccd,
  badEmail,
  badPhone,
  futureDate,
  impossibleDate,
  isDefectKind,
  notADate,
  tooLongName,
  type CccdDefect,
} from './defects.js';
import type { Cell, Format, Layout, TableSpec, TableWriter } from './table.js';
import { TextTableWriter } from './write-text.js';
import { XlsxTableWriter } from './write-xlsx.js';
import {
  DEFECT_KINDS,
  type DefectKind,
  type EntityName,
  type Truth,
  type TruthDefect,
  type TruthFile,
  type TruthLookalike,
  type TruthRepair,
} from './truth.js';

export { DEFECT_KINDS, REPAIR_KINDS } from './truth.js';
export type { DefectKind, RepairKind, Truth, TruthDefect, TruthRepair, TruthFile } from './truth.js';

export type EntityOption = 'schools' | 'classes' | 'students' | 'teachers' | 'results';

export interface GenerateOptions {
  /** Same seed → byte-identical output. */
  seed: number;
  outDir: string;
  /** Number of schools (default 1). With `rows`, a minimum: more schools are added to hold the rows. */
  schools: number;
  /** Default 2. */
  classesPerGrade?: number;
  /** Default 35 (varied by about ±12 %). */
  studentsPerClass?: number;
  level: Level;
  /** Exact number of student rows in total; one file per entity instead of one per school. */
  rows?: number;
  entities: EntityOption[];
  format: Format;
  layout: Layout;
  /** Fraction of rows (0..1) that get one defect each; kinds default = all that apply to the entity. */
  defects?: { rate: number; kinds?: DefectKind[] };
  /** Default '2025-2026'; ages are counted on 30/9 of the first year. */
  schoolYear?: string;
  /** Restrict schools to these pre-2025 province codes (2 digits, e.g. ['02', '66', '94']). */
  provinces?: string[];
  /** Schema folder (default: the one shipped with edusync). */
  schemasDir?: string;
}

export interface GenerateResult {
  files: string[];
  truthFile: string;
  counts: Record<string, number>;
}

const ENTITY_OF: Record<EntityOption, EntityName> = {
  schools: 'school',
  classes: 'class',
  students: 'student',
  teachers: 'teacher',
  results: 'result',
};
const FILE_SUFFIX: Record<EntityName, string> = { student: 'hoc-sinh', teacher: 'giao-vien', class: 'lop', result: 'ket-qua', school: 'truong' };
const EXTENSION: Record<Format, string> = { xlsx: 'xlsx', csv: 'csv', 'csv-semicolon-bom': 'csv', 'tsv-utf16': 'txt' };
const TITLE: Record<EntityName, string> = {
  student: 'DANH SÁCH HỌC SINH',
  teacher: 'DANH SÁCH CÁN BỘ, GIÁO VIÊN',
  class: 'DANH SÁCH LỚP HỌC',
  school: 'DANH SÁCH TRƯỜNG HỌC',
  result: 'KẾT QUẢ HỌC TẬP VÀ RÈN LUYỆN',
};
const ETHNIC_FALLBACK: Record<string, string> = {
  '01': 'Kinh', '02': 'Tày', '03': 'Thái', '04': 'Hoa', '05': 'Khơ-me', '06': 'Mường', '07': 'Nùng', '08': 'HMông', '09': 'Dao',
  '10': 'Gia-rai', '12': 'Ê-đê', '13': 'Ba-na', '14': 'Xơ-Đăng', '15': 'Sán Chay', '16': 'Cơ-ho', '17': 'Chăm', '18': 'Sán Dìu',
  '19': 'Hrê', '20': 'Mnông', '21': 'Ra-glai', '22': 'Xtiêng', '23': 'Bru-Vân Kiều', '25': 'Giáy', '26': 'Cơ-tu', '27': 'Gié Triêng',
  '28': 'Mạ', '29': 'Khơ-mú', '30': 'Co', '31': 'Tà-ôi', '32': 'Chơ-ro', '35': 'Hà Nhì', '36': 'Chu-ru', '37': 'Lào', '40': 'Phù Lá',
  '43': 'Lô Lô', '52': 'Brâu', '54': 'Rơ Măm',
};
const STATUS_FALLBACK: Record<string, string> = {
  '01': 'Đang học', '02': 'Chuyển đến kỳ 1', '03': 'Nghỉ học xin học lại kỳ 1', '04': 'Chuyển đi kỳ 1', '05': 'Thôi học kỳ 1',
};
const DROPOUT_FALLBACK: Record<string, string> = {
  '01': 'Hoàn cảnh kinh tế gia đình khó khăn', '02': 'Học lực yếu kém', '03': 'Xa trường, đi lại khó khăn', '06': 'Nguyên nhân khác', '08': 'Chuyển sang học nghề',
};
const ACTIVE_STATUSES = new Set(['01', '02', '03']);
const NAME_FIELDS = new Set(['fullName', 'fatherName', 'motherName']);
const ZERO_FIELDS = new Set(['personalId', 'contactPhone', 'fatherPhone', 'motherPhone', 'mobile', 'socialInsuranceNo']);
/** Yes/no as the readers take them (src/io/repair/booleans.ts); required booleans need a word for "no" too. */
const YES = 'Có';
const NO = 'Không';
const TERMS: ReadonlyArray<readonly [string, string]> = [['1', 'Học kỳ I'], ['2', 'Học kỳ II']];
/** TT 27/2020 subject levels: [code, label] in primary-subject-level-tt27. */
const TT27_LEVEL = { T: ['T', 'Hoàn thành tốt'], H: ['H', 'Hoàn thành'], C: ['C', 'Chưa hoàn thành'] } as const;

/** A row's cells in column order; columns the schema added get their fixed value. */
function rowCells(table: ResolvedTable, values: Record<string, Cell>): Cell[] {
  const cols = table.columns;
  const cells: Cell[] = new Array<Cell>(cols.length);
  for (let i = 0; i < cols.length; i++) {
    const col = cols[i] as (typeof cols)[number];
    const v = col.fixed !== undefined ? col.fixed : values[col.key] ?? null;
    cells[i] = isYmd(v) ? formatDmy(v) : v;
  }
  return cells;
}

interface Parent {
  name: string;
  year: number;
  phone: string;
}

interface StudentBase {
  school: School;
  cls: ClassInfo;
  studentId: string;
  fullName: string;
  surname: string;
  gender: Gender;
  ethnicity: string;
  dob: Ymd;
  birthProvince: string;
  personalId: string;
  status: string;
  statusDate: Ymd;
  dropoutReason: string | null;
  contactPhone: string;
  address: string;
  father: Parent | null;
  mother: Parent | null;
}

interface Donor {
  values: Record<string, Cell>;
  row: number;
  gender: Gender;
  year: number;
}

interface PoolEntry {
  grade: number;
  base: StudentBase;
  file: string;
  row: number;
}

function validate(o: GenerateOptions): void {
  const fail = (vi: string, en: string): never => {
    throw new UsageError({ vi, en });
  };
  if (!Number.isInteger(o.seed)) fail('seed phải là số nguyên.', 'seed must be an integer.');
  if (!o.outDir) fail('Thiếu thư mục đầu ra.', 'outDir is required.');
  if (!Number.isInteger(o.schools) || o.schools < 1) fail('Số trường phải ≥ 1.', 'schools must be an integer ≥ 1.');
  if (!['TH', 'THCS', 'THPT'].includes(o.level)) fail(`Cấp học không hợp lệ: ${o.level}`, `Unknown level: ${o.level}`);
  if (!['xlsx', 'csv', 'csv-semicolon-bom', 'tsv-utf16'].includes(o.format)) fail(`Định dạng không hợp lệ: ${o.format}`, `Unknown format: ${o.format}`);
  if (!['plain', 'messy'].includes(o.layout)) fail(`Bố cục không hợp lệ: ${o.layout}`, `Unknown layout: ${o.layout}`);
  if (!Array.isArray(o.entities) || o.entities.length === 0) fail('Cần ít nhất một loại dữ liệu.', 'entities must not be empty.');
  for (const e of o.entities) if (!(e in ENTITY_OF)) fail(`Loại dữ liệu không hợp lệ: ${e}`, `Unknown entity: ${e}`);
  if (o.rows !== undefined && (!Number.isInteger(o.rows) || o.rows < 1)) fail('rows phải là số nguyên ≥ 1.', 'rows must be an integer ≥ 1.');
  for (const [k, v] of [['classesPerGrade', o.classesPerGrade], ['studentsPerClass', o.studentsPerClass]] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 1)) fail(`${k} phải là số nguyên ≥ 1.`, `${k} must be an integer ≥ 1.`);
  }
  if (o.defects) {
    if (!(o.defects.rate >= 0 && o.defects.rate <= 1)) fail('Tỉ lệ lỗi phải trong [0, 1].', 'defects.rate must be within [0, 1].');
    for (const k of o.defects.kinds ?? []) if (!isDefectKind(k)) fail(`Loại lỗi không hợp lệ: ${k}`, `Unknown defect kind: ${k}`);
  }
  if (o.schoolYear !== undefined) {
    const m = /^(\d{4})-(\d{4})$/.exec(o.schoolYear);
    if (!m || Number(m[2]) !== Number(m[1]) + 1) fail(`Năm học không hợp lệ: ${o.schoolYear}`, `Invalid school year: ${o.schoolYear}`);
  }
  for (const p of o.provinces ?? []) {
    if (!PROVINCES.some((x) => x.code === p)) fail(`Mã tỉnh không hợp lệ: ${p}`, `Unknown province code: ${p}`);
  }
}

/** Latin-1 letters that Unicode Vietnamese also uses: legacy text made only of these is ambiguous. */
const VIETNAMESE_LATIN1 = new Set([...'àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ']);
/** Groups whose names are all Vietnamese syllables (Kinh, Tày, Thái, Hoa, Mường, Nùng). */
const SYLLABIC_NAMES = new Set(['01', '02', '03', '04', '06', '07']);

/**
 * Whether a legacy-encoded name can be told from real Vietnamese at all: the encoded text has a
 * character Vietnamese never uses (otherwise "A Trúc" → TCVN3 "A Tróc" is just another name), and
 * the original is made of Vietnamese syllables a decoder can recognise (not "Y Wiêt Ktla").
 */
function recognisableLegacy(encoded: string, ethnicity: string): boolean {
  if (!SYLLABIC_NAMES.has(ethnicity)) return false;
  for (const ch of encoded) {
    const c = ch.charCodeAt(0);
    if (c >= 0x80 && !VIETNAMESE_LATIN1.has(ch)) return true;
  }
  return false;
}

function cellText(v: Cell | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  if (isYmd(v)) return formatDmy(v);
  return v;
}

class Generator {
  readonly startYear: number;
  readonly reference: Ymd;
  readonly rowsMode: boolean;
  readonly labels: CodeLabels;
  readonly tables: Record<EntityName, ResolvedTable>;
  readonly wanted: Set<EntityName>;
  readonly defectKinds: Set<DefectKind>;
  readonly rate: number;
  readonly ctx: PlanContext;
  readonly root: Rng;
  readonly defects: TruthDefect[] = [];
  readonly repairs: TruthRepair[] = [];
  readonly lookalikes: TruthLookalike[] = [];
  readonly files: TruthFile[] = [];
  readonly counts: Record<string, number> = { schools: 0, classes: 0, students: 0, teachers: 0, results: 0 };
  private readonly writers = new Map<string, TableWriter>();
  private readonly donors = new Map<string, Donor[]>();
  private readonly pool: PoolEntry[] = [];
  private studentCounter = 0;
  private readonly studentSalt: number;
  private readonly xlsx: boolean;
  private readonly messy: boolean;
  /** Per-field code-list labels, cached by code (the student loop runs a million times). */
  private readonly lab: Record<EntityName, (key: string, defaultList?: string) => FieldLabels>;
  /** Planted bad codes: only values the loaded code list really lacks (a list may alias "Trai" to Nam). */
  private readonly badGenders: readonly string[];
  private readonly badEthnicities: readonly string[];

  constructor(
    readonly o: GenerateOptions,
    readonly outDir: string,
    schemas: LoadedSchemas | undefined,
  ) {
    this.startYear = Number((o.schoolYear ?? '2025-2026').slice(0, 4));
    this.reference = { y: this.startYear, m: 9, d: 30 };
    this.rowsMode = o.rows !== undefined;
    this.labels = new CodeLabels(schemas);
    this.tables = {
      student: resolveTable(schemas, 'student', o.level),
      teacher: resolveTable(schemas, 'teacher', o.level),
      class: resolveTable(schemas, 'class', o.level),
      school: resolveTable(schemas, 'school', o.level),
      result: resolveTable(schemas, 'result', o.level),
    };
    const labelsOf = (entity: EntityName): ((key: string, defaultList?: string) => FieldLabels) => {
      const cache = new Map<string, FieldLabels>();
      return (key, defaultList) => {
        let l = cache.get(key);
        if (!l) {
          l = new FieldLabels(this.labels, this.tables[entity].field(key)?.codeList ?? defaultList);
          cache.set(key, l);
        }
        return l;
      };
    };
    const notIn = (listName: string, values: readonly string[]): readonly string[] => {
      const list = schemas?.codeLists.get(listName);
      if (!list) return values;
      const codes = list.list.values.map((v) => v.code);
      const known = (v: string): boolean =>
        list.byCode.has(v) || list.byLabel.has(foldKey(v)) || codes.some((c) => c.toUpperCase() === v.toUpperCase() || (/^\d+$/.test(c) && /^\d+$/.test(v) && Number(c) === Number(v)));
      const bad = values.filter((v) => !known(v));
      return bad.length > 0 ? bad : ['???'];
    };
    this.badGenders = notIn(this.tables.student.field('genderCode')?.codeList ?? 'gender', BAD_GENDERS);
    this.badEthnicities = notIn(this.tables.student.field('ethnicityCode')?.codeList ?? 'ethnicity', BAD_ETHNICITIES);
    this.lab = { student: labelsOf('student'), teacher: labelsOf('teacher'), class: labelsOf('class'), school: labelsOf('school'), result: labelsOf('result') };
    this.wanted = new Set(o.entities.map((e) => ENTITY_OF[e]));
    this.defectKinds = new Set(o.defects?.kinds ?? DEFECT_KINDS);
    this.rate = o.defects?.rate ?? 0;
    const merged = new Map<string, string>();
    for (const p of schemas?.provinces.values ?? []) if (p.mergedInto) merged.set(p.code, p.mergedInto);
    if (merged.size === 0) {
      // Built-in copy of identifiers.md §1.2 for when schemas cannot be loaded.
      const m: Record<string, string> = { '02': '08', '06': '19', '10': '15', '17': '25', '26': '25', '27': '24', '30': '31', '34': '33', '35': '37', '36': '37', '45': '44', '49': '48', '52': '52', '54': '66', '58': '56', '60': '68', '62': '51', '64': '52', '67': '68', '70': '75', '72': '80', '74': '79', '77': '79', '82': '82', '83': '86', '84': '86', '87': '82', '89': '91', '93': '92', '94': '92', '95': '96' };
      for (const [k, v] of Object.entries(m)) merged.set(k, v);
    }
    this.ctx = { level: o.level, startYear: this.startYear, reference: this.reference, cccd: new CccdAllocator(o.seed), merged, usedSchoolIds: new Set() };
    this.root = new Rng(o.seed);
    this.studentSalt = hashString(`student:${o.seed}`) % 100_000_000;
    this.xlsx = o.format === 'xlsx';
    this.messy = o.layout === 'messy';
  }

  // ---------------------------------------------------------------- writers

  private async writer(entity: EntityName, school: School, signer: School): Promise<TableWriter> {
    const shared = this.rowsMode || entity === 'school';
    const key = shared ? entity : `${entity}:${school.schoolId}`;
    const existing = this.writers.get(key);
    if (existing) return existing;
    const name = `${shared ? '' : `${school.schoolId}-`}${FILE_SUFFIX[entity]}.${EXTENSION[this.o.format]}`;
    const table = this.tables[entity];
    const principal = signer.teachers[0];
    const clerk = signer.teachers[1] ?? principal;
    const spec: TableSpec = {
      path: join(this.outDir, name),
      name,
      entity,
      format: this.o.format,
      layout: this.o.layout,
      schema: table.schema,
      columns: table.columns,
      titles: [
        `SỞ GIÁO DỤC VÀ ĐÀO TẠO ${signer.newName.toUpperCase()}`,
        shared ? `CẤP ${this.o.level === 'TH' ? 'TIỂU HỌC' : this.o.level}` : signer.name.toUpperCase(),
        `${TITLE[entity]} NĂM HỌC ${this.o.schoolYear ?? '2025-2026'}`,
      ],
      footer: {
        dateLine: `Ngày 15 tháng 9 năm ${this.startYear}`,
        leftRole: 'Người lập biểu',
        rightRole: 'Hiệu trưởng',
        leftName: clerk?.fullName ?? '',
        rightName: principal?.fullName ?? '',
      },
    };
    const w = this.xlsx ? new XlsxTableWriter(spec) : new TextTableWriter(spec);
    this.writers.set(key, w);
    return w;
  }

  private async closeWriter(key: string): Promise<void> {
    const w = this.writers.get(key);
    if (!w) return;
    this.writers.delete(key);
    this.donors.delete(w.name);
    this.files.push(await w.close());
  }

  private async closeSchoolWriters(school: School): Promise<void> {
    for (const entity of ['teacher', 'class', 'student', 'result'] as const) await this.closeWriter(`${entity}:${school.schoolId}`);
  }

  // ---------------------------------------------------------------- presentation

  /** Cells of a clean row as the layout writes them, recording the repairs that makes necessary. */
  private present(rng: Rng, table: ResolvedTable, values: Record<string, Cell>, w: TableWriter, clean: boolean, ethnicity = '01'): Cell[] {
    const cells: Cell[] = [];
    if (!clean || !this.messy) return rowCells(table, values);
    const row = w.nextRow;
    for (const col of table.columns) {
      let v: Cell = col.fixed !== undefined ? col.fixed : values[col.key] ?? null;
      if (v === null || v === '') {
        if (isYmd(v)) v = formatDmy(v);
        cells.push(v);
        continue;
      }
      const key = col.key;
      const repair = (kind: TruthRepair['kind'], written: string | number, expected: string): void => {
        const r: TruthRepair = { kind, file: w.name, row, field: key, value: written, expected };
        if (w.sheet !== undefined) r.sheet = w.sheet;
        this.repairs.push(r);
      };
      if (isYmd(v)) {
        const x = rng.next();
        if (x < 0.3) {
          const serial = excelSerial(v);
          repair('excel-serial-date', this.xlsx ? serial : String(serial), formatDmy(v));
          v = this.xlsx ? serial : String(serial);
        } else if (!(this.xlsx && x < 0.6)) v = formatDmy(v);
      } else if (ZERO_FIELDS.has(key) && typeof v === 'string' && /^0\d+$/.test(v) && rng.chance(0.25)) {
        const stripped = v.replace(/^0+/, '');
        const written = this.xlsx ? Number(stripped) : stripped;
        repair('leading-zero', written, v);
        v = written;
      } else if (NAME_FIELDS.has(key) && typeof v === 'string') {
        const x = rng.next();
        const nfd = v.normalize('NFD');
        if (x < (this.xlsx ? 0.05 : 0.08) && nfd !== v) {
          repair('unicode-nfc', nfd, v);
          v = nfd;
        } else if (this.xlsx && key === 'fullName' && x < 0.09) {
          const enc = encodeTcvn3(v);
          if (tcvn3Encodable(v) && enc !== v && recognisableLegacy(enc, ethnicity)) {
            repair('legacy-encoding-tcvn3', enc, v);
            v = enc;
          }
        } else if (this.xlsx && key === 'fullName' && x < 0.13) {
          const enc = encodeVni(v);
          if (enc !== v && recognisableLegacy(enc, ethnicity)) {
            repair('legacy-encoding-vni', enc, v);
            v = enc;
          }
        }
      }
      cells.push(v);
    }
    return cells;
  }

  private recordDefect(entity: EntityName, w: TableWriter, kind: DefectKind, field: string, value: Cell, relatedRow?: number): void {
    const d: TruthDefect = { kind, entity, file: w.name, row: w.nextRow, field, value: cellText(value) };
    if (w.sheet !== undefined) d.sheet = w.sheet;
    if (relatedRow !== undefined) d.relatedRow = relatedRow;
    this.defects.push(d);
  }

  private applicable(entity: EntityName): DefectKind[] {
    return ENTITY_DEFECTS[entity].filter((k) => this.defectKinds.has(k));
  }

  private pickDefect(rng: Rng, kinds: DefectKind[], feasible: (k: DefectKind) => boolean): DefectKind | null {
    if (kinds.length === 0 || this.rate <= 0 || !rng.chance(this.rate)) return null;
    for (let i = 0; i < 8; i++) {
      const k = rng.pick(kinds);
      if (feasible(k)) return k;
    }
    return kinds.find(feasible) ?? null;
  }

  /** Required fields of `table` that may be blanked (required per the loaded schema, or by default). */
  private requiredCandidates(table: ResolvedTable, keys: string[]): string[] {
    return keys.filter((k) => table.has(k) && (table.schema === 'fallback' || table.field(k)?.required === true));
  }

  private codeField(table: ResolvedTable, key: string): boolean {
    return table.has(key) && (table.schema === 'fallback' || table.field(key)?.type === 'code');
  }

  private maxLength(table: ResolvedTable, key: string): number {
    const f = table.field(key);
    return f?.maxLengthByLevel?.[this.o.level] ?? f?.maxLength ?? 50;
  }

  // ---------------------------------------------------------------- entities

  async run(): Promise<void> {
    const o = this.o;
    const grades = GRADES[o.level];
    const cpg = o.classesPerGrade ?? 2;
    const spc = o.studentsPerClass ?? 35;
    const perSchoolClasses = grades.length * cpg;
    const nSchools = this.rowsMode ? Math.max(o.schools, Math.ceil((o.rows as number) / (perSchoolClasses * spc))) : o.schools;
    const totalClasses = nSchools * perSchoolClasses;
    const rowsBase = this.rowsMode ? Math.floor((o.rows as number) / totalClasses) : 0;
    const rowsRem = this.rowsMode ? (o.rows as number) % totalClasses : 0;
    const jitter = Math.max(0, Math.min(3, rowsBase - 1));
    const onlyProvinces = o.provinces ? PROVINCES.filter((p) => o.provinces?.includes(p.code)) : undefined;
    const needStudents = this.wanted.has('student') || this.wanted.has('result');
    let first: School | undefined;
    let classIndex = 0;

    for (let s = 0; s < nSchools; s++) {
      const srng = this.root.fork(`school:${s}`);
      const school = makeSchool(srng.fork('plan'), s, this.ctx, cpg, onlyProvinces);
      first ??= school;
      const signer = this.rowsMode ? first : school;
      this.counts.schools = (this.counts.schools ?? 0) + 1;
      if (this.wanted.has('school')) await this.writeSchool(school, first);
      if (this.wanted.has('teacher')) await this.writeTeachers(srng.fork('teachers'), school, signer);
      if (this.wanted.has('class')) await this.writeClasses(srng.fork('classes'), school, signer);
      if (needStudents) {
        const rng = srng.fork('students');
        const drng = srng.fork('student-defects');
        const prng = srng.fork('student-present');
        for (const cls of school.classes) {
          let size: number;
          if (this.rowsMode) {
            size = rowsBase + (classIndex < rowsRem ? 1 : 0);
            const pair = classIndex >> 1;
            const partnerExists = (classIndex ^ 1) < totalClasses;
            if (jitter > 0 && partnerExists) {
              const d = (hashString(`pair:${pair}`, o.seed) % (2 * jitter + 1)) - jitter;
              size += classIndex % 2 === 0 ? d : -d;
            }
          } else {
            size = Math.max(1, spc + Math.round((rng.next() * 2 - 1) * Math.max(1, spc * 0.12)));
          }
          classIndex++;
          await this.writeClassStudents(rng, drng, prng, school, cls, size, signer);
        }
      }
      if (!this.rowsMode) await this.closeSchoolWriters(school);
    }
    for (const key of [...this.writers.keys()]) await this.closeWriter(key);
  }

  private async writeSchool(school: School, signer: School): Promise<void> {
    const w = await this.writer('school', school, signer);
    const l = this.lab.school;
    const values: Record<string, Cell> = {
      schoolId: school.schoolId,
      schoolName: school.name,
      levelGroupCode: l('levelGroupCode', 'school-level-group').pair(school.levelGroup),
      levelCode: l('levelCode', 'level-group').pair(school.levelCode),
      ownershipTypeCode: l('ownershipTypeCode', 'ownership-type').pair(school.ownership),
      schoolTypeCode: l('schoolTypeCode', 'school-type').pair(school.schoolType),
      provinceCode: school.newCode,
      communeCode: school.communeCode,
      address: school.address,
      areaCode: l('areaCode', 'area').pair(school.area),
      phone: school.phone,
      email: school.email,
      principalName: school.teachers[0]?.fullName ?? null,
      principalPhone: school.teachers[0]?.mobile ?? null,
    };
    const p = w.write(rowCells(this.tables.school, values));
    if (p) await p;
  }

  private teacherValues(t: Teacher, school: School): Record<string, Cell> {
    const table = this.tables.teacher;
    const l = this.lab.teacher;
    return {
      schoolId: school.schoolId,
      staffId: t.staffId,
      fullName: t.fullName,
      dateOfBirth: t.dob,
      genderCode: this.labels.label(table.field('genderCode')?.codeList ?? 'gender', t.gender === 'M' ? '1' : '2', t.gender === 'M' ? 'Nam' : 'Nữ'),
      ethnicityCode: this.labels.label(table.field('ethnicityCode')?.codeList ?? 'ethnicity', t.ethnicity, ETHNIC_FALLBACK[t.ethnicity] ?? 'Kinh'),
      personalId: t.personalId,
      email: t.email,
      mobile: t.mobile,
      qualificationCode: this.labels.label(table.field('qualificationCode')?.codeList, t.qualification[0], t.qualification[1]),
      contractTypeCode: this.labels.label(table.field('contractTypeCode')?.codeList, t.contract[0], t.contract[1]),
      hireDate: t.hireDate,
      employmentStatusCode: l('employmentStatusCode', 'staff-status').pair(t.status),
      staffGroupCode: l('staffGroupCode', 'staff-group').pair(t.staffGroup),
      staffTypeCode: l('staffTypeCode', 'staff-type').pair(t.staffType),
      hiringAgency: t.hiringAgency,
      // The column is "Mã ngạch/hạng": portal exports carry the mã số (V.07.04.32), which the reader takes as the code.
      rankCode: t.rank[0],
      subjectCode: t.subject,
      eduManagementCode: l('eduManagementCode', 'education-management-level').pair(t.eduManagement),
      itLevelCode: l('itLevelCode', 'it-level').pair(t.itLevel),
      professionalStandardCode: l('professionalStandardCode', 'professional-standard-result').pair(t.professionalStandard),
      civilServantRatingCode: l('civilServantRatingCode', 'civil-servant-rating').pair(t.civilServantRating),
      isPartyMember: t.partyMember ? YES : NO,
      isYouthUnion: t.youthUnion ? YES : NO,
      socialInsuranceNo: t.socialInsuranceNo,
    };
  }

  /**
   * Defects that students and teachers share: writes the defective value into `values` and returns
   * the field, or undefined for a kind this method does not handle.
   */
  private sharedDefect(
    kind: DefectKind,
    drng: Rng,
    table: ResolvedTable,
    values: Record<string, Cell>,
    person: { fullName: string; dob: { y: number } },
    required: string[],
    futureField: 'hireDate' | 'statusDate',
  ): string | undefined {
    switch (kind) {
      case 'missing-required': {
        const field = drng.pick(this.requiredCandidates(table, required));
        values[field] = null;
        return field;
      }
      case 'too-long':
        values.fullName = tooLongName(drng, person.fullName, this.maxLength(table, 'fullName'));
        return 'fullName';
      case 'bad-code': {
        const field = drng.pick(['genderCode', 'ethnicityCode'].filter((k) => this.codeField(table, k)));
        values[field] = field === 'genderCode' ? drng.pick(this.badGenders) : drng.pick(this.badEthnicities);
        return field;
      }
      case 'impossible-date':
        values.dateOfBirth = impossibleDate(drng, person.dob.y);
        return 'dateOfBirth';
      case 'not-a-date':
        values.dateOfBirth = notADate(drng);
        return 'dateOfBirth';
      case 'future-date':
        values[futureField] = futureDate(drng, this.startYear);
        return futureField;
      default:
        return undefined;
    }
  }

  private async writeTeachers(rng: Rng, school: School, signer: School): Promise<void> {
    const table = this.tables.teacher;
    const w = await this.writer('teacher', school, signer);
    const kinds = this.applicable('teacher');
    const drng = rng.fork('defects');
    for (const t of school.teachers) {
      const values = this.teacherValues(t, school);
      const buffer = this.donors.get(w.name) ?? [];
      const donor = buffer.find((d) => d.gender === t.gender && d.year === t.dob.y && d.values.personalId !== t.personalId);
      const kind = this.pickDefect(drng, kinds, (k) => {
        switch (k) {
          case 'missing-required': return this.requiredCandidates(table, ['fullName', 'dateOfBirth', 'genderCode', 'personalId']).length > 0;
          case 'too-long': return table.has('fullName');
          case 'bad-code': return this.codeField(table, 'genderCode') || this.codeField(table, 'ethnicityCode');
          case 'impossible-date': case 'not-a-date': return table.has('dateOfBirth');
          case 'future-date': case 'hire-before-18': return table.has('hireDate');
          case 'teacher-too-young': return table.has('dateOfBirth');
          case 'bad-email': return table.has('email');
          case 'bad-phone': return table.has('mobile');
          case 'duplicate-personal-id': return table.has('personalId') && donor !== undefined;
          default: return k.startsWith('cccd-') && table.has('personalId');
        }
      });
      let related: number | undefined;
      let field = '';
      if (kind) {
        const shared = this.sharedDefect(kind, drng, table, values, t, ['fullName', 'dateOfBirth', 'genderCode', 'personalId'], 'hireDate');
        if (shared !== undefined) field = shared;
        else switch (kind) {
          case 'teacher-too-young': {
            field = 'dateOfBirth';
            const dob = addDays(addYears(this.reference, -18), drng.int(1, 60));
            values.dateOfBirth = formatDmy(dob);
            values.hireDate = addYears(dob, 18);
            values.personalId = this.ctx.cccd.next(t.birthProvince, dob.y, t.gender);
            break;
          }
          case 'hire-before-18':
            field = 'hireDate';
            values[field] = formatDmy(addDays(addYears(t.dob, 16), drng.int(0, 600)));
            break;
          case 'bad-email':
            field = 'email';
            values[field] = badEmail(drng, t.email);
            break;
          case 'bad-phone':
            field = 'mobile';
            values[field] = badPhone(drng, t.mobile);
            break;
          case 'duplicate-personal-id':
            field = 'personalId';
            values[field] = donor?.values.personalId ?? null;
            related = donor?.row;
            break;
          default:
            field = 'personalId';
            values[field] = badCccd(drng, kind as CccdDefect, t.personalId, t.dob, t.gender === 'F');
        }
        this.recordDefect('teacher', w, kind, field, values[field] ?? null, related);
      }
      const cells = this.present(rng, table, values, w, kind === null, t.ethnicity);
      if (kind === null) {
        buffer.push({ values, row: w.nextRow, gender: t.gender, year: t.dob.y });
        if (buffer.length > 64) buffer.shift();
        this.donors.set(w.name, buffer);
      }
      this.counts.teachers = (this.counts.teachers ?? 0) + 1;
      const p = w.write(cells);
      if (p) await p;
    }
  }

  private gradeLabel(table: ResolvedTable, grade: number): string {
    return this.labels.label(table.field('gradeCode')?.codeList ?? 'grade', String(grade), `Khối ${grade}`);
  }

  private otherGrade(grade: number): number {
    const grades = GRADES[this.o.level];
    return grades.includes(grade + 1) ? grade + 1 : grade - 1;
  }

  private async writeClasses(rng: Rng, school: School, signer: School): Promise<void> {
    const table = this.tables.class;
    const w = await this.writer('class', school, signer);
    const kinds = this.applicable('class');
    for (const cls of school.classes) {
      const values: Record<string, Cell> = {
        schoolId: school.schoolId,
        classId: cls.classId,
        className: cls.classId,
        gradeCode: this.gradeLabel(table, cls.grade),
        homeroomTeacherId: cls.homeroomTeacherId,
        homeroomTeacherName: school.teachers.find((t) => t.staffId === cls.homeroomTeacherId)?.fullName ?? null,
      };
      const kind = this.pickDefect(rng, kinds, () => table.has('gradeCode'));
      if (kind === 'class-grade-mismatch') {
        values.gradeCode = this.gradeLabel(table, this.otherGrade(cls.grade));
        this.recordDefect('class', w, kind, 'gradeCode', values.gradeCode);
      }
      this.counts.classes = (this.counts.classes ?? 0) + 1;
      const p = w.write(this.present(rng, table, values, w, kind === null));
      if (p) await p;
    }
  }

  private makeParent(rng: Rng, ethnicity: string, gender: Gender, surname: string, childYear: number, school: School): Parent {
    const name = personName(rng, ethnicity, gender, surname, true);
    const gap = gender === 'M' ? rng.int(24, 40) : rng.int(21, 36);
    void school;
    return { name: name.full, year: childYear - gap, phone: mobilePhone(rng) };
  }

  private newStudentId(school: School): string {
    const n = this.studentCounter++;
    return school.newCode + String((n * 48271 + this.studentSalt) % 100_000_000).padStart(8, '0');
  }

  private makeStudent(rng: Rng, school: School, cls: ClassInfo, seed?: StudentBase, twin = false): StudentBase {
    const region = school.province.region;
    let gender: Gender = rng.chance(0.515) ? 'M' : 'F';
    let ethnicity = rng.weighted(ethnicTable(school.province));
    let surname: string;
    let fullName: string;
    let dob: Ymd;
    let father: Parent | null;
    let mother: Parent | null;
    let province = birthProvince(rng, school.province, 0.9);
    if (seed && twin) {
      ethnicity = seed.ethnicity;
      surname = seed.surname;
      fullName = twinName(rng, ethnicity, gender, surname, seed.fullName).full;
      dob = seed.dob;
      father = seed.father;
      mother = seed.mother;
      province = seed.birthProvince;
    } else if (seed) {
      // namesake: same name, birthday and gender, a different person
      gender = seed.gender;
      ethnicity = seed.ethnicity;
      surname = seed.surname;
      fullName = seed.fullName;
      dob = seed.dob;
      father = rng.chance(0.95) ? this.makeParent(rng, ethnicity, 'M', surname, dob.y, school) : null;
      mother = this.makeParent(rng, ethnicity, 'F', familySurname(rng, ethnicity, region), dob.y, school);
    } else {
      surname = familySurname(rng, ethnicity, region);
      fullName = personName(rng, ethnicity, gender, surname).full;
      dob = randomDateInYear(rng, this.startYear - cls.grade - 5 - (rng.chance(0.03) ? 1 : 0));
      father = rng.chance(0.95) ? this.makeParent(rng, ethnicity, 'M', surname, dob.y, school) : null;
      mother = rng.chance(0.98) || father === null ? this.makeParent(rng, ethnicity, 'F', familySurname(rng, ethnicity, region), dob.y, school) : null;
    }
    const x = rng.next();
    const status = x < 0.95 ? '01' : x < 0.965 ? '02' : x < 0.975 ? '03' : x < 0.988 ? '04' : '05';
    const statusDate = status === '01' ? { y: this.startYear, m: 9, d: 5 } : randomDateBetween(rng, { y: this.startYear, m: 9, d: 6 }, { y: this.startYear, m: 9, d: 29 });
    const dropoutReason = status === '05' ? rng.pick(this.o.level === 'TH' ? ['01', '03', '06'] : ['01', '02', '03', '06', '08']) : null;
    const places = region === 'S' ? ['Ấp', 'Tổ', 'Khóm'] : ethnicity === '01' ? ['Thôn', 'Tổ', 'Xóm'] : region === 'C' ? ['Buôn', 'Làng', 'Thôn'] : ['Bản', 'Thôn'];
    const place = rng.pick(places);
    return {
      school,
      cls,
      studentId: this.newStudentId(school),
      fullName,
      surname,
      gender,
      ethnicity,
      dob,
      birthProvince: province,
      personalId: this.ctx.cccd.next(province, dob.y, gender),
      status,
      statusDate,
      dropoutReason,
      contactPhone: mother?.phone ?? father?.phone ?? mobilePhone(rng),
      address: seed && twin ? seed.address : `${place} ${rng.int(1, 24)}, ${school.newName}`,
      father,
      mother,
    };
  }

  private studentValues(b: StudentBase): Record<string, Cell> {
    const l = this.lab.student;
    return {
      schoolId: b.school.schoolId,
      classId: b.cls.classId,
      gradeCode: l('gradeCode', 'grade').get(String(b.cls.grade), `Khối ${b.cls.grade}`),
      studentId: b.studentId,
      fullName: b.fullName,
      dateOfBirth: b.dob,
      genderCode: b.gender === 'M' ? l('genderCode', 'gender').get('1', 'Nam') : l('genderCode', 'gender').get('2', 'Nữ'),
      ethnicityCode: l('ethnicityCode', 'ethnicity').get(b.ethnicity, ETHNIC_FALLBACK[b.ethnicity] ?? 'Kinh'),
      nationalityCode: l('nationalityCode', 'nationality').get('VN', 'Việt Nam'),
      personalId: b.personalId,
      statusCode: l('statusCode', 'student-status').get(b.status, STATUS_FALLBACK[b.status] ?? 'Đang học'),
      statusDate: b.statusDate,
      dropoutReasonCode: b.dropoutReason ? l('dropoutReasonCode', 'dropout-reason').get(b.dropoutReason, DROPOUT_FALLBACK[b.dropoutReason] ?? 'Nguyên nhân khác') : null,
      // where the student lives: the school's area
      areaCode: l('areaCode', 'area').pair(b.school.area),
      contactPhone: b.contactPhone,
      address: b.address,
      fatherName: b.father?.name ?? null,
      fatherBirthYear: b.father?.year ?? null,
      fatherPhone: b.father?.phone ?? null,
      motherName: b.mother?.name ?? null,
      motherBirthYear: b.mother?.year ?? null,
      motherPhone: b.mother?.phone ?? null,
    };
  }

  private async writeClassStudents(rng: Rng, drng: Rng, prng: Rng, school: School, cls: ClassInfo, size: number, signer: School): Promise<void> {
    const table = this.tables.student;
    const writeStudents = this.wanted.has('student');
    const w = writeStudents ? await this.writer('student', school, signer) : undefined;
    const rw = this.wanted.has('result') ? await this.writer('result', school, signer) : undefined;
    const kinds = writeStudents ? this.applicable('student') : [];
    let twinOf: { base: StudentBase; row: number } | null = null;
    for (let s = 0; s < size; s++) {
      let base: StudentBase;
      let look: TruthLookalike | null = null;
      const row = w?.nextRow ?? 0;
      if (twinOf) {
        base = this.makeStudent(rng, school, cls, twinOf.base, true);
        if (w) look = { kind: 'twins', rows: [{ file: w.name, row: twinOf.row }, { file: w.name, row }] };
        twinOf = null;
      } else {
        const candidates = school.index > 0 && rng.chance(0.004) ? this.pool.filter((p) => p.grade === cls.grade && p.base.school !== school) : [];
        const pick = candidates.length > 0 ? rng.pick(candidates) : undefined;
        if (pick) {
          base = this.makeStudent(rng, school, cls, pick.base, false);
          if (w) look = { kind: 'namesakes', rows: [{ file: pick.file, row: pick.row }, { file: w.name, row }] };
        } else base = this.makeStudent(rng, school, cls);
      }
      if (s < size - 1 && rng.chance(0.008)) twinOf = { base, row };
      if (look) this.lookalikes.push(look);
      let values = this.studentValues(base);
      let kind: DefectKind | null = null;
      if (w) {
        const buffer = this.donors.get(w.name) ?? [];
        let sameAgeCache: Donor | null | undefined = null;
        const sameAgeDonor = (): Donor | undefined => {
          if (sameAgeCache === null) sameAgeCache = buffer.find((d) => d.gender === base.gender && d.year === base.dob.y);
          return sameAgeCache;
        };
        const anyDonor = buffer[buffer.length - 1];
        kind = this.pickDefect(drng, kinds, (k) => {
          switch (k) {
            case 'missing-required': return this.requiredCandidates(table, ['fullName', 'dateOfBirth', 'genderCode', 'ethnicityCode', 'personalId']).length > 0;
            case 'too-long': return table.has('fullName');
            case 'bad-code': return this.codeField(table, 'genderCode') || this.codeField(table, 'ethnicityCode');
            case 'impossible-date': case 'not-a-date': case 'age-grade-mismatch': return table.has('dateOfBirth');
            case 'future-date': return table.has('statusDate');
            case 'duplicate-personal-id': return table.has('personalId') && sameAgeDonor() !== undefined;
            case 'duplicate-person': return anyDonor !== undefined && table.has('fullName');
            case 'duplicate-student-id': return anyDonor !== undefined && table.has('studentId');
            case 'class-grade-mismatch': return table.has('classId') && GRADES[this.o.level].length > 1;
            case 'bad-phone': return table.has('contactPhone');
            case 'status-without-reason': return table.has('statusCode') && table.has('dropoutReasonCode');
            default: return k.startsWith('cccd-') && table.has('personalId');
          }
        });
        let field = '';
        let related: number | undefined;
        if (kind) {
          const shared = this.sharedDefect(kind, drng, table, values, base, ['fullName', 'dateOfBirth', 'genderCode', 'ethnicityCode', 'personalId'], 'statusDate');
          if (shared !== undefined) field = shared;
          else switch (kind) {
            case 'age-grade-mismatch': {
              field = 'dateOfBirth';
              const delta = drng.chance(0.7) ? -drng.int(5, 8) : drng.int(3, 4);
              const dob = addYears(base.dob, delta);
              values.dateOfBirth = formatDmy(dob);
              values.personalId = this.ctx.cccd.next(base.birthProvince, dob.y, base.gender);
              if (base.father) values.fatherBirthYear = base.father.year + delta;
              if (base.mother) values.motherBirthYear = base.mother.year + delta;
              break;
            }
            case 'duplicate-personal-id':
              field = 'personalId';
              values[field] = sameAgeDonor()?.values.personalId ?? null;
              related = sameAgeDonor()?.row;
              break;
            case 'duplicate-person':
              field = 'fullName';
              values = { ...(anyDonor?.values ?? values) };
              related = anyDonor?.row;
              twinOf = null;
              break;
            case 'duplicate-student-id':
              field = 'studentId';
              values[field] = anyDonor?.values.studentId ?? null;
              related = anyDonor?.row;
              break;
            case 'class-grade-mismatch': {
              field = 'classId';
              const other = this.otherGrade(cls.grade);
              const k = school.classes.filter((c) => c.grade === cls.grade).indexOf(cls);
              values[field] = classIdFor(this.o.level, other, Math.max(0, k));
              break;
            }
            case 'bad-phone':
              field = 'contactPhone';
              values[field] = badPhone(drng, base.contactPhone);
              break;
            case 'status-without-reason':
              field = 'dropoutReasonCode';
              values.statusCode = this.labels.label(table.field('statusCode')?.codeList ?? 'student-status', '05', 'Thôi học kỳ 1');
              if (base.status === '01') values.statusDate = randomDateBetween(drng, { y: this.startYear, m: 9, d: 6 }, { y: this.startYear, m: 9, d: 29 });
              values[field] = null;
              break;
            default:
              field = 'personalId';
              values[field] = badCccd(drng, kind as CccdDefect, base.personalId, base.dob, base.gender === 'F');
          }
          this.recordDefect('student', w, kind, field, values[field] ?? null, related);
        }
        const cells = this.present(prng, table, values, w, kind === null, base.ethnicity);
        if (kind === null) {
          buffer.push({ values, row, gender: base.gender, year: base.dob.y });
          if (buffer.length > 64) buffer.shift();
          this.donors.set(w.name, buffer);
          if (rng.chance(0.05)) {
            const entry = { grade: cls.grade, base, file: w.name, row };
            if (this.pool.length < 400) this.pool.push(entry);
            else this.pool[rng.int(0, 399)] = entry;
          }
        }
        this.counts.students = (this.counts.students ?? 0) + 1;
        const p = w.write(cells);
        if (p) await p;
      } else {
        this.counts.students = (this.counts.students ?? 0) + 1;
      }
      if (rw && kind === null && ACTIVE_STATUSES.has(base.status)) await this.writeResults(rng, rw, base);
    }
  }

  private async writeResults(rng: Rng, w: TableWriter, b: StudentBase): Promise<void> {
    const table = this.tables.result;
    const l = this.lab.result;
    const primary = this.o.level === 'TH';
    const ability = Math.min(9.6, Math.max(4, 7 + (rng.next() + rng.next() + rng.next() - 1.5) * 2));
    for (const term of TERMS) {
      const score = Math.round(Math.min(10, Math.max(3, ability + (rng.next() - 0.5) * 0.8)) * 10) / 10;
      const values: Record<string, Cell> = {
        schoolId: b.school.schoolId,
        classId: b.cls.classId,
        gradeCode: l('gradeCode', 'grade').get(String(b.cls.grade), `Khối ${b.cls.grade}`),
        studentId: b.studentId,
        fullName: b.fullName,
        dateOfBirth: formatDmy(b.dob),
        term: l('term', 'term').pair(term),
      };
      if (primary) {
        // TT 27/2020: periodic tests in Tiếng Việt and Toán scored 1–10 (integers), a level per
        // subject and the overall result, all from the same ability.
        const vn = Math.max(1, Math.min(10, Math.round(score + (rng.next() - 0.5) * 2)));
        const math = Math.max(1, Math.min(10, Math.round(score + (rng.next() - 0.5) * 2)));
        const level = (x: number): readonly [string, string] => (x >= 9 ? TT27_LEVEL.T : x >= 5 ? TT27_LEVEL.H : TT27_LEVEL.C);
        const overall: readonly [string, string] =
          score >= 9 && vn >= 9 && math >= 9 ? ['HTXS', 'Hoàn thành xuất sắc']
            : Math.min(vn, math) >= 7 && score >= 7.5 ? ['HTT', 'Hoàn thành tốt']
              : Math.min(vn, math) >= 5 ? ['HT', 'Hoàn thành'] : ['CHT', 'Chưa hoàn thành'];
        values.vietnameseLevel = l('vietnameseLevel', 'primary-subject-level-tt27').pair(level(vn));
        values.vietnameseTestScore = vn;
        values.mathLevel = l('mathLevel', 'primary-subject-level-tt27').pair(level(math));
        values.mathTestScore = math;
        values.primaryEducationResultCode = l('primaryEducationResultCode', 'primary-result-tt27').pair(overall);
      } else {
        // TT 22/2021: Tốt / Khá / Đạt / Chưa đạt for learning and for conduct.
        const learning: readonly [string, string] = score >= 8 ? ['1', 'Tốt'] : score >= 6.5 ? ['2', 'Khá'] : score >= 5 ? ['3', 'Đạt'] : ['4', 'Chưa đạt'];
        const conduct: readonly [string, string] = rng.chance(0.8) ? ['1', 'Tốt'] : rng.chance(0.75) ? ['2', 'Khá'] : ['3', 'Đạt'];
        values.averageScore = this.xlsx ? score : score.toFixed(1);
        values.learningResultCode = l('learningResultCode', 'learning-result-tt22').pair(learning);
        values.conductCode = l('conductCode', 'conduct-tt22').pair(conduct);
      }
      this.counts.results = (this.counts.results ?? 0) + 1;
      const p = w.write(rowCells(table, values));
      if (p) await p;
    }
  }
}

/** Generate synthetic data files and `truth.json` in `options.outDir`. */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  validate(options);
  const outDir = resolve(options.outDir);
  await mkdir(outDir, { recursive: true, mode: 0o700 });
  let schemas: LoadedSchemas | undefined;
  try {
    schemas = options.schemasDir ? loadSchemas(options.schemasDir) : loadSchemas();
  } catch {
    // A schema folder that does not load (e.g. mid-edit) must not stop fixture generation:
    // fall back to the built-in labels, which the truth file reports per file ("schema").
    schemas = undefined;
  }
  const gen = new Generator(options, outDir, schemas);
  await gen.run();
  const files = [...gen.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const counts: Record<string, number> = { ...gen.counts, defects: gen.defects.length, repairs: gen.repairs.length };
  const { outDir: _omit, schemasDir: _omit2, ...rest } = options;
  void _omit;
  void _omit2;
  const truth: Truth = {
    generator: 'edusync-generate/1',
    seed: options.seed,
    options: rest as Record<string, unknown>,
    referenceDate: `${gen.startYear}-09-30`,
    files,
    defects: gen.defects,
    repairs: gen.repairs,
    lookalikes: gen.lookalikes,
    counts,
  };
  const truthFile = join(outDir, 'truth.json');
  await writeFile(truthFile, `${JSON.stringify(truth, null, 2)}\n`, { mode: 0o600 });
  await chmod(truthFile, 0o600);
  return { files: files.map((f) => join(outDir, f.path)), truthFile, counts };
}
