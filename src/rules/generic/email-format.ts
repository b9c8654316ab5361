import { defineRule } from '../types.js';
import { QD4998_ANNEX } from '../utils/legal.js';
import { fieldPicker } from '../utils/pick.js';
import { fieldsWhere, perEntity } from '../utils/values.js';

/** local@domain.tld, ASCII only (no diacritics, no spaces), one @, no empty or doubled dots. */
const EMAIL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$/;

export function isEmail(s: string): boolean {
  return s.length <= 254 && EMAIL.test(s);
}

/** Email addresses that cannot receive mail: spaces, diacritics, no @, no domain. */
export default defineRule({
  meta: {
    code: 'DL-008',
    id: 'email-format',
    entities: ['*'],
    scope: 'cell',
    defaultSeverity: 'error',
    title: { vi: 'Email sai định dạng', en: 'Malformed email' },
    docs: {
      vi: 'Địa chỉ thư điện tử sai định dạng (thiếu @, thiếu tên miền, có dấu tiếng Việt hoặc khoảng trắng, nhiều địa chỉ trong một ô).',
      en: 'An email address in the wrong format (no @, no domain, Vietnamese diacritics or spaces, several addresses in one cell).',
    },
    legalBasis: `${QD4998_ANNEX} (EMAIL, String 50); RFC 5322 mục 3.4.1 (cú pháp địa chỉ)`,
    messages: {
      invalid: {
        vi: '{{field}} «{{value}}» không phải địa chỉ thư điện tử hợp lệ.',
        en: '{{field}} "{{value}}" is not a valid email address.',
      },
    },
  },
  create(context) {
    const emails = perEntity(context.schemas, (_e, fields) => {
      const keys = fieldsWhere(fields, (f) => f.type === 'email').map((f) => f.key);
      return { keys, pick: fieldPicker(keys) };
    });
    return {
      record(record) {
        const { keys, pick } = emails(record.entity);
        const values = pick(record.values);
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i]!;
          const v = values[i];
          if (typeof v === 'string' && v.length > 0 && record.problems[key] === undefined && !isEmail(v)) {
            context.report({ messageId: 'invalid', record, field: key });
          }
        }
      },
    };
  },
});
