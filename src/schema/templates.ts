/**
 * The portal's Excel import templates (`schemas/templates/*.json`): column order, header texts,
 * the field each column carries and how its cell is written. Templates are data because the
 * Ministry changes them between versions (csdl-integration §1.3); this module is their contract,
 * checked with zod and against the entity schemas when loaded.
 */
import { join } from 'node:path';
import { existsSync, readdirSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { SourceSchema } from './format.js';
import { readJson, type LoadedSchemas } from './load.js';

/**
 * How a column's cell is written:
 * - row-number: STT, 1… within the file (no field)
 * - id / code / text: a text cell (numFmt '@'), so leading zeros stay
 * - date: text dd/mm/yyyy (template guidance: dates typed as text in a General cell)
 * - label: the code list's label ("Nam", "Kinh"), which the portal matches against its catalog sheets
 * - number: a number cell
 * - x: "x" when true, empty otherwise (the portal's tick columns)
 */
export const ColumnFormatSchema = z.enum(['row-number', 'id', 'code', 'text', 'date', 'label', 'number', 'x']);
export type ColumnFormat = z.infer<typeof ColumnFormatSchema>;

export const TemplateColumnSchema = z
  .strictObject({
    header: z.string().min(1),
    field: z.string().regex(/^[a-z][A-Za-z0-9]*$/).optional(),
    format: ColumnFormatSchema,
    /**
     * Basic personal data the upload can do without (parents, detailed addresses): left out
     * unless --fields or the config names it (csdl-integration §3.3 item 1, "minimise by default").
     */
    optIn: z.boolean().default(false),
  })
  .refine((c) => (c.format === 'row-number') === (c.field === undefined), { message: 'a row-number column has no field; every other column has one' });
export type TemplateColumn = z.infer<typeof TemplateColumnSchema>;

export const TemplateFileSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/),
  entity: z.enum(['student', 'teacher', 'result']),
  label: z.object({ vi: z.string(), en: z.string() }),
  portalTemplate: z.string().min(1),
  source: SourceSchema,
  /** official: from the Ministry; secondary: seen in public tools; inferred: built by us from the field spec. */
  confidence: z.enum(['official', 'secondary', 'inferred']),
  effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  sheet: z.string().min(1).max(31),
  maxRowsPerFile: z.number().int().positive(),
  maxRowsSource: z.string().min(1),
  /** Fields whose values start a new file (the portal takes one upload per grade and term). */
  splitBy: z.array(z.string()).default([]),
  contract: z.strictObject({
    /** Sensitive fields the portal's data contract needs (still exported only when the config names them). */
    needs: z.array(z.string()),
    note: z.string().min(1),
  }),
  columns: z.array(TemplateColumnSchema).min(1),
});
export type Template = z.infer<typeof TemplateFileSchema>;

function templatesDir(schemas: LoadedSchemas): string {
  return join(schemas.dir, 'templates');
}

/** Every template, checked against the entity schemas (fields exist; labels have a code list). */
export function loadTemplates(schemas: LoadedSchemas): Map<string, Template> {
  const dir = templatesDir(schemas);
  const out = new Map<string, Template>();
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const file = join(dir, name);
    const template = readJson(file, TemplateFileSchema, schemas.dir);
    const problem = checkTemplate(template, schemas);
    if (problem !== undefined) {
      throw new ConfigError({ vi: `Tệp lược đồ templates/${name}: ${problem.vi}`, en: `Schema file templates/${name}: ${problem.en}` });
    }
    out.set(template.name, template);
  }
  return out;
}

function checkTemplate(t: Template, schemas: LoadedSchemas): { vi: string; en: string } | undefined {
  const entity = schemas.entities.get(t.entity);
  if (entity === undefined) return { vi: `không có lược đồ ${t.entity}`, en: `no ${t.entity} schema` };
  const seen = new Set<string>();
  for (const c of t.columns) {
    if (c.field === undefined) continue;
    const field = entity.fieldsByKey.get(c.field);
    if (field === undefined) return { vi: `cột "${c.header}": trường ${c.field} không có trong lược đồ ${t.entity}`, en: `column "${c.header}": field ${c.field} is not in the ${t.entity} schema` };
    if (seen.has(c.field)) return { vi: `trường ${c.field} xuất hiện hai lần`, en: `field ${c.field} appears twice` };
    seen.add(c.field);
    if (c.format === 'label' && field.codeList === undefined) return { vi: `cột "${c.header}": dạng label cần trường có danh mục`, en: `column "${c.header}": format label needs a coded field` };
  }
  for (const key of [...t.contract.needs, ...t.splitBy]) {
    if (!entity.fieldsByKey.has(key)) return { vi: `trường ${key} không có trong lược đồ ${t.entity}`, en: `field ${key} is not in the ${t.entity} schema` };
  }
  return undefined;
}
