import { foldKey } from '../../schema/fold.js';
import { defineRule } from '../types.js';
import { QD4998_ANNEX } from '../utils/legal.js';
import { isBlank } from '../utils/values.js';

/** A dropout status needs a dropout reason; a student still studying has none. */
export default defineRule({
  meta: {
    code: 'HS-003',
    id: 'student-dropout-status',
    entities: ['student'],
    scope: 'row',
    defaultSeverity: 'error',
    title: { vi: 'Trạng thái thôi học và lý do không khớp', en: 'Dropout status and reason disagree' },
    docs: {
      vi: 'Học sinh có trạng thái «Thôi học…» (kỳ 1, kỳ 2, trong hè) phải có Lý do thôi học (lỗi, khi bảng có cột này). Học sinh «Đang học» mà có lý do thôi học là mâu thuẫn (cảnh báo).',
      en: 'A student whose status is a dropout ("Thôi học…", semester 1, 2 or summer) needs a dropout reason (error, when the table has that column). A student "Đang học" (studying) with a dropout reason is contradictory (warning).',
    },
    legalBasis: `${QD4998_ANNEX} (HSC2.1.1 MA_TRANG_THAI_HIEN_TAI — DM_TRANG_THAI_HOC_SINH; MA_LY_DO_THOI_HOC — DM_LY_DO_THOI_HOC); Thông tư 42/2021/TT-BGDĐT Điều 8 (cập nhật biến động học sinh)`,
    messages: {
      missingReason: {
        vi: 'Học sinh có trạng thái «{{status}}» nhưng chưa ghi Lý do thôi học.',
        en: 'The student\'s status is "{{status}}" but no dropout reason is given.',
      },
      reasonWhileStudying: {
        vi: 'Học sinh đang học nhưng có Lý do thôi học «{{reason}}»; xoá lý do hoặc sửa trạng thái.',
        en: 'The student is studying but has dropout reason "{{reason}}"; remove the reason or correct the status.',
      },
    },
  },
  create(context) {
    const { schemas } = context;
    const statusList = schemas.entities.get('student')?.fieldsByKey.get('statusCode')?.codeList ?? 'student-status';
    const dropout = new Map<string, string>();
    const studying = new Set<string>();
    for (const v of schemas.codeLists.get(statusList)?.list.values ?? []) {
      const folded = foldKey(v.label);
      if (folded.startsWith('thoi hoc')) dropout.set(v.code, v.label);
      else if (folded === 'dang hoc') studying.add(v.code);
    }
    const reasonList = schemas.entities.get('student')?.fieldsByKey.get('dropoutReasonCode')?.codeList ?? 'dropout-reason';
    const reasons = schemas.codeLists.get(reasonList)?.byCode;
    return {
      record(record) {
        const status = record.values.statusCode;
        if (typeof status !== 'string') return;
        const reason = record.values.dropoutReasonCode;
        if (reason === undefined) return;
        const dropoutLabel = dropout.get(status);
        if (dropoutLabel !== undefined) {
          if (isBlank(reason) && record.problems.dropoutReasonCode === undefined) {
            context.report({ messageId: 'missingReason', record, field: 'dropoutReasonCode', data: { status: dropoutLabel } });
          }
        } else if (studying.has(status) && !isBlank(reason)) {
          const code = String(reason);
          const label = reasons?.get(code)?.label;
          context.report({
            messageId: 'reasonWhileStudying',
            record,
            field: 'dropoutReasonCode',
            severity: 'warning',
            data: { reason: label === undefined ? code : `${code} ${label}` },
          });
        }
      },
    };
  },
});
