import { defineRule } from '../types.js';
import { QCVN102, QD4998_ANNEX } from '../utils/legal.js';

/** Dates that cannot be read, or that do not exist (31/02, 29/02 of a non-leap year). */
export default defineRule({
  meta: {
    code: 'DL-005',
    id: 'date-invalid',
    entities: ['*'],
    scope: 'cell',
    defaultSeverity: 'error',
    title: { vi: 'Ngày không hợp lệ', en: 'Invalid date' },
    docs: {
      vi: 'Ngày tháng không đọc được (không theo dạng dd/mm/yyyy hay ngày của Excel) hoặc là ngày không có thật (31/02, 29/02 của năm không nhuận).',
      en: 'A date that cannot be read (not dd/mm/yyyy nor an Excel date) or that does not exist (31/02, 29/02 in a non-leap year).',
    },
    legalBasis: `${QD4998_ANNEX} (kiểu Date, độ dài 10); ${QCVN102}`,
    messages: {
      notADate: {
        vi: '{{field}} «{{value}}» không phải ngày tháng; ghi theo dạng dd/mm/yyyy.',
        en: '{{field}} "{{value}}" is not a date; write it as dd/mm/yyyy.',
      },
      impossibleDate: {
        vi: '{{field}} «{{value}}» là ngày không có thật.',
        en: '{{field}} "{{value}}" is a date that does not exist.',
      },
    },
  },
  create(context) {
    return {
      record(record) {
        const problems = record.problems;
        for (const field in problems) {
          const kind = problems[field]!.kind;
          if (kind === 'not-a-date') context.report({ messageId: 'notADate', record, field });
          else if (kind === 'impossible-date') context.report({ messageId: 'impossibleDate', record, field });
        }
      },
    };
  },
});
