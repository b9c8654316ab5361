import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { generate } from '../../src/generate/index.js';
import { loadSchemas } from '../../src/schema/load.js';
import { foldKey } from '../../src/schema/fold.js';
import type { Level } from '../../src/generate/schools.js';
import type { EntityName, Truth } from '../../src/generate/truth.js';
import { readSheet, readTextRows, readTruth, tempDir, xlsxCellText } from './helpers.js';

const schemas = loadSchemas();
const ENTITIES: EntityName[] = ['school', 'class', 'student', 'teacher', 'result'];
const LEVELS: Level[] = ['TH', 'THCS', 'THPT'];

/** Header row and data rows of a generated file, by field key. */
async function readFile(dir: string, f: Truth['files'][number]): Promise<{ header: Map<string, string>; rows: Array<Map<string, string>> }> {
  const fields = f.columns.filter((c) => c.field !== null);
  const headerRow = f.headerRows[f.headerRows.length - 1] as number;
  const rows: Array<Map<string, string>> = [];
  let header: Map<string, string>;
  if (f.format === 'xlsx') {
    const ws = await readSheet(join(dir, f.path));
    const text = (r: number, i: number): string => xlsxCellText(ws.getRow(r).getCell(i + 1).value);
    header = new Map(fields.map((c) => [c.field as string, text(headerRow, c.index)]));
    for (let r = f.firstDataRow; r <= f.lastDataRow; r++) rows.push(new Map(fields.map((c) => [c.field as string, text(r, c.index)])));
  } else {
    const lines = readTextRows(join(dir, f.path), f.format);
    header = new Map(fields.map((c) => [c.field as string, lines.get(headerRow)?.[c.index] ?? '']));
    for (let r = f.firstDataRow; r <= f.lastDataRow; r++) rows.push(new Map(fields.map((c) => [c.field as string, lines.get(r)?.[c.index] ?? ''])));
  }
  return { header, rows };
}

/** Year of a dd/mm/yyyy text or an Excel serial day number (the messy layout writes both). */
function birthYear(text: string): number {
  if (/^\d+$/.test(text)) return new Date(Date.UTC(1899, 11, 30) + Number(text) * 86_400_000).getUTCFullYear();
  return Number(/(\d{4})$/.exec(text)?.[1]);
}

/** The code a cell names, as the code readers resolve it: code, label or alias. */
function codeOf(listName: string, text: string): string | undefined {
  const list = schemas.codeLists.get(listName);
  return list?.byCode.get(text)?.code ?? list?.byLabel.get(foldKey(text))?.code;
}

describe('generate: files follow the entity schemas', () => {
  for (const level of LEVELS) {
    it(`every required field of every entity has a column, headed by its schema label (${level})`, async () => {
      const dir = tempDir();
      const r = await generate({
        seed: 4, outDir: dir, schools: 1, classesPerGrade: 1, studentsPerClass: 6, level,
        entities: ['schools', 'classes', 'students', 'teachers', 'results'], format: 'csv', layout: 'plain',
      });
      const truth = readTruth(r.truthFile);
      for (const entity of ENTITIES) {
        const schema = schemas.entities.get(entity);
        expect(schema, entity).toBeDefined();
        const files = truth.files.filter((f) => f.entity === entity);
        expect(files.length, entity).toBeGreaterThan(0);
        for (const f of files) {
          expect(f.schema).toBe('loaded');
          const { header } = await readFile(dir, f);
          for (const field of schema?.schema.fields ?? []) {
            if (!field.required) continue;
            expect(header.has(field.key), `${entity} (${level}) lacks required ${field.key}`).toBe(true);
            expect(header.get(field.key)).toBe(field.label);
          }
          // no column of a field the schema restricts to other levels
          for (const c of f.columns) {
            const levels = c.field === null ? undefined : schema?.fieldsByKey.get(c.field)?.levels;
            if (levels) expect(levels, `${entity}.${c.field} at ${level}`).toContain(level);
          }
        }
      }
    });
  }

  it('writes plausible, readable values for the schema-only fields (xlsx, messy)', async () => {
    for (const level of LEVELS) {
      const dir = tempDir();
      const r = await generate({
        seed: 9, outDir: dir, schools: 2, classesPerGrade: 2, studentsPerClass: 5, level,
        entities: ['schools', 'classes', 'students', 'teachers', 'results'], format: 'xlsx', layout: 'messy',
      });
      const truth = readTruth(r.truthFile);
      const booleans = new Set(['co', 'khong', 'x', '1', '0']);
      const rankPrefix = { TH: 'V.07.03.', THCS: 'V.07.04.', THPT: 'V.07.05.' }[level];
      for (const f of truth.files) {
        const entity = schemas.entities.get(f.entity);
        const { rows } = await readFile(dir, f);
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) {
          for (const [key, text] of row) {
            const field = entity?.fieldsByKey.get(key);
            if (!field) continue;
            if (field.required) expect(text, `${f.path} ${key}`).not.toBe('');
            if (text === '') continue;
            if (field.type === 'code' && field.codeList) {
              const code = codeOf(field.codeList, text);
              expect(code, `${f.path} ${key}=${text}`).toBeDefined();
              const value = schemas.codeLists.get(field.codeList)?.byCode.get(code as string);
              expect(value?.deprecated ?? false, `${key}=${text} is deprecated`).toBe(false);
            }
            if (field.type === 'boolean') expect(booleans.has(foldKey(text)), `${key}=${text}`).toBe(true);
          }
          if (f.entity === 'teacher') {
            expect(row.get('rankCode')?.startsWith(rankPrefix), row.get('rankCode')).toBe(true);
            expect(row.get('socialInsuranceNo')).toMatch(/^\d{9,10}$/); // 9 = leading zero dropped by the messy layout
            const year = birthYear(row.get('dateOfBirth') ?? '');
            {
              const age = 2025 - year;
              if (/^Tiến s/.test(row.get('qualificationCode') ?? '')) expect(age).toBeGreaterThanOrEqual(28);
              if (/^Thạc s/.test(row.get('qualificationCode') ?? '')) expect(age).toBeGreaterThanOrEqual(25);
              if (foldKey(row.get('isYouthUnion') ?? '') === 'co') expect(age).toBeLessThanOrEqual(31);
            }
          }
          if (f.entity === 'result') {
            if (level === 'TH') {
              expect(['HTXS', 'HTT', 'HT', 'CHT']).toContain(codeOf('primary-result-tt27', row.get('primaryEducationResultCode') ?? ''));
              expect(row.has('learningResultCode')).toBe(false);
            } else {
              expect(['Tốt', 'Khá', 'Đạt', 'Chưa đạt']).toContain(row.get('learningResultCode'));
              expect(['Tốt', 'Khá', 'Đạt', 'Chưa đạt']).toContain(row.get('conductCode'));
              expect(row.has('primaryEducationResultCode')).toBe(false);
            }
          }
        }
        if (f.entity === 'teacher') {
          const groups = rows.map((row) => row.get('staffGroupCode'));
          expect(groups).toContain('Giáo viên');
          expect(groups).toContain('Cán bộ quản lý');
          expect(rows[0]?.get('staffTypeCode')).toBe('Hiệu trưởng');
        }
      }
    }
  }, 60_000);
});
