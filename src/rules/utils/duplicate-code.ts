import type { RuleContext, RuleListener } from '../types.js';
import { personalIdFields, twelveDigitId } from './cccd.js';
import { birthOf, nameHashOf } from './person.js';
import { SeenIndex } from './seen.js';
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
    const seen = new SeenIndex();
    return {
      record(record) {
        const code = record.values[field];
        if (typeof code !== 'string' || code.length === 0) return;
        const nameHash = nameHashOf(record);
        const birth = birthOf(record);
        const pidKey = fields(record.entity)[0];
        const pid = pidKey === undefined ? undefined : twelveDigitId(record, pidKey);
        const tag = pid === undefined ? 0 : (digitKey(pid) % 4294967291) + 1;
        const slot = seen.firstOrRemember(code, record, nameHash, birth, tag);
        if (slot < 0) return;
        if (!seen.samePerson(slot, nameHash, birth)) {
          context.report({ messageId: 'differentPeople', record, field, data: seen.otherData(slot) });
        } else if (tag === 0 || seen.tag(slot) !== tag) {
          context.report({
            messageId: 'samePerson',
            record,
            field,
            severity: seen.sameFile(slot, record) ? 'error' : 'warning',
            data: seen.otherData(slot),
          });
        }
      },
    };
  };
}
