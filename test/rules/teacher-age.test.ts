import rule from '../../src/rules/teacher/teacher-age.js';
import { ruleTester } from '../helpers/rule-tester.js';

// reference date 2025-09-30
ruleTester.run(rule, {
  valid: [
    { values: { dateOfBirth: '1984-12-31' } },
    { values: { dateOfBirth: '2005-09-30' } }, // exactly 20
    { values: { dateOfBirth: '1963-10-01' } }, // 61
    { values: { dateOfBirth: null } },
  ],
  invalid: [
    { record: { values: { dateOfBirth: '2005-10-01' } }, errors: [{ messageId: 'tooYoung', field: 'dateOfBirth', severity: 'warning', data: { age: 19, limit: 20 } }] },
    { record: { values: { dateOfBirth: '2010-01-01' } }, errors: [{ messageId: 'tooYoung', severity: 'error', data: { age: 15, limit: 18 } }] },
    { record: { values: { dateOfBirth: '1962-01-01' } }, errors: [{ messageId: 'tooOld', severity: 'warning', data: { age: 63 } }] },
    { record: { values: { dateOfBirth: '1950-01-01' } }, errors: [{ messageId: 'tooOld', severity: 'error', data: { age: 75, limit: 65 } }] },
    { record: { values: { dateOfBirth: '1964-01-01' } }, options: { warnAbove: 60 }, errors: [{ messageId: 'tooOld', severity: 'warning' }] },
  ],
});
