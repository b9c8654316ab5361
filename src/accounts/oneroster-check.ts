/**
 * A structural check of a OneRoster 1.2 CSV bundle (a folder of CSV files), after the CSV binding:
 * manifest.csv present with manifest.version and oneroster.version 1.2; every file the manifest
 * marks bulk or delta present and every file marked absent missing; each file's header exactly the
 * spec's columns in order (case-sensitive); required fields filled; sourcedIds unique per file;
 * enumerations respected; dates as yyyy-mm-dd; bulk rows without status/dateLastModified; and every
 * sourcedId reference resolving in the file it points to. The rules are data in
 * schemas/accounts/oneroster.json. Used by the tests, and usable on a bundle from another system.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { platformSchema } from './platforms.js';

export interface BundleProblem {
  file: string;
  /** 1 = header row. */
  row?: number | undefined;
  column?: string | undefined;
  code:
    | 'missing-manifest'
    | 'manifest-version'
    | 'manifest-mode'
    | 'missing-file'
    | 'unexpected-file'
    | 'header'
    | 'required'
    | 'duplicate-id'
    | 'enum'
    | 'date'
    | 'bulk-status'
    | 'reference';
  detail: string;
}

function readCsv(path: string): string[][] {
  const text = readFileSync(path, 'utf8');
  return parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/u;
const DATE_COLUMNS = new Set(['startDate', 'endDate', 'beginDate']);

export function checkOneRosterBundle(dir: string): BundleProblem[] {
  const schema = platformSchema('oneroster');
  const problems: BundleProblem[] = [];
  const manifestPath = join(dir, 'manifest.csv');
  if (!existsSync(manifestPath)) return [{ file: 'manifest.csv', code: 'missing-manifest', detail: 'manifest.csv is required' }];
  const manifestRows = readCsv(manifestPath);
  const manifest = new Map<string, string>();
  if ((manifestRows[0] ?? []).join(',') !== 'propertyName,value') problems.push({ file: 'manifest.csv', row: 1, code: 'header', detail: `got ${JSON.stringify(manifestRows[0])}` });
  for (const r of manifestRows.slice(1)) manifest.set(r[0] ?? '', r[1] ?? '');
  if (manifest.get('manifest.version') !== '1.0') problems.push({ file: 'manifest.csv', code: 'manifest-version', detail: 'manifest.version must be 1.0' });
  if (manifest.get('oneroster.version') !== '1.2') problems.push({ file: 'manifest.csv', code: 'manifest-version', detail: 'oneroster.version must be 1.2' });

  const modes = new Map<string, string>();
  for (const [key, value] of manifest) {
    if (!key.startsWith('file.')) continue;
    if (!['bulk', 'delta', 'absent'].includes(value)) problems.push({ file: 'manifest.csv', code: 'manifest-mode', detail: `${key}=${value}` });
    modes.set(`${key.slice(5)}.csv`, value);
  }
  for (const name of Object.keys(schema.files)) {
    if (name === 'manifest.csv') continue;
    if (!modes.has(name)) problems.push({ file: 'manifest.csv', code: 'manifest-mode', detail: `file.${name.replace(/\.csv$/u, '')} is not declared` });
  }
  const present = new Set(readdirSync(dir).filter((f) => f.endsWith('.csv')));
  const tables = new Map<string, { header: string[]; rows: string[][] }>();
  for (const [name, mode] of modes) {
    if (mode === 'absent') {
      if (present.has(name)) problems.push({ file: name, code: 'unexpected-file', detail: 'declared absent but present' });
      continue;
    }
    if (!present.has(name)) {
      problems.push({ file: name, code: 'missing-file', detail: `declared ${mode} but missing` });
      continue;
    }
    const rows = readCsv(join(dir, name));
    tables.set(name, { header: rows[0] ?? [], rows: rows.slice(1) });
  }

  for (const [name, table] of tables) {
    const spec = schema.files[name];
    if (spec === undefined) continue;
    const expected = spec.columns.map((c) => c.name);
    if (table.header.join(',') !== expected.join(',')) {
      problems.push({ file: name, row: 1, code: 'header', detail: `expected ${expected.join(',')}; got ${table.header.join(',')}` });
      continue;
    }
    const bulk = modes.get(name) === 'bulk';
    const ids = new Set<string>();
    table.rows.forEach((r, i) => {
      const row = i + 2;
      spec.columns.forEach((c, ci) => {
        const v = r[ci] ?? '';
        if (c.required && v === '') problems.push({ file: name, row, column: c.name, code: 'required', detail: 'empty' });
        const allowed = schema.enums?.[`${name}:${c.name}`];
        if (allowed && v !== '' && !allowed.includes(v)) problems.push({ file: name, row, column: c.name, code: 'enum', detail: v });
        if (DATE_COLUMNS.has(c.name) && v !== '' && !DATE.test(v)) problems.push({ file: name, row, column: c.name, code: 'date', detail: v });
        if (bulk && (c.name === 'status' || c.name === 'dateLastModified') && v !== '') problems.push({ file: name, row, column: c.name, code: 'bulk-status', detail: v });
      });
      const id = r[0] ?? '';
      if (expected[0] === 'sourcedId') {
        if (ids.has(id)) problems.push({ file: name, row, column: 'sourcedId', code: 'duplicate-id', detail: id });
        ids.add(id);
      }
    });
  }

  const idsOf = new Map<string, Set<string>>();
  for (const [name, t] of tables) if (t.header[0] === 'sourcedId') idsOf.set(name, new Set(t.rows.map((r) => r[0] ?? '')));
  for (const ref of schema.references ?? []) {
    const t = tables.get(ref.file);
    if (t === undefined) continue;
    const ci = t.header.indexOf(ref.column);
    if (ci < 0) continue;
    const targets = idsOf.get(ref.to) ?? new Set<string>();
    t.rows.forEach((r, i) => {
      const v = r[ci] ?? '';
      if (v === '') return;
      for (const id of ref.list ? v.split(',').map((s) => s.trim()) : [v]) {
        if (!targets.has(id)) problems.push({ file: ref.file, row: i + 2, column: ref.column, code: 'reference', detail: `${id} not in ${ref.to}` });
      }
    });
  }
  return problems;
}
