import type { Level } from '../../schema/format.js';
import { defineRule } from '../types.js';
import { QD4998_ANNEX } from '../utils/legal.js';
import { fieldPicker } from '../utils/pick.js';
import { fieldsWhere, perEntity } from '../utils/values.js';

interface Limit {
  key: string;
  max: number;
  /** The smallest limit at any level: values this short need no level lookup. */
  min: number;
  byLevel: Partial<Record<Level, number>> | undefined;
}

/** Text longer than the field length of QĐ 4998 (per level where the annex differs). */
export default defineRule({
  meta: {
    code: 'DL-003',
    id: 'field-too-long',
    entities: ['*'],
    scope: 'cell',
    defaultSeverity: 'error',
    title: { vi: 'Vượt độ dài tối đa', en: 'Longer than allowed' },
    docs: {
      vi: 'Giá trị dài hơn độ dài tối đa của trường theo QĐ 4998 (theo cấp học khi phụ lục quy định khác nhau), ví dụ Họ tên tối đa 50 ký tự, Mã học sinh THCS tối đa 15 ký tự.',
      en: 'A value longer than the field\'s maximum length in QĐ 4998 (per level where the annex differs), e.g. full name at most 50 characters, THCS student code at most 15.',
    },
    legalBasis: `${QD4998_ANNEX}, cột "Độ dài" (ví dụ HSC2.1.1 HO_TEN 50 ký tự, HOC_SINH_ID 15 ký tự)`,
    messages: {
      tooLong: {
        vi: '{{field}} dài {{length}} ký tự, vượt quá {{max}} ký tự cho phép.',
        en: '{{field}} is {{length}} characters long, over the {{max}} allowed.',
      },
    },
  },
  create(context) {
    const limits = perEntity(context.schemas, (_e, fields) => {
      const list = fieldsWhere(fields, (f) => f.maxLength !== undefined || f.maxLengthByLevel !== undefined).map(
        (f): Limit => {
          const max = f.maxLength ?? Infinity;
          const levels = Object.values(f.maxLengthByLevel ?? {}).filter((n): n is number => typeof n === 'number');
          return { key: f.key, max, min: Math.min(max, ...levels), byLevel: f.maxLengthByLevel };
        },
      );
      return { list, pick: fieldPicker(list.map((l) => l.key)) };
    });
    return {
      record(record) {
        const { list, pick } = limits(record.entity);
        const values = pick(record.values);
        for (let i = 0; i < list.length; i++) {
          const limit = list[i]!;
          const v = values[i];
          if (typeof v !== 'string' || v.length <= limit.min) continue;
          let max = limit.max;
          if (limit.byLevel !== undefined && record.level !== undefined) max = limit.byLevel[record.level] ?? max;
          if (v.length > max) {
            context.report({ messageId: 'tooLong', record, field: limit.key, data: { length: v.length, max } });
          }
        }
      },
    };
  },
});
