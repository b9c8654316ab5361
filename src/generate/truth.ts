/**
 * The truth file `<outDir>/truth.json` that `edusync generate` writes beside its data files.
 * Tests, benchmarks and the demo read it to know what edusync must find.
 *
 * ```jsonc
 * {
 *   "generator": "edusync-generate/1",
 *   "seed": 42,
 *   "options": { …GenerateOptions without outDir… },
 *   "referenceDate": "2025-09-30",          // ages are counted on 30/9 of the first school year
 *   "files": [{
 *     "path": "79000123-hoc-sinh.xlsx",      // relative to outDir
 *     "entity": "student", "format": "xlsx", "layout": "messy",
 *     "sheet": "Sheet1",                      // xlsx only
 *     "schema": "loaded" | "fallback",        // labels from schemas/entities/<entity>.json, or built-in ones
 *     "headerRows": [5, 6], "firstDataRow": 7, "lastDataRow": 287, "dataRows": 281,
 *     "titleRows": [1, 2, 3], "footerRows": [289, 290, 291, 295],
 *     "columns": [{ "column": "B", "index": 1, "field": "classId", "header": "Mã lớp", "group": null }]
 *                                             // field null = STT (row counter) column
 *   }],
 *   "defects": [{                             // one per defective row, never two in one row
 *     "kind": "cccd-gender-mismatch",         // see DefectKind
 *     "entity": "student",
 *     "file": "79000123-hoc-sinh.xlsx", "sheet": "Sheet1",
 *     "row": 42,                              // row number the user sees in Excel / line in the text file
 *     "field": "personalId",                  // schema field key of the defective cell
 *     "value": "079315012345",                // the cell as written ("" = empty cell)
 *     "relatedRow": 17                        // duplicates only: the earlier row it duplicates
 *   }],
 *   "repairs": [{                             // what the messy layout did to clean rows; edusync must
 *     "kind": "leading-zero",                 // report each one as an info finding
 *     "file": "…", "sheet": "Sheet1", "row": 9, "field": "personalId",
 *     "value": 79012345678,                   // as written (number for numeric cells)
 *     "expected": "079012345678"              // what edusync should read after repair
 *   }],
 *   "lookalikes": [{                          // legitimate near-duplicates: NOT defects
 *     "kind": "twins" | "namesakes",          // twins: same surname + birthday, different given name;
 *     "rows": [{ "file": "…", "row": 10 }, { "file": "…", "row": 11 }]  // namesakes: same name + birthday, other school
 *   }],
 *   "counts": { "schools": 1, "classes": 8, "students": 280, "teachers": 15, "results": 540,
 *               "defects": 14, "repairs": 120 }
 * }
 * ```
 * Rows not listed in `defects` are clean: valid codes, dates, CCCDs, phones, unique IDs, ages
 * consistent with their grade. A defect's `relatedRow` is clean in itself but will be reported by
 * duplicate checks too.
 */

export const DEFECT_KINDS = [
  'missing-required',
  'too-long',
  'bad-code',
  'impossible-date',
  'future-date',
  'not-a-date',
  'age-grade-mismatch',
  'cccd-wrong-length',
  'cccd-bad-province',
  'cccd-gender-mismatch',
  'cccd-year-mismatch',
  'cccd-not-digits',
  'duplicate-personal-id',
  'duplicate-person',
  'duplicate-student-id',
  'class-grade-mismatch',
  'bad-email',
  'bad-phone',
  'status-without-reason',
  'teacher-too-young',
  'hire-before-18',
] as const;
export type DefectKind = (typeof DEFECT_KINDS)[number];

export const REPAIR_KINDS = [
  'leading-zero',
  'excel-serial-date',
  'unicode-nfc',
  'legacy-encoding-tcvn3',
  'legacy-encoding-vni',
] as const;
export type RepairKind = (typeof REPAIR_KINDS)[number];

export type EntityName = 'school' | 'class' | 'student' | 'teacher' | 'result';

export interface TruthColumn {
  column: string;
  index: number;
  field: string | null;
  header: string;
  group: string | null;
}

export interface TruthFile {
  path: string;
  entity: EntityName;
  format: string;
  layout: 'plain' | 'messy';
  sheet?: string;
  schema: 'loaded' | 'fallback';
  titleRows: number[];
  headerRows: number[];
  firstDataRow: number;
  lastDataRow: number;
  dataRows: number;
  footerRows: number[];
  columns: TruthColumn[];
}

export interface TruthDefect {
  kind: DefectKind;
  entity: EntityName;
  file: string;
  sheet?: string;
  row: number;
  field: string;
  value: string;
  relatedRow?: number;
}

export interface TruthRepair {
  kind: RepairKind;
  file: string;
  sheet?: string;
  row: number;
  field: string;
  value: string | number;
  expected: string;
}

export interface TruthLookalike {
  kind: 'twins' | 'namesakes';
  rows: Array<{ file: string; row: number }>;
}

export interface Truth {
  generator: string;
  seed: number;
  options: Record<string, unknown>;
  referenceDate: string;
  files: TruthFile[];
  defects: TruthDefect[];
  repairs: TruthRepair[];
  lookalikes: TruthLookalike[];
  counts: Record<string, number>;
}
