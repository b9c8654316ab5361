import { defineRule } from '../types.js';
import { CCCD_LAW } from '../utils/legal.js';
import { idPrefix, personalIdFields, twelveDigitId } from '../utils/cccd.js';

/** Digits 1–3: "0" + one of the 63 pre-2025 province codes, or 100–299 (birth registered abroad). */
export default defineRule({
  meta: {
    code: 'CC-002',
    id: 'personal-id-province',
    entities: ['student', 'teacher'],
    scope: 'cell',
    defaultSeverity: 'error',
    title: { vi: 'Mã tỉnh nơi đăng ký khai sinh sai', en: 'Wrong province-of-birth code in personal ID' },
    docs: {
      vi: 'Ba chữ số đầu của số định danh là mã tỉnh nơi đăng ký khai sinh: "0" + một trong 63 mã tỉnh trước sáp nhập 2025 (001 Hà Nội … 096 Cà Mau; không đổi theo sáp nhập), hoặc 100–299 nếu đăng ký khai sinh ở nước ngoài. Mã khác (000, 003, 097–099, từ 300) là sai.',
      en: 'The first three digits are the province where the birth was registered: "0" + one of the 63 pre-2025 province codes (001 Hà Nội … 096 Cà Mau; unchanged by the 2025 merger), or 100–299 for a birth registered abroad. Any other prefix (000, 003, 097–099, 300 and up) is wrong.',
    },
    legalBasis: `${CCCD_LAW} (mã tỉnh, mã quốc gia nơi đăng ký khai sinh; Phụ lục II mã quốc gia)`,
    messages: {
      unknownProvince: {
        vi: '{{field}} «{{value}}»: mã {{prefix}} ở ba chữ số đầu không phải mã tỉnh/thành phố hay mã quốc gia nơi đăng ký khai sinh.',
        en: '{{field}} "{{value}}": prefix {{prefix}} is neither a province nor a country code of birth registration.',
      },
    },
  },
  create(context) {
    const fields = personalIdFields(context.schemas);
    const known = new Uint8Array(1000);
    for (const prefix of context.schemas.cccdProvinces.keys()) {
      const n = Number(prefix);
      if (Number.isInteger(n) && n >= 0 && n < 1000) known[n] = 1;
    }
    for (let n = 100; n <= 299; n++) known[n] = 1; // registered abroad (TT 07/2016 Phụ lục II)
    return {
      record(record) {
        const keys = fields(record.entity);
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i]!;
          const id = twelveDigitId(record, key);
          if (id === undefined) continue;
          if (known[idPrefix(id)] !== 1) context.report({ messageId: 'unknownProvince', record, field: key, data: { prefix: id.slice(0, 3) } });
        }
      },
    };
  },
});
