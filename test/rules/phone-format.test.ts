import rule from '../../src/rules/generic/phone-format.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    { values: { contactPhone: '0912345678' } },
    { values: { contactPhone: '091 234 5678', fatherPhone: '0912.345.678', motherPhone: '+84 912 345 678' } },
    { values: { contactPhone: '84912345678' } },
    { values: { contactPhone: null } },
    { entity: 'teacher', values: { mobile: '0387-654-321' } },
  ],
  invalid: [
    { record: { values: { contactPhone: '091234567' } }, errors: [{ messageId: 'invalid', field: 'contactPhone', severity: 'error' }] },
    { record: { values: { contactPhone: '0912345678 - 0987654321' } }, errors: [{ messageId: 'invalid' }] },
    { record: { values: { contactPhone: '912345678' } }, errors: [{ messageId: 'invalid' }] },
    // Hà Nội landline with area code 024
    { record: { values: { contactPhone: '024 3825 1234' } }, errors: [{ messageId: 'landline', severity: 'warning' }] },
    // old 11-digit Viettel number → 10 digits since 2018
    { record: { values: { motherPhone: '01689123456' } }, errors: [{ messageId: 'oldMobile', field: 'motherPhone', severity: 'warning', data: { suggestion: '0389123456' } }] },
    { record: { entity: 'school', values: { phone: '02439', fax: '0243 825 1234' } }, errors: [{ messageId: 'invalid', field: 'phone' }, { messageId: 'landline', field: 'fax' }] },
  ],
});
