import rule from '../../src/rules/personal-id/personal-id-format.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    { values: { personalId: '001206012345' } }, // Hà Nội, Nam, 2006
    { values: { personalId: '079312345678' } }, // TP.HCM, Nữ, 2012
    { entity: 'teacher', values: { personalId: '087084000999' } }, // Đồng Tháp, Nam, 1984
    { values: { personalId: null } },
    // unreadable values are DL-002's
    { values: { personalId: '1.23457E+11' }, problems: { personalId: { kind: 'scientific-notation' } } },
  ],
  invalid: [
    { record: { values: { personalId: '79312345678' } }, errors: [{ messageId: 'elevenDigits', field: 'personalId', severity: 'error', data: { suggestion: '079312345678' } }] },
    { record: { values: { personalId: '123456789' } }, errors: [{ messageId: 'oldCmnd', severity: 'warning' }] },
    { record: { entity: 'teacher', values: { personalId: '0012060123' } }, errors: [{ messageId: 'wrongLength', data: { length: 10 } }] },
    { record: { values: { personalId: '001 206 012 345' } }, errors: [{ messageId: 'notDigits' }] },
  ],
});
