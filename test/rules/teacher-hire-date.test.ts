import rule from '../../src/rules/teacher/teacher-hire-date.js';
import { ruleTester } from '../helpers/rule-tester.js';

// TEST_TODAY is 2025-10-15
ruleTester.run(rule, {
  valid: [
    { values: { dateOfBirth: '1984-12-31', hireDate: '2007-09-01' } },
    { values: { dateOfBirth: '1990-09-01', hireDate: '2008-09-01' } }, // on the 18th birthday
    { values: { dateOfBirth: null, hireDate: '2007-09-01' } },
    { values: { hireDate: null } },
    { values: { hireDate: '2025-10-15' } },
  ],
  invalid: [
    { record: { values: { dateOfBirth: '1990-09-02', hireDate: '2008-09-01' } }, errors: [{ messageId: 'beforeAdulthood', field: 'hireDate', data: { dateOfBirth: '1990-09-02' } }] },
    { record: { values: { dateOfBirth: '1990-01-01', hireDate: '1985-01-01' } }, errors: [{ messageId: 'beforeAdulthood' }] },
    { record: { values: { dateOfBirth: '1990-01-01', hireDate: '2025-10-16' } }, errors: [{ messageId: 'inFuture', field: 'hireDate', severity: 'error' }] },
  ],
});
