import { defineRule } from '../types.js';
import { QD4998_ANNEX, TT42 } from '../utils/legal.js';
import { fieldPicker } from '../utils/pick.js';
import { fieldsWhere, isoToInt, perEntity, stringListOption } from '../utils/values.js';

/** Fields left to a more specific rule (hire dates: GV-003). */
export const defaultOptions = { skipFields: ['hireDate'] as readonly string[] };

/** A date after today (birth dates, status dates, document dates…). */
export default defineRule({
  meta: {
    code: 'DL-006',
    id: 'date-in-future',
    entities: ['*'],
    scope: 'cell',
    defaultSeverity: 'error',
    title: { vi: 'Ngày ở tương lai', en: 'Date in the future' },
    docs: {
      vi: 'Ngày tháng nằm sau ngày hôm nay (ngày sinh, ngày nhập trạng thái, ngày cấp…): dữ liệu ghi nhận sự việc đã xảy ra nên không thể ở tương lai. Tuỳ chọn skipFields: các trường do quy tắc riêng kiểm tra (mặc định hireDate, xem GV-003).',
      en: 'A date after today (birth date, status date, issue date…): the data records past events, so it cannot be in the future. Option skipFields: fields checked by a dedicated rule (default hireDate, see GV-003).',
    },
    legalBasis: `${QD4998_ANNEX}; ${TT42}`,
    messages: {
      future: {
        vi: '{{field}} {{value}} ở sau ngày hôm nay ({{today}}).',
        en: '{{field}} {{value}} is after today ({{today}}).',
      },
    },
  },
  create(context) {
    const skip = new Set(stringListOption(context.options, 'skipFields', defaultOptions.skipFields));
    const today = isoToInt(context.today);
    const dates = perEntity(context.schemas, (_e, fields) => {
      const keys = fieldsWhere(fields, (f) => f.type === 'date' && !skip.has(f.key)).map((f) => f.key);
      return { keys, pick: fieldPicker(keys) };
    });
    return {
      record(record) {
        const { keys, pick } = dates(record.entity);
        const values = pick(record.values);
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i]!;
          const d = isoToInt(values[i]);
          if (d > today) context.report({ messageId: 'future', record, field: key, data: { today: context.today } });
        }
      },
    };
  },
});
