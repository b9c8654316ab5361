import { defineRule } from '../types.js';
import { CCCD_LAW } from '../utils/legal.js';
import { personalIdFields, twelveDigitId } from '../utils/cccd.js';
import { birthOf, nameHashOf } from '../utils/person.js';
import { DuplicateLog, reportDuplicate, type DuplicateLogState } from '../utils/duplicate-log.js';

/** One personal ID, one person: across every file of the run. */
export default defineRule({
  meta: {
    code: 'DS-001',
    id: 'duplicate-personal-id',
    entities: ['student', 'teacher'],
    scope: 'cross-file',
    defaultSeverity: 'error',
    title: { vi: 'Trùng số định danh cá nhân', en: 'Duplicate personal ID' },
    docs: {
      vi: 'Mỗi người chỉ có một số định danh cá nhân và mỗi số chỉ thuộc một người. Cùng một số định danh ở hai người khác nhau (khác họ tên hoặc ngày sinh) là lỗi (thường do chép nhầm số của anh chị em). Cùng một người xuất hiện hai lần (trùng số định danh, họ tên, ngày sinh) cũng là lỗi trong cùng một tệp, và là cảnh báo giữa hai tệp khác nhau (có thể học sinh chuyển trường còn trong danh sách cũ). Kiểm tra trên mọi tệp của lần chạy.',
      en: 'Each person has one personal ID and each ID belongs to one person. The same ID on two different people (different name or birth date) is an error (often a sibling\'s number copied). The same person twice (same ID, name and birth date) is also an error within one file, and a warning across two files (perhaps a transfer still on the old school\'s list). Checked across every file of the run.',
    },
    legalBasis: `${CCCD_LAW} (số định danh cá nhân là duy nhất, không lặp lại); Thông tư 42/2021/TT-BGDĐT Điều 10 (mã định danh duy nhất của đối tượng quản lý)`,
    messages: {
      differentPeople: {
        vi: 'Số định danh {{value}} đã dùng cho một người khác ở {{otherPlace}} (khác họ tên hoặc ngày sinh).',
        en: 'Personal ID {{value}} is already used by a different person at {{otherPlace}} (different name or birth date).',
      },
      samePerson: {
        vi: 'Người này đã có ở {{otherPlace}} (trùng số định danh, họ tên và ngày sinh).',
        en: 'This person already appears at {{otherPlace}} (same personal ID, name and birth date).',
      },
    },
  },
  create(context) {
    const fields = personalIdFields(context.schemas);
    // Logged per record and resolved at the end (utils/duplicate-log.ts); the tag says which
    // personal-ID field of the entity the entry is (0, the first, stores nothing).
    const log = new DuplicateLog();
    return {
      record(record) {
        const keys = fields(record.entity);
        for (let i = 0; i < keys.length; i++) {
          const id = twelveDigitId(record, keys[i]!);
          if (id === undefined) continue;
          log.add(id, record, nameHashOf(record), birthOf(record), i);
        }
      },
      state: () => log.state(),
      append: (state) => log.append(state as DuplicateLogState),
      end() {
        log.duplicates((entry, first) => {
          const field = fields(log.entity(entry))[log.tag(entry)]!;
          reportDuplicate(context, log, entry, first, field, log.samePerson(first, entry) ? 'samePerson' : 'differentPeople');
        });
      },
    };
  },
});
