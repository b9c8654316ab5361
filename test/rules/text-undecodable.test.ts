import rule from '../../src/rules/generic/text-undecodable.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    { values: { fullName: 'Nguyễn Thị Hoa' } },
    { values: { fullName: 'Nguy?n' } },
    // another problem on the field is another rule's (DL-002)
    { values: { personalId: '07921300000x' }, problems: { personalId: { kind: 'not-digits' } } },
  ],
  invalid: [
    { record: { values: { fullName: 'Nguy\ufffdn Th\ufffd Hoa' }, problems: { fullName: { kind: 'undecodable' } } }, errors: [{ messageId: 'undecodable', field: 'fullName' }] },
    {
      record: { entity: 'teacher', values: { fullName: 'Tr\ufffdn An', address: 'S\ufffd 1' }, problems: { fullName: { kind: 'undecodable' }, address: { kind: 'undecodable' } } },
      errors: [{ messageId: 'undecodable', field: 'fullName' }, { messageId: 'undecodable', field: 'address' }],
    },
  ],
});
