/**
 * Reads one side of a reconciliation with the readers `validate` uses (xlsx, csv, tsv, folders;
 * header mapping and repairs), keeping only the person fields linkage needs. No rules run: the
 * officer validates separately; reconcile only needs the values and the positions.
 */
import { InputError } from '../errors.js';
import { discoverFiles } from '../io/discover.js';
import { openFile } from '../io/read.js';
import { createRowClassifier, detectLayout } from '../io/header-map.js';
import { createRecordBuilder } from '../io/records.js';
import type { RawRow } from '../io/types.js';
import type { RecordRow, FieldValue } from '../io/record.js';
import { loadSchemas, type LoadedSchemas } from '../schema/load.js';
import { readHead } from '../check/pipeline.js';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SourceTable, type Interner, type TableData } from './table.js';

export interface LoadOptions {
  sheet?: string | undefined;
  schemas?: LoadedSchemas;
}

const LINK_FIELDS = ['fullName', 'dateOfBirth', 'genderCode', 'personalId', 'studentId', 'staffId', 'schoolId', 'classId', 'fatherName', 'motherName', 'address', 'gradeCode'] as const;

function text(v: FieldValue | undefined): string | null {
  if (v === null || v === undefined) return null;
  return String(v);
}

export async function loadSide(label: string, path: string, interner: Interner, options: LoadOptions = {}): Promise<SourceTable> {
  const schemas = options.schemas ?? loadSchemas();
  const table = new SourceTable(label, interner);
  const files = discoverFiles([path]);
  for (const file of files) {
    const sources = await openFile(file, { sheet: options.sheet });
    for (const source of sources) {
      const iterator = source.rows[Symbol.asyncIterator]();
      const { head, pending, done } = await readHead(iterator);
      if (head.length === 0) continue;
      const layout = detectLayout(head, source.merges, schemas);
      if (!layout || (layout.entity !== 'student' && layout.entity !== 'teacher')) {
        await iterator.return?.();
        continue;
      }
      // Only the columns linkage reads are repaired and kept: a 40-column export costs as little as an 11-column one.
      const fieldColumns: Record<string, number> = {};
      for (const key of LINK_FIELDS) if (layout.fieldColumns[key] !== undefined) fieldColumns[key] = layout.fieldColumns[key]!;
      const narrow = { ...layout, fieldColumns };
      const tableIndex = table.tables.length;
      table.tables.push({ file: source.file, sheet: source.sheet, entity: layout.entity });
      const onData = (r: RecordRow): void => {
        const v = r.values;
        table.add({
          table: tableIndex,
          row: r.row,
          fullName: text(v.fullName),
          dateOfBirth: text(v.dateOfBirth),
          gender: text(v.genderCode),
          personalId: text(v.personalId),
          localId: text(v.studentId ?? v.staffId),
          schoolId: text(v.schoolId),
          classId: text(v.classId),
          fatherName: text(v.fatherName),
          motherName: text(v.motherName),
          address: text(v.address),
        });
      };
      // Rows are classified (data, footer, repeated header) on the full layout, as validate does.
      const classify = createRowClassifier(layout);
      const build = createRecordBuilder(narrow, schemas, { file: source.file, sheet: source.sheet });
      const consume = (rows: RawRow[]): void => {
        for (const row of rows) {
          if (row.row >= layout.dataStartRow && classify(row) === 'data') onData(build(row));
        }
      };
      consume(head);
      consume(pending);
      if (!done) {
        for (;;) {
          const next = await iterator.next();
          if (next.done) break;
          consume(next.value);
        }
      }
    }
  }
  if (table.tables.length === 0) {
    throw new InputError({ file: path }, 'no-table', {
      vi: 'không tìm thấy danh sách học sinh hoặc giáo viên nào để đối chiếu (cần cột Họ tên, Ngày sinh, Mã định danh…).',
      en: 'no list of students or teachers found to reconcile (needs columns such as full name, date of birth, personal ID).',
    });
  }
  return table;
}

/** Sides smaller than this are read one after the other: a worker costs more than it saves. */
const PARALLEL_BYTES = 16 * 1024 * 1024;

function sizeOf(path: string): number {
  try {
    const st = statSync(path);
    return st.isFile() ? st.size : 0;
  } catch {
    return 0;
  }
}

/** Both sides; a large right side is read in a worker thread at the same time as the left. */
export async function loadBoth(leftPath: string, rightPath: string, interner: Interner, options: LoadOptions = {}): Promise<[SourceTable, SourceTable]> {
  const workerFile = new URL('./load-worker.js', import.meta.url);
  if (sizeOf(rightPath) < PARALLEL_BYTES || !existsSync(fileURLToPath(workerFile))) {
    const left = await loadSide('left', leftPath, interner, options);
    return [left, await loadSide('right', rightPath, interner, options)];
  }
  const worker = new Worker(workerFile, { workerData: { label: 'right', path: rightPath, sheet: options.sheet } });
  const fromWorker = new Promise<TableData | undefined>((resolve) => {
    worker.once('message', (m: { ok: boolean; data?: TableData }) => resolve(m.ok ? m.data : undefined));
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
  try {
    const left = await loadSide('left', leftPath, interner, options);
    const data = await fromWorker;
    const right = data ? SourceTable.fromData(data, interner) : await loadSide('right', rightPath, interner, options);
    return [left, right];
  } finally {
    await worker.terminate();
  }
}
