/**
 * The shape of the data files in `schemas/`. Field lists, code lists and rule sets change with
 * the school year and with the Ministry's templates, so they are data; this module is the contract
 * those files must meet, checked with zod at start-up.
 */
import { z } from 'zod';

/** Legal or documentary source of a data file (kept with the data, shown in docs). */
export const SourceSchema = z.object({
  title: z.string().min(1),
  reference: z.string().optional(),
  note: z.string().optional(),
});

export const LevelSchema = z.enum(['TH', 'THCS', 'THPT']);
export type Level = z.infer<typeof LevelSchema>;

/**
 * Field types. Each type has one reader in `src/io/repair/` that turns a raw cell into a value:
 * - text: free text (NFC, whitespace collapsed)
 * - name: a person's name (text + legacy TCVN3/VNI/mojibake repair)
 * - id: an opaque identifier kept as text (leading zeros restored when `padTo` is set)
 * - personalId: the 12-digit số định danh cá nhân / CCCD
 * - phone, email, date, integer, decimal, boolean
 * - code: a value of `codeList`, given as its code, label or an alias
 */
export const FieldTypeSchema = z.enum([
  'text',
  'name',
  'id',
  'personalId',
  'phone',
  'email',
  'date',
  'integer',
  'decimal',
  'boolean',
  'code',
]);
export type FieldType = z.infer<typeof FieldTypeSchema>;

export const FieldSchema = z
  .object({
    /** Canonical key used everywhere in edusync (camelCase). */
    key: z.string().regex(/^[a-z][A-Za-z0-9]*$/),
    /** QĐ 4998 ASCII key (HO_TEN, NGAY_SINH…), also accepted as a header. */
    moetKey: z.string().regex(/^[A-Z0-9_]+$/).optional(),
    /** The Vietnamese label as the Ministry's templates print it. */
    label: z.string().min(1),
    /** English label for English output. */
    labelEn: z.string().min(1),
    /** Other header texts seen in school files (any case/diacritics; normalised at load). */
    aliases: z.array(z.string().min(1)).default([]),
    type: FieldTypeSchema,
    /** Maximum length in characters (QĐ 4998), per level where the annex differs. */
    maxLength: z.number().int().positive().optional(),
    maxLengthByLevel: z.partialRecord(LevelSchema, z.number().int().positive()).optional(),
    /** For id/phone: the fixed length to restore when Excel dropped leading zeros. */
    padTo: z.number().int().positive().optional(),
    codeList: z.string().optional(),
    required: z.boolean().default(false),
    /** Where required-ness comes from (QĐ 4998 has no required column; see csdl-data-spec §2). */
    requiredSource: z.string().optional(),
    /** Levels the field exists for; absent = all. */
    levels: z.array(LevelSchema).optional(),
    /** Sensitive category under Law 91/2025/QH15 (ethnicity, religion, disability, health). */
    sensitive: z.boolean().default(false),
    /**
     * Basic personal data an output can do without (parents, detailed addresses; csdl-integration
     * §3.3 item 1): it leaves the machine only when a field list names it.
     */
    optIn: z.boolean().default(false),
    note: z.string().optional(),
  })
  .refine((f) => f.type !== 'code' || f.codeList !== undefined, {
    message: 'a field of type "code" needs a codeList',
  });
export type Field = z.infer<typeof FieldSchema>;

export const EntitySchemaFile = z.object({
  entity: z.enum(['school', 'class', 'student', 'teacher', 'result']),
  label: z.object({ vi: z.string(), en: z.string() }),
  /** QĐ 4998 table ids this schema follows (e.g. HSC1.1.1, HSC2.1.1, HSC3.1.1). */
  tables: z.array(z.string()).default([]),
  source: SourceSchema,
  effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  effectiveTo: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  /**
   * Header groups that identify this entity in a file: the file is this entity when every field of
   * at least one group is present (e.g. students: classId + studentId + fullName).
   */
  signatures: z.array(z.array(z.string()).min(1)).min(1),
  /** Fields that identify one record (for duplicate checks). */
  keys: z.array(z.string()).default([]),
  fields: z.array(FieldSchema).min(1),
});
export type EntitySchema = z.infer<typeof EntitySchemaFile>;

export const CodeValueSchema = z.object({
  code: z.string().min(1),
  label: z.string().min(1),
  labelEn: z.string().optional(),
  aliases: z.array(z.string()).default([]),
  /** Values kept for old files but no longer valid for new data. */
  deprecated: z.boolean().default(false),
});
export type CodeValue = z.infer<typeof CodeValueSchema>;

export const CodeListFile = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/),
  /** QĐ 4998 catalogue name (DM_*). */
  catalogue: z.string().optional(),
  label: z.object({ vi: z.string(), en: z.string() }),
  source: SourceSchema,
  effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  effectiveTo: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  /** Confidence in the codes: the Ministry's live catalogue is the source of truth. */
  confidence: z.enum(['official', 'secondary', 'inferred']).default('secondary'),
  values: z.array(CodeValueSchema).min(1),
});
export type CodeList = z.infer<typeof CodeListFile>;

export const SeveritySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;

export const RuleSetFile = z.object({
  schoolYear: z.string().regex(/^\d{4}-\d{4}$/),
  /** First and last day the rule set applies to. */
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Day the school year's ages and statuses are counted at (start-of-year statistics: 30/9). */
  referenceDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  source: SourceSchema,
  extends: z.string().optional(),
  /** Severity per rule code, or "off". Rules not listed run at their default severity. */
  rules: z.record(z.string(), z.union([SeveritySchema, z.literal('off')])).default({}),
  /** Options per rule code. */
  options: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  /** Codes that existed once and must never be reused. */
  retired: z.array(z.string()).default([]),
});
export type RuleSet = z.infer<typeof RuleSetFile>;

/** Province codes used as the first three digits of a CCCD (TT 07/2016 Phụ lục I, pre-2025 numbering). */
export const ProvinceCodesFile = z.object({
  name: z.string(),
  source: SourceSchema,
  effectiveFrom: z.string(),
  effectiveTo: z.string().optional(),
  values: z.array(
    z.object({
      code: z.string().regex(/^\d{2}$/),
      name: z.string(),
      /** Code of the province the unit belongs to after 12/6/2025 (absent = unchanged). */
      mergedInto: z.string().regex(/^\d{2}$/).optional(),
    }),
  ),
});
export type ProvinceCodes = z.infer<typeof ProvinceCodesFile>;
