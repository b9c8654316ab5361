/**
 * Which columns each generated file has, in which order, and what header text they carry.
 * Header text comes from `schemas/entities/<entity>.json` (`label`) when that schema is loaded,
 * so generated files match the schema; for entities whose schema is not there yet the built-in
 * labels below are used. Columns whose key the loaded schema does not know are dropped.
 */
import type { LoadedSchemas } from '../schema/load.js';
import type { Field } from '../schema/format.js';
import { foldKey } from '../schema/fold.js';
import type { EntityName } from './truth.js';
import type { Level } from './schools.js';

export interface ColumnSpec {
  key: string;
  /** Label used when the entity has no schema yet. */
  label: string;
  /** Messy layout: group header over this column (merged across the group) and the short sub-header. */
  group?: string;
  short?: string;
  /** Messy layout: put a line break in the header text at this word index. */
  breakAt?: number;
  /** Levels the column exists at (default all); the loaded schema's `levels` win. */
  levels?: readonly Level[];
}

export const COLUMNS: Record<EntityName, ColumnSpec[]> = {
  student: [
    { key: 'schoolId', label: 'Mã trường' },
    { key: 'classId', label: 'Mã lớp' },
    { key: 'gradeCode', label: 'Khối' },
    { key: 'studentId', label: 'Mã học sinh', breakAt: 1 },
    { key: 'fullName', label: 'Họ và tên' },
    { key: 'dateOfBirth', label: 'Ngày sinh', breakAt: 1 },
    { key: 'genderCode', label: 'Giới tính' },
    { key: 'ethnicityCode', label: 'Dân tộc' },
    { key: 'nationalityCode', label: 'Quốc tịch' },
    { key: 'personalId', label: 'Số định danh cá nhân', breakAt: 2 },
    { key: 'statusCode', label: 'Trạng thái học sinh', breakAt: 2 },
    { key: 'statusDate', label: 'Ngày nhập trạng thái', breakAt: 2 },
    { key: 'dropoutReasonCode', label: 'Lý do thôi học', breakAt: 2 },
    { key: 'areaCode', label: 'Khu vực' },
    { key: 'contactPhone', label: 'Số điện thoại liên hệ', breakAt: 3 },
    { key: 'address', label: 'Chỗ ở hiện nay' },
    { key: 'fatherName', label: 'Họ tên cha', group: 'Thông tin cha', short: 'Họ tên' },
    { key: 'fatherBirthYear', label: 'Năm sinh cha', group: 'Thông tin cha', short: 'Năm sinh' },
    { key: 'fatherPhone', label: 'Số điện thoại cha', group: 'Thông tin cha', short: 'SĐT' },
    { key: 'motherName', label: 'Họ tên mẹ', group: 'Thông tin mẹ', short: 'Họ tên' },
    { key: 'motherBirthYear', label: 'Năm sinh mẹ', group: 'Thông tin mẹ', short: 'Năm sinh' },
    { key: 'motherPhone', label: 'Số điện thoại mẹ', group: 'Thông tin mẹ', short: 'SĐT' },
  ],
  teacher: [
    { key: 'schoolId', label: 'Mã trường' },
    { key: 'staffId', label: 'Mã cán bộ', breakAt: 1 },
    { key: 'fullName', label: 'Họ và tên' },
    { key: 'dateOfBirth', label: 'Ngày sinh', breakAt: 1 },
    { key: 'genderCode', label: 'Giới tính' },
    { key: 'ethnicityCode', label: 'Dân tộc' },
    { key: 'personalId', label: 'Số định danh cá nhân', breakAt: 2 },
    { key: 'email', label: 'Email', group: 'Liên hệ', short: 'Email' },
    { key: 'mobile', label: 'Di động', group: 'Liên hệ', short: 'Di động' },
    { key: 'employmentStatusCode', label: 'Trạng thái cán bộ', breakAt: 2 },
    { key: 'staffGroupCode', label: 'Nhóm cán bộ', breakAt: 1 },
    { key: 'staffTypeCode', label: 'Loại cán bộ', breakAt: 1 },
    { key: 'contractTypeCode', label: 'Hình thức hợp đồng', breakAt: 2 },
    { key: 'hireDate', label: 'Ngày tuyển dụng', breakAt: 1 },
    { key: 'hiringAgency', label: 'Cơ quan tuyển dụng', breakAt: 2 },
    { key: 'rankCode', label: 'Mã ngạch/hạng', breakAt: 1 },
    { key: 'subjectCode', label: 'Môn dạy' },
    { key: 'qualificationCode', label: 'Trình độ chuyên môn nghiệp vụ', breakAt: 2 },
    { key: 'eduManagementCode', label: 'Trình độ quản lý giáo dục', breakAt: 2 },
    { key: 'itLevelCode', label: 'Trình độ tin học', breakAt: 2 },
    { key: 'professionalStandardCode', label: 'Kết quả đánh giá chuẩn nghề nghiệp', breakAt: 3 },
    { key: 'civilServantRatingCode', label: 'Đánh giá viên chức', breakAt: 2 },
    { key: 'isPartyMember', label: 'Đảng viên' },
    { key: 'isYouthUnion', label: 'Đoàn viên' },
    { key: 'socialInsuranceNo', label: 'Số sổ BHXH', breakAt: 2 },
  ],
  class: [
    { key: 'schoolId', label: 'Mã trường' },
    { key: 'classId', label: 'Mã lớp' },
    { key: 'className', label: 'Tên lớp' },
    { key: 'gradeCode', label: 'Khối' },
    { key: 'homeroomTeacherId', label: 'Mã GV chủ nhiệm', breakAt: 1 },
    { key: 'homeroomTeacherName', label: 'Giáo viên chủ nhiệm', breakAt: 2 },
  ],
  school: [
    { key: 'schoolId', label: 'Mã trường' },
    { key: 'schoolName', label: 'Tên trường' },
    { key: 'levelGroupCode', label: 'Nhóm cấp học' },
    { key: 'levelCode', label: 'Cấp học' },
    { key: 'ownershipTypeCode', label: 'Loại hình trường' },
    { key: 'schoolTypeCode', label: 'Loại trường' },
    { key: 'provinceCode', label: 'Tỉnh/Thành phố' },
    { key: 'communeCode', label: 'Xã/Phường' },
    { key: 'address', label: 'Địa chỉ' },
    { key: 'areaCode', label: 'Khu vực' },
    { key: 'phone', label: 'Điện thoại' },
    { key: 'email', label: 'Email' },
    { key: 'principalName', label: 'Hiệu trưởng' },
    { key: 'principalPhone', label: 'Điện thoại hiệu trưởng', breakAt: 2 },
  ],
  result: [
    { key: 'schoolId', label: 'Mã trường' },
    { key: 'classId', label: 'Mã lớp' },
    { key: 'gradeCode', label: 'Khối' },
    { key: 'studentId', label: 'Mã học sinh', breakAt: 1 },
    { key: 'fullName', label: 'Họ và tên' },
    { key: 'dateOfBirth', label: 'Ngày sinh' },
    { key: 'term', label: 'Học kỳ' },
    { key: 'averageScore', label: 'Điểm trung bình các môn', breakAt: 2, levels: ['THCS', 'THPT'] },
    { key: 'learningResultCode', label: 'Kết quả học tập', breakAt: 2, levels: ['THCS', 'THPT'] },
    { key: 'conductCode', label: 'Kết quả rèn luyện', breakAt: 2, levels: ['THCS', 'THPT'] },
    { key: 'vietnameseLevel', label: 'Tiếng Việt', levels: ['TH'] },
    { key: 'vietnameseTestScore', label: 'Điểm KTĐK Tiếng Việt', breakAt: 2, levels: ['TH'] },
    { key: 'mathLevel', label: 'Toán (mức đạt được)', breakAt: 1, levels: ['TH'] },
    { key: 'mathTestScore', label: 'Điểm KTĐK Toán', breakAt: 2, levels: ['TH'] },
    { key: 'primaryEducationResultCode', label: 'Đánh giá kết quả giáo dục', breakAt: 2, levels: ['TH'] },
  ],
};

export interface ResolvedColumn {
  key: string;
  header: string;
  /** Set for the columns `ResolvedTable.defaults` fills: the value every row gets. */
  fixed?: string | number;
  group?: string;
  short?: string;
  breakAt?: number;
  field?: Field;
}

export interface ResolvedTable {
  entity: EntityName;
  schema: 'loaded' | 'fallback';
  columns: ResolvedColumn[];
  /**
   * Values for required schema fields the generator has no column spec for (a field added to the
   * schema after this generator was written): one plausible constant per column, so the file still
   * has every required column and clean rows stay clean.
   */
  defaults: Record<string, string | number>;
  has(key: string): boolean;
  field(key: string): Field | undefined;
}

function atLevel(levels: readonly Level[] | undefined, level: Level): boolean {
  return levels === undefined || levels.includes(level);
}

/**
 * The columns of `entity` at `level`. With a loaded schema: the generator's columns the schema
 * knows (headers = schema labels), then every other `required` field of the schema, so a generated
 * file never lacks a required column.
 */
export function resolveTable(schemas: LoadedSchemas | undefined, entity: EntityName, level: Level): ResolvedTable {
  const loaded = schemas?.entities.get(entity);
  const columns: ResolvedColumn[] = [];
  const defaults: Record<string, string | number> = {};
  for (const spec of COLUMNS[entity]) {
    const field = loaded?.fieldsByKey.get(spec.key);
    if (loaded && !field) continue;
    if (!atLevel(field ? field.levels : spec.levels, level)) continue;
    const col: ResolvedColumn = { key: spec.key, header: field?.label ?? spec.label };
    if (spec.group !== undefined) col.group = spec.group;
    if (spec.short !== undefined) col.short = spec.short;
    if (spec.breakAt !== undefined) col.breakAt = spec.breakAt;
    if (field) col.field = field;
    columns.push(col);
  }
  const keys = new Set(columns.map((c) => c.key));
  for (const field of loaded?.schema.fields ?? []) {
    if (!field.required || keys.has(field.key)) continue;
    const fixed = defaultValue(schemas as LoadedSchemas, field);
    columns.push({ key: field.key, header: field.label, field, fixed });
    keys.add(field.key);
    defaults[field.key] = fixed;
  }
  return {
    entity,
    schema: loaded ? 'loaded' : 'fallback',
    columns,
    defaults,
    has: (key) => keys.has(key),
    field: (key) => loaded?.fieldsByKey.get(key),
  };
}

/** A value every reader and generic rule accepts for `field`. */
function defaultValue(schemas: LoadedSchemas, field: Field): string | number {
  switch (field.type) {
    case 'code': {
      const list = field.codeList === undefined ? undefined : schemas.codeLists.get(field.codeList);
      const value = list?.list.values.find((v) => !v.deprecated) ?? list?.list.values[0];
      return value?.label ?? '';
    }
    case 'boolean': return 'Không';
    case 'integer': case 'decimal': return 1;
    case 'date': return '01/09/2020';
    case 'email': return 'truong@moet.edu.vn';
    case 'phone': case 'personalId': return '0912345678'.slice(0, field.maxLength ?? 10);
    case 'id': return '1'.padStart(field.padTo ?? 1, '0');
    case 'name': return 'Nguyễn Văn An';
    default: return 'Không có';
  }
}

/**
 * The label to write for a code-list value. `code` is the code in the list edusync ships; when the
 * schema's field points at a loaded code list the label is taken from there (by code, then by the
 * fallback label), otherwise `fallback` is written.
 */
export class CodeLabels {
  private readonly cache = new Map<string, string>();
  constructor(private readonly schemas: LoadedSchemas | undefined) {}

  /** `label` of a [code, built-in label] pair. */
  pair(listName: string | undefined, pair: readonly [string, string]): string {
    return this.label(listName, pair[0], pair[1]);
  }

  label(listName: string | undefined, code: string, fallback: string): string {
    const cacheKey = listName === undefined ? fallback : `${listName}\u0000${code}\u0000${fallback}`;
    const hit = this.cache.get(cacheKey);
    if (hit !== undefined) return hit;
    let result = fallback;
    const list = listName ? this.schemas?.codeLists.get(listName) : undefined;
    if (list) {
      const byCode = list.byCode.get(code);
      const byLabel = list.byLabel.get(foldKey(fallback));
      result = (byLabel ?? byCode ?? list.list.values.find((v) => !v.deprecated) ?? list.list.values[0])?.label ?? fallback;
    }
    this.cache.set(cacheKey, result);
    return result;
  }
}

/** Labels of one field's code list, cached by code (each code always comes with the same fallback). */
export class FieldLabels {
  private readonly cache = new Map<string, string>();
  constructor(
    private readonly labels: CodeLabels,
    private readonly listName: string | undefined,
  ) {}

  get(code: string, fallback: string): string {
    let v = this.cache.get(code);
    if (v === undefined) {
      v = this.labels.label(this.listName, code, fallback);
      this.cache.set(code, v);
    }
    return v;
  }

  pair(pair: readonly [string, string]): string {
    return this.get(pair[0], pair[1]);
  }
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
