/**
 * Which columns each generated file has, in which order, and what header text they carry.
 * Header text comes from `schemas/entities/<entity>.json` (`label`) when that schema is loaded,
 * so generated files match the schema; for entities whose schema is not there yet the built-in
 * labels below are used. Columns whose key the loaded schema does not know are dropped.
 */
import type { LoadedSchemas } from '../schema/load.js';
import type { Field } from '../schema/format.js';
import type { EntityName } from './truth.js';

export interface ColumnSpec {
  key: string;
  /** Label used when the entity has no schema yet. */
  label: string;
  /** Messy layout: group header over this column (merged across the group) and the short sub-header. */
  group?: string;
  short?: string;
  /** Messy layout: put a line break in the header text at this word index. */
  breakAt?: number;
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
    { key: 'qualificationCode', label: 'Trình độ chuyên môn nghiệp vụ', breakAt: 2 },
    { key: 'contractTypeCode', label: 'Hình thức hợp đồng', breakAt: 2 },
    { key: 'hireDate', label: 'Ngày tuyển dụng', breakAt: 1 },
  ],
  class: [
    { key: 'schoolId', label: 'Mã trường' },
    { key: 'classId', label: 'Mã lớp' },
    { key: 'className', label: 'Tên lớp' },
    { key: 'gradeCode', label: 'Khối' },
    { key: 'homeroomTeacherId', label: 'Mã GV chủ nhiệm', breakAt: 1 },
  ],
  school: [
    { key: 'schoolId', label: 'Mã trường' },
    { key: 'schoolName', label: 'Tên trường' },
    { key: 'provinceCode', label: 'Tỉnh/Thành phố' },
    { key: 'communeCode', label: 'Xã/Phường' },
    { key: 'address', label: 'Địa chỉ' },
    { key: 'phone', label: 'Điện thoại' },
    { key: 'email', label: 'Email' },
    { key: 'principalName', label: 'Hiệu trưởng' },
  ],
  result: [
    { key: 'schoolId', label: 'Mã trường' },
    { key: 'classId', label: 'Mã lớp' },
    { key: 'studentId', label: 'Mã học sinh', breakAt: 1 },
    { key: 'fullName', label: 'Họ và tên' },
    { key: 'dateOfBirth', label: 'Ngày sinh' },
    { key: 'term', label: 'Học kỳ' },
    { key: 'averageScore', label: 'Điểm tổng kết', breakAt: 1 },
    { key: 'learningResultCode', label: 'Kết quả học tập', breakAt: 2 },
    { key: 'conductCode', label: 'Kết quả rèn luyện', breakAt: 2 },
  ],
};

export interface ResolvedColumn {
  key: string;
  header: string;
  group?: string;
  short?: string;
  breakAt?: number;
  field?: Field;
}

export interface ResolvedTable {
  entity: EntityName;
  schema: 'loaded' | 'fallback';
  columns: ResolvedColumn[];
  has(key: string): boolean;
  field(key: string): Field | undefined;
}

export function resolveTable(schemas: LoadedSchemas | undefined, entity: EntityName): ResolvedTable {
  const loaded = schemas?.entities.get(entity);
  const columns: ResolvedColumn[] = [];
  for (const spec of COLUMNS[entity]) {
    const field = loaded?.fieldsByKey.get(spec.key);
    if (loaded && !field) continue;
    const col: ResolvedColumn = { key: spec.key, header: field?.label ?? spec.label };
    if (spec.group !== undefined) col.group = spec.group;
    if (spec.short !== undefined) col.short = spec.short;
    if (spec.breakAt !== undefined) col.breakAt = spec.breakAt;
    if (field) col.field = field;
    columns.push(col);
  }
  const keys = new Set(columns.map((c) => c.key));
  return {
    entity,
    schema: loaded ? 'loaded' : 'fallback',
    columns,
    has: (key) => keys.has(key),
    field: (key) => loaded?.fieldsByKey.get(key),
  };
}

/**
 * The label to write for a code-list value. `code` is the code in the list edusync ships; when the
 * schema's field points at a loaded code list the label is taken from there (by code, then by the
 * fallback label), otherwise `fallback` is written.
 */
export class CodeLabels {
  private readonly cache = new Map<string, string>();
  constructor(private readonly schemas: LoadedSchemas | undefined) {}

  label(listName: string | undefined, code: string, fallback: string): string {
    const cacheKey = listName === undefined ? fallback : `${listName}\u0000${code}\u0000${fallback}`;
    const hit = this.cache.get(cacheKey);
    if (hit !== undefined) return hit;
    let result = fallback;
    const list = listName ? this.schemas?.codeLists.get(listName) : undefined;
    if (list) {
      const byCode = list.byCode.get(code);
      const byLabel = [...list.byCode.values()].find((v) => v.label === fallback);
      result = (byLabel ?? byCode ?? list.list.values.find((v) => !v.deprecated) ?? list.list.values[0])?.label ?? fallback;
    }
    this.cache.set(cacheKey, result);
    return result;
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
