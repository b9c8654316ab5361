import rule from '../../src/rules/generic/code-not-in-list.js';
import { ruleTester } from '../helpers/rule-tester.js';
import { runRule } from '../helpers/rule-tester.js';
import { renderFinding } from '../../src/check/render.js';
import { describe, expect, it } from 'vitest';

ruleTester.run(rule, {
  valid: [
    { values: { ethnicityCode: '01', genderCode: '2' } },
    { values: { ethnicityCode: 'Kinhh' }, problems: { ethnicityCode: { kind: 'not-a-date' } } },
  ],
  invalid: [
    {
      record: { values: { ethnicityCode: 'Kinhh' }, problems: { ethnicityCode: { kind: 'not-in-code-list' } } },
      errors: [{ messageId: 'notInList', field: 'ethnicityCode', data: { list: '«Dân tộc»' } }],
    },
    {
      record: { values: { genderCode: 'Không xác định được' }, problems: { genderCode: { kind: 'not-in-code-list' } } },
      errors: [{ messageId: 'notInList', field: 'genderCode' }],
    },
    {
      record: { entity: 'teacher', values: { qualificationCode: 'Kỹ sư' }, problems: { qualificationCode: { kind: 'not-in-code-list' } } },
      errors: [{ messageId: 'notInList', field: 'qualificationCode' }],
    },
  ],
});

describe('code-not-in-list message', () => {
  it('names the list and valid labels in both languages', () => {
    const [f] = runRule(rule, [{ values: { genderCode: 'X' }, problems: { genderCode: { kind: 'not-in-code-list' } } }]);
    expect(renderFinding(f!, 'vi')).toBe('Giới tính: «X» không có trong danh mục «Giới tính». Ví dụ giá trị hợp lệ: 0 Chưa có thông tin, 1 Nam, 2 Nữ.');
    expect(renderFinding(f!, 'en')).toBe('Gender: "X" is not in the "Gender" code list. Valid values include: 0 Unknown, 1 Male, 2 Female.');
  });
});
