/**
 * Counting the forms: school reports from the count cube, then merged (summed cell by cell) into
 * the commune/Phòng and province/Sở units in force at the reference date, or into the post-2025
 * units when asked to re-group for comparison.
 */
import { listSchools } from '../store/schools.js';
import type { Store } from '../store/types.js';
import type { Form, FormRow, FormColumn, ReportDefinitions } from './definitions.js';
import { compile, fieldsOf, valueText, type CellLookup, type CubeRow, type Test } from './filter.js';
import { loadCube, schoolRecords, SCHOOL_FIELD, type CubeEntity } from './cube.js';
import { frameworkFor, type ReportPeriod, type UnitScheme } from './period.js';
import { placeSchool, type Placement, type ReportLevel, type SchoolUnits, type Unit, type UnitDirectory } from './units.js';
import { checkReport, structuralFindings, type ReportFinding } from './checks.js';

/** Cell values by [row][column] in form order; null = a blocked cell ("x" on the paper form). */
export type Grid = Array<Array<number | null>>;

export interface FormReport {
  form: Form;
  /** The form's code under the period's regime, e.g. 02-TH-ĐN or 02.ĐN-TH. */
  formCode: string;
  unit: Unit;
  schools: string[];
  sheets: Record<string, Grid>;
}

export interface ReportSet {
  period: ReportPeriod;
  level: ReportLevel;
  scheme: UnitScheme;
  regrouped: boolean;
  reports: FormReport[];
  findings: ReportFinding[];
  /** Schools whose data the report holds, with where they were placed. */
  schools: Array<{ schoolId: string; name: string | null; placement: Placement }>;
}

export interface BuildOptions {
  period: ReportPeriod;
  level: ReportLevel;
  /** Place schools in the post-2025 units whatever the reference date. */
  regroup2025?: boolean;
  forms?: readonly string[] | undefined;
  /** Only units with these codes (school ids at school level). */
  units?: readonly string[] | undefined;
}

const LEVEL_OF_GRADE: Record<string, Form['level']> = { '1': 'TH', '2': 'TH', '3': 'TH', '4': 'TH', '5': 'TH', '6': 'THCS', '7': 'THCS', '8': 'THCS', '9': 'THCS', '10': 'THPT', '11': 'THPT', '12': 'THPT' };
export const UNPLACED = '?';

export function emptyGrid(form: Form, sheetId: string, period: ReportPeriod, defs: ReportDefinitions): Grid {
  const sheet = form.sheets.find((s) => s.id === sheetId)!;
  return sheet.rows.map((r) => sheet.columns.map((c) => (r.source !== undefined || blocked(r, c, form, period, defs) ? null : 0)));
}

function columnGrade(c: FormColumn): string | null {
  const w = c.where;
  return w && 'field' in w && w.field === 'gradeCode' && typeof w.eq === 'string' ? w.eq : null;
}

/** A framework row has nothing to count for a grade assessed under another framework that year. */
function blocked(r: FormRow, c: FormColumn, form: Form, period: ReportPeriod, defs: ReportDefinitions): boolean {
  if (!r.framework) return false;
  const grade = columnGrade(c);
  const grades = grade ? [grade] : form.grades;
  return !grades.some((g) => frameworkFor(defs.regimes, period.schoolYear, g) === r.framework);
}

interface CompiledSheet {
  id: string;
  entity: CubeEntity;
  test: Test;
  rows: Test[];
  columns: Test[];
  frameworks: Array<string | undefined>;
}

function compileForm(form: Form, period: ReportPeriod, cell: CellLookup): CompiledSheet[] {
  const c = (p: Parameters<typeof compile>[0]): Test => compile(p, form.predicates, period.referenceYear, cell);
  // Sheets counting schools come last: their rows may test the school's own counts on the other sheets.
  const order = [...form.sheets].sort((a, b) => Number(a.entity === 'school') - Number(b.entity === 'school'));
  return order.map((s) => ({
    id: s.id,
    entity: s.entity,
    test: c(s.where),
    rows: s.rows.map((r) => c(r.where)),
    columns: s.columns.map((col) => c(col.where)),
    frameworks: s.rows.map((r) => r.framework),
  }));
}

/** Count every form for every school in one pass over each entity's cube. */
export function schoolReports(
  store: Store,
  defs: ReportDefinitions,
  period: ReportPeriod,
  forms: readonly Form[],
): { perSchool: Map<string, Map<string, Record<string, Grid>>>; schools: Set<string>; mainLevel: Map<string, Form['level']> } {
  const fields = new Map<CubeEntity, Set<string>>();
  for (const form of forms) {
    for (const s of form.sheets) {
      const set = fields.get(s.entity) ?? new Set<string>(['gradeCode']);
      fieldsOf(s.where, form.predicates, set);
      for (const r of s.rows) fieldsOf(r.where, form.predicates, set);
      for (const col of s.columns) fieldsOf(col.where, form.predicates, set);
      fields.set(s.entity, set);
    }
  }
  fields.set('student', new Set([...(fields.get('student') ?? []), 'gradeCode']));
  const cubes = new Map<CubeEntity, CubeRow[]>();
  let schoolRecs: Map<string, Record<string, unknown>> | undefined;
  const schoolValue = (school: string, field: string): string | null => {
    schoolRecs ??= schoolRecords(store, period.snapshotTo);
    return valueText(schoolRecs.get(school)?.[field]);
  };
  const cube = (entity: CubeEntity): CubeRow[] => {
    let rows = cubes.get(entity);
    if (!rows) {
      const wanted = [...(fields.get(entity) ?? ['gradeCode'])];
      // Fields of the school's own record are joined per school after the grouping query.
      const own = wanted.filter((f) => f.startsWith(SCHOOL_FIELD));
      if (entity === 'school') {
        schoolRecs ??= schoolRecords(store, period.snapshotTo);
        rows = [...schoolRecs.keys()].map((school) => ({ school, values: {}, birthYear: null, n: 1 }));
      } else {
        rows = loadCube(store, { entity, fields: wanted.filter((f) => !f.startsWith(SCHOOL_FIELD)), from: period.snapshotFrom, to: period.snapshotTo });
      }
      for (const r of rows) for (const f of own) r.values[f] = schoolValue(r.school, f.slice(SCHOOL_FIELD.length));
      cubes.set(entity, rows);
    }
    return rows;
  };
  // The schools of a report are those with a student snapshot in the period; a school's level is
  // the level most of its students are in (its staff are counted on that level's form).
  const byLevel = new Map<string, Map<string, number>>();
  for (const r of cube('student')) {
    const level = LEVEL_OF_GRADE[r.values.gradeCode ?? ''];
    if (!level) continue;
    const m = byLevel.get(r.school) ?? new Map<string, number>();
    m.set(level, (m.get(level) ?? 0) + r.n);
    byLevel.set(r.school, m);
  }
  const schools = new Set(cube('student').map((r) => r.school));
  const mainLevel = new Map<string, Form['level']>();
  for (const [school, m] of byLevel) mainLevel.set(school, [...m.entries()].sort((a, b) => b[1] - a[1])[0]![0] as Form['level']);

  const perSchool = new Map<string, Map<string, Record<string, Grid>>>();
  for (const form of forms) {
    const members = [...schools].filter((s) => mainLevel.get(s) === form.level || [...(byLevel.get(s)?.keys() ?? [])].includes(form.level));
    if (members.length === 0) continue;
    const inForm = new Set(members);
    const grids = new Map<string, Record<string, Grid>>();
    for (const s of members) grids.set(s, Object.fromEntries(form.sheets.map((sh) => [sh.id, emptyGrid(form, sh.id, period, defs)])));
    perSchool.set(form.id, grids);
    const position = new Map(form.sheets.map((sh) => [sh.id, { rows: new Map(sh.rows.map((r, i) => [r.code, i])), columns: new Map(sh.columns.map((col, j) => [col.code, j])) }]));
    const lookup: CellLookup = (school, sheetId, row, column) => {
      const at = position.get(sheetId);
      return grids.get(school)?.[sheetId]?.[at?.rows.get(row) ?? -1]?.[at?.columns.get(column) ?? -1] ?? null;
    };
    for (const sheet of compileForm(form, period, lookup)) {
      const staff = sheet.entity === 'teacher' || sheet.entity === 'class';
      const fwCache = new Map<string | null, string | null>();
      for (const r of cube(sheet.entity)) {
        if (!inForm.has(r.school)) continue;
        if (staff && mainLevel.get(r.school) !== form.level && sheet.entity === 'teacher') continue;
        if (!sheet.test(r)) continue;
        const grid = grids.get(r.school)![sheet.id]!;
        const cols: number[] = [];
        sheet.columns.forEach((t, i) => t(r) && cols.push(i));
        if (cols.length === 0) continue;
        const grade = r.values.gradeCode ?? null;
        let fw = fwCache.get(grade);
        if (fw === undefined) fwCache.set(grade, (fw = frameworkFor(defs.regimes, period.schoolYear, grade)));
        for (let i = 0; i < sheet.rows.length; i++) {
          const want = sheet.frameworks[i];
          if (want !== undefined && want !== fw) continue;
          if (!sheet.rows[i]!(r)) continue;
          const line = grid[i]!;
          for (const ci of cols) if (line[ci] !== null) line[ci] = (line[ci] as number) + r.n;
        }
      }
    }
  }
  return { perSchool, schools, mainLevel };
}

export function addGrid(into: Grid, from: Grid): void {
  into.forEach((row, i) => row.forEach((v, j) => {
    const w = from[i]?.[j];
    if (v !== null && typeof w === 'number') row[j] = v + w;
  }));
}

const cloneGrid = (g: Grid): Grid => g.map((r) => [...r]);

/** RP-011: schools counted on a form with ownership/region cells but with no school-list record to read them from. */
function noSchoolRecord(store: Store, period: ReportPeriod, reports: readonly FormReport[]): ReportFinding[] {
  const out: ReportFinding[] = [];
  let known: Map<string, Record<string, unknown>> | undefined;
  for (const rep of reports) {
    const fields = new Set<string>();
    for (const s of rep.form.sheets) {
      fieldsOf(s.where, rep.form.predicates, fields);
      for (const x of [...s.rows, ...s.columns]) fieldsOf(x.where, rep.form.predicates, fields);
    }
    if (![...fields].some((f) => f.startsWith(SCHOOL_FIELD))) continue;
    known ??= schoolRecords(store, period.snapshotTo);
    for (const school of rep.schools) {
      if (!known.has(school)) out.push({ code: 'RP-011', severity: 'warning', form: rep.form.id, unit: rep.unit.code, data: { school } });
    }
  }
  return out;
}

export function buildReport(store: Store, defs: ReportDefinitions, dir: UnitDirectory, options: BuildOptions): ReportSet {
  const { period, level } = options;
  const forms = defs.forms.filter((f) => f.period === period.kind && (!options.forms || options.forms.includes(f.id)));
  const { perSchool, schools } = schoolReports(store, defs, period, forms);
  const scheme: UnitScheme = options.regroup2025 ? 'dvhc-2025' : period.scheme;
  const directory = listSchools(store);
  const known = new Map(directory.map((s) => [s.schoolId, s]));
  const placements = new Map<string, Placement>();
  const place = (s: SchoolUnits): Placement => {
    let p = placements.get(s.schoolId);
    if (!p) placements.set(s.schoolId, (p = placeSchool(s, scheme, dir)));
    return p;
  };
  const schoolUnits = (id: string): SchoolUnits => known.get(id) ?? { schoolId: id, name: null, provinceCode: null, districtCode: null, communeCode: null };
  const unitOf = (id: string): Unit => {
    if (level === 'school') return { level, code: id, name: known.get(id)?.name ?? id, scheme };
    const p = place(schoolUnits(id));
    const u = level === 'commune' ? p.middle : p.province;
    return u ?? { level, code: UNPLACED, name: 'Chưa xác định đơn vị (unplaced)', scheme };
  };
  const reports: FormReport[] = [];
  for (const form of forms) {
    const grids = perSchool.get(form.id);
    if (!grids) continue;
    const byUnit = new Map<string, FormReport>();
    for (const [school, sheets] of [...grids.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
      const unit = unitOf(school);
      if (options.units && !options.units.includes(unit.code)) continue;
      let rep = byUnit.get(unit.code);
      if (!rep) {
        rep = { form, formCode: form.codes[period.regime.id] ?? form.id, unit, schools: [], sheets: Object.fromEntries(Object.entries(sheets).map(([k, g]) => [k, cloneGrid(g)])) };
        byUnit.set(unit.code, rep);
      } else {
        for (const [k, g] of Object.entries(sheets)) addGrid(rep.sheets[k]!, g);
      }
      rep.schools.push(school);
    }
    // Unplaced schools come last, after the real units.
    reports.push(...[...byUnit.values()].sort((a, b) => Number(a.unit.code === UNPLACED) - Number(b.unit.code === UNPLACED) || a.unit.code.localeCompare(b.unit.code)));
  }
  const inReport = [...schools].filter((s) => level === 'school' || !options.units || options.units.includes(unitOf(s).code)).sort();
  const findings: ReportFinding[] = [];
  for (const rep of reports) findings.push(...checkReport(rep));
  findings.push(...noSchoolRecord(store, period, reports));
  if (level !== 'school') {
    const unitCodes = new Set(reports.map((r) => r.unit.code));
    const missing = directory
      .filter((s) => !schools.has(s.schoolId))
      .map((s) => ({ school: s.schoolId, unit: unitOf(s.schoolId) }))
      .filter((m) => unitCodes.has(m.unit.code) && m.unit.code !== UNPLACED);
    findings.push(...structuralFindings(missing, inReport.map((s) => ({ school: s, placement: place(schoolUnits(s)) })), level));
  }
  return {
    period,
    level,
    scheme,
    regrouped: Boolean(options.regroup2025) && period.scheme !== 'dvhc-2025',
    reports,
    findings,
    schools: inReport.map((s) => ({ schoolId: s, name: known.get(s)?.name ?? null, placement: level === 'school' ? { middle: null, province: null, problems: [] } : place(schoolUnits(s)) })),
  };
}
