/**
 * Data rows → RecordRow. Hot path: everything per table (field readers, column indexes, the
 * shared `columns` object, the row → record function itself) is built once; per cell the work is
 * one reader call with a reused sink, and clean cells allocate nothing beyond the record itself.
 */
import type { Level } from '../schema/format.js';
import type { LoadedSchemas } from '../schema/load.js';
import type { FieldValue, RecordRow, Repair, ValueProblem } from './record.js';
import { createFieldReader, type CellReader } from './repair/index.js';
import { columnLetter, type RawRow } from './types.js';
import type { TableLayout } from './header-map.js';

/** Grade code → level of schooling (grades 1–5 primary, 6–9 lower secondary, 10–12 upper secondary). */
export function levelOfGrade(grade: FieldValue): Level | undefined {
  let n: number;
  if (typeof grade === 'number') n = grade;
  else if (typeof grade === 'string' && /^\d{1,2}$/.test(grade)) n = Number(grade);
  else return undefined;
  if (n >= 1 && n <= 5) return 'TH';
  if (n >= 6 && n <= 9) return 'THCS';
  if (n >= 10 && n <= 12) return 'THPT';
  return undefined;
}

const GRADE_FIELD = 'gradeCode';

/**
 * What a record without problems or repairs carries (99% of rows): one shared frozen object and
 * array instead of two allocations per row (GC was ≈ 10% of a 1 M-row validation). Never mutate a
 * record's `problems` or `repairs` (see RecordRow).
 */
const NO_PROBLEMS: Record<string, ValueProblem> = Object.freeze({}) as Record<string, ValueProblem>;
const NO_REPAIRS: Repair[] = Object.freeze([]) as unknown as Repair[];

/** Column letter of each mapped field, as every record of the table carries it (RecordRow.columns). */
export function recordColumns(layout: TableLayout, schemas: LoadedSchemas): Readonly<Record<string, string>> {
  const entity = schemas.entities.get(layout.entity);
  const columns: Record<string, string> = {};
  for (const [key, index] of Object.entries(layout.fieldColumns)) {
    if (entity?.fieldsByKey.get(key) !== undefined) columns[key] = columnLetter(index);
  }
  return Object.freeze(columns);
}

export function createRecordBuilder(
  layout: TableLayout,
  schemas: LoadedSchemas,
  source: { file: string; sheet?: string },
): (raw: RawRow) => RecordRow {
  const entity = schemas.entities.get(layout.entity);
  if (entity === undefined) throw new Error(`edusync: no schema for entity "${layout.entity}"`);
  const ctx = { codeLists: schemas.codeLists };

  const keys: string[] = [];
  const indexes: number[] = [];
  const readers: CellReader[] = [];
  const columns: Record<string, string> = {};
  for (const [key, index] of Object.entries(layout.fieldColumns)) {
    const field = entity.fieldsByKey.get(key);
    if (field === undefined) continue;
    keys.push(key);
    indexes.push(index);
    readers.push(createFieldReader(field, ctx));
    columns[key] = columnLetter(index);
  }
  Object.freeze(columns);
  return compileBuilder(keys, indexes, readers, keys.indexOf(GRADE_FIELD), {
    entity: layout.entity,
    file: source.file,
    sheet: source.sheet,
    columns,
  });
}

/**
 * The row → record function of one table, generated once: one statement per mapped column with its
 * index, key and reader fixed, so each reader is called from a call site of its own (V8 caches and
 * may inline it; one loop over 21 readers calls them all through one site), and `values` is one
 * object literal with the table's keys (every record of the table shares a hidden class: copying a
 * template or assigning keys one by one cost a third of validation time on a million rows). Keys
 * are field keys checked against /^[a-z][A-Za-z0-9]*$/ when the schema loads, and JSON-quoted here
 * regardless; a clean cell allocates nothing beyond the record.
 */
function compileBuilder(
  keys: string[],
  indexes: number[],
  readers: CellReader[],
  gradeSlot: number,
  table: { entity: RecordRow['entity']; file: string; sheet: string | undefined; columns: Readonly<Record<string, string>> },
): (raw: RawRow) => RecordRow {
  const lines: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = JSON.stringify(keys[i]);
    lines.push(
      `c = cells[${indexes[i]!}];`,
      `if (c === null || c === undefined) v${i} = null;`,
      'else {',
      '  sink.problem = undefined;',
      '  sink.repairs = undefined;',
      `  v${i} = r${i}(c, sink);`,
      `  if (sink.problem !== undefined) (problems ??= {})[${key}] = sink.problem;`,
      '  if (sink.repairs !== undefined) {',
      '    repairs ??= [];',
      `    for (const note of sink.repairs) repairs.push({ field: ${key}, kind: note.kind, from: note.from, to: note.to });`,
      '  }',
      i === gradeSlot ? `  if (sink.problem === undefined) level = levelOfGrade(v${i});` : '',
      '}',
    );
  }
  const values = keys.map((k, i) => `${JSON.stringify(k)}: v${i}`).join(', ');
  const body = [
    'const sink = { problem: undefined, repairs: undefined };',
    'return function buildRecord(raw) {',
    '  const cells = raw.cells;',
    '  let c, problems, repairs, level;',
    keys.length > 0 ? `  let ${keys.map((_, i) => `v${i}`).join(', ')};` : '',
    ...lines.map((l) => `  ${l}`),
    '  return {',
    '    entity: table.entity,',
    '    file: table.file,',
    '    sheet: table.sheet,',
    '    row: raw.row,',
    '    level,',
    `    values: { ${values} },`,
    '    problems: problems ?? NO_PROBLEMS,',
    '    repairs: repairs ?? NO_REPAIRS,',
    '    columns: table.columns,',
    '  };',
    '};',
  ].join('\n');
  const readerNames = readers.map((_, i) => `r${i}`);
  const factory = new Function('table', 'levelOfGrade', 'NO_PROBLEMS', 'NO_REPAIRS', ...readerNames, body) as (...args: unknown[]) => (raw: RawRow) => RecordRow;
  return factory(table, levelOfGrade, NO_PROBLEMS, NO_REPAIRS, ...readers);
}
