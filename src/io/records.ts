/**
 * Data rows → RecordRow. Hot path: everything per table (field readers, column indexes, the
 * shared `columns` object) is built once; per cell the work is one reader call with a reused sink,
 * and clean cells allocate nothing beyond the record itself.
 */
import type { Level } from '../schema/format.js';
import type { LoadedSchemas } from '../schema/load.js';
import type { FieldValue, RecordRow, Repair, ValueProblem } from './record.js';
import { createFieldReader, type CellReader, type ReadSink, type RepairNote } from './repair/index.js';
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

/**
 * Per table, a function that builds `values` as one object literal with the table's keys. V8 then
 * gives every record of the table the same hidden class in one allocation; copying a template or
 * assigning keys one by one cost a third of validation time on a million rows. Keys are field keys
 * checked against /^[a-z][A-Za-z0-9]*$/ when the schema loads, and JSON-quoted here regardless.
 */
function compileValuesFactory(keys: string[]): (slots: FieldValue[]) => Record<string, FieldValue> {
  const body = `return {${keys.map((k, i) => `${JSON.stringify(k)}: s[${i}]`).join(', ')}};`;
  return new Function('s', body) as (slots: FieldValue[]) => Record<string, FieldValue>;
}

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
  const n = keys.length;
  const gradeSlot = keys.indexOf(GRADE_FIELD);
  const entityName = layout.entity;
  const file = source.file;
  const sheet = source.sheet;
  const sink: ReadSink = { problem: undefined, repairs: undefined };
  const slots: FieldValue[] = new Array<FieldValue>(n).fill(null);
  const makeValues = compileValuesFactory(keys);

  return (raw: RawRow): RecordRow => {
    const cells = raw.cells;
    let problems: Record<string, ValueProblem> | undefined;
    let repairs: Repair[] | undefined;
    let level: Level | undefined;
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      const cell = cells[indexes[i]!];
      if (cell === null || cell === undefined) {
        slots[i] = null;
        continue;
      }
      sink.problem = undefined;
      sink.repairs = undefined;
      const value = readers[i]!(cell, sink);
      slots[i] = value;
      // the reader filled the sink (TypeScript still sees the resets above)
      const problem = sink.problem as ValueProblem | undefined;
      const notes = sink.repairs as RepairNote[] | undefined;
      if (problem !== undefined) (problems ??= {})[key] = problem;
      if (notes !== undefined) {
        repairs ??= [];
        for (const r of notes) repairs.push({ field: key, kind: r.kind, from: r.from, to: r.to });
      }
      if (i === gradeSlot && problem === undefined) level = levelOfGrade(value);
    }
    return {
      entity: entityName,
      file,
      sheet,
      row: raw.row,
      level,
      values: makeValues(slots),
      problems: problems ?? NO_PROBLEMS,
      repairs: repairs ?? NO_REPAIRS,
      columns,
    };
  };
}
