import { defineRule } from '../types.js';
import { createCodeDuplicateListener } from '../utils/duplicate-code.js';

/** One staffId, one staff member: across every file of the run. */
export default defineRule({
  meta: {
    code: 'DS-004',
    id: 'duplicate-staff-id',
    entities: ['teacher'],
    scope: 'cross-file',
    defaultSeverity: 'error',
    title: { vi: 'Trùng mã cán bộ', en: 'Duplicate staff code' },
    docs: {
      vi: 'Mã cán bộ (mã định danh trên CSDL ngành) là duy nhất. Cùng mã ở hai cán bộ khác nhau (khác họ tên hoặc ngày sinh) là lỗi. Cùng một cán bộ lặp lại (trùng mã, họ tên, ngày sinh) là lỗi trong cùng một tệp và cảnh báo giữa hai tệp; không báo lại khi hai dòng cũng trùng số định danh cá nhân (đã báo ở DS-001).',
      en: 'Staff code (the sector database identifier) is unique. The same code on two different people (different name or birth date) is an error. The same staff member repeated (same code, name and birth date) is an error within one file and a warning across files; not reported again when both rows also share the personal ID (DS-001 reports it).',
    },
    legalBasis: 'QĐ 4998/QĐ-BGDĐT Phụ lục III (GVC2.1.1 GIAO_VIEN_ID); Thông tư 42/2021/TT-BGDĐT Điều 10 (mã định danh do hệ thống cấp, duy nhất, không thay đổi)',
    messages: {
      differentPeople: {
        vi: 'Mã cán bộ {{value}} đã dùng cho một người khác ở {{otherPlace}} (khác họ tên hoặc ngày sinh).',
        en: 'Staff code {{value}} is already used by a different person at {{otherPlace}} (different name or birth date).',
      },
      samePerson: {
        vi: 'Mã cán bộ {{value}} lặp lại: cán bộ này đã có ở {{otherPlace}}.',
        en: 'Staff code {{value}} is repeated: this staff member already appears at {{otherPlace}}.',
      },
    },
  },
  create: createCodeDuplicateListener('staffId'),
});
