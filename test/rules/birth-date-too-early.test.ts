import rule from '../../src/rules/generic/birth-date-too-early.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    { values: { dateOfBirth: '1900-01-01' } },
    { values: { dateOfBirth: '2012-02-29' } },
    { values: { dateOfBirth: null } },
    { entity: 'teacher', values: { dateOfBirth: '1965-05-19' } },
  ],
  invalid: [
    { record: { values: { dateOfBirth: '1899-12-31' } }, errors: [{ messageId: 'tooEarly', field: 'dateOfBirth', data: { minYear: 1900 } }] },
    { record: { entity: 'teacher', values: { dateOfBirth: '1090-03-08' } }, errors: [{ messageId: 'tooEarly' }] },
    { record: { values: { dateOfBirth: '1949-01-01' } }, options: { minYear: 1950 }, errors: [{ messageId: 'tooEarly', data: { minYear: 1950 } }] },
  ],
});
