import { defineRule } from '../types.js';
import { gradeNumber } from '../utils/grade.js';
import { isoToInt, numberOption, schoolYearStart, yearOf } from '../utils/values.js';

/**
 * Years a student may be older (+) or younger (−) than the normal age of the grade. Grade g is
 * normally born in (school-year start − 5 − g): grade 1 of 2025-2026 in 2019, grade 10 in 2010.
 */
export const defaultOptions = { olderWarning: 2, youngerWarning: 1, olderError: 6, youngerError: 3 };

export default defineRule({
  meta: {
    code: 'HS-001',
    id: 'student-age-for-grade',
    entities: ['student'],
    scope: 'row',
    defaultSeverity: 'error',
    title: { vi: 'Tuổi không phù hợp khối lớp', en: 'Age implausible for the grade' },
    docs: {
      vi: 'Tuổi học sinh phải phù hợp với khối lớp tại ngày tham chiếu của năm học (số liệu đầu năm: 30/9). Học sinh khối g thường sinh năm (năm bắt đầu năm học − 5 − g), ví dụ năm học 2025-2026: lớp 1 sinh năm 2019, lớp 6 năm 2014, lớp 10 năm 2010. Cảnh báo khi lớn hơn quá 2 tuổi hoặc nhỏ hơn quá 1 tuổi (học muộn, lưu ban, học vượt lớp là có thể); lỗi khi lớn hơn quá 6 tuổi hoặc nhỏ hơn quá 3 tuổi (thường do nhập sai ngày sinh hoặc khối). Tuỳ chọn: olderWarning, youngerWarning, olderError, youngerError.',
      en: 'A student\'s age must fit the grade at the school year\'s reference date (start-of-year statistics: 30 September). Grade g is normally born in (school-year start − 5 − g), e.g. for 2025-2026 grade 1 in 2019, grade 6 in 2014, grade 10 in 2010. Warning when more than 2 years older or 1 year younger (late entry, repeating, skipping a grade happen); error when more than 6 years older or 3 years younger (usually a wrong birth date or grade). Options: olderWarning, youngerWarning, olderError, youngerError.',
    },
    legalBasis: 'Luật Giáo dục 2019 Điều 28 khoản 1 (tuổi vào lớp 1 là 6 tuổi, lớp 6 là 11 tuổi, lớp 10 là 15 tuổi; trường hợp học vượt lớp, học ở tuổi cao hơn); Điều lệ trường tiểu học (TT 28/2020/TT-BGDĐT) Điều 33; Điều lệ trường trung học (TT 32/2020/TT-BGDĐT) Điều 33',
    messages: {
      tooOld: {
        vi: 'Học sinh khối {{grade}} sinh năm {{birthYear}}, lớn hơn {{years}} tuổi so với độ tuổi của khối (thường sinh năm {{expectedYear}}).',
        en: 'Grade {{grade}} student born in {{birthYear}} is {{years}} years older than the grade\'s normal age (usually born in {{expectedYear}}).',
      },
      tooYoung: {
        vi: 'Học sinh khối {{grade}} sinh năm {{birthYear}}, nhỏ hơn {{years}} tuổi so với độ tuổi của khối (thường sinh năm {{expectedYear}}).',
        en: 'Grade {{grade}} student born in {{birthYear}} is {{years}} years younger than the grade\'s normal age (usually born in {{expectedYear}}).',
      },
    },
  },
  create(context) {
    const o = context.options;
    const olderWarning = numberOption(o, 'olderWarning', defaultOptions.olderWarning);
    const youngerWarning = numberOption(o, 'youngerWarning', defaultOptions.youngerWarning);
    const olderError = numberOption(o, 'olderError', defaultOptions.olderError);
    const youngerError = numberOption(o, 'youngerError', defaultOptions.youngerError);
    const start = schoolYearStart(isoToInt(context.referenceDate));
    return {
      record(record) {
        const grade = gradeNumber(record.values.gradeCode);
        if (Number.isNaN(grade)) return;
        const dob = isoToInt(record.values.dateOfBirth);
        if (Number.isNaN(dob)) return;
        const birthYear = yearOf(dob);
        const expectedYear = start - 5 - grade;
        const older = expectedYear - birthYear;
        if (older > olderWarning) {
          context.report({
            messageId: 'tooOld',
            record,
            field: 'dateOfBirth',
            severity: older > olderError ? 'error' : 'warning',
            data: { grade, birthYear, expectedYear, years: older },
          });
        } else if (-older > youngerWarning) {
          context.report({
            messageId: 'tooYoung',
            record,
            field: 'dateOfBirth',
            severity: -older > youngerError ? 'error' : 'warning',
            data: { grade, birthYear, expectedYear, years: -older },
          });
        }
      },
    };
  },
});
