/**
 * What the accounts are made from: the store's newest validated snapshots per school (students,
 * teachers), the class list (with homeroom teachers) and, optionally, a teaching-assignments file.
 *
 * Identifiers are checked with the same personal-ID rules as `validate` (CC-001…CC-005, plus
 * DS-001 for one identifier on two people): a person whose identifier is missing or fails one of
 * them gets no account and is listed instead (TT 09/2021 Điều 15.1.i: accounts are identified by
 * the personal identifier, so an account on a wrong one would be worse than none).
 *
 * Teaching assignments: the store holds homeroom teachers (classes.homeroom_teacher_id) and each
 * teacher's main subject, but not which classes a subject teacher teaches. Sections are therefore
 * one homeroom section per class (the homeroom teacher and the class's students) plus, when an
 * assignments file is given (class, teacher id, subject), one section per class and subject.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../check/engine.js';
import type { RecordRow } from '../io/record.js';
import { allRules } from '../rules/index.js';
import { defaultSchemasDir, loadSchemas, selectRuleSet, type LoadedSchemas } from '../schema/load.js';
import { todayIso } from '../rules/utils/values.js';
import { lastSnapshot, listClasses, listSchools, listSnapshots } from '../store/index.js';
import type { Store } from '../store/types.js';
import { slug, splitVietnameseName, type NameParts } from './names.js';

export type Role = 'student' | 'teacher';

export interface RosterPerson {
  role: Role;
  schoolId: string;
  /** Mã học sinh / mã cán bộ (school-scoped). */
  localId: string;
  personalId: string | null;
  fullName: string;
  name: NameParts;
  classId: string | null;
  gradeCode: string | null;
  email: string | null;
  subject: string | null;
  /** Still at the school (status not "left"). */
  present: boolean;
}

export interface RosterClass {
  schoolId: string;
  classId: string;
  name: string;
  gradeCode: string | null;
  homeroomTeacherId: string | null;
}

export interface RosterSchool {
  schoolId: string;
  name: string;
}

export interface Section {
  /** Stable id: `<school>-<class>` for the homeroom section, `<school>-<class>-<subject slug>` otherwise. */
  id: string;
  schoolId: string;
  classId: string;
  subject: string | null;
  title: string;
  gradeCode: string | null;
  teacherIds: string[];
  studentIds: string[];
}

export interface InvalidPerson {
  role: Role;
  schoolId: string;
  localId: string;
  fullName: string;
  classId: string | null;
  /** 'missing' or the rule codes that failed (CC-001…, DS-001). */
  reasons: string[];
}

export interface AccountSource {
  schools: RosterSchool[];
  classes: RosterClass[];
  /** People with a valid identifier (present or left). */
  people: RosterPerson[];
  invalid: InvalidPerson[];
  sections: Section[];
  /** Assignments whose class or teacher is not in the store (row numbers of the file). */
  unmatchedAssignments: number[];
}

export interface Assignment {
  row: number;
  classId: string;
  teacherId: string;
  subject: string;
}

interface StatusPolicy {
  left: Record<Role, string[]>;
}

function loadStatusPolicy(): StatusPolicy {
  return JSON.parse(readFileSync(join(defaultSchemasDir(), 'accounts', 'status.json'), 'utf8')) as StatusPolicy;
}

function str(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  return s === '' ? null : s;
}

/** Rule codes (per person index) failed by each person's identifier. */
function identifierFailures(schemas: LoadedSchemas, records: RecordRow[], today: string): Map<number, string[]> {
  const rules = allRules().filter((r) => r.meta.code.startsWith('CC-') || r.meta.code === 'DS-001');
  const engine = createEngine({ schemas, ruleSet: selectRuleSet(schemas, today), today, rules });
  for (const r of records) engine.record(r);
  const out = new Map<number, string[]>();
  for (const f of engine.finish()) {
    if (f.severity !== 'error' || f.row === undefined || f.field !== 'personalId') continue;
    const list = out.get(f.row) ?? [];
    if (!list.includes(f.code)) list.push(f.code);
    out.set(f.row, list);
  }
  return out;
}

export interface LoadSourceOptions {
  /** Newest snapshot at or before this period (YYYY-MM); default: the newest. */
  period?: string | undefined;
  schoolId?: string | undefined;
  assignments?: readonly Assignment[] | undefined;
  today?: string | undefined;
}


export function loadAccountSource(store: Store, options: LoadSourceOptions = {}): AccountSource {
  const schemas = loadSchemas();
  const period = options.period ?? '9999-12';
  const policy = loadStatusPolicy();
  const schools: RosterSchool[] = [];
  const classes: RosterClass[] = [];
  const candidates: RosterPerson[] = [];
  const records: RecordRow[] = [];
  // Schools with a school list row, and schools known only from their student/teacher snapshots.
  const named = new Map(listSchools(store).map((s) => [s.schoolId, s.name ?? s.schoolId]));
  const schoolIds = [...new Set([...named.keys(), ...listSnapshots(store).map((s) => s.schoolId)])].sort();
  for (const schoolId of schoolIds) {
    const school = { schoolId, name: named.get(schoolId) ?? schoolId };
    if (options.schoolId !== undefined && school.schoolId !== options.schoolId) continue;
    schools.push(school);
    for (const c of listClasses(store, school.schoolId)) {
      classes.push({ schoolId: c.schoolId, classId: c.classId, name: c.name ?? c.classId, gradeCode: c.gradeCode, homeroomTeacherId: c.homeroomTeacherId });
    }
    for (const role of ['student', 'teacher'] as const) {
      const snap = lastSnapshot(store, school.schoolId, role, period);
      if (snap === undefined) continue;
      for (const rec of snap.records) {
        const v = rec.values;
        const fullName = (str(v.fullName) ?? '').normalize('NFC');
        const status = str(role === 'student' ? v.statusCode : v.employmentStatusCode);
        candidates.push({
          role,
          schoolId: school.schoolId,
          localId: str(role === 'student' ? v.studentId : v.staffId) ?? rec.recordKey,
          personalId: str(v.personalId),
          fullName,
          name: splitVietnameseName(fullName),
          classId: role === 'student' ? (str(v.classId) ?? rec.classId) : null,
          gradeCode: str(v.gradeCode),
          email: str(v.email),
          subject: role === 'teacher' ? str(v.subjectCode) : null,
          present: status === null || !policy.left[role].includes(status),
        });
        records.push({
          entity: role,
          file: 'store',
          row: records.length + 1,
          values: { personalId: str(v.personalId), genderCode: str(v.genderCode), dateOfBirth: str(v.dateOfBirth), fullName },
          problems: {},
          repairs: [],
          columns: {},
        });
      }
    }
  }
  // A store filled from student lists only has no class list: the students' classes still make sections.
  const known = new Set(classes.map((c) => `${c.schoolId}\u0000${c.classId}`));
  for (const p of candidates) {
    if (p.role !== 'student' || p.classId === null || known.has(`${p.schoolId}\u0000${p.classId}`)) continue;
    known.add(`${p.schoolId}\u0000${p.classId}`);
    classes.push({ schoolId: p.schoolId, classId: p.classId, name: p.classId, gradeCode: p.gradeCode, homeroomTeacherId: null });
  }
  classes.sort((a, b) => (a.schoolId === b.schoolId ? a.classId.localeCompare(b.classId, 'vi', { numeric: true }) : a.schoolId < b.schoolId ? -1 : 1));
  const failures = identifierFailures(schemas, records, options.today ?? todayIso());
  const people: RosterPerson[] = [];
  const invalid: InvalidPerson[] = [];
  candidates.forEach((p, i) => {
    const reasons = p.personalId === null ? ['missing'] : (failures.get(i + 1) ?? []);
    if (reasons.length === 0) people.push(p);
    else invalid.push({ role: p.role, schoolId: p.schoolId, localId: p.localId, fullName: p.fullName, classId: p.classId, reasons });
  });
  const { sections, unmatched } = buildSections(classes, people, options.assignments ?? []);
  return { schools, classes, people, invalid, sections, unmatchedAssignments: unmatched };
}

function buildSections(classes: RosterClass[], people: RosterPerson[], assignments: readonly Assignment[]): { sections: Section[]; unmatched: number[] } {
  const teachers = new Map<string, RosterPerson>();
  for (const p of people) if (p.role === 'teacher' && p.present) teachers.set(`${p.schoolId}\u0000${p.localId}`, p);
  const studentsOf = new Map<string, string[]>();
  for (const p of people) {
    if (p.role !== 'student' || !p.present || p.classId === null) continue;
    const key = `${p.schoolId}\u0000${p.classId}`;
    const list = studentsOf.get(key) ?? [];
    list.push(p.localId);
    studentsOf.set(key, list);
  }
  const sections: Section[] = [];
  const byClass = new Map<string, RosterClass[]>();
  for (const c of classes) {
    const key = `${c.schoolId}\u0000${c.classId}`;
    byClass.set(c.classId, [...(byClass.get(c.classId) ?? []), c]);
    const homeroom = c.homeroomTeacherId !== null && teachers.has(`${c.schoolId}\u0000${c.homeroomTeacherId}`) ? [c.homeroomTeacherId] : [];
    sections.push({
      id: `${c.schoolId}-${c.classId}`,
      schoolId: c.schoolId,
      classId: c.classId,
      subject: null,
      title: `Lớp ${c.name}`,
      gradeCode: c.gradeCode,
      teacherIds: homeroom,
      studentIds: [...(studentsOf.get(key) ?? [])],
    });
  }
  const unmatched: number[] = [];
  const subjectSections = new Map<string, Section>();
  for (const a of assignments) {
    const cls = (byClass.get(a.classId) ?? []).find((c) => teachers.has(`${c.schoolId}\u0000${a.teacherId}`));
    if (cls === undefined) {
      unmatched.push(a.row);
      continue;
    }
    const id = `${cls.schoolId}-${cls.classId}-${slug(a.subject)}`;
    let s = subjectSections.get(id);
    if (s === undefined) {
      s = {
        id,
        schoolId: cls.schoolId,
        classId: cls.classId,
        subject: a.subject,
        title: `${a.subject} – ${cls.name}`,
        gradeCode: cls.gradeCode,
        teacherIds: [],
        studentIds: [...(studentsOf.get(`${cls.schoolId}\u0000${cls.classId}`) ?? [])],
      };
      subjectSections.set(id, s);
      sections.push(s);
    }
    if (!s.teacherIds.includes(a.teacherId)) s.teacherIds.push(a.teacherId);
  }
  return { sections, unmatched };
}
