import rule from '../../src/rules/cross-file/duplicate-person-without-id.js';
import { ruleTester } from '../helpers/rule-tester.js';

const hoa = { fullName: 'Nguyễn Thị Hoa', dateOfBirth: '2012-02-29', classId: '6A1', personalId: null, studentId: null };

ruleTester.run(rule, {
  valid: [
    { records: [{ values: hoa }, { values: { ...hoa, classId: '6A2' } }], name: 'namesakes in different classes' },
    { records: [{ values: hoa }, { values: { ...hoa, dateOfBirth: '2012-03-01' } }], name: 'different birth dates' },
    { records: [{ values: { ...hoa, personalId: '079312345678' } }, { values: { ...hoa, personalId: '079312345679' } }], name: 'IDs present: other rules' },
    { records: [{ values: { ...hoa, studentId: 'HS1' } }, { values: { ...hoa, studentId: 'HS2' } }], name: 'student codes present' },
    { records: [{ entity: 'teacher', values: { fullName: 'Lê Văn Bình', dateOfBirth: '1984-01-01' } }, { values: { fullName: 'Lê Văn Bình', dateOfBirth: '1984-01-01' } }], name: 'a teacher and a student are not compared' },
  ],
  invalid: [
    {
      name: 'same folded name, birth date and class',
      records: [{ values: hoa }, { file: 'b.csv', values: { ...hoa, fullName: 'NGUYEN THI HOA' } }],
      errors: [{ messageId: 'samePerson', field: 'fullName', severity: 'warning', file: 'b.csv', data: { otherFile: 'test.xlsx', classNote: ', lớp 6A1' } }],
    },
    {
      name: 'teachers without IDs',
      records: [{ entity: 'teacher', values: { fullName: 'Lê Văn Bình', dateOfBirth: '1984-01-01' } }, { entity: 'teacher', values: { fullName: 'Lê  Văn Bình'.replace('  ', ' '), dateOfBirth: '1984-01-01', staffId: '' } }],
      errors: [{ messageId: 'samePerson' }],
    },
  ],
});
