import { defineRule } from '../types.js';
import { isoToInt, numberOption, yearsBetween } from '../utils/values.js';

export const defaultOptions = { minAge: 18, maxAge: 65, warnBelow: 20, warnAbove: 62 };

/** A teacher's age at the reference date: 18–65 possible, 20–62 usual. */
export default defineRule({
  meta: {
    code: 'GV-001',
    id: 'teacher-age',
    entities: ['teacher'],
    scope: 'row',
    defaultSeverity: 'error',
    title: { vi: 'Tuổi giáo viên bất thường', en: 'Implausible teacher age' },
    docs: {
      vi: 'Tuổi cán bộ, giáo viên tại ngày tham chiếu của năm học phải từ 18 đến 65 (lỗi nếu ngoài khoảng, thường do nhập sai ngày sinh); ngoài khoảng 20–62 (chưa đủ thời gian đào tạo, quá tuổi nghỉ hưu của nam theo lộ trình) chỉ cảnh báo. Tuỳ chọn: minAge, maxAge, warnBelow, warnAbove.',
      en: 'A teacher\'s or staff member\'s age at the school year\'s reference date must be 18 to 65 (error outside, usually a wrong birth date); outside 20–62 (too young to have finished training, past the men\'s retirement age on the current schedule) is a warning. Options: minAge, maxAge, warnBelow, warnAbove.',
    },
    legalBasis: 'Luật Viên chức 2010 Điều 22 (người được tuyển dụng đủ 18 tuổi trở lên); Bộ luật Lao động 2019 Điều 169 và NĐ 135/2020/NĐ-CP (tuổi nghỉ hưu: nam 62 từ 2028, nữ 60 từ 2035); Luật Giáo dục 2019 Điều 72 (trình độ chuẩn được đào tạo của nhà giáo)',
    messages: {
      tooYoung: {
        vi: 'Cán bộ {{age}} tuổi tại ngày {{referenceDate}}, dưới {{limit}} tuổi; kiểm tra ngày sinh.',
        en: 'Staff member is {{age}} at {{referenceDate}}, under {{limit}}; check the date of birth.',
      },
      tooOld: {
        vi: 'Cán bộ {{age}} tuổi tại ngày {{referenceDate}}, trên {{limit}} tuổi; kiểm tra ngày sinh hoặc trạng thái nghỉ hưu.',
        en: 'Staff member is {{age}} at {{referenceDate}}, over {{limit}}; check the date of birth or retirement status.',
      },
    },
  },
  create(context) {
    const o = context.options;
    const minAge = numberOption(o, 'minAge', defaultOptions.minAge);
    const maxAge = numberOption(o, 'maxAge', defaultOptions.maxAge);
    const warnBelow = numberOption(o, 'warnBelow', defaultOptions.warnBelow);
    const warnAbove = numberOption(o, 'warnAbove', defaultOptions.warnAbove);
    const ref = isoToInt(context.referenceDate);
    const referenceDate = context.referenceDate;
    return {
      record(record) {
        const dob = isoToInt(record.values.dateOfBirth);
        if (Number.isNaN(dob) || dob > ref) return;
        const age = yearsBetween(dob, ref);
        if (age < warnBelow) {
          const error = age < minAge;
          context.report({
            messageId: 'tooYoung',
            record,
            field: 'dateOfBirth',
            severity: error ? 'error' : 'warning',
            data: { age, limit: error ? minAge : warnBelow, referenceDate },
          });
        } else if (age > warnAbove) {
          const error = age > maxAge;
          context.report({
            messageId: 'tooOld',
            record,
            field: 'dateOfBirth',
            severity: error ? 'error' : 'warning',
            data: { age, limit: error ? maxAge : warnAbove, referenceDate },
          });
        }
      },
    };
  },
});
