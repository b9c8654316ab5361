import { createHash } from 'node:crypto';
import { foldKey } from '../../schema/fold.js';
import { idText } from '../../io/record.js';
import { defineRule } from '../types.js';
import { personalIdFields } from '../utils/cccd.js';
import { DuplicateLog, type DuplicateLogState } from '../utils/duplicate-log.js';
import { detach } from '../../io/detach.js';
import { isBlank } from '../utils/values.js';

/** Without any identifier, the same folded name + birth date (+ class for students) twice. */
export default defineRule({
  meta: {
    code: 'DS-002',
    id: 'duplicate-person-without-id',
    entities: ['student', 'teacher'],
    scope: 'cross-file',
    defaultSeverity: 'warning',
    title: { vi: 'Trùng người (không có mã)', en: 'Same person twice (no identifiers)' },
    docs: {
      vi: 'Với các dòng chưa có số định danh cá nhân và chưa có mã học sinh/mã cán bộ: cùng họ tên (không phân biệt hoa thường, dấu), cùng ngày sinh (và cùng lớp, với học sinh) xuất hiện hai lần thì có thể là một người bị nhập hai lần. Chỉ cảnh báo vì có thể trùng tên thật.',
      en: 'For rows with neither a personal ID nor a student/staff code: the same name (ignoring case and diacritics), the same birth date (and the same class, for students) twice is probably one person entered twice. Only a warning since real namesakes exist.',
    },
    legalBasis: 'Thông tư 42/2021/TT-BGDĐT Điều 8 (dữ liệu chính xác, không trùng lặp) và Điều 10 (mỗi đối tượng một mã định danh)',
    messages: {
      samePerson: {
        vi: 'Có thể trùng người với {{otherPlace}}: cùng họ tên, ngày sinh{{classNote}}, và chưa có mã định danh để phân biệt.',
        en: 'Possibly the same person as {{otherPlace}}: same name, birth date{{classNoteEn}}, and no identifier to tell them apart.',
      },
    },
  },
  create(context) {
    const fields = personalIdFields(context.schemas);
    const log = new DuplicateLog();
    // What the finding shows of each logged row: its name as written and its class (rows without
    // any identifier only, a few in a normal file); and whom it is about, for `edusync ack`: with no
    // identifier, the school and the duplicate key itself (hashed when a finding is made).
    const shown: { name: string; classText: string; school: string; key: string }[] = [];
    return {
      record(record) {
        const values = record.values;
        const pidKey = fields(record.entity)[0];
        if (pidKey !== undefined && !isBlank(values[pidKey] ?? null)) return;
        const own = record.entity === 'student' ? values.studentId : values.staffId;
        if (!isBlank(own ?? null)) return;
        const name = values.fullName;
        const dob = values.dateOfBirth;
        if (typeof name !== 'string' || name.length === 0 || typeof dob !== 'string' || dob.length === 0) return;
        const cls = record.entity === 'student' ? values.classId : undefined;
        const classText = typeof cls === 'string' ? cls : cls === undefined || cls === null ? '' : String(cls);
        const key = `${record.entity}\u0000${foldKey(name)}\u0000${dob}\u0000${foldKey(classText)}`;
        log.add(key, record, 0, NaN);
        shown.push({ name: detach(name), classText: detach(classText), school: detach(idText(values.schoolId) ?? ''), key: detach(key) });
      },
      state: () => ({ log: log.state(), shown }),
      append(state) {
        const other = state as { log: DuplicateLogState; shown: typeof shown };
        log.append(other.log);
        for (const s of other.shown) shown.push(s);
      },
      end() {
        log.duplicates((entry, first) => {
          const { name, classText, school, key } = shown[entry]!;
          context.report({
            // '~' and 16 hex digits of the SHA-256 of the folded name, birth date and class: stable
            // from month to month, and never one of the identifiers (which are digits or codes).
            subject: { school, person: `~${createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 16)}` },
            messageId: 'samePerson',
            record: { ...log.record(entry, 'fullName'), values: { fullName: name } },
            field: 'fullName',
            data: {
              ...log.otherData(first, entry),
              classNote: classText ? `, lớp ${classText}` : '',
              classNoteEn: classText ? `, class ${classText}` : '',
            },
          });
        });
      },
    };
  },
});
