import rule from '../../src/rules/personal-id/personal-id-gender.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    { values: { personalId: '001206012345', genderCode: '1' } }, // 2 = Nam, 2000s
    { values: { personalId: '079312345678', genderCode: '2', fullName: 'Lê Thị Ngọc Ánh' } }, // 3 = Nữ
    { entity: 'teacher', values: { personalId: '087084000999', genderCode: '1' } }, // 0 = Nam, 1900s
    { entity: 'teacher', values: { personalId: '087184000999', genderCode: '2' } }, // 1 = Nữ, 1900s
    // gender unknown (0) or absent: nothing to compare
    { values: { personalId: '001206012345', genderCode: '0' } },
    { values: { personalId: '001206012345' } },
    { values: { personalId: '00120601234', genderCode: '2' } },
  ],
  invalid: [
    { record: { values: { personalId: '001206012345', genderCode: '2', fullName: 'Nguyễn Thị Hoa' } }, errors: [{ messageId: 'mismatch', field: 'personalId', data: { idGender: 'Nam', gender: 'Nữ', digit: 2 } }] },
    { record: { values: { personalId: '079312345678', genderCode: '1' } }, errors: [{ messageId: 'mismatch', data: { idGender: 'Nữ', gender: 'Nam' } }] },
    { record: { entity: 'teacher', values: { personalId: '087084000999', genderCode: '2' } }, errors: [{ messageId: 'mismatch' }] },
  ],
});
