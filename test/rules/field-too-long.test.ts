import rule from '../../src/rules/generic/field-too-long.js';
import { ruleTester } from '../helpers/rule-tester.js';

const name50 = 'Nguyễn Thị ' + 'a'.repeat(39); // 50 characters
const name51 = name50 + 'b';

ruleTester.run(rule, {
  valid: [
    { values: { fullName: name50 } },
    // NFC: "Nguyễn" counts 6 characters once composed
    { values: { fullName: 'Nguyễn Thị Thuỷ Tiên' } },
    // THPT student codes may be 20 characters, THCS 15
    { level: 'THPT', values: { studentId: '1'.repeat(20) } },
    { level: 'THCS', values: { studentId: '1'.repeat(15) } },
    // level unknown: the general maximum (20) applies
    { values: { studentId: '1'.repeat(20) } },
    { values: { fullName: null, fatherBirthYear: 1234567 } },
  ],
  invalid: [
    { record: { values: { fullName: name51 } }, errors: [{ messageId: 'tooLong', field: 'fullName', data: { length: 51, max: 50 } }] },
    { record: { level: 'THCS', values: { studentId: '1'.repeat(16) } }, errors: [{ messageId: 'tooLong', field: 'studentId', data: { max: 15 } }] },
    { record: { level: 'TH', values: { classId: 'LOP-1A-CHAT-LUONG-CAO' } }, errors: [{ messageId: 'tooLong', field: 'classId', data: { max: 10 } }] },
    { record: { values: { personalId: '0012060123456' } }, errors: [{ messageId: 'tooLong', field: 'personalId', data: { max: 12 } }] },
    { record: { entity: 'teacher', values: { email: `${'a'.repeat(45)}@gmail.com` } }, errors: [{ messageId: 'tooLong', field: 'email' }] },
  ],
});
