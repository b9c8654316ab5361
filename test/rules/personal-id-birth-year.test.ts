import rule from '../../src/rules/personal-id/personal-id-birth-year.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    { values: { personalId: '001206012345', dateOfBirth: '2006-05-01' } },
    { values: { personalId: '079312345678', dateOfBirth: '2012-02-29' } },
    { entity: 'teacher', values: { personalId: '087084000999', dateOfBirth: '1984-12-31' } },
    { values: { personalId: '001206012345', dateOfBirth: null } },
    { values: { personalId: '001206012345' }, name: 'no birth date column' },
    // century digit ≥ 4 is CC-005's
    { values: { personalId: '001406012345', dateOfBirth: '2006-05-01' } },
  ],
  invalid: [
    { record: { values: { personalId: '001206012345', dateOfBirth: '2007-01-15' } }, errors: [{ messageId: 'mismatch', field: 'personalId', data: { idYear: 2006, birthYear: 2007 } }] },
    // 0 = 1900s: 1906, not 2006
    { record: { values: { personalId: '001006012345', dateOfBirth: '2006-05-01' } }, errors: [{ messageId: 'mismatch', data: { idYear: 1906 } }] },
    { record: { entity: 'teacher', values: { personalId: '087084000999', dateOfBirth: '1985-01-01' } }, errors: [{ messageId: 'mismatch', data: { idYear: 1984, birthYear: 1985 } }] },
  ],
});
