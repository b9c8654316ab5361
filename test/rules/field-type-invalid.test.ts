import rule from '../../src/rules/generic/field-type-invalid.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    { values: { fatherBirthYear: 1980, repeatedLastYear: false } },
    // code-list and date problems belong to DL-004 and DL-005
    { values: { ethnicityCode: 'Kinhh' }, problems: { ethnicityCode: { kind: 'not-in-code-list' } } },
    { values: { dateOfBirth: '29/02/2013' }, problems: { dateOfBirth: { kind: 'impossible-date' } } },
  ],
  invalid: [
    { record: { values: { fatherBirthYear: 'khoảng 1980' }, problems: { fatherBirthYear: { kind: 'not-an-integer' } } }, errors: [{ messageId: 'notInteger', field: 'fatherBirthYear' }] },
    { record: { entity: 'teacher', values: { salaryCoefficient: 'ba phẩy ba' }, problems: { salaryCoefficient: { kind: 'not-a-number' } } }, errors: [{ messageId: 'notNumber', field: 'salaryCoefficient' }] },
    { record: { values: { repeatedLastYear: 'Có lẽ' }, problems: { repeatedLastYear: { kind: 'not-boolean' } } }, errors: [{ messageId: 'notBoolean' }] },
    { record: { values: { personalId: '0012O6012345' }, problems: { personalId: { kind: 'not-digits' } } }, errors: [{ messageId: 'notDigits', field: 'personalId' }] },
    { record: { values: { personalId: '1.23457E+11' }, problems: { personalId: { kind: 'scientific-notation' } } }, errors: [{ messageId: 'scientificNotation', field: 'personalId' }] },
    {
      record: { values: { contactPhone: '09x', fatherBirthYear: 'x' }, problems: { contactPhone: { kind: 'not-digits' }, fatherBirthYear: { kind: 'not-an-integer' } } },
      errors: [{ messageId: 'notDigits', field: 'contactPhone' }, { messageId: 'notInteger', field: 'fatherBirthYear' }],
    },
  ],
});
