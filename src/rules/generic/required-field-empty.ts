import { defineRule } from '../types.js';
import { QD4998_ANNEX, TT42 } from '../utils/legal.js';
import { fieldPicker } from '../utils/pick.js';
import { fieldsWhere, isBlank, perEntity } from '../utils/values.js';

/** A required field whose column exists but whose cell is empty. A missing column is SC-008 (once per table). */
export default defineRule({
  meta: {
    code: 'DL-001',
    id: 'required-field-empty',
    entities: ['*'],
    scope: 'cell',
    defaultSeverity: 'error',
    title: { vi: 'Thiếu thông tin bắt buộc', en: 'Required field empty' },
    docs: {
      vi: 'Trường bắt buộc (theo lược đồ CSDL quốc gia 2025 và mẫu nhập của cổng csdl.moet.gov.vn) bị bỏ trống. Khi thiếu hẳn cột, lỗi được báo một lần cho cả bảng (SC-008).',
      en: 'A required field (per the 2025 national data schema and the csdl.moet.gov.vn import templates) is empty. A column missing altogether is reported once per table (SC-008).',
    },
    legalBasis: `${QD4998_ANNEX}; ${TT42}; tính bắt buộc theo cờ NOT NULL của lược đồ Trung tâm Dữ liệu quốc gia 2025`,
    messages: {
      empty: {
        vi: '{{field}} là thông tin bắt buộc nhưng đang để trống.',
        en: '{{field}} is required but empty.',
      },
    },
  },
  create(context) {
    const required = perEntity(context.schemas, (_e, fields) => {
      const keys = fieldsWhere(fields, (f) => f.required).map((f) => f.key);
      return { keys, pick: fieldPicker(keys) };
    });
    return {
      record(record) {
        const { keys, pick } = required(record.entity);
        const values = pick(record.values);
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i]!;
          const v = values[i];
          if (v !== undefined && isBlank(v) && record.problems[key] === undefined) {
            context.report({ messageId: 'empty', record, field: key });
          }
        }
      },
    };
  },
});
