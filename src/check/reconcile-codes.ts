/**
 * Codes of the identifier checks `reconcile` makes across records and sources (issue 5 item 1).
 * They are not rules of the validate engine (they need two sources and the links between them:
 * src/reconcile/checks.ts), but they are part of the catalogue so that `edusync rules` and
 * docs/rules.md list them with the other codes. Stable and never reused.
 */
import type { RuleMeta } from '../rules/types.js';
import { CCCD_LAW } from '../rules/utils/legal.js';

const TT42 = 'Thông tư 42/2021/TT-BGDĐT, Điều 10 (mã định danh duy nhất, không thay đổi)';

function meta(n: number, id: string, severity: RuleMeta['defaultSeverity'], title: RuleMeta['title'], docs: RuleMeta['docs'], message: RuleMeta['title'], legalBasis = `${CCCD_LAW}; ${TT42}`): RuleMeta {
  return {
    code: `RC-${String(n).padStart(3, '0')}`,
    id,
    entities: ['student', 'teacher'],
    scope: 'cross-file',
    defaultSeverity: severity,
    title,
    docs,
    legalBasis,
    messages: { found: message },
  };
}

export const RECONCILE_METAS: readonly RuleMeta[] = [
  meta(
    1,
    'reconcile-same-id-two-people-school',
    'error',
    { vi: 'Cùng số định danh cho hai người khác nhau trong một trường', en: 'Same personal ID on two different people of one school' },
    {
      vi: 'Hai dòng của cùng một trường mang cùng số định danh nhưng khác họ tên hoặc ngày sinh: một trong hai số là của người khác.',
      en: 'Two rows of one school carry the same personal ID but differ in name or date of birth: one of the numbers belongs to someone else.',
    },
    { vi: 'Số định danh cũng có ở dòng {{otherRow}} (người khác) trong cùng trường.', en: 'The personal ID is also on row {{otherRow}} (another person) of the same school.' },
  ),
  meta(
    2,
    'reconcile-same-id-two-people-schools',
    'error',
    { vi: 'Cùng số định danh cho hai người ở hai trường khác nhau', en: 'Same personal ID on two different people of different schools' },
    {
      vi: 'Trong dữ liệu nhiều trường của một Phòng/Sở, hai người ở hai trường mang cùng số định danh.',
      en: 'In the data of many schools of a Phòng/Sở, two people of different schools carry the same personal ID.',
    },
    { vi: 'Số định danh cũng có ở dòng {{otherRow}} (người khác, trường khác).', en: 'The personal ID is also on row {{otherRow}} (another person, another school).' },
  ),
  meta(
    3,
    'reconcile-one-person-two-ids',
    'warning',
    { vi: 'Một người có hai số định danh khác nhau ở hai nguồn', en: 'One person with two different personal IDs across sources' },
    {
      vi: 'Họ tên, ngày sinh, trường, lớp… khớp giữa hai nguồn (hai tháng, hai hệ thống) nhưng số định danh khác nhau: cần xác minh số đúng.',
      en: 'Name, date of birth, school, class… agree across two sources (two months, two systems) but the personal IDs differ: the right number must be checked.',
    },
    { vi: 'Cùng người với dòng {{otherRow}} của nguồn kia nhưng khác số định danh.', en: 'Same person as row {{otherRow}} of the other source, with a different personal ID.' },
  ),
  meta(
    4,
    'reconcile-id-contradicts-record',
    'error',
    { vi: 'Số định danh mâu thuẫn với bản ghi nguồn kia', en: 'Personal ID contradicts the linked record' },
    {
      vi: 'Số định danh của một bên không khớp bản ghi đã ghép ở bên kia: mã tỉnh đăng ký khai sinh không có trong danh mục, chữ số thế kỷ/giới tính hoặc năm sinh khác.',
      en: "One side's personal ID does not fit the linked record on the other side: an unknown birth-registration province code, or a different century/sex digit or birth year.",
    },
    { vi: 'Số định danh mâu thuẫn với dòng {{otherRow}} của nguồn kia: {{parts}}.', en: 'The personal ID contradicts row {{otherRow}} of the other source: {{parts}}.' },
  ),
  meta(
    5,
    'reconcile-same-id-different-person',
    'error',
    { vi: 'Cùng số định danh ở hai nguồn nhưng là hai người khác nhau', en: 'Same personal ID in both sources names two different people' },
    {
      vi: 'Hai nguồn có cùng số định danh nhưng cả họ tên lẫn ngày sinh đều khác: số bị nhập nhầm cho người khác.',
      en: 'Both sources carry the same personal ID but neither the name nor the date of birth agree: the number was entered for the wrong person.',
    },
    { vi: 'Cùng số định danh với dòng {{otherRow}} của nguồn kia, nhưng là người khác.', en: 'Same personal ID as row {{otherRow}} of the other source, but another person.' },
  ),
];
