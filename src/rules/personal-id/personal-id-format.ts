import { defineRule } from '../types.js';
import { CCCD_LAW, QD4998_ANNEX } from '../utils/legal.js';
import { personalIdFields } from '../utils/cccd.js';
import { isDigits } from '../utils/values.js';

/** The personal ID must be 12 digits. */
export default defineRule({
  meta: {
    code: 'CC-001',
    id: 'personal-id-format',
    entities: ['student', 'teacher'],
    scope: 'cell',
    defaultSeverity: 'error',
    title: { vi: 'Số định danh không đủ 12 chữ số', en: 'Personal ID is not 12 digits' },
    docs: {
      vi: 'Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số. 11 chữ số: thường do Excel làm mất số 0 ở đầu (cần định dạng cột là Văn bản). 9 chữ số: số CMND cũ, chỉ cảnh báo vì cần thay bằng số định danh 12 số.',
      en: 'The personal ID (CCCD) must be exactly 12 digits. 11 digits: usually Excel dropped the leading zero (format the column as Text). 9 digits: an old CMND number, only a warning since it must be replaced by the 12-digit personal ID.',
    },
    legalBasis: `${CCCD_LAW}; ${QD4998_ANNEX} (MA_CONG_DAN_ID); lược đồ CSDL quốc gia 2025: sodinhdanh VARCHAR(12)`,
    messages: {
      elevenDigits: {
        vi: '{{field}} «{{value}}» chỉ có 11 chữ số, có lẽ Excel đã làm mất số 0 ở đầu: số đúng có thể là {{suggestion}}.',
        en: '{{field}} "{{value}}" has only 11 digits; Excel probably dropped the leading zero: it may be {{suggestion}}.',
      },
      oldCmnd: {
        vi: '{{field}} «{{value}}» là số CMND cũ (9 số), cần số định danh 12 số.',
        en: '{{field}} "{{value}}" is an old 9-digit CMND number; the 12-digit personal ID is needed.',
      },
      wrongLength: {
        vi: '{{field}} «{{value}}» có {{length}} chữ số; số định danh cá nhân phải có đúng 12 chữ số.',
        en: '{{field}} "{{value}}" has {{length}} digits; a personal ID has exactly 12.',
      },
      notDigits: {
        vi: '{{field}} «{{value}}» chỉ được gồm 12 chữ số, không có chữ cái, dấu cách hay dấu chấm.',
        en: '{{field}} "{{value}}" must be 12 digits, without letters, spaces or dots.',
      },
    },
  },
  create(context) {
    const fields = personalIdFields(context.schemas);
    return {
      record(record) {
        const keys = fields(record.entity);
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i]!;
          const raw = record.values[key];
          if (raw === undefined || raw === null || raw === '' || record.problems[key] !== undefined) continue;
          const v = typeof raw === 'string' ? raw : String(raw);
          if (v.length === 12 && isDigits(v)) continue;
          if (!isDigits(v)) context.report({ messageId: 'notDigits', record, field: key });
          else if (v.length === 11) context.report({ messageId: 'elevenDigits', record, field: key, data: { suggestion: `0${v}` } });
          else if (v.length === 9) context.report({ messageId: 'oldCmnd', record, field: key, severity: 'warning' });
          else context.report({ messageId: 'wrongLength', record, field: key, data: { length: v.length } });
        }
      },
    };
  },
});
