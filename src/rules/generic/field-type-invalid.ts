import type { ValueProblem } from '../../io/record.js';
import { defineRule } from '../types.js';
import { QD4998_ANNEX, TT42 } from '../utils/legal.js';

const MESSAGE_BY_KIND: Partial<Record<ValueProblem['kind'], string>> = {
  'not-a-number': 'notNumber',
  'not-an-integer': 'notInteger',
  'not-boolean': 'notBoolean',
  'not-digits': 'notDigits',
  'scientific-notation': 'scientificNotation',
};

/** Values the reader could not read as their field's type (numbers, integers, yes/no, digit-only codes). */
export default defineRule({
  meta: {
    code: 'DL-002',
    id: 'field-type-invalid',
    entities: ['*'],
    scope: 'cell',
    defaultSeverity: 'error',
    title: { vi: 'Sai kiểu dữ liệu', en: 'Wrong data type' },
    docs: {
      vi: 'Giá trị không đúng kiểu dữ liệu của trường: không phải số, không phải số nguyên, không phải Có/Không, mã số có chữ hoặc ký tự lạ, hoặc số bị Excel đổi sang dạng khoa học (1,23E+11) làm mất chữ số.',
      en: 'A value of the wrong type for its field: not a number, not an integer, not yes/no, an ID with letters or stray characters, or a number Excel turned into scientific notation (1.23E+11), losing digits.',
    },
    legalBasis: `${QD4998_ANNEX} (cột "Kiểu dữ liệu": String, Integer, Decimal, Boolean); ${TT42}`,
    messages: {
      notNumber: { vi: '{{field}} phải là số: «{{value}}».', en: '{{field}} must be a number: "{{value}}".' },
      notInteger: { vi: '{{field}} phải là số nguyên: «{{value}}».', en: '{{field}} must be a whole number: "{{value}}".' },
      notBoolean: {
        vi: '{{field}} phải là Có/Không (x, 1/0): «{{value}}».',
        en: '{{field}} must be yes/no (x, 1/0): "{{value}}".',
      },
      notDigits: {
        vi: '{{field}} chỉ được gồm chữ số: «{{value}}» có chữ cái hoặc ký tự lạ.',
        en: '{{field}} must contain digits only: "{{value}}" has letters or stray characters.',
      },
      scientificNotation: {
        vi: '{{field}} bị Excel đổi sang dạng số khoa học («{{value}}»), các chữ số cuối đã mất; hãy định dạng cột là Văn bản (Text) và nhập lại.',
        en: '{{field}} was turned into scientific notation by Excel ("{{value}}") and its last digits are lost; format the column as Text and re-enter it.',
      },
    },
  },
  create(context) {
    return {
      record(record) {
        const problems = record.problems;
        for (const field in problems) {
          const messageId = MESSAGE_BY_KIND[problems[field]!.kind];
          if (messageId !== undefined) context.report({ messageId, record, field });
        }
      },
    };
  },
});
