import rule from '../../src/rules/student/student-dropout-status.js';
import { ruleTester } from '../helpers/rule-tester.js';

// student-status: 01 Đang học, 05 Thôi học kỳ 1, 09 Thôi học kỳ 2, 12 Thôi học trong hè, 04 Chuyển đi kỳ 1
ruleTester.run(rule, {
  valid: [
    { values: { statusCode: '01', dropoutReasonCode: null } },
    { values: { statusCode: '05', dropoutReasonCode: '01' } },
    { values: { statusCode: '12', dropoutReasonCode: '03' } },
    { values: { statusCode: '04', dropoutReasonCode: null } },
    // no reason column in the file: nothing to compare
    { values: { statusCode: '09' } },
    // an unreadable reason is DL-004's
    { values: { statusCode: '09', dropoutReasonCode: 'Lười' }, problems: { dropoutReasonCode: { kind: 'not-in-code-list' } } },
  ],
  invalid: [
    { record: { values: { statusCode: '05', dropoutReasonCode: null } }, errors: [{ messageId: 'missingReason', field: 'dropoutReasonCode', severity: 'error', data: { status: 'Thôi học kỳ 1' } }] },
    { record: { values: { statusCode: '12', dropoutReasonCode: '' } }, errors: [{ messageId: 'missingReason', data: { status: 'Thôi học trong hè' } }] },
    { record: { values: { statusCode: '01', dropoutReasonCode: '02' } }, errors: [{ messageId: 'reasonWhileStudying', severity: 'warning', data: { reason: '02 Học lực yếu kém' } }] },
  ],
});
