/** Schools and classes as last imported (the snapshots keep the history). */
import { requireWritable, stmt } from './internal.js';
import type { Store } from './types.js';

export interface SchoolInput {
  schoolId: string;
  name?: string | null | undefined;
  provinceCode?: string | null | undefined;
  /** Before 1 July 2025 only (two-level local government since). */
  districtCode?: string | null | undefined;
  communeCode?: string | null | undefined;
}

export interface SchoolRow {
  schoolId: string;
  name: string | null;
  provinceCode: string | null;
  districtCode: string | null;
  communeCode: string | null;
  updatedRunId: number | null;
}

export interface ClassInput {
  schoolId: string;
  classId: string;
  name?: string | null | undefined;
  gradeCode?: string | null | undefined;
  homeroomTeacherId?: string | null | undefined;
}

export interface ClassRow {
  schoolId: string;
  classId: string;
  name: string | null;
  gradeCode: string | null;
  homeroomTeacherId: string | null;
  updatedRunId: number | null;
}

/** Inserts or updates schools (all columns as given), in one transaction. */
export function upsertSchools(store: Store, runId: number | null, schools: readonly SchoolInput[]): void {
  requireWritable(store);
  const upsert = stmt(
    store,
    `INSERT INTO schools (school_id, name, province_code, district_code, commune_code, updated_run_id) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (school_id) DO UPDATE SET name = excluded.name, province_code = excluded.province_code,
       district_code = excluded.district_code, commune_code = excluded.commune_code, updated_run_id = excluded.updated_run_id`,
  );
  store.transaction(() => {
    for (const s of schools) {
      upsert.run(s.schoolId, s.name ?? null, s.provinceCode ?? null, s.districtCode ?? null, s.communeCode ?? null, runId);
    }
  });
}

export function upsertClasses(store: Store, runId: number | null, classes: readonly ClassInput[]): void {
  requireWritable(store);
  const upsert = stmt(
    store,
    `INSERT INTO classes (school_id, class_id, name, grade_code, homeroom_teacher_id, updated_run_id) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (school_id, class_id) DO UPDATE SET name = excluded.name, grade_code = excluded.grade_code,
       homeroom_teacher_id = excluded.homeroom_teacher_id, updated_run_id = excluded.updated_run_id`,
  );
  store.transaction(() => {
    for (const c of classes) {
      upsert.run(c.schoolId, c.classId, c.name ?? null, c.gradeCode ?? null, c.homeroomTeacherId ?? null, runId);
    }
  });
}

interface SchoolDbRow {
  school_id: string;
  name: string | null;
  province_code: string | null;
  district_code: string | null;
  commune_code: string | null;
  updated_run_id: number | null;
}

const toSchool = (r: SchoolDbRow): SchoolRow => ({
  schoolId: r.school_id,
  name: r.name,
  provinceCode: r.province_code,
  districtCode: r.district_code,
  communeCode: r.commune_code,
  updatedRunId: r.updated_run_id,
});

export function getSchool(store: Store, schoolId: string): SchoolRow | undefined {
  const r = stmt<[string], SchoolDbRow>(store, 'SELECT * FROM schools WHERE school_id = ?').get(schoolId);
  return r === undefined ? undefined : toSchool(r);
}

export function listSchools(store: Store): SchoolRow[] {
  return stmt<[], SchoolDbRow>(store, 'SELECT * FROM schools ORDER BY school_id').all().map(toSchool);
}

export function listClasses(store: Store, schoolId: string): ClassRow[] {
  return stmt<[string], { school_id: string; class_id: string; name: string | null; grade_code: string | null; homeroom_teacher_id: string | null; updated_run_id: number | null }>(
    store,
    'SELECT * FROM classes WHERE school_id = ? ORDER BY class_id',
  )
    .all(schoolId)
    .map((r) => ({
      schoolId: r.school_id,
      classId: r.class_id,
      name: r.name,
      gradeCode: r.grade_code,
      homeroomTeacherId: r.homeroom_teacher_id,
      updatedRunId: r.updated_run_id,
    }));
}
