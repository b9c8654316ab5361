import rule from '../../src/rules/personal-id/personal-id-century.js';
import { ruleTester } from '../helpers/rule-tester.js';

// TEST_TODAY is 2025-10-15
ruleTester.run(rule, {
  valid: [
    { values: { personalId: '001206012345' } },
    { values: { personalId: '079312345678' } },
    { values: { personalId: '087084000999' } },
    { values: { personalId: '001225012345' } }, // 2025
  ],
  invalid: [
    { record: { values: { personalId: '001406012345' } }, errors: [{ messageId: 'impossibleCentury', field: 'personalId', data: { digit: 4 } }] },
    { record: { entity: 'teacher', values: { personalId: '087984000999' } }, errors: [{ messageId: 'impossibleCentury', data: { digit: 9 } }] },
    { record: { values: { personalId: '001330012345' } }, errors: [{ messageId: 'futureYear', data: { idYear: 2030 } }] },
  ],
});
