import rule from '../../src/rules/student/student-age-for-grade.js';
import { ruleTester } from '../helpers/rule-tester.js';

// Rule set 2025-2026, reference date 2025-09-30: grade g is normally born in 2020 − g.
ruleTester.run(rule, {
  valid: [
    { values: { gradeCode: '1', dateOfBirth: '2019-03-01' } },
    { values: { gradeCode: '6', dateOfBirth: '2014-12-31' } },
    { values: { gradeCode: '10', dateOfBirth: '2010-01-01' } },
    // one year younger (early entry), two years older (repeating): fine
    { values: { gradeCode: '6', dateOfBirth: '2015-06-01' } },
    { values: { gradeCode: '12', dateOfBirth: '2006-06-01' } },
    { values: { gradeCode: '6', dateOfBirth: null } },
    { values: { gradeCode: null, dateOfBirth: '2001-01-01' } },
    { values: { gradeCode: '6' }, name: 'no birth date column' },
    // the reference date decides the school year
    { records: [{ values: { gradeCode: '1', dateOfBirth: '2018-03-01' } }], referenceDate: '2024-09-30', name: 'grade 1 in 2024-2025 is born in 2018' },
  ],
  invalid: [
    { record: { values: { gradeCode: '6', dateOfBirth: '2011-05-05' } }, errors: [{ messageId: 'tooOld', field: 'dateOfBirth', severity: 'warning', data: { years: 3, expectedYear: 2014 } }] },
    { record: { values: { gradeCode: '6', dateOfBirth: '2016-05-05' } }, errors: [{ messageId: 'tooYoung', severity: 'warning', data: { years: 2 } }] },
    { record: { values: { gradeCode: '1', dateOfBirth: '2012-02-29' } }, errors: [{ messageId: 'tooOld', severity: 'error', data: { years: 7 } }] },
    { record: { values: { gradeCode: '12', dateOfBirth: '2012-01-01' } }, errors: [{ messageId: 'tooYoung', severity: 'error', data: { years: 4 } }] },
    // options from the rule set
    { record: { values: { gradeCode: '6', dateOfBirth: '2012-05-05' } }, options: { olderWarning: 1 }, errors: [{ messageId: 'tooOld', severity: 'warning' }] },
    // a rule set that lowers the rule to warning caps the error band
    { record: { values: { gradeCode: '1', dateOfBirth: '2010-01-01' } }, configured: 'warning', errors: [{ messageId: 'tooOld', severity: 'warning' }] },
  ],
});
