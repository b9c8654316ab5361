/**
 * Cross-file rules handed over between engines (Engine.handOver / takeOver): the two-part path's
 * worker checks the second part of a file with every rule and sends the cross-file rules' state
 * (their duplicate logs) to the main thread, which appends it to its own. On generated data with
 * duplicates (plus a second copy of part of it under another file name, and rows stripped of their
 * identifiers), the findings of a run cut anywhere, with the state passed through a structured
 * clone as postMessage does, equal those of one engine that saw every record.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine } from '../../src/check/engine.js';
import type { Finding } from '../../src/check/finding.js';
import { validateFiles } from '../../src/check/pipeline.js';
import { generate } from '../../src/generate/index.js';
import type { RecordRow } from '../../src/io/record.js';
import { DuplicateLog, groupEqual } from '../../src/rules/utils/duplicate-log.js';
import { allRules } from '../../src/rules/index.js';
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

describe('cross-file hand-over', () => {
  it('every cross-file rule can hand its state over (else no table is split)', () => {
    const engine = createEngine({ schemas, ruleSet, today: TODAY, rules: crossFileRules });
    expect(engine.splittable).toBe(true);
    expect(Object.keys(engine.handOver()).sort()).toEqual(crossFileRules.map((r) => r.meta.code).sort());
  });

  it('a run cut anywhere finds what one engine finds', () => {
    const full = run((engine) => {
      for (const r of records) engine.record(r);
    });
    const codes = new Set(full.map((f) => f.code));
    for (const code of ['DS-001', 'DS-002', 'DS-003']) expect(codes, code).toContain(code);
    expect(full.length).toBeGreaterThan(500);
    for (const cut of [0, 1, 2500, Math.floor(records.length / 2), records.length - 300, records.length]) {
      const inParts = run((engine) => {
        for (const r of records.slice(0, cut)) engine.record(r);
        const second = createEngine({ schemas, ruleSet, today: TODAY, rules: crossFileRules });
        for (const r of records.slice(cut)) second.record(r);
        // cross-file rules report only at the end: nothing to drain from the second part
        expect(second.drain()).toEqual([]);
        engine.takeOver(structuredClone(second.handOver()));
      });
      expect(inParts, `cut at ${cut}`).toEqual(full);
    }
  });

  it('a duplicate log appended across chunk boundaries keeps every entry and its place', () => {
    const columns = { studentId: 'B' };
    const at = (file: string, row: number): RecordRow => ({ entity: 'student', file, row, values: {}, problems: {}, repairs: [], columns });
    const whole = new DuplicateLog();
    const first = new DuplicateLog();
    const second = new DuplicateLog();
    // 70,000 + 70,000 entries: both logs span a chunk boundary (2^16) and the append starts mid-chunk
    const n = 70_000;
    for (let i = 0; i < 2 * n; i++) {
      const key = i % 3 === 0 ? `HS-${i % 1000}` : String(100_000 + (i % 50_000)).padStart(12, '0');
      const record = at(i < n + 5 ? 'a.csv' : 'b.csv', i + 2);
      const tag = i % 7 === 0 ? i : 0;
      whole.add(key, record, i % 11, i % 13 === 0 ? NaN : 20100101 + (i % 28), tag);
      (i < n ? first : second).add(key, record, i % 11, i % 13 === 0 ? NaN : 20100101 + (i % 28), tag);
    }
    first.append(structuredClone(second.state()));
    expect(first.count).toBe(whole.count);
    const pairs = (log: DuplicateLog): string[] => {
      const out: string[] = [];
      log.duplicates((e, f) => out.push(`${log.key(e)} ${JSON.stringify(log.record(e, 'studentId'))} ${JSON.stringify(log.otherData(f, e))} ${log.tag(e)} ${log.samePerson(f, e)}`));
      return out;
    };
    const expected = pairs(whole);
    expect(expected.length).toBeGreaterThan(50_000);
    expect(pairs(first)).toEqual(expected);
  });

  it('groupEqual puts equal keys next to each other and keeps every key', () => {
    // digit keys (digits × 16 + length), text keys (negative), many repeated
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (const n of [10, 5000, 70_000]) {
      const keys = new Float64Array(n);
      for (let i = 0; i < n; i++) keys[i] = i % 9 === 0 ? -((next() % 500) + 1) : (next() % (n * 2)) * 1e6 * 16 + 12;
      const grouped = groupEqual(keys.slice());
      expect(Float64Array.from(grouped).sort()).toEqual(keys.slice().sort());
      const closed = new Set<number>();
      for (let i = 1; i < n; i++) {
        if (grouped[i] !== grouped[i - 1]) {
          closed.add(grouped[i - 1]!);
          expect(closed.has(grouped[i]!)).toBe(false);
        }
      }
    }
  });
});
