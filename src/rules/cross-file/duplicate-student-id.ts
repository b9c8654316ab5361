import { defineRule } from '../types.js';
import { createCodeDuplicateListener } from '../utils/duplicate-code.js';

/** One studentId, one student: across every file of the run. */
export default defineRule({
  meta: {
    code: 'DS-003',
    id: 'duplicate-student-id',
    entities: ['student'],
    scope: 'cross-file',
    defaultSeverity: 'error',
    title: { vi: 'Trùng mã học sinh', en: 'Duplicate student code' },
    docs: {
      vi: 'Mã học sinh (mã định danh trên CSDL ngành) là duy nhất. Cùng mã ở hai học sinh khác nhau (khác họ tên hoặc ngày sinh) là lỗi. Cùng một học sinh lặp lại (trùng mã, họ tên, ngày sinh) là lỗi trong cùng một tệp và cảnh báo giữa hai tệp; không báo lại khi hai dòng cũng trùng số định danh cá nhân (đã báo ở DS-001).',
      en: 'Student code (the sector database identifier) is unique. The same code on two different people (different name or birth date) is an error. The same student repeated (same code, name and birth date) is an error within one file and a warning across files; not reported again when both rows also share the personal ID (DS-001 reports it).',
    },
    legalBasis: 'QĐ 4998/QĐ-BGDĐT Phụ lục III (HSC2.1.1 HOC_SINH_ID); Thông tư 42/2021/TT-BGDĐT Điều 10 (mã định danh do hệ thống cấp, duy nhất, không thay đổi)',
    messages: {
      differentPeople: {
        vi: 'Mã học sinh {{value}} đã dùng cho một người khác ở {{otherPlace}} (khác họ tên hoặc ngày sinh).',
        en: 'Student code {{value}} is already used by a different person at {{otherPlace}} (different name or birth date).',
      },
      samePerson: {
        vi: 'Mã học sinh {{value}} lặp lại: học sinh này đã có ở {{otherPlace}}.',
        en: 'Student code {{value}} is repeated: this student already appears at {{otherPlace}}.',
      },
    },
  },
  create: createCodeDuplicateListener('studentId'),
});
