import type { RuleContext, RuleListener } from '../types.js';

/**
 * Reading a grade number from a class name or class code as schools write them: "6A1", "10A2",
 * "12 Toán", "Lớp 7B", "L9A", "K11-A1". Returns NaN when the name does not start with a grade.
 */
const PREFIX = /^\s*(?:l[oớơ]p|kh[oốô]i|l|k)?\s*[-.]?\s*(\d{1,2})(?!\d)/iu;

export function gradeFromClassName(name: string): number {
  // "6A1", "10A2": one or two digits first (nearly every class code) read without the regex, which
  // gives the same answer for them: the prefix words cannot match a digit.
  const d0 = name.charCodeAt(0) - 48;
  if (d0 >= 0 && d0 <= 9) {
    const d1 = name.charCodeAt(1) - 48;
    if (!(d1 >= 0 && d1 <= 9)) return d0 >= 1 ? d0 : NaN;
    const d2 = name.charCodeAt(2) - 48;
    if (d2 >= 0 && d2 <= 9) return NaN;
    const g = d0 * 10 + d1;
    return g >= 1 && g <= 12 ? g : NaN;
  }
  const m = PREFIX.exec(name);
  if (!m || m[1] === undefined) return NaN;
  const g = Number(m[1]);
  return g >= 1 && g <= 12 ? g : NaN;
}

/** A grade code ("1"…"12", also "01") as a number, or NaN. */
export function gradeNumber(code: string | number | boolean | null | undefined): number {
  if (typeof code === 'number') return Number.isInteger(code) && code >= 1 && code <= 12 ? code : NaN;
  if (typeof code !== 'string' || code.length === 0 || code.length > 2) return NaN;
  const g = Number(code);
  return Number.isInteger(g) && g >= 1 && g <= 12 ? g : NaN;
}

/** Class-name fields in the order they are tried. */
export const CLASS_NAME_FIELDS = ['className', 'classId'] as const;

/**
 * The check shared by HS-002 (students) and LH-001 (classes): the first class-name field that
 * starts with a grade number must name the record's grade. Reports `mismatch` with
 * `{ classGrade, grade }` on that field.
 */
export function createClassGradeListener(context: RuleContext): RuleListener {
  return {
    record(record) {
      const grade = gradeNumber(record.values.gradeCode);
      if (Number.isNaN(grade)) return;
      for (const key of CLASS_NAME_FIELDS) {
        const name = record.values[key];
        if (typeof name !== 'string' || name.length === 0) continue;
        const classGrade = gradeFromClassName(name);
        if (Number.isNaN(classGrade)) continue;
        if (classGrade !== grade) context.report({ messageId: 'mismatch', record, field: key, data: { classGrade, grade } });
        return;
      }
    },
  };
}
