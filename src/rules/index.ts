/**
 * The rule registry: every rule of edusync, one file each (id = file name). The catalogue test
 * checks that every file under src/rules/<folder>/ is listed here and has a test.
 */
import type { RuleModule } from './types.js';
import birthDateTooEarly from './generic/birth-date-too-early.js';
import codeNotInList from './generic/code-not-in-list.js';
import dateInFuture from './generic/date-in-future.js';
import dateInvalid from './generic/date-invalid.js';
import emailFormat from './generic/email-format.js';
import fieldTooLong from './generic/field-too-long.js';
import fieldTypeInvalid from './generic/field-type-invalid.js';
import phoneFormat from './generic/phone-format.js';
import requiredFieldEmpty from './generic/required-field-empty.js';
import textUndecodable from './generic/text-undecodable.js';
import personalIdBirthYear from './personal-id/personal-id-birth-year.js';
import personalIdCentury from './personal-id/personal-id-century.js';
import personalIdFormat from './personal-id/personal-id-format.js';
import personalIdGender from './personal-id/personal-id-gender.js';
import personalIdProvince from './personal-id/personal-id-province.js';
import studentAgeForGrade from './student/student-age-for-grade.js';
import studentClassGrade from './student/student-class-grade.js';
import studentDropoutStatus from './student/student-dropout-status.js';
import teacherAge from './teacher/teacher-age.js';
import teacherHireDate from './teacher/teacher-hire-date.js';
import teacherQualificationAge from './teacher/teacher-qualification-age.js';
import classNameGrade from './class/class-name-grade.js';
import duplicatePersonWithoutId from './cross-file/duplicate-person-without-id.js';
import duplicatePersonalId from './cross-file/duplicate-personal-id.js';
import duplicateStaffId from './cross-file/duplicate-staff-id.js';
import duplicateStudentId from './cross-file/duplicate-student-id.js';

const RULES: readonly RuleModule[] = [
  birthDateTooEarly,
  codeNotInList,
  dateInFuture,
  dateInvalid,
  emailFormat,
  fieldTooLong,
  fieldTypeInvalid,
  phoneFormat,
  requiredFieldEmpty,
  textUndecodable,
  personalIdBirthYear,
  personalIdCentury,
  personalIdFormat,
  personalIdGender,
  personalIdProvince,
  studentAgeForGrade,
  studentClassGrade,
  studentDropoutStatus,
  teacherAge,
  teacherHireDate,
  teacherQualificationAge,
  classNameGrade,
  duplicatePersonWithoutId,
  duplicatePersonalId,
  duplicateStaffId,
  duplicateStudentId,
];

/** Every rule, in registry order. */
export function allRules(): RuleModule[] {
  return [...RULES];
}

/** Rule by its code (HS-001) or id (student-age-for-grade). */
export function ruleByCodeOrId(codeOrId: string): RuleModule | undefined {
  return RULES.find((r) => r.meta.code === codeOrId || r.meta.id === codeOrId);
}
