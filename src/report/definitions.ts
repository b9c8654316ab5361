/**
 * Report form definitions (`schemas/reports/*.json`) and the regime file, checked with zod at
 * load. A form is data: sheets of rows × columns whose cells count the records matching
 * `sheet.where ∧ row.where ∧ column.where` (the small language of `filter.ts`), plus the
 * consistency rules between cells. Changing a form is editing its JSON.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { defaultSchemasDir } from '../schema/load.js';

export type Predicate =
  | { field: string; eq?: string | number | boolean; in?: Array<string | number>; notIn?: Array<string | number>; isNull?: boolean }
  | { all: Predicate[] }
  | { any: Predicate[] }
  | { not: Predicate }
  | { ref: string }
  | { age: { min?: number; max?: number } }
  /** On a sheet counting schools: the school's own value in another cell of the form lies in [min, max]. */
  | { cell: { sheet: string; row: string; column: string }; min?: number; max?: number };

const scalar = z.union([z.string(), z.number(), z.boolean()]);
export const PredicateSchema: z.ZodType<Predicate> = z.lazy(() =>
  z.union([
    z
      .object({
        field: z.string().min(1),
        eq: scalar.optional(),
        in: z.array(z.union([z.string(), z.number()])).optional(),
        notIn: z.array(z.union([z.string(), z.number()])).optional(),
        isNull: z.boolean().optional(),
      })
      .strict()
      .refine((p) => [p.eq, p.in, p.notIn, p.isNull].filter((x) => x !== undefined).length === 1, {
        message: 'a field test needs exactly one of eq, in, notIn, isNull',
      }),
    z.object({ all: z.array(PredicateSchema).min(1) }).strict(),
    z.object({ any: z.array(PredicateSchema).min(1) }).strict(),
    z.object({ not: PredicateSchema }).strict(),
    z.object({ ref: z.string().min(1) }).strict(),
    z.object({ age: z.object({ min: z.number().int().optional(), max: z.number().int().optional() }).strict() }).strict(),
    z
      .object({ cell: z.object({ sheet: z.string(), row: z.string(), column: z.string() }).strict(), min: z.number().int().optional(), max: z.number().int().optional() })
      .strict(),
  ]),
) as z.ZodType<Predicate>;

const Column = z
  .object({
    code: z.string().min(1),
    label: z.string().min(1),
    /** Header levels above the label: group (e.g. "Công lập"), then subgroup (e.g. "Dân tộc thiểu số"). */
    group: z.string().optional(),
    subgroup: z.string().optional(),
    where: PredicateSchema.optional(),
  })
  .strict();
const Row = z
  .object({
    code: z.string().min(1),
    label: z.string().min(1),
    group: z.string().optional(),
    unit: z.string().min(1),
    where: PredicateSchema.optional(),
    /** Count only records whose (school year, grade) is assessed under this framework; other cells are blocked. */
    framework: z.string().optional(),
    /** The row's number on the paper form (column A, "TT"), e.g. "3.1.". */
    tt: z.string().optional(),
    /**
     * The official form has the row but edusync cannot count it: "not-in-store" (nothing recorded
     * to count from) or "not-derived" (a field exists but how it maps onto the row is not known).
     * Such a row is printed with empty cells and its note, never dropped, so the form keeps its shape.
     */
    source: z.enum(['not-in-store', 'not-derived']).optional(),
    note: z.string().optional(),
  })
  .strict()
  .refine((r) => r.source === undefined || (r.where === undefined && r.note !== undefined), {
    message: 'a row with a source has a note and no where',
  });
export const ENTITIES = ['student', 'teacher', 'class', 'result', 'school'] as const;
const Sheet = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    title: z.string().min(1),
    entity: z.enum(ENTITIES),
    where: PredicateSchema.optional(),
    columns: z.array(Column).min(1),
    rows: z.array(Row).min(1),
  })
  .strict();
const CellRef = z.object({ sheet: z.string(), row: z.string(), column: z.string() }).strict();
const LinearCheck = z
  .object({
    code: z.string().regex(/^RP-\d{3}$/),
    kind: z.literal('linear').optional(),
    sheet: z.string(),
    /** rows: the equation holds in every column between the listed rows; columns: in every row. */
    axis: z.enum(['rows', 'columns']),
    relation: z.enum(['eq', 'le']),
    /** Codes summed on each side; a leading "-" subtracts. */
    left: z.array(z.string()).min(1),
    right: z.array(z.string()).min(1),
    note: z.string().optional(),
  })
  .strict();
const RatioCheck = z
  .object({
    code: z.string().regex(/^RP-\d{3}$/),
    kind: z.literal('ratio'),
    numerator: CellRef,
    denominator: CellRef,
    min: z.number(),
    max: z.number(),
    note: z.string().optional(),
  })
  .strict();
const Check = z.union([RatioCheck, LinearCheck]);
const Source = z.object({ title: z.string(), reference: z.string(), note: z.string().optional(), confidence: z.string().optional() }).strict();

export const FormFile = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    level: z.enum(['TH', 'THCS', 'THPT']),
    period: z.enum(['dau-nam', 'cuoi-nam']),
    codes: z.record(z.string(), z.string()),
    title: z.string().min(1),
    subtitle: z.string().min(1),
    source: Source,
    grades: z.array(z.string()).min(1),
    predicates: z.record(z.string(), PredicateSchema),
    sheets: z.array(Sheet).min(1),
    checks: z.array(Check),
  })
  .strict();

export const RegimesFile = z
  .object({
    name: z.literal('report-regimes'),
    source: Source,
    regimes: z
      .array(
        z
          .object({
            id: z.string(),
            title: z.string(),
            fromYear: z.string().regex(/^\d{4}-\d{4}$/),
            toYear: z.string().regex(/^\d{4}-\d{4}$/).optional(),
            reportingUnit: z.string(),
            recipient: z.string(),
            deadlines: z.record(z.string(), z.string().regex(/^\d\d-\d\d$/)),
          })
          .strict(),
      )
      .min(1),
    periods: z.record(
      z.enum(['dau-nam', 'cuoi-nam']),
      z
        .object({
          label: z.string(),
          labelEn: z.string(),
          reference: z.string().regex(/^\d\d-\d\d$/),
          yearOffset: z.union([z.literal(0), z.literal(1)]),
          snapshotFrom: z.string().regex(/^\d\d$/),
          snapshotTo: z.string().regex(/^\d\d$/),
        })
        .strict(),
    ),
    unitSchemes: z.array(z.object({ id: z.string(), from: z.string().optional(), until: z.string().optional(), middle: z.enum(['district', 'commune']), middleLabel: z.string(), middleLabelEn: z.string() }).strict()),
    frameworks: z.array(z.object({ id: z.string(), replaces: z.string(), gradesFrom: z.record(z.string(), z.string()) }).strict()),
  })
  .strict();

export type Form = z.infer<typeof FormFile>;
export type FormSheet = Form['sheets'][number];
export type FormRow = FormSheet['rows'][number];
export type FormColumn = FormSheet['columns'][number];
export type FormCheck = Form['checks'][number];
export type Regimes = z.infer<typeof RegimesFile>;

export interface ReportDefinitions {
  dir: string;
  forms: Form[];
  regimes: Regimes;
}

function parseFile<T>(file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError({ vi: `Tệp biểu mẫu ${file} không phải JSON hợp lệ: ${(error as Error).message}`, en: `Form file ${file} is not valid JSON: ${(error as Error).message}` }, { cause: error });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(gốc/root)'}: ${i.message}`).join('; ');
    throw new ConfigError({ vi: `Tệp biểu mẫu ${file} sai cấu trúc: ${issues}`, en: `Form file ${file} is malformed: ${issues}` });
  }
  return parsed.data;
}

/** Cross-checks zod cannot express: unique codes, references to predicates, rows and columns that exist. */
export function formProblems(form: Form): string[] {
  const problems: string[] = [];
  const rowCodes = new Set<string>();
  const sheets = new Map(form.sheets.map((s) => [s.id, s]));
  const refs = (p: Predicate | undefined, where: string, onSchools = false): void => {
    if (!p) return;
    if ('cell' in p) {
      const s = sheets.get(p.cell.sheet);
      if (!s || !s.rows.some((r) => r.code === p.cell.row) || !s.columns.some((c) => c.code === p.cell.column)) problems.push(`${where}: no cell ${p.cell.sheet}/${p.cell.row}/${p.cell.column}`);
      else if (s.entity === 'school') problems.push(`${where}: cell ${p.cell.sheet}/${p.cell.row}/${p.cell.column} is itself on a sheet counting schools`);
      if (!onSchools) problems.push(`${where}: a cell test is only allowed on a sheet counting schools`);
    } else if ('ref' in p) {
      if (!(p.ref in form.predicates)) problems.push(`${where}: unknown predicate "${p.ref}"`);
    } else if ('all' in p) p.all.forEach((q) => refs(q, where, onSchools));
    else if ('any' in p) p.any.forEach((q) => refs(q, where, onSchools));
    else if ('not' in p) refs(p.not, where, onSchools);
  };
  for (const [name, p] of Object.entries(form.predicates)) refs(p, `predicates.${name}`);
  for (const sheet of form.sheets) {
    // Cell tests read the school's own counts, so they only make sense where each record is a school.
    const schools = sheet.entity === 'school';
    refs(sheet.where, `${sheet.id}.where`, schools);
    const cols = new Set<string>();
    for (const c of sheet.columns) {
      if (cols.has(c.code)) problems.push(`${sheet.id}: column ${c.code} twice`);
      cols.add(c.code);
      refs(c.where, `${sheet.id}.column ${c.code}`, schools);
    }
    for (const r of sheet.rows) {
      if (rowCodes.has(r.code)) problems.push(`${sheet.id}: row code ${r.code} is not unique in the form`);
      rowCodes.add(r.code);
      refs(r.where, `${sheet.id}.row ${r.code}`, schools);
    }
  }
  for (const check of form.checks) {
    if (check.kind === 'ratio') {
      for (const ref of [check.numerator, check.denominator]) {
        const s = sheets.get(ref.sheet);
        if (!s || !s.rows.some((r) => r.code === ref.row) || !s.columns.some((c) => c.code === ref.column)) problems.push(`check ${check.code}: no cell ${ref.sheet}/${ref.row}/${ref.column}`);
      }
      continue;
    }
    const s = sheets.get(check.sheet);
    if (!s) {
      problems.push(`check ${check.code}: no sheet ${check.sheet}`);
      continue;
    }
    const pool = new Set((check.axis === 'rows' ? s.rows : s.columns).map((x) => x.code));
    for (const term of [...check.left, ...check.right]) {
      if (!pool.has(term.replace(/^-/, ''))) problems.push(`check ${check.code}: no ${check.axis === 'rows' ? 'row' : 'column'} ${term} in ${check.sheet}`);
    }
  }
  return problems;
}

export function loadReportDefinitions(schemasDir = defaultSchemasDir()): ReportDefinitions {
  const dir = join(schemasDir, 'reports');
  const regimes = parseFile(join(dir, 'regimes.json'), RegimesFile);
  const forms: Form[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'regimes.json' && f !== 'checks.json').sort()) {
    const form = parseFile(join(dir, name), FormFile);
    const problems = formProblems(form);
    if (problems.length > 0) {
      const text = problems.slice(0, 5).join('; ');
      throw new ConfigError({ vi: `Biểu mẫu ${name} không nhất quán: ${text}`, en: `Form ${name} is inconsistent: ${text}` });
    }
    forms.push(form);
  }
  return { dir, forms, regimes };
}
