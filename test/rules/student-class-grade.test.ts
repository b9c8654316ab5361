import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/student/student-class-grade.js';
import { gradeFromClassName } from '../../src/rules/utils/grade.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    { values: { classId: '6A1', gradeCode: '6' } },
    { values: { classId: '10A2', gradeCode: '10' } },
    { values: { classId: '12 Toán', gradeCode: '12' } },
    { values: { classId: 'Lớp 7B', gradeCode: '7' } },
    { values: { classId: 'lop 9/3', gradeCode: '9' } },
    // no grade number in the name: nothing to check
    { values: { classId: 'A1', gradeCode: '6' } },
    { values: { classId: 'Hoa Mai', gradeCode: '1' } },
    { values: { classId: '6A1', gradeCode: null } },
    { values: { classId: '6A1' } },
  ],
  invalid: [
    { record: { values: { classId: '6A1', gradeCode: '7' } }, errors: [{ messageId: 'mismatch', field: 'classId', data: { classGrade: 6, grade: 7 } }] },
    { record: { values: { classId: '10A2', gradeCode: '1' } }, errors: [{ messageId: 'mismatch', data: { classGrade: 10, grade: 1 } }] },
    { record: { values: { classId: 'Lớp 7B', gradeCode: '8' } }, errors: [{ messageId: 'mismatch' }] },
    { record: { values: { classId: '12 Toán', gradeCode: '11' } }, errors: [{ messageId: 'mismatch' }] },
  ],
});

describe('gradeFromClassName', () => {
  it.each([
    ['6A1', 6], ['10A2', 10], ['12 Toán', 12], ['Lớp 7B', 7], ['LỚP 8A', 8], ['Khối 11 - A3', 11], ['K9', 9], ['L3B', 3],
    ['A1', NaN], ['13A', NaN], ['0A', NaN], ['120', NaN], ['Hoa Mai', NaN],
  ])('%s → %s', (name, grade) => {
    expect(gradeFromClassName(name)).toBe(grade);
  });
});
