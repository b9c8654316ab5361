import rule from '../../src/rules/personal-id/personal-id-province.js';
import { ruleTester } from '../helpers/rule-tester.js';

ruleTester.run(rule, {
  valid: [
    { values: { personalId: '001206012345' } }, // 001 Hà Nội
    { values: { personalId: '079312345678' } }, // 079 TP.HCM
    { values: { personalId: '087084000999' } }, // 087 Đồng Tháp
    { values: { personalId: '096312345678' } }, // 096 Cà Mau
    // 002 Hà Giang was merged into Tuyên Quang in 2025 but its prefix stays valid
    { values: { personalId: '002312345678' } },
    // 100–299: birth registered abroad
    { values: { personalId: '104312345678' } },
    { entity: 'teacher', values: { personalId: '299084000999' } },
    // not 12 digits: CC-001's
    { values: { personalId: '00312345678' } },
  ],
  invalid: [
    { record: { values: { personalId: '003206012345' } }, errors: [{ messageId: 'unknownProvince', field: 'personalId', data: { prefix: '003' } }] },
    { record: { values: { personalId: '000206012345' } }, errors: [{ messageId: 'unknownProvince', data: { prefix: '000' } }] },
    { record: { values: { personalId: '097206012345' } }, errors: [{ messageId: 'unknownProvince' }] },
    { record: { entity: 'teacher', values: { personalId: '300084000999' } }, errors: [{ messageId: 'unknownProvince', data: { prefix: '300' } }] },
  ],
});
