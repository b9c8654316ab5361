import { defineRule } from '../types.js';
import { QCVN102, QD4998_ANNEX } from '../utils/legal.js';
import { isoToInt, numberOption } from '../utils/values.js';

export const defaultOptions = { minYear: 1900 };

/** A birth date before 1900: a typo (1090 for 1990) or a two-digit year read wrongly. */
export default defineRule({
  meta: {
    code: 'DL-007',
    id: 'birth-date-too-early',
    entities: ['*'],
    scope: 'cell',
    defaultSeverity: 'error',
    title: { vi: 'Ngày sinh trước năm 1900', en: 'Birth date before 1900' },
    docs: {
      vi: 'Ngày sinh trước năm 1900 (tuỳ chọn minYear): thường do gõ nhầm năm (1090 thay vì 1990) hoặc năm hai chữ số bị đọc sai.',
      en: 'A birth date before 1900 (option minYear): usually a mistyped year (1090 for 1990) or a two-digit year read wrongly.',
    },
    legalBasis: `${QD4998_ANNEX} (NGAY_SINH); ${QCVN102}`,
    messages: {
      tooEarly: {
        vi: '{{field}} {{value}} trước năm {{minYear}}; kiểm tra lại năm sinh.',
        en: '{{field}} {{value}} is before {{minYear}}; check the year.',
      },
    },
  },
  create(context) {
    const minYear = numberOption(context.options, 'minYear', defaultOptions.minYear);
    const min = minYear * 10_000 + 101;
    return {
      record(record) {
        const d = isoToInt(record.values.dateOfBirth);
        if (d < min) context.report({ messageId: 'tooEarly', record, field: 'dateOfBirth', data: { minYear } });
      },
    };
  },
});
