import { defineRule } from '../types.js';
import { isoToInt } from '../utils/values.js';

/** Hired before turning 18, or hired in the future. */
export default defineRule({
  meta: {
    code: 'GV-003',
    id: 'teacher-hire-date',
    entities: ['teacher'],
    scope: 'row',
    defaultSeverity: 'error',
    title: { vi: 'Ngày tuyển dụng bất thường', en: 'Implausible hire date' },
    docs: {
      vi: 'Ngày tuyển dụng không được trước ngày đủ 18 tuổi của cán bộ và không được sau ngày hôm nay.',
      en: 'The hire date cannot be before the staff member\'s 18th birthday nor after today.',
    },
    legalBasis: 'Luật Viên chức 2010 Điều 22 khoản 1 điểm c (người được tuyển dụng từ đủ 18 tuổi trở lên); Bộ luật Lao động 2019 Điều 143; QĐ 4998/QĐ-BGDĐT Phụ lục III (GVC2.1.1 NGAY_TUYEN_DUNG)',
    messages: {
      beforeAdulthood: {
        vi: 'Ngày tuyển dụng {{value}} trước ngày cán bộ đủ 18 tuổi (sinh ngày {{dateOfBirth}}).',
        en: 'Hire date {{value}} is before the staff member turned 18 (born {{dateOfBirth}}).',
      },
      inFuture: {
        vi: 'Ngày tuyển dụng {{value}} ở sau ngày hôm nay ({{today}}).',
        en: 'Hire date {{value}} is after today ({{today}}).',
      },
    },
  },
  create(context) {
    const today = isoToInt(context.today);
    return {
      record(record) {
        const hire = isoToInt(record.values.hireDate);
        if (Number.isNaN(hire)) return;
        if (hire > today) {
          context.report({ messageId: 'inFuture', record, field: 'hireDate', data: { today: context.today } });
          return;
        }
        const dob = isoToInt(record.values.dateOfBirth);
        if (!Number.isNaN(dob) && hire < dob + 180_000) {
          context.report({ messageId: 'beforeAdulthood', record, field: 'hireDate', data: { dateOfBirth: String(record.values.dateOfBirth) } });
        }
      },
    };
  },
});
