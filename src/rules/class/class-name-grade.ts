import { defineRule } from '../types.js';
import { QD4998_ANNEX } from '../utils/legal.js';
import { createClassGradeListener } from '../utils/grade.js';

/** A class named "6A1" must be a grade-6 class. */
export default defineRule({
  meta: {
    code: 'LH-001',
    id: 'class-name-grade',
    entities: ['class'],
    scope: 'row',
    defaultSeverity: 'error',
    title: { vi: 'Tên lớp không khớp khối', en: 'Class name does not match the grade' },
    docs: {
      vi: 'Tên lớp (hoặc mã lớp) bắt đầu bằng số khối (6A1, 10A2, 12 Toán, Lớp 7B) phải trùng Khối của lớp. Tên không bắt đầu bằng số không được kiểm tra.',
      en: 'A class name (or class code) starting with a grade number (6A1, 10A2, 12 Toán, Lớp 7B) must match the class\'s grade. Names not starting with a number are not checked.',
    },
    legalBasis: `${QD4998_ANNEX} (LOPC2.1.1: MA, TEN, MA_KHOI)`,
    messages: {
      mismatch: {
        vi: 'Lớp «{{value}}» mang số khối {{classGrade}} nhưng Khối ghi là {{grade}}.',
        en: 'Class "{{value}}" is named for grade {{classGrade}} but its grade is {{grade}}.',
      },
    },
  },
  create: createClassGradeListener,
});
