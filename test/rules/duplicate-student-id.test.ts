import rule from '../../src/rules/cross-file/duplicate-student-id.js';
import { ruleTester } from '../helpers/rule-tester.js';

const an = { studentId: '0123456789', fullName: 'Trần Văn An', dateOfBirth: '2014-05-05' };

ruleTester.run(rule, {
  valid: [
    { records: [{ values: an }, { values: { ...an, studentId: '0123456790', fullName: 'Trần Văn Anh' } }], name: 'two codes' },
    { records: [{ values: { ...an, studentId: null } }, { values: { ...an, studentId: '' } }], name: 'empty codes' },
    {
      name: 'same person with the same personal ID: DS-001 reports it',
      records: [{ values: { ...an, personalId: '001214012345' } }, { values: { ...an, personalId: '001214012345' } }],
    },
  ],
  invalid: [
    { records: [{ values: an }, { values: { ...an, fullName: 'Phạm Thị Thu' } }], errors: [{ messageId: 'differentPeople', field: 'studentId', severity: 'error', row: 3 }] },
    { records: [{ values: an }, { values: an }], errors: [{ messageId: 'samePerson', severity: 'error' }] },
    { records: [{ file: 'a.xlsx', values: an }, { file: 'b.xlsx', values: an }], errors: [{ messageId: 'samePerson', severity: 'warning', data: { otherFile: 'a.xlsx' } }] },
    {
      name: 'same code and person, different personal IDs',
      records: [{ values: { ...an, personalId: '001214012345' } }, { values: { ...an, personalId: '001214012346' } }],
      errors: [{ messageId: 'samePerson' }],
    },
  ],
});
