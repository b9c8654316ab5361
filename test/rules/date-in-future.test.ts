import rule from '../../src/rules/generic/date-in-future.js';
import { ruleTester } from '../helpers/rule-tester.js';

// TEST_TODAY is 2025-10-15
ruleTester.run(rule, {
  valid: [
    { values: { dateOfBirth: '2012-02-29', statusDate: '2025-10-15' } },
    { values: { dateOfBirth: null } },
    // hire dates are GV-003's
    { entity: 'teacher', values: { hireDate: '2026-01-01' } },
    { records: [{ values: { dateOfBirth: '2030-01-01' } }], today: '2030-01-01', name: 'today is injectable' },
  ],
  invalid: [
    { record: { values: { dateOfBirth: '2025-10-16' } }, errors: [{ messageId: 'future', field: 'dateOfBirth', data: { today: '2025-10-15' } }] },
    { record: { values: { dateOfBirth: '2012-01-01', statusDate: '2026-09-05' } }, errors: [{ messageId: 'future', field: 'statusDate' }] },
    { record: { entity: 'teacher', values: { hireDate: '2026-01-01' } }, options: { skipFields: [] }, errors: [{ messageId: 'future', field: 'hireDate' }] },
    { record: { entity: 'school', values: { foundedDate: '2099-01-01' } }, errors: [{ messageId: 'future', field: 'foundedDate' }] },
  ],
});
