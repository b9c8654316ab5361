/**
 * One stored value → what the template's cell holds. IDs, codes and dates are text (Excel keeps
 * "012345678901" and never turns 05/03/2014 into a serial); code values are written as the code
 * list's label, which is what the portal matches against its catalog sheets (csdl-integration §1.3).
 */
import type { ColumnFormat } from '../schema/templates.js';
import type { LoadedCodeList } from '../schema/load.js';

export type TemplateCell = { kind: 'text'; text: string } | { kind: 'number'; value: number } | { kind: 'empty' };

const EMPTY: TemplateCell = { kind: 'empty' };
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** yyyy-mm-dd → dd/mm/yyyy; anything else (a partial date, text as written) unchanged. */
export function ddmmyyyy(value: string): string {
  const m = ISO_DATE.exec(value);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : value;
}

export function templateCell(format: Exclude<ColumnFormat, 'row-number'>, value: unknown, codeList?: LoadedCodeList): TemplateCell {
  if (value === undefined || value === null || value === '') return EMPTY;
  switch (format) {
    case 'id':
    case 'code':
    case 'text':
      return { kind: 'text', text: String(value) };
    case 'date':
      return { kind: 'text', text: ddmmyyyy(String(value)) };
    case 'label': {
      const code = String(value);
      return { kind: 'text', text: codeList?.byCode.get(code)?.label ?? code };
    }
    case 'number': {
      const n = typeof value === 'number' ? value : Number(String(value).replace(',', '.'));
      return Number.isFinite(n) ? { kind: 'number', value: n } : { kind: 'text', text: String(value) };
    }
    case 'x':
      return value === true ? { kind: 'text', text: 'x' } : EMPTY;
  }
}
