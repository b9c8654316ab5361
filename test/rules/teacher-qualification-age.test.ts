import { describe, expect, it } from 'vitest';
import rule, { degreeOf } from '../../src/rules/teacher/teacher-qualification-age.js';
import { ruleTester } from '../helpers/rule-tester.js';

// qualification: 01 Tiến sĩ, 02 Thạc sĩ, 03 Đại học; reference date 2025-09-30
ruleTester.run(rule, {
  valid: [
    { values: { qualificationCode: '02', dateOfBirth: '1995-01-01' } }, // 30, Thạc sĩ
    { values: { qualificationCode: '03', dateOfBirth: '2003-01-01' } }, // 22, Đại học
    { values: { qualificationCode: '01', dateOfBirth: '1990-01-01' } }, // 35, Tiến sĩ
    { values: { qualificationCode: '02', dateOfBirth: null } },
    { values: { qualificationCode: null, dateOfBirth: '2003-01-01' } },
  ],
  invalid: [
    { record: { values: { qualificationCode: '02', dateOfBirth: '2003-01-01' } }, errors: [{ messageId: 'tooYoungForDegree', field: 'qualificationCode', severity: 'warning', data: { age: 22, degree: 'Thạc sĩ', minAge: 24 } }] },
    { record: { values: { qualificationCode: '01', dateOfBirth: '2000-01-01' } }, errors: [{ messageId: 'tooYoungForDegree', data: { age: 25, degree: 'Tiến sĩ', minAge: 27 } }] },
    { record: { values: { qualificationCode: '01', dateOfBirth: '2000-01-01' } }, options: { minAgeDoctor: 30 }, errors: [{ messageId: 'tooYoungForDegree', data: { minAge: 30 } }] },
  ],
});

describe('degreeOf', () => {
  it.each([
    ['Thạc sỹ', 'master'], ['Thạc sĩ', 'master'], ['ThS', 'master'], ['Tiến sỹ', 'doctor'], ['TS', 'doctor'], ['Đại học', undefined], ['Trung cấp sư phạm', undefined],
  ])('%s → %s', (label, degree) => {
    expect(degreeOf(label)).toBe(degree);
  });
});
