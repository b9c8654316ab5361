import rule from '../../src/rules/cross-file/duplicate-staff-id.js';
import { ruleTester } from '../helpers/rule-tester.js';

const binh = { staffId: 'GV0001', fullName: 'Lê Văn Bình', dateOfBirth: '1984-01-01' };

ruleTester.run(rule, {
  valid: [
    { records: [{ values: binh }, { values: { ...binh, staffId: 'GV0002' } }], name: 'two codes' },
    { records: [{ values: { ...binh, staffId: null } }, { values: { ...binh, staffId: null } }], name: 'no codes' },
  ],
  invalid: [
    { records: [{ values: binh }, { values: { ...binh, fullName: 'Lê Thị Bình' } }], errors: [{ messageId: 'differentPeople', field: 'staffId' }] },
    { records: [{ values: binh }, { values: binh }], errors: [{ messageId: 'samePerson', severity: 'error' }] },
  ],
});
