/**
 * Reads one side of a reconciliation with the readers `validate` uses (xlsx, csv, tsv, folders;
 * header mapping and repairs), keeping only the person fields linkage needs. No rules run: the
 * officer validates separately; reconcile only needs the values and the positions.
 */
import { InputError } from '../errors.js';
import { discoverFiles } from '../io/discover.js';
import { openFile } from '../io/read.js';
import { detectLayout } from '../io/header-map.js';
import type { RecordRow, FieldValue } from '../io/record.js';
import { loadSchemas, type LoadedSchemas } from '../schema/load.js';
import { createTableConsumer, readHead } from '../check/pipeline.js';
import { SourceTable, type Interner } from './table.js';

export interface LoadOptions {
  sheet?: string | undefined;
  schemas?: LoadedSchemas;
}

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
      const tableIndex = table.tables.length;
      table.tables.push({ file: source.file, sheet: source.sheet });
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
      const { consume } = createTableConsumer(source, layout, schemas, onData, () => undefined);
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
