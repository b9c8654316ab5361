import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderConfigJsonSchema } from '../../src/config/schema.js';
import { ROOT } from '../helpers/run-cli.js';

describe('schemas/config.schema.json', () => {
  it('is generated from the zod schema and up to date', () => {
    const committed = readFileSync(join(ROOT, 'schemas', 'config.schema.json'), 'utf8');
    expect(committed, 'schemas/config.schema.json is stale: regenerate it with `npm run build && npm run docs`').toBe(renderConfigJsonSchema());
  });
  it('describes the main keys and forbids unknown ones', () => {
    const schema = JSON.parse(renderConfigJsonSchema()) as { properties: Record<string, unknown>; additionalProperties: boolean };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['locale', 'store', 'period', 'ruleSet', 'schools', 'inputs', 'import', 'log', 'targets', 'lock']),
    );
    expect(schema.additionalProperties).toBe(false);
  });
});
