/**
 * The optional teaching-assignments file (phân công giảng dạy): one row per class, teacher and
 * subject — columns "Lớp", "Mã giáo viên" (mã cán bộ), "Môn" (Vietnamese or English headers). The
 * store itself knows only homeroom teachers; see source.ts.
 */
import { InputError } from '../errors.js';
import { cell, column, readTable } from './table.js';
import type { Assignment } from './source.js';

const CLASS = ['lop', 'ma lop', 'ten lop', 'class', 'classid'];
const TEACHER = ['ma giao vien', 'ma can bo', 'ma gv', 'teacher id', 'staffid', 'staff id'];
const SUBJECT = ['mon', 'mon hoc', 'subject'];

export async function readAssignmentsFile(file: string): Promise<Assignment[]> {
  const has = (keys: string[], list: string[]): boolean => list.some((k) => keys.includes(k));
  const table = await readTable(file, (keys) => has(keys, CLASS) && has(keys, TEACHER) && has(keys, SUBJECT));
  if (table === undefined) {
    throw new InputError({ file }, 'assignments-header', {
      vi: 'tệp phân công cần các cột "Lớp", "Mã giáo viên" và "Môn"',
      en: 'an assignments file needs the columns "Lớp" (class), "Mã giáo viên" (teacher id) and "Môn" (subject)',
    });
  }
  const c = { cls: column(table, CLASS), teacher: column(table, TEACHER), subject: column(table, SUBJECT) };
  return table.rows
    .map((r) => ({ row: r.row, classId: cell(r, c.cls), teacherId: cell(r, c.teacher), subject: cell(r, c.subject) }))
    .filter((a) => a.classId !== '' && a.teacherId !== '' && a.subject !== '');
}
