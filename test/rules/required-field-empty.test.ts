import rule from '../../src/rules/generic/required-field-empty.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    { values: { fullName: 'Nguyễn Thị Hoa', dateOfBirth: '2012-02-29', genderCode: '2' } },
    // optional fields may be empty
    { values: { fullName: 'Trần Văn An', religionCode: null, email: null } },
    // a required field whose column is absent is SC-008's job, not this rule's
    { values: { religionCode: '01' } },
    // a field that could not be read is reported by its type rule, not as empty
    { values: { dateOfBirth: null }, problems: { dateOfBirth: { kind: 'not-a-date' } } },
    { entity: 'teacher', values: { staffId: 'GV001', fullName: 'Lê Thị Mai', hireDate: '2010-09-01' } },
  ],
  invalid: [
    { record: { values: { fullName: null } }, errors: [{ messageId: 'empty', field: 'fullName', severity: 'error' }] },
    { record: { values: { fullName: '', dateOfBirth: null, religionCode: null } }, errors: [{ messageId: 'empty', field: 'fullName' }, { messageId: 'empty', field: 'dateOfBirth' }] },
    { record: { entity: 'teacher', values: { staffId: null, hireDate: null } }, errors: [{ messageId: 'empty', field: 'staffId' }, { messageId: 'empty', field: 'hireDate' }] },
    { record: { entity: 'class', values: { className: null, classId: '6A1' } }, errors: [{ messageId: 'empty', field: 'className', data: { field: 'Tên lớp' } }] },
    { record: { values: { personalId: null } }, configured: 'warning', errors: [{ messageId: 'empty', severity: 'warning' }] },
  ],
});
