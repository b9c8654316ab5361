/**
 * What the writers share: a cell value, a table layout (title rows, header, footer) and the
 * writer interface. Row numbers are the ones the user sees: Excel's row, or the text file's line.
 */
import type { Ymd } from './people.js';
import type { ResolvedColumn } from './columns.js';
import type { EntityName, TruthFile } from './truth.js';

/** string = text cell; number = numeric cell; Ymd = a real date cell (xlsx) / dd/mm/yyyy (text); null = empty. */
export type Cell = string | number | Ymd | null;

export type Format = 'xlsx' | 'csv' | 'csv-semicolon-bom' | 'tsv-utf16';
export type Layout = 'plain' | 'messy';

export interface TableSpec {
  /** Absolute path. */
  path: string;
  /** Path relative to outDir, used in the truth file. */
  name: string;
  entity: EntityName;
  format: Format;
  layout: Layout;
  schema: 'loaded' | 'fallback';
  columns: ResolvedColumn[];
  /** Messy layout: the title lines (Sở…, Trường…, Danh sách…). */
  titles: string[];
  /** Messy layout: footer date line and signers. */
  footer: { dateLine: string; leftRole: string; rightRole: string; leftName: string; rightName: string };
}

export interface TableWriter {
  readonly name: string;
  readonly sheet: string | undefined;
  /** Row number the next data row will get. */
  readonly nextRow: number;
  /** Writes one data row (without the STT column; the writer adds it in the messy layout). */
  write(cells: Cell[]): Promise<void> | undefined;
  close(): Promise<TruthFile>;
}

/** Word-wrap a header at the given word index ("Số định danh\ncá nhân"). */
export function breakHeader(text: string, at: number | undefined): string {
  if (at === undefined) return text;
  const words = text.split(' ');
  if (words.length <= at || at <= 0) return text;
  return `${words.slice(0, at).join(' ')}\n${words.slice(at).join(' ')}`;
}
