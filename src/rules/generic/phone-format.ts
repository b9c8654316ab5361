import { defineRule } from '../types.js';
import { QD4998_ANNEX } from '../utils/legal.js';
import { fieldPicker } from '../utils/pick.js';
import { fieldsWhere, isDigits, perEntity } from '../utils/values.js';

/**
 * Old 11-digit mobile prefixes and their 10-digit replacements (Bộ TT&TT, QĐ 798/QĐ-BTTTT 2018,
 * converted from 15/9/2018).
 */
const OLD_MOBILE: Record<string, string> = {
  '0120': '070', '0121': '079', '0122': '077', '0126': '076', '0128': '078',
  '0123': '083', '0124': '084', '0125': '085', '0127': '081', '0129': '082',
  '0162': '032', '0163': '033', '0164': '034', '0165': '035', '0166': '036', '0167': '037', '0168': '038', '0169': '039',
  '0186': '056', '0188': '058', '0199': '059',
};

const SEPARATORS = /[\s.\-()/]/g;

/** Digits of a phone number with separators removed and +84/84 turned into 0; undefined when not all digits. */
export function normalisePhone(raw: string): string | undefined {
  let s = raw.replace(SEPARATORS, '');
  if (s.startsWith('+84')) s = `0${s.slice(3)}`;
  else if (s.startsWith('84') && (s.length === 11 || s.length === 12)) s = `0${s.slice(2)}`;
  return isDigits(s) ? s : undefined;
}

export type PhoneVerdict = 'ok' | 'landline' | 'oldMobile' | 'invalid';

export function classifyPhone(raw: string): { verdict: PhoneVerdict; digits?: string; suggestion?: string } {
  if (raw.length === 10 && raw.charCodeAt(0) === 48 && isDigits(raw)) return { verdict: 'ok', digits: raw };
  const digits = normalisePhone(raw);
  if (digits === undefined || digits.charCodeAt(0) !== 48) return { verdict: 'invalid' };
  if (digits.length === 10) return { verdict: 'ok', digits };
  if (digits.length === 11) {
    const replacement = OLD_MOBILE[digits.slice(0, 4)];
    if (replacement !== undefined) return { verdict: 'oldMobile', digits, suggestion: replacement + digits.slice(4) };
    if (digits.startsWith('02')) return { verdict: 'landline', digits };
  }
  return { verdict: 'invalid', digits };
}

/** Vietnamese phone numbers: 10 digits starting with 0 once separators and +84 are removed. */
export default defineRule({
  meta: {
    code: 'DL-009',
    id: 'phone-format',
    entities: ['*'],
    scope: 'cell',
    defaultSeverity: 'error',
    title: { vi: 'Số điện thoại sai định dạng', en: 'Malformed phone number' },
    docs: {
      vi: 'Số điện thoại phải gồm 10 chữ số bắt đầu bằng 0 (sau khi bỏ dấu cách, dấu chấm, gạch nối và đổi +84 thành 0). Số cố định 11 số có mã vùng 02x và số di động 11 số đầu 01x cũ (đã chuyển sang 10 số từ 2018) chỉ được cảnh báo.',
      en: 'A phone number must be 10 digits starting with 0 (after removing spaces, dots, dashes and turning +84 into 0). 11-digit landlines with a 02x area code and old 11-digit 01x mobiles (converted to 10 digits in 2018) are only warnings.',
    },
    legalBasis: `${QD4998_ANNEX} (DIEN_THOAI_LIEN_HE, DI_DONG: String 20); Thông tư 22/2014/TT-BTTTT và QĐ 798/QĐ-BTTTT năm 2018 (quy hoạch kho số, chuyển mã mạng di động 11 số sang 10 số)`,
    messages: {
      invalid: {
        vi: '{{field}} «{{value}}» không phải số điện thoại Việt Nam hợp lệ (10 chữ số, bắt đầu bằng 0).',
        en: '{{field}} "{{value}}" is not a valid Vietnamese phone number (10 digits starting with 0).',
      },
      landline: {
        vi: '{{field}} «{{value}}» là số cố định 11 số có mã vùng; nếu là số liên hệ chính, nên dùng số di động 10 số.',
        en: '{{field}} "{{value}}" is an 11-digit landline with an area code; a 10-digit mobile number is preferred as the contact number.',
      },
      oldMobile: {
        vi: '{{field}} «{{value}}» là số di động 11 số cũ; từ năm 2018 đã đổi thành {{suggestion}}.',
        en: '{{field}} "{{value}}" is an old 11-digit mobile number; since 2018 it is {{suggestion}}.',
      },
    },
  },
  create(context) {
    const phones = perEntity(context.schemas, (_e, fields) => {
      const keys = fieldsWhere(fields, (f) => f.type === 'phone').map((f) => f.key);
      return { keys, pick: fieldPicker(keys) };
    });
    return {
      record(record) {
        const { keys, pick } = phones(record.entity);
        const values = pick(record.values);
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i]!;
          const v = values[i];
          if (v === undefined || v === null || v === '') continue;
          // a mobile number as the reader leaves most of them: what classifyPhone calls 'ok' first
          if (typeof v === 'string' && v.length === 10 && v.charCodeAt(0) === 48 && isDigits(v) && record.problems[key] === undefined) continue;
          if (record.problems[key] !== undefined) continue;
          const result = classifyPhone(typeof v === 'string' ? v : String(v));
          if (result.verdict === 'ok') continue;
          if (result.verdict === 'invalid') context.report({ messageId: 'invalid', record, field: key });
          else if (result.verdict === 'landline') context.report({ messageId: 'landline', record, field: key, severity: 'warning' });
          else context.report({ messageId: 'oldMobile', record, field: key, severity: 'warning', data: { suggestion: result.suggestion ?? '' } });
        }
      },
    };
  },
});
