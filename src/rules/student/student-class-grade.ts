import { defineRule } from '../types.js';
import { QD4998_ANNEX } from '../utils/legal.js';
import { createClassGradeListener } from '../utils/grade.js';

/** "6A1" must be in grade 6: a class name that starts with a grade number must match the grade. */
export default defineRule({
  meta: {
    code: 'HS-002',
    id: 'student-class-grade',
    entities: ['student'],
    scope: 'row',
    defaultSeverity: 'error',
    title: { vi: 'Lớp không khớp khối', en: 'Class does not match the grade' },
    docs: {
      vi: 'Lớp của học sinh phải thuộc khối đã ghi: tên/mã lớp bắt đầu bằng số khối (6A1, 10A2, 12 Toán, Lớp 7B) phải trùng Khối. Lớp không bắt đầu bằng số (A1, Hoa Mai) không được kiểm tra.',
      en: 'A student\'s class must be in the stated grade: a class name or code starting with a grade number (6A1, 10A2, 12 Toán, Lớp 7B) must match the Grade. Classes not starting with a number (A1, Hoa Mai) are not checked.',
    },
    legalBasis: `${QD4998_ANNEX} (HSC2.1.1 MA_KHOI, MA_LOP; lớp thuộc một khối: LOPC2.1.1 MA_KHOI)`,
    messages: {
      mismatch: {
        vi: 'Lớp «{{value}}» thuộc khối {{classGrade}} nhưng học sinh ghi khối {{grade}}.',
        en: 'Class "{{value}}" is in grade {{classGrade}} but the student\'s grade is {{grade}}.',
      },
    },
  },
  create: createClassGradeListener,
});
