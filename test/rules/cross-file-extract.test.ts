/**
 * Cross-file rules on extracts (src/rules/utils/cross-file-extract.ts): the two-part path replays
 * small extracts of the worker's records through DS-001…DS-004 instead of the records. That is
 * sound only if those rules read nothing an extract leaves out, so: (1) each rule reads only what
 * CROSS_FILE_READS declares for it; (2) on generated data with duplicates (plus a second copy of
 * part of it under another file name, and rows stripped of their identifiers), the findings on
 * extracts equal the findings on the full records.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../../src/check/engine.js';
import type { Finding } from '../../src/check/finding.js';
import { validateFiles } from '../../src/check/pipeline.js';
import { generate } from '../../src/generate/index.js';
import type { RecordRow } from '../../src/io/record.js';
import { CROSS_FILE_READS, createExtractCodec } from '../../src/rules/utils/cross-file-extract.js';
import { allRules } from '../../src/rules/index.js';
import { personalIdFields } from '../../src/rules/utils/cccd.js';
import { loadSchemas, selectRuleSet } from '../../src/schema/load.js';
import { tempDir } from '../helpers/run-cli.js';

const TODAY = '2025-10-15';
const schemas = loadSchemas();
const ruleSet = selectRuleSet(schemas, TODAY);
const crossFileRules = allRules().filter((r) => r.meta.scope === 'cross-file');

let records: RecordRow[] = [];

beforeAll(async () => {
  const dir = tempDir('edusync-extract-');
  await generate({
    seed: 11,
    outDir: dir,
    schools: 1,
    level: 'THCS',
    rows: 4000,
    entities: ['students', 'teachers'],
    format: 'csv',
    layout: 'plain',
    defects: { rate: 0.08 },
  });
  const files = readdirSync(dir).filter((f) => f.endsWith('.csv')).map((f) => join(dir, f));
  const read: RecordRow[] = [];
  await validateFiles(files, { today: TODAY, onRecord: (r) => read.push(r) });
  // Part of it again in another file (cross-file warnings), and some rows without any identifier
  // (DS-002's rows), one of them also read as a problem personal ID.
  const again = read.slice(0, 600).map((r) => ({ ...r, file: `${r.file}.copy`, row: r.row + 7 }));
  const stripped = read.slice(100, 400).map((r, i) => ({
    ...r,
    file: 'khong-ma.csv',
    values: { ...r.values, personalId: i % 5 === 0 ? 'abc' : null, studentId: null, staffId: null },
    problems: i % 5 === 0 ? { personalId: { kind: 'not-digits' as const } } : r.problems,
  }));
  records = [...read, ...again, ...stripped, ...stripped];
}, 120_000);

function run(feed: (engine: ReturnType<typeof createEngine>) => void): Finding[] {
  const engine = createEngine({ schemas, ruleSet, today: TODAY, rules: crossFileRules });
  feed(engine);
  return engine.finish();
}

describe('cross-file extracts', () => {
  it('every cross-file rule declares what it reads', () => {
    expect(Object.keys(CROSS_FILE_READS).sort()).toEqual(crossFileRules.map((r) => r.meta.code).sort());
  });

  it('each cross-file rule reads only the fields it declares', () => {
    const pidFields = personalIdFields(schemas);
    for (const rule of crossFileRules) {
      const read = new Set<string>();
      const declared = (entity: RecordRow['entity']): Set<string> => {
        const out = new Set<string>();
        for (const r of CROSS_FILE_READS[rule.meta.code]!) {
          if (r === '$personalId') for (const k of pidFields(entity)) out.add(k);
          else out.add(r.replace(/#$/, ''));
        }
        return out;
      };
      const engine = createEngine({ schemas, ruleSet, today: TODAY, rules: [rule] });
      for (const r of records) {
        const spy = <T extends object>(o: T, prefix: string): T =>
          new Proxy(o, {
            get(target, key, receiver) {
              if (typeof key === 'string') read.add(prefix + key);
              return Reflect.get(target, key, receiver) as unknown;
            },
          });
        engine.record({ ...r, values: spy(r.values, ''), problems: spy(r.problems, 'problems.') });
      }
      const allowed = new Set<string>();
      for (const entity of ['student', 'teacher'] as const) {
        for (const k of declared(entity)) allowed.add(k);
        if (CROSS_FILE_READS[rule.meta.code]!.includes('$personalId')) for (const k of pidFields(entity)) allowed.add(`problems.${k}`);
      }
      expect([...read].filter((k) => !allowed.has(k)), rule.meta.code).toEqual([]);
    }
  });

  it('the cross-file rules find the same on extracts as on full records', () => {
    const codec = createExtractCodec(schemas);
    const full = run((engine) => {
      for (const r of records) engine.record(r);
    });
    const onExtracts = run((engine) => {
      for (const r of records) {
        const [extract] = codec.decode(codec.encode(r), { entity: r.entity, file: r.file, sheet: r.sheet, columns: r.columns });
        engine.crossFile(extract!);
      }
    });
    const codes = new Set(full.map((f) => f.code));
    for (const code of ['DS-001', 'DS-002', 'DS-003']) expect(codes, code).toContain(code);
    expect(full.length).toBeGreaterThan(500);
    expect(onExtracts).toEqual(full);
  });

  it('extracts of a batch decode in order, whatever the values hold', () => {
    const codec = createExtractCodec(schemas);
    const base = records[0]!;
    const odd = { ...base, row: 9, values: { ...base.values, studentId: 'A\u001fB\u001eC', dateOfBirth: null, classId: 7 } };
    const batch = codec.encode(base) + codec.encode(odd);
    const [a, b] = codec.decode(batch, { entity: base.entity, file: base.file, sheet: base.sheet, columns: base.columns });
    expect(a!.row).toBe(base.row);
    expect(b!.row).toBe(9);
    expect(b!.values.studentId).toBe('A\u001fB\u001eC');
    expect(b!.values.dateOfBirth).toBeNull();
  });
});
