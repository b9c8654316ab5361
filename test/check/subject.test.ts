/**
 * The subject of a finding (whom `edusync ack` acknowledges): the 12-digit personal ID when well
 * formed, else the student code; the school code beside it; none for a row without any identifier.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/check/engine.js';
import type { RecordRow } from '../../src/io/record.js';
import { buildRecord, testRuleSet, testSchemas } from '../helpers/rule-tester.js';

const schemas = testSchemas();
const student = (values: RecordRow['values']): RecordRow =>
  buildRecord(
    {
      file: 'hs.csv',
      row: 5,
      level: 'THCS',
      values: {
        schoolId: '01234567',
        gradeCode: '6',
        classId: '6A1',
        studentId: '0123456789',
        fullName: 'Nguyễn Thị Hoa',
        dateOfBirth: '2014-02-28',
        genderCode: '2',
        ethnicityCode: '01',
        personalId: '001314012345',
        statusCode: '01',
        contactPhone: '0912345678',
        ...values,
      },
    },
    { entity: 'student', row: 5 },
  );

function subjects(record: RecordRow): unknown[] {
  const engine = createEngine({ schemas, ruleSet: testRuleSet(), today: '2025-10-15' });
  engine.record(record);
  return engine.finish().map((f) => f.subject);
}

describe('finding subject', () => {
  it('is the personal ID, else the student code, with the school; none without either', () => {
    // A landline contact phone is a warning on an otherwise clean row.
    expect(subjects(student({ contactPhone: '02438223344' }))).toEqual([{ school: '01234567', person: '001314012345' }]);
    expect(subjects(student({ contactPhone: '02438223344', personalId: '0013140' }))).toContainEqual({ school: '01234567', person: '0123456789' });
    const none = subjects(student({ contactPhone: '02438223344', personalId: null, studentId: null, schoolId: null }));
    expect(none.length).toBeGreaterThan(1);
    expect(none.every((s) => s === undefined)).toBe(true);
    expect(subjects(student({ contactPhone: '02438223344', schoolId: null }))).toContainEqual({ school: '', person: '001314012345' });
  });
});
