/**
 * Writes one file of a template: the data sheet (header row as the template prints it, one row per
 * record) and a "Trường dữ liệu - Fields" sheet saying which fields the file carries and why the
 * others were withheld, so the file states its own contents wherever it travels. Withheld columns
 * keep their header and stay empty: the portal recognises the layout by its headers.
 */
import {
  fitWidth,
  frozenView,
  numberCell,
  openXlsxWriter,
  setColumnWidths,
  styleHeaderRow,
  textCell,
  writeValues,
} from '../io/write-xlsx.js';
import type { LoadedSchemas } from '../schema/load.js';
import type { Template } from '../schema/templates.js';
import type { FieldStatement } from '../privacy/fields.js';
import { templateCell } from './cells.js';

export const FIELDS_SHEET = 'Trường dữ liệu - Fields';

export interface TemplateFileInput {
  path: string;
  template: Template;
  schemas: LoadedSchemas;
  /** Fields whose values this file carries. */
  carried: ReadonlySet<string>;
  statements: readonly FieldStatement[];
  records: ReadonlyArray<Record<string, unknown>>;
}

export async function writeTemplateFile(input: TemplateFileInput): Promise<void> {
  const { template, schemas } = input;
  const entity = schemas.entities.get(template.entity)!;
  const writer = openXlsxWriter(input.path, { atomic: true });
  try {
    const wb = writer.workbook;
    const sheet = wb.addWorksheet(template.sheet, frozenView(1));
    setColumnWidths(sheet, template.columns.map((c) => fitWidth([...c.header.split('\n'), 'dd/mm/yyyy'], 6, 40)));
    const head = writeValues(sheet, 1, template.columns.map((c) => c.header));
    styleHeaderRow(head, 1, template.columns.length);
    head.commit();
    const columns = template.columns.map((c) => ({
      column: c,
      codeList: c.field === undefined ? undefined : schemas.codeLists.get(entity.fieldsByKey.get(c.field)?.codeList ?? ''),
      carried: c.field !== undefined && input.carried.has(c.field),
    }));
    input.records.forEach((values, i) => {
      const row = sheet.getRow(i + 2);
      columns.forEach(({ column, codeList, carried }, c) => {
        const cell = row.getCell(c + 1);
        if (column.format === 'row-number') return numberCell(cell, i + 1);
        if (!carried) return;
        const out = templateCell(column.format, values[column.field!], codeList);
        if (out.kind === 'text') textCell(cell, out.text);
        else if (out.kind === 'number') numberCell(cell, out.value);
      });
      row.commit();
    });
    sheet.commit();
    writeFieldsSheet(wb.addWorksheet(FIELDS_SHEET, frozenView(1)), template, input.statements);
    await writer.commit();
  } catch (error) {
    writer.abort(error);
    throw error;
  }
}

function writeFieldsSheet(ws: ReturnType<ReturnType<typeof openXlsxWriter>['workbook']['addWorksheet']>, template: Template, statements: readonly FieldStatement[]): void {
  const header = ['Cột / Column', 'Trường / Field', 'Nhãn / Label', 'Nhạy cảm / Sensitive', 'Có trong tệp / Carried', 'Lý do / Reason'];
  setColumnWidths(ws, [30, 26, 30, 12, 12, 80]);
  const head = writeValues(ws, 1, header);
  styleHeaderRow(head, 1, header.length);
  head.commit();
  const byField = new Map(statements.map((s) => [s.field, s] as const));
  let r = 2;
  for (const c of template.columns) {
    if (c.field === undefined) continue;
    const s = byField.get(c.field);
    if (s === undefined) continue;
    const row = writeValues(
      ws,
      r++,
      [
        c.header.replace(/\n/g, ' '),
        s.field,
        `${s.label} / ${s.labelEn}`,
        s.sensitive ? 'có / yes' : 'không / no',
        s.carried ? 'có / yes' : 'không / no',
        s.reasonText ? `${s.reasonText.vi} / ${s.reasonText.en}` : '',
      ],
      ['text', 'text', 'text', 'text', 'text', 'text'],
    );
    row.commit();
  }
  ws.commit();
}
