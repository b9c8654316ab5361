import { defineRule } from '../types.js';
import { TT42 } from '../utils/legal.js';

/**
 * Text with U+FFFD (�): the file was read as UTF-8 but some bytes were in another encoding (a CSV
 * saved from an old program, or a line pasted from elsewhere), or the text was already damaged
 * when it reached the file. The letters there are lost: edusync cannot restore them (it does
 * restore whole cells in TCVN3, VNI or misread UTF-8, SC-003…SC-005), so the value must be
 * re-typed or the file saved again as UTF-8.
 */
export default defineRule({
  meta: {
    code: 'DL-010',
    id: 'text-undecodable',
    entities: ['*'],
    scope: 'cell',
    defaultSeverity: 'error',
    title: { vi: 'Ký tự không đọc được (�)', en: 'Undecodable characters (�)' },
    docs: {
      vi: 'Văn bản có ký tự thay thế «�»: tệp có vài byte không thuộc bảng mã UTF-8 (thường do lưu từ phần mềm cũ hoặc dán từ nơi khác), chữ ở đó đã mất và edusync không khôi phục được. Hãy lưu lại tệp dạng CSV UTF-8 hoặc gõ lại giá trị.',
      en: 'Text with the replacement character "�": the file has some bytes outside UTF-8 (often saved from an older program or pasted from elsewhere); the letters there are lost and edusync cannot restore them. Save the file again as CSV UTF-8, or re-type the value.',
    },
    legalBasis: `${TT42} (dữ liệu phải chính xác); TCVN 6909:2001 (bộ mã tiếng Việt Unicode)`,
    messages: {
      undecodable: {
        vi: '{{field}} có ký tự không đọc được: «{{value}}». Lưu lại tệp dạng CSV UTF-8 hoặc gõ lại giá trị.',
        en: '{{field}} has characters that could not be read: "{{value}}". Save the file again as CSV UTF-8 or re-type the value.',
      },
    },
  },
  create(context) {
    return {
      record(record) {
        const problems = record.problems;
        for (const field in problems) {
          if (problems[field]!.kind === 'undecodable') context.report({ messageId: 'undecodable', record, field });
        }
      },
    };
  },
});
