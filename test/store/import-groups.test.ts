/**
 * The import groups person rows by school as it reads them, remembering the last row's school so a
 * run of rows of one school is counted and collected without a lookup per row. Rows of schools
 * interleaved in a file must give exactly the plans and snapshots of the same rows sorted by school.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { generate } from '../../src/generate/index.js';
import { importFiles } from '../../src/store/import.js';
import { openStore } from '../../src/store/db.js';
import { listSnapshots, snapshotRecords } from '../../src/store/snapshots.js';
import { tempDir } from './helpers.js';
import { writeCsvRows } from '../helpers/csv.js';

const TODAY = '2025-10-20';
type Row = Record<string, string>;

const tmp = tempDir();
afterAll(() => tmp.cleanup());

let header: string[] = [];
let sorted: Row[] = [];

function writeCsv(name: string, rows: Row[]): string {
  const path = join(tmp.dir, name);
  writeCsvRows(path, header, rows);
  return path;
}

beforeAll(async () => {
  const gen = join(tmp.dir, 'gen');
  await generate({ seed: 47, outDir: gen, schools: 3, rows: 120, level: 'THCS', entities: ['students'], format: 'csv', layout: 'plain' });
  const file = readdirSync(gen).find((f) => f.endsWith('.csv'))!;
  const rows = parse(readFileSync(join(gen, file), 'utf8'), { bom: true, columns: true }) as Row[];
  header = Object.keys(rows[0]!);
  sorted = [...rows].sort((a, b) => (a['Mã trường']! < b['Mã trường']! ? -1 : a['Mã trường']! > b['Mã trường']! ? 1 : 0));
  expect(new Set(sorted.map((r) => r['Mã trường'])).size).toBe(3);
});

/**
 * The plans — without source rows (they differ by layout) and person ids (numbered in the order the
 * schools complete) — and each school's stored records.
 */
async function importAndRead(name: string, rows: Row[]): Promise<{ plans: unknown; stored: Record<string, string[]> }> {
  const path = writeCsv(`${name}.csv`, rows);
  const dbPath = join(tmp.dir, `${name}.db`);
  const result = await importFiles([path], { dbPath, period: '2025-09', apply: true, today: TODAY });
  const strip = (items: Array<Record<string, unknown>>): unknown[] => items.map(({ source: _source, personId: _personId, ...rest }) => rest);
  const plans = result.plans.map((p) => ({
    school: p.school,
    new: strip(p.new as unknown as Array<Record<string, unknown>>),
    rejected: strip(p.rejected as unknown as Array<Record<string, unknown>>),
    unchanged: p.unchanged,
  }));
  const store = openStore(dbPath, { readonly: true });
  const stored: Record<string, string[]> = {};
  for (const s of listSnapshots(store)) stored[s.schoolId] = [...snapshotRecords(store, s.id)].map((r) => `${r.recordKey} ${r.classId} ${r.valuesJson}`).sort();
  store.close();
  return { plans, stored };
}

describe('import grouping by school', () => {
  it('schools interleaved row by row give the same plans and snapshots as the rows sorted by school', async () => {
    const bySchool = new Map<string, Row[]>();
    for (const r of sorted) bySchool.set(r['Mã trường']!, [...(bySchool.get(r['Mã trường']!) ?? []), r]);
    // Round robin: A B C A B C …, then runs of two: A A B B C C …
    const lists = [...bySchool.values()];
    const interleaved: Row[] = [];
    for (let i = 0; lists.some((l) => i < l.length); i += 2) for (const l of lists) interleaved.push(...l.slice(i, i + 1));
    for (let i = 1; lists.some((l) => i < l.length); i += 2) for (const l of lists) interleaved.push(...l.slice(i, i + 1));
    expect(interleaved).toHaveLength(sorted.length);

    const a = await importAndRead('sorted', sorted);
    const b = await importAndRead('interleaved', interleaved);
    expect(Object.values(a.stored).reduce((n, list) => n + list.length, 0)).toBeGreaterThan(100);
    // Each school's plan holds its own rows: a first import makes every row new or rejected.
    const perSchool = (a.plans as Array<{ school: string; new: unknown[]; rejected: unknown[] }>).map((p) => [p.school, p.new.length + p.rejected.length]);
    expect(perSchool).toEqual([...bySchool].map(([school, rows]) => [school, rows.length]));
    expect(b.plans).toEqual(a.plans);
    expect(b.stored).toEqual(a.stored);
  });
});

describe('import progress after the checking pass', () => {
  it('reports each school as it is planned and written, up to every school and row', async () => {
    const path = writeCsv('progress.csv', sorted);
    const seen: Array<{ schools: number; schoolCount: number; records: number; recordCount: number; applying: boolean }> = [];
    const result = await importFiles([path], { dbPath: join(tmp.dir, 'progress.db'), period: '2025-09', apply: true, today: TODAY, onPlanProgress: (p) => seen.push({ ...p }) });
    expect(seen.map((p) => p.schools)).toEqual([1, 2, 3]);
    expect(seen.every((p) => p.schoolCount === 3 && p.recordCount === sorted.length && p.applying)).toBe(true);
    expect(seen.at(-1)!.records).toBe(sorted.length);
    expect(seen.map((p) => p.records)).toEqual([...seen.map((p) => p.records)].sort((a, b) => a - b));
    expect(result.plans).toHaveLength(3);
    const dry: boolean[] = [];
    await importFiles([path], { dbPath: join(tmp.dir, 'progress.db'), period: '2025-10', apply: false, today: TODAY, onPlanProgress: (p) => dry.push(p.applying) });
    expect(dry).toEqual([false, false, false]);
  });
});
