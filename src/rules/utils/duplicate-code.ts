import type { RuleContext, RuleListener } from '../types.js';
import { personalIdFields, twelveDigitId } from './cccd.js';
import { birthOf, nameHashOf } from './person.js';
import { DuplicateLog, reportDuplicate, type DuplicateLogState } from './duplicate-log.js';
import { digitKey } from './values.js';

/**
 * DS-003 (studentId) and DS-004 (staffId): one school-issued code, one person, across every file
 * of the run. A different person under the same code is `differentPeople`; the same person repeated
 * is `samePerson` (error in one file, warning across files), unless both rows also share a
 * 12-digit personal ID — DS-001 reports that pair already.
 */
export function createCodeDuplicateListener(field: 'studentId' | 'staffId'): (context: RuleContext) => RuleListener {
  return function create(context) {
    const fields = personalIdFields(context.schemas);
    // Logged per record and resolved at the end (duplicate-log.ts); the tag fingerprints the
    // record's 12-digit personal ID (0: none).
    const log = new DuplicateLog();
    return {
      record(record) {
        const code = record.values[field];
        if (typeof code !== 'string' || code.length === 0) return;
        const pidKey = fields(record.entity)[0];
        const pid = pidKey === undefined ? undefined : twelveDigitId(record, pidKey);
        const tag = pid === undefined ? 0 : (digitKey(pid) % 4294967291) + 1;
        log.add(code, record, nameHashOf(record), birthOf(record), tag);
      },
      state: () => log.state(),
      append: (state) => log.append(state as DuplicateLogState),
      end() {
        log.duplicates((entry, first) => {
          if (!log.samePerson(first, entry)) reportDuplicate(context, log, entry, first, field, 'differentPeople');
          else {
            const tag = log.tag(entry);
            if (tag === 0 || log.tag(first) !== tag) reportDuplicate(context, log, entry, first, field, 'samePerson');
          }
        });
      },
    };
  };
}
