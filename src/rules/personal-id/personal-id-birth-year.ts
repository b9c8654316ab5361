import { defineRule } from '../types.js';
import { CCCD_LAW } from '../utils/legal.js';
import { centuryDigit, idBirthYear, personalIdFields, twelveDigitId } from '../utils/cccd.js';
import { isoToInt, yearOf } from '../utils/values.js';

/** Digits 5–6 + the century digit give the birth year, which must be the year of the date of birth. */
export default defineRule({
  meta: {
    code: 'CC-004',
    id: 'personal-id-birth-year',
    entities: ['student', 'teacher'],
    scope: 'row',
    defaultSeverity: 'error',
    title: { vi: 'Số định danh không khớp năm sinh', en: 'Personal ID contradicts birth year' },
    docs: {
      vi: 'Chữ số thứ 5–6 của số định danh là hai số cuối của năm sinh; cùng chữ số thế kỷ (0/1: 19xx, 2/3: 20xx) cho năm sinh, phải trùng năm trong cột Ngày sinh.',
      en: 'Digits 5–6 of the personal ID are the last two digits of the birth year; with the century digit (0/1: 19xx, 2/3: 20xx) they give the birth year, which must equal the year of the date of birth.',
    },
    legalBasis: `${CCCD_LAW} (mã năm sinh)`,
    messages: {
      mismatch: {
        vi: 'Số định danh {{value}} cho năm sinh {{idYear}} nhưng ngày sinh ghi năm {{birthYear}}.',
        en: 'Personal ID {{value}} encodes birth year {{idYear}} but the date of birth says {{birthYear}}.',
      },
    },
  },
  create(context) {
    const fields = personalIdFields(context.schemas);
    return {
      record(record) {
        const dob = isoToInt(record.values.dateOfBirth);
        if (Number.isNaN(dob)) return;
        const keys = fields(record.entity);
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i]!;
          const id = twelveDigitId(record, key);
          if (id === undefined || centuryDigit(id) >= 4) continue; // CC-005
          const idYear = idBirthYear(id);
          const birthYear = yearOf(dob);
          if (idYear !== birthYear) context.report({ messageId: 'mismatch', record, field: key, data: { idYear, birthYear } });
        }
      },
    };
  },
});
