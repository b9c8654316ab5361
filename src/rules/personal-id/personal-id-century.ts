import { defineRule } from '../types.js';
import { CCCD_LAW } from '../utils/legal.js';
import { centuryDigit, idBirthYear, personalIdFields, twelveDigitId } from '../utils/cccd.js';
import { isoToInt, yearOf } from '../utils/values.js';

/** Century digit ≥ 4 means born in 2100 or later; a year after this year is impossible too. */
export default defineRule({
  meta: {
    code: 'CC-005',
    id: 'personal-id-century',
    entities: ['student', 'teacher'],
    scope: 'cell',
    defaultSeverity: 'error',
    title: { vi: 'Mã thế kỷ trong số định danh sai', en: 'Impossible century digit in personal ID' },
    docs: {
      vi: 'Chữ số thứ 4 của số định danh từ 4 trở lên nghĩa là sinh từ năm 2100, không thể có với người đang sống; năm sinh suy ra từ số định danh cũng không được sau năm hiện tại.',
      en: 'A 4th digit of 4 or more means born in 2100 or later, impossible for anyone alive; the birth year derived from the ID cannot be after the current year either.',
    },
    legalBasis: `${CCCD_LAW} (mã thế kỷ: 0/1 thế kỷ 20, 2/3 thế kỷ 21, 4/5 thế kỷ 22…)`,
    messages: {
      impossibleCentury: {
        vi: '{{field}} «{{value}}»: chữ số thứ 4 là {{digit}} (sinh từ năm 2100 trở đi), không thể đúng.',
        en: '{{field}} "{{value}}": 4th digit {{digit}} means born in 2100 or later, which cannot be right.',
      },
      futureYear: {
        vi: '{{field}} «{{value}}» cho năm sinh {{idYear}}, sau năm hiện tại.',
        en: '{{field}} "{{value}}" encodes birth year {{idYear}}, after the current year.',
      },
    },
  },
  create(context) {
    const fields = personalIdFields(context.schemas);
    const thisYear = yearOf(isoToInt(context.today));
    return {
      record(record) {
        const keys = fields(record.entity);
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i]!;
          const id = twelveDigitId(record, key);
          if (id === undefined) continue;
          const digit = centuryDigit(id);
          if (digit >= 4) context.report({ messageId: 'impossibleCentury', record, field: key, data: { digit } });
          else {
            const idYear = idBirthYear(id);
            if (idYear > thisYear) context.report({ messageId: 'futureYear', record, field: key, data: { idYear } });
          }
        }
      },
    };
  },
});
