import rule from '../../src/rules/class/class-name-grade.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    { values: { classId: 'L6A1', className: '6A1', gradeCode: '6' } },
    { values: { className: '10 Chuyên Toán', gradeCode: '10' } },
    { values: { className: 'Lớp 2B', gradeCode: '2' } },
    // the class name wins over the code; a code without a grade is ignored
    { values: { classId: 'C0001', className: '9A', gradeCode: '9' } },
    { values: { className: 'Chồi', gradeCode: '1' } },
  ],
  invalid: [
    { record: { values: { className: '6A1', gradeCode: '7' } }, errors: [{ messageId: 'mismatch', field: 'className', data: { classGrade: 6, grade: 7 } }] },
    { record: { values: { classId: '11A5', className: 'Chuyên Lý', gradeCode: '10' } }, errors: [{ messageId: 'mismatch', field: 'classId' }] },
  ],
});
