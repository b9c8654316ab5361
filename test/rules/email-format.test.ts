import rule from '../../src/rules/generic/email-format.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    { values: { email: 'nguyen.thi.hoa@gmail.com' } },
    { values: { email: 'hs2012+lop6a1@truong.edu.vn' } },
    { values: { email: null } },
    { entity: 'teacher', values: { email: 'GV.Tran_An@thcs-hoabinh.hanoi.edu.vn' } },
  ],
  invalid: [
    { record: { values: { email: 'nguyenthihoa.gmail.com' } }, errors: [{ messageId: 'invalid', field: 'email' }] },
    { record: { values: { email: 'hoà@gmail.com' } }, errors: [{ messageId: 'invalid' }] },
    { record: { values: { email: 'an @gmail.com' } }, errors: [{ messageId: 'invalid' }] },
    { record: { values: { email: 'an@gmail' } }, errors: [{ messageId: 'invalid' }] },
    { record: { values: { email: 'an..binh@gmail.com' } }, errors: [{ messageId: 'invalid' }] },
    { record: { entity: 'teacher', values: { email: 'a@x.vn; b@y.vn' } }, errors: [{ messageId: 'invalid', field: 'email' }] },
    { record: { entity: 'school', values: { email: 'c2hoabinh@', principalEmail: 'ok@truong.edu.vn' } }, errors: [{ messageId: 'invalid', field: 'email' }] },
  ],
});
