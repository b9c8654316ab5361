/** The portal templates in schemas/templates load, and a template naming a field the entity lacks is refused. */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { defaultSchemasDir, loadSchemas } from '../../src/schema/load.js';
import { loadTemplates } from '../../src/schema/templates.js';
import { tempDir } from '../helpers/run-cli.js';

describe('schemas/templates', () => {
  it('loads the three portal templates, each marked with its source and confidence', () => {
    const templates = loadTemplates(loadSchemas());
    expect([...templates.keys()]).toEqual(['csdl-results', 'csdl-students', 'csdl-teachers']);
    expect(templates.get('csdl-students')).toMatchObject({ entity: 'student', confidence: 'secondary', maxRowsPerFile: 5000 });
    expect(templates.get('csdl-results')).toMatchObject({ confidence: 'inferred', splitBy: ['gradeCode', 'term'] });
    for (const t of templates.values()) expect(t.columns[0]).toMatchObject({ header: 'STT', format: 'row-number' });
  });

  it('refuses a template whose column names a field the entity schema lacks', () => {
    const dir = join(tempDir('edusync-templates-'), 'schemas');
    cpSync(defaultSchemasDir(), dir, { recursive: true });
    const file = join(dir, 'templates', 'csdl-teachers.json');
    const t = JSON.parse(readFileSync(file, 'utf8')) as { columns: Array<{ header: string; field?: string; format: string }> };
    t.columns.push({ header: 'Cỡ giày', field: 'shoeSize', format: 'text' });
    writeFileSync(file, JSON.stringify(t));
    expect(() => loadTemplates(loadSchemas(dir))).toThrow(ConfigError);
    expect(() => loadTemplates(loadSchemas(dir))).toThrow(/templates\/csdl-teachers.json: column "Cỡ giày": field shoeSize is not in the teacher schema/);
  });
});
