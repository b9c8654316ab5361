import { defineRule } from '../types.js';
import { CCCD_LAW } from '../utils/legal.js';
import { centuryDigit, personalIdFields, twelveDigitId } from '../utils/cccd.js';

/** Digit 4 encodes sex: even = Nam (gender code 1), odd = Nữ (gender code 2). */
export default defineRule({
  meta: {
    code: 'CC-003',
    id: 'personal-id-gender',
    entities: ['student', 'teacher'],
    scope: 'row',
    defaultSeverity: 'error',
    title: { vi: 'Số định danh không khớp giới tính', en: 'Personal ID contradicts gender' },
    docs: {
      vi: 'Chữ số thứ 4 của số định danh mã hoá thế kỷ sinh và giới tính: chẵn (0, 2, 4…) là Nam, lẻ (1, 3, 5…) là Nữ; phải khớp cột Giới tính. Sai lệch thường do nhập nhầm số định danh của người khác (anh chị em, cha mẹ) hoặc nhầm giới tính.',
      en: 'The 4th digit of the personal ID encodes century and sex: even (0, 2, 4…) male, odd (1, 3, 5…) female; it must agree with the Gender column. A mismatch usually means someone else\'s ID (a sibling, a parent) or a wrong gender.',
    },
    legalBasis: `${CCCD_LAW} (mã thế kỷ và giới tính)`,
    messages: {
      mismatch: {
        vi: 'Số định danh {{value}} là của người {{idGender}} (chữ số thứ 4 là {{digit}}) nhưng giới tính ghi là {{gender}}.',
        en: 'Personal ID {{value}} belongs to a {{idGenderEn}} person (4th digit {{digit}}) but the gender is {{genderEn}}.',
      },
    },
  },
  create(context) {
    const fields = personalIdFields(context.schemas);
    return {
      record(record) {
        const gender = record.values.genderCode;
        if (gender !== '1' && gender !== '2') return;
        const keys = fields(record.entity);
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i]!;
          const id = twelveDigitId(record, key);
          if (id === undefined) continue;
          const digit = centuryDigit(id);
          const idMale = digit % 2 === 0;
          if (idMale === (gender === '1')) continue;
          context.report({
            messageId: 'mismatch',
            record,
            field: key,
            data: {
              digit,
              idGender: idMale ? 'Nam' : 'Nữ',
              idGenderEn: idMale ? 'male' : 'female',
              gender: gender === '1' ? 'Nam' : 'Nữ',
              genderEn: gender === '1' ? 'male' : 'female',
            },
          });
        }
      },
    };
  },
});
