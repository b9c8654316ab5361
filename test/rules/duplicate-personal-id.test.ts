import rule from '../../src/rules/cross-file/duplicate-personal-id.js';
import { ruleTester } from '../helpers/rule-tester.js';

const hoa = { personalId: '079312345678', fullName: 'Nguyễn Thị Hoa', dateOfBirth: '2012-02-29' };

ruleTester.run(rule, {
  valid: [
    { records: [{ values: hoa }, { values: { ...hoa, personalId: '001206012345', fullName: 'Trần Văn An', dateOfBirth: '2006-01-01' } }], name: 'two people, two IDs' },
    { records: [{ values: { ...hoa, personalId: null } }, { values: { ...hoa, personalId: null } }], name: 'no IDs: DS-002’s job' },
    { records: [{ values: { ...hoa, personalId: '79312345678' } }, { values: { ...hoa, personalId: '79312345678' } }], name: 'malformed IDs are skipped' },
  ],
  invalid: [
    {
      name: 'one ID, two people across files',
      records: [{ file: 'truong-a.xlsx', values: hoa }, { file: 'truong-b.xlsx', row: 7, values: { ...hoa, fullName: 'Nguyễn Thị Hồng' } }],
      errors: [{ messageId: 'differentPeople', field: 'personalId', severity: 'error', file: 'truong-b.xlsx', row: 7, data: { otherFile: 'truong-a.xlsx', otherRow: 2 } }],
    },
    {
      name: 'one ID, same name, different birth date',
      records: [{ values: hoa }, { values: { ...hoa, dateOfBirth: '2012-03-01' } }],
      errors: [{ messageId: 'differentPeople', row: 3 }],
    },
    {
      name: 'same person twice in one file',
      records: [{ values: hoa }, { values: { fullName: 'NGUYỄN THỊ HOA', personalId: hoa.personalId, dateOfBirth: hoa.dateOfBirth } }],
      errors: [{ messageId: 'samePerson', severity: 'error', data: { otherRow: 2, otherPlace: 'dòng 2', otherPlaceEn: 'row 2' } }],
    },
    {
      name: 'same file, another sheet: the place names the sheet, not the file again',
      records: [{ file: 'a.xlsx', sheet: 'Lớp 6A1', values: hoa }, { file: 'a.xlsx', sheet: 'Lớp 6A2', values: { ...hoa, fullName: 'Trần Văn Nam' } }],
      errors: [{ messageId: 'differentPeople', data: { otherFile: 'a.xlsx', otherPlace: '[Lớp 6A1], dòng 2', otherPlaceEn: '[Lớp 6A1], row 2' } }],
    },
    {
      name: 'same person in two files (a transfer?)',
      records: [{ file: 'a.xlsx', sheet: 'Lớp 6A1', values: hoa }, { file: 'b.xlsx', values: hoa }],
      errors: [{ messageId: 'samePerson', severity: 'warning', data: { otherSheet: 'Lớp 6A1', otherPlace: 'a.xlsx [Lớp 6A1], dòng 2' } }],
    },
    {
      name: 'a teacher and a student with the same ID',
      records: [{ entity: 'teacher', values: { personalId: '087084000999', fullName: 'Lê Văn Bình', dateOfBirth: '1984-01-01' } }, { entity: 'student', values: { ...hoa, personalId: '087084000999' } }],
      errors: [{ messageId: 'differentPeople' }],
    },
    {
      name: 'third occurrence points at the first',
      records: [{ values: hoa }, { values: { ...hoa, fullName: 'B' } }, { values: { ...hoa, fullName: 'C' } }],
      errors: [{ messageId: 'differentPeople', row: 3, data: { otherRow: 2 } }, { messageId: 'differentPeople', row: 4, data: { otherRow: 2 } }],
    },
  ],
});
