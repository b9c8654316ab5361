import rule from '../../src/rules/generic/date-invalid.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    // 29/02/2012 is a leap day
    { values: { dateOfBirth: '2012-02-29' } },
    { values: { dateOfBirth: null } },
    { entity: 'teacher', values: { hireDate: '2010-09-05', statusDate: '2025-09-01' } },
  ],
  invalid: [
    // 2013 is not a leap year
    { record: { values: { dateOfBirth: '29/02/2013' }, problems: { dateOfBirth: { kind: 'impossible-date' } } }, errors: [{ messageId: 'impossibleDate', field: 'dateOfBirth' }] },
    { record: { values: { dateOfBirth: '31/04/2012' }, problems: { dateOfBirth: { kind: 'impossible-date' } } }, errors: [{ messageId: 'impossibleDate' }] },
    { record: { values: { dateOfBirth: 'tháng 5 năm 2012' }, problems: { dateOfBirth: { kind: 'not-a-date' } } }, errors: [{ messageId: 'notADate', field: 'dateOfBirth' }] },
    { record: { entity: 'teacher', values: { hireDate: '2010/13/01' }, problems: { hireDate: { kind: 'not-a-date' } } }, errors: [{ messageId: 'notADate', field: 'hireDate' }] },
  ],
});
