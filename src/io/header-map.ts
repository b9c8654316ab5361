/**
 * Finding the table in a sheet: which row (or pair of rows) is the header, which entity the
 * table holds, and which column is which field. Title rows, signature blocks and the like are not
 * listed anywhere: the header is the row (or row pair) whose cells map to the most fields of an
 * entity whose `signatures` it satisfies.
 *
 * Also here: the row classifier that tells data rows from blank rows, footers (signature blocks,
 * totals) and header rows repeated inside the data.
 */
import type { EntitySchema } from '../schema/format.js';
import type { LoadedEntity, LoadedSchemas } from '../schema/load.js';
import { foldKey } from '../schema/fold.js';
import { columnLetter, type CellValue, type MergeRange, type RawRow } from './types.js';

export interface ColumnMap {
  index: number;
  letter: string;
  label: string;
  /** group label of a two-row header */
  group?: string;
  field?: string;
}

export interface TableLayout {
  entity: EntitySchema['entity'];
  /** row numbers (1 or 2 rows) */
  headerRows: number[];
  /** first row number after the header */
  dataStartRow: number;
  /** every non-empty header column */
  columns: ColumnMap[];
  /** field key → 0-based column index */
  fieldColumns: Record<string, number>;
  /** header columns that map to no field (e.g. STT, Ghi chú) */
  unmapped: ColumnMap[];
  /** required fields of the entity with no column */
  missingRequired: string[];
  /** two columns mapping to one field (first wins) */
  duplicateFields: Array<{ field: string; letters: string[] }>;
}

export type RowKind = 'data' | 'blank' | 'footer' | 'repeated-header';

/** Header cells are short; anything longer is a title or a note, not a column label. */
const MAX_LABEL_CHARS = 200;
const TRAILING_NOTE = /\s*(?:\([^()]*\)|\[[^[\]]*\]|\*+)\s*$/;

/** Header text of a cell: NFC, whitespace (line breaks too) collapsed; '' when not a label. */
function labelText(cell: CellValue | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell !== 'string') return '';
  if (cell.length > MAX_LABEL_CHARS * 4) return '';
  const text = cell.normalize('NFC').replace(/[\s\u200B-\u200D\u2060\uFEFF]+/g, ' ').trim();
  return text.length > MAX_LABEL_CHARS ? '' : text;
}

/**
 * Folded keys to try for a label, most specific first: the whole text, then without trailing
 * notes in parentheses or required marks ("Ngày sinh (dd/mm/yyyy) (*)" → "Ngày sinh").
 */
function labelKeys(text: string): string[] {
  // Finding a header tries every row of the head against every entity (and as half of a two-row
  // header): the same cell is folded many times over, and folding (two normalisations) is most
  // of that time (≈ 25 of 40 ms on a 21-column head).
  let keys = labelKeyCache.get(text);
  if (keys === undefined) {
    if (labelKeyCache.size >= LABEL_KEY_CACHE) labelKeyCache.clear();
    labelKeyCache.set(text, (keys = foldLabel(text)));
  }
  return keys;
}

const LABEL_KEY_CACHE = 4096;
const labelKeyCache = new Map<string, string[]>();

function foldLabel(text: string): string[] {
  const keys: string[] = [];
  let current = text;
  for (let i = 0; i < 4; i++) {
    const key = foldKey(current);
    if (key.length > 0 && !keys.includes(key)) keys.push(key);
    const stripped = current.replace(TRAILING_NOTE, '');
    if (stripped === current || stripped.length === 0) break;
    current = stripped;
  }
  return keys;
}

function lookup(entity: LoadedEntity, text: string): string | undefined {
  for (const key of labelKeys(text)) {
    const field = entity.headerIndex.get(key);
    if (field !== undefined) return field;
  }
  return undefined;
}

/** A header column before mapping. */
interface RawColumn {
  index: number;
  label: string;
  group?: string;
}

/** "Thông tin cha" → ["thong tin cha", "tin cha", "cha"]: the group's distinguishing tail. */
function groupSuffixes(group: string): string[] {
  const out: string[] = [];
  for (const key of labelKeys(group)) {
    const words = key.split(' ');
    for (let k = 0; k < words.length; k++) {
      const suffix = words.slice(k).join(' ');
      if (!out.includes(suffix)) out.push(suffix);
    }
  }
  return out;
}

interface Mapped {
  columns: ColumnMap[];
  score: number;
}

function mapColumns(entity: LoadedEntity, raw: RawColumn[]): Mapped {
  const fields = new Array<string | undefined>(raw.length);
  const taken = new Set<string>();
  // pass 1: one-row columns (no group)
  raw.forEach((col, i) => {
    if (col.group !== undefined) return;
    const field = lookup(entity, col.label);
    fields[i] = field;
    if (field !== undefined) taken.add(field);
  });
  // pass 2: grouped columns: group+sub combinations, then the sub label alone if not taken
  raw.forEach((col, i) => {
    if (col.group === undefined) return;
    let field: string | undefined;
    const subKeys = col.label.length > 0 ? labelKeys(col.label) : [];
    outer: for (const g of groupSuffixes(col.group)) {
      for (const sub of subKeys) {
        field = entity.headerIndex.get(`${g} ${sub}`) ?? entity.headerIndex.get(`${sub} ${g}`);
        if (field !== undefined) break outer;
      }
    }
    if (field === undefined && subKeys.length > 0) {
      const alone = lookup(entity, col.label);
      if (alone !== undefined && !taken.has(alone)) field = alone;
    }
    if (field === undefined && subKeys.length === 0) field = lookup(entity, col.group);
    fields[i] = field;
  });
  const columns: ColumnMap[] = [];
  const distinct = new Set<string>();
  raw.forEach((col, i) => {
    const map: ColumnMap = { index: col.index, letter: columnLetter(col.index), label: col.label.length > 0 ? col.label : (col.group ?? '') };
    if (col.group !== undefined && col.label.length > 0) map.group = col.group;
    const field = fields[i];
    if (field !== undefined) {
      map.field = field;
      distinct.add(field);
    }
    columns.push(map);
  });
  return { columns, score: distinct.size };
}

function satisfiesSignature(entity: LoadedEntity, columns: ColumnMap[]): boolean {
  const present = new Set<string>();
  for (const c of columns) if (c.field !== undefined) present.add(c.field);
  return entity.schema.signatures.some((group) => group.every((f) => present.has(f)));
}

/** Merged ranges indexed by cell, limited to the rows of `head` and its columns. */
class MergeIndex {
  private readonly byCell = new Map<number, MergeRange>();
  private readonly rowsWithMerges = new Set<number>();

  constructor(merges: MergeRange[], firstRow: number, lastRow: number, width: number) {
    for (const m of merges) {
      if (m.bottom < firstRow || m.top > lastRow || m.left >= width) continue;
      if (m.top === m.bottom && m.left === m.right) continue;
      const top = Math.max(m.top, firstRow);
      const bottom = Math.min(m.bottom, lastRow);
      const right = Math.min(m.right, width - 1);
      for (let r = top; r <= bottom; r++) {
        this.rowsWithMerges.add(r);
        for (let c = Math.max(0, m.left); c <= right; c++) this.byCell.set(r * 65_536 + c, m);
      }
    }
  }

  at(row: number, col: number): MergeRange | undefined {
    return this.byCell.get(row * 65_536 + col);
  }

  hasRow(row: number): boolean {
    return this.rowsWithMerges.has(row);
  }
}

/** Columns of a one-row header. */
function singleRowColumns(texts: string[]): RawColumn[] {
  const out: RawColumn[] = [];
  texts.forEach((label, index) => {
    if (label.length > 0) out.push({ index, label });
  });
  return out;
}

/**
 * Columns of a two-row header: `top` holds group labels (merged across their sub-columns) and
 * labels merged down over both rows; `sub` holds the sub-labels. Without merge information (csv),
 * a group label spreads right over columns whose top cell is empty.
 */
function twoRowColumns(top: string[], sub: string[], topRow: number, merges: MergeIndex): RawColumn[] {
  const out: RawColumn[] = [];
  const width = Math.max(top.length, sub.length);
  const inferred = !merges.hasRow(topRow);
  let openGroup: string | undefined;
  for (let c = 0; c < width; c++) {
    const t = top[c] ?? '';
    const s = sub[c] ?? '';
    const m = merges.at(topRow, c);
    if (m !== undefined) {
      openGroup = undefined;
      if (m.top !== topRow) {
        // merged from a row above (a title): no label in the top row here
        if (s.length > 0) out.push({ index: c, label: s });
        continue;
      }
      const origin = top[m.left] ?? '';
      if (m.bottom > topRow) {
        // merged down over the sub row: a one-row column (its label in the leftmost column only)
        if (c === m.left && origin.length > 0) out.push({ index: c, label: origin });
        else if (s.length > 0) out.push({ index: c, label: s });
      } else if (origin.length > 0) {
        out.push({ index: c, label: s, group: origin });
      } else if (s.length > 0) {
        out.push({ index: c, label: s });
      }
      continue;
    }
    if (t.length > 0 && s.length > 0) {
      out.push({ index: c, label: s, group: t });
      openGroup = inferred ? t : undefined;
    } else if (t.length > 0) {
      out.push({ index: c, label: t });
      openGroup = undefined;
    } else if (s.length > 0) {
      if (openGroup !== undefined) out.push({ index: c, label: s, group: openGroup });
      else out.push({ index: c, label: s });
    } else {
      openGroup = undefined;
    }
  }
  return out;
}

interface Candidate {
  entity: LoadedEntity;
  headerRows: number[];
  mapped: Mapped;
}

function better(a: Candidate, b: Candidate | undefined, preferred: EntitySchema['entity'] | undefined): boolean {
  if (b === undefined) return true;
  if (a.mapped.score !== b.mapped.score) return a.mapped.score > b.mapped.score;
  if (a.entity !== b.entity) {
    if (preferred !== undefined && (a.entity.schema.entity === preferred) !== (b.entity.schema.entity === preferred)) {
      return a.entity.schema.entity === preferred;
    }
    // the larger share of the entity's fields wins (a teacher file is not a student file with gaps)
    const shareA = a.mapped.score / a.entity.schema.fields.length;
    const shareB = b.mapped.score / b.entity.schema.fields.length;
    if (shareA !== shareB) return shareA > shareB;
  }
  // fewer header rows, then the earlier header
  if (a.headerRows.length !== b.headerRows.length) return a.headerRows.length < b.headerRows.length;
  return false;
}

export function detectLayout(
  head: RawRow[],
  merges: MergeRange[],
  schemas: LoadedSchemas,
  options?: { entity?: EntitySchema['entity'] },
): TableLayout | null {
  if (head.length === 0) return null;
  const texts = head.map((r) => r.cells.map(labelText));
  const width = texts.reduce((w, t) => Math.max(w, t.length), 0);
  const mergeIndex = new MergeIndex(merges, head[0]!.row, head[head.length - 1]!.row, width);
  const entities = [...schemas.entities.values()].filter(
    (e) => options?.entity === undefined || e.schema.entity === options.entity,
  );

  let best: Candidate | undefined;
  for (let i = 0; i < head.length; i++) {
    const row = head[i]!;
    const rowTexts = texts[i]!;
    if (!rowTexts.some((t) => t.length > 0)) continue;
    const layouts: Array<{ rows: number[]; raw: RawColumn[] }> = [{ rows: [row.row], raw: singleRowColumns(rowTexts) }];
    const next = head[i + 1];
    if (next !== undefined && next.row === row.row + 1) {
      layouts.push({ rows: [row.row, next.row], raw: twoRowColumns(rowTexts, texts[i + 1]!, row.row, mergeIndex) });
    }
    for (const entity of entities) {
      for (const layout of layouts) {
        const mapped = mapColumns(entity, layout.raw);
        if (mapped.score === 0 || !satisfiesSignature(entity, mapped.columns)) continue;
        const candidate: Candidate = { entity, headerRows: layout.rows, mapped };
        if (better(candidate, best, options?.entity)) best = candidate;
      }
    }
  }
  if (best === undefined) return null;
  return buildLayout(best, merges);
}

/**
 * A one-row header whose cells are merged down over the next row (a "two-row" header without
 * group cells, as the portal's templates draw it) is a two-row header: the row below holds no data,
 * and the user sees the header on both rows.
 */
function headerBottom(row: number, columns: ColumnMap[], merges: MergeRange[]): number {
  const indexes = new Set(columns.map((c) => c.index));
  for (const m of merges) if (m.top === row && m.bottom === row + 1 && indexes.has(m.left)) return row + 1;
  return row;
}

function buildLayout(c: Candidate, merges: MergeRange[]): TableLayout {
  const fieldColumns: Record<string, number> = {};
  const letters = new Map<string, string[]>();
  const unmapped: ColumnMap[] = [];
  for (const col of c.mapped.columns) {
    if (col.field === undefined) {
      unmapped.push(col);
      continue;
    }
    const seen = letters.get(col.field);
    if (seen === undefined) {
      fieldColumns[col.field] = col.index;
      letters.set(col.field, [col.letter]);
    } else {
      seen.push(col.letter);
    }
  }
  const duplicateFields: TableLayout['duplicateFields'] = [];
  for (const [field, ls] of letters) if (ls.length > 1) duplicateFields.push({ field, letters: ls });
  const missingRequired = c.entity.schema.fields.filter((f) => f.required && !(f.key in fieldColumns)).map((f) => f.key);
  const first = c.headerRows[0]!;
  const headerRows = c.headerRows.length === 1 && headerBottom(first, c.mapped.columns, merges) > first ? [first, first + 1] : c.headerRows;
  return {
    entity: c.entity.schema.entity,
    headerRows,
    dataStartRow: headerRows[headerRows.length - 1]! + 1,
    columns: c.mapped.columns,
    fieldColumns,
    unmapped,
    missingRequired,
    duplicateFields,
  };
}

// ---------------------------------------------------------------------------------------------
// Row classifier

/** Markers that end the table wherever they appear at the start of a cell (folded). */
const STRONG_FOOTER = /^(?:nguoi lap (?:bieu|bang)|tong cong|tong so|ky ghi ro ho ten|ky va ghi ro ho ten)\b/;
/** Place and date line of a signature block: "Hà Nội, ngày 15 tháng 9 năm 2025". */
const DATE_LINE = /^(?:[a-z ]{0,60} )?ngay(?: \d{1,2})? thang(?: \d{1,2})? nam(?: \d{1,4})?$/;
/** Titles of signers: a footer when the row holds nothing but such cells. */
const SIGNER = /^(?:(?:kt|tm|q|p|pho|tl|tuq) )*(?:hieu truong|pho hieu truong|thu truong don vi|giao vien chu nhiem|ban giam hieu|nguoi lap|nguoi kiem tra|ke toan|xac nhan(?: .*)?|ky ten|ky ghi ro ho ten|ky va ghi ro ho ten|ky dong dau)$/;
/** Totals in a dense row: checked on the first text cells of every row, cheaply (anchored). */
const TOTAL_PREFIX = /^\s*t[ổo]ng\s+(?:c[ộo]ng|s[ốo])(?!\p{L})/iu;

// Cheap guards for the patterns that every row meets (about 4 regex runs per data row cost
// ≈ 0.3 s on 1 M rows): each returns true whenever the pattern could match.

/** Whether TOTAL_PREFIX could match: the first character is t/T, or may be whitespace (\s). */
function mayStartTotal(cell: string): boolean {
  const c = cell.charCodeAt(0);
  if (c === 0x54 || c === 0x74) return true;
  return !((c > 0x20 && c < 0x7f) || (c > 0xa0 && c < 0x1680));
}

/** /^\s*\(?\d/ */
function startsWithNumber(cell: string): boolean {
  const c = cell.charCodeAt(0);
  if (c >= 48 && c <= 57) return true;
  if ((c > 0x20 && c < 0x7f && c !== 0x28) || (c > 0xa0 && c < 0x1680)) return false;
  return /^\s*\(?\d/.test(cell);
}

/** Four digits first: no column number ("1", "(12)") — the case of every ID in a data row. */
function startsWithFourDigits(cell: string): boolean {
  if (cell.length < 4) return false;
  for (let i = 0; i < 4; i++) {
    const c = cell.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const foldedChars = new Map<number, string>();
/** Folded form of the first character of `text` ('' for none), cached per code unit. */
function foldFirstChar(text: string): string {
  const code = text.charCodeAt(0);
  let folded = foldedChars.get(code);
  if (folded === undefined) {
    folded = foldKey(String.fromCharCode(code)).charAt(0);
    if (foldedChars.size < 4096) foldedChars.set(code, folded);
  }
  return folded;
}

function isBlankCell(cell: CellValue | undefined): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell !== 'string') return false;
  if (cell.length === 0) return true;
  const c0 = cell.charCodeAt(0);
  if (c0 > 0x20 && c0 !== 0xa0 && c0 < 0x2000) return false;
  return cell.trim().replace(/[\u200B-\u200D\u2060]/g, '').length === 0;
}

function isRowNumberOnly(cells: CellValue[], firstColumn: number): boolean {
  const cell = cells[firstColumn];
  return typeof cell === 'number' || (typeof cell === 'string' && /^\s*\d{1,6}\s*$/.test(cell));
}

function cellKey(cell: CellValue | undefined): string {
  return typeof cell === 'string' ? foldKey(cell) : '';
}

function isFooterText(key: string): 'strong' | 'signer' | null {
  if (key.length === 0) return null;
  if (STRONG_FOOTER.test(key)) return 'strong';
  if (key.length <= 80 && DATE_LINE.test(key)) return 'strong';
  if (key.length <= 60 && SIGNER.test(key)) return 'signer';
  if (key.startsWith('ky ') && key.includes('ho ten')) return 'strong';
  return null;
}

/**
 * Classifies the rows that follow the header. Stateful: once a footer is seen, every later row is
 * a footer (the signers' names below a signature block must not become records).
 *
 * - blank: no cell has content, or only columns that map to no field do (a pre-numbered STT
 *   column with nothing else in the row);
 * - footer: a signature block, a place-and-date line, "Tổng cộng"/"Tổng số" rows;
 * - repeated-header: a row whose cells repeat the header labels, or the column-number row
 *   ("1, 2, 3…" / "(1), (2)…") that templates print under the header;
 * - data: anything else.
 */
export function createRowClassifier(layout: TableLayout): (row: RawRow) => RowKind {
  const mapped = new Uint8Array(layout.columns.reduce((w, c) => Math.max(w, c.index + 1), 0));
  const headerKeys = new Map<number, Set<string>>();
  for (const col of layout.columns) {
    if (col.field !== undefined) mapped[col.index] = 1;
    const keys = new Set<string>();
    for (const text of [col.label, col.group]) {
      if (text === undefined) continue;
      for (const k of labelKeys(text)) keys.add(k);
    }
    headerKeys.set(col.index, keys);
  }
  const fieldIndexes = Object.values(layout.fieldColumns).sort((a, b) => a - b);
  const probe = fieldIndexes[0];
  const probeFirstChars = new Set<string>();
  if (probe !== undefined) {
    for (const k of headerKeys.get(probe) ?? []) probeFirstChars.add(k.charAt(0));
  }
  const firstColumn = layout.columns.reduce((m, c) => Math.min(m, c.index), Number.MAX_SAFE_INTEGER);
  let footerSeen = false;

  const isNumberingRow = (cells: CellValue[]): boolean => {
    let expected = -1;
    let count = 0;
    for (const cell of cells) {
      if (isBlankCell(cell)) continue;
      let n: number;
      if (typeof cell === 'number') n = cell;
      else if (typeof cell === 'string' && !startsWithFourDigits(cell) && /^\s*\(?\d{1,3}\)?\s*$/.test(cell)) n = Number(cell.replace(/[^\d]/g, ''));
      else return false;
      if (expected !== -1 && n !== expected) return false;
      expected = n + 1;
      count++;
    }
    return count >= 3;
  };

  const isRepeatedHeader = (cells: CellValue[]): boolean => {
    let nonEmpty = 0;
    let matches = 0;
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c];
      if (isBlankCell(cell)) continue;
      nonEmpty++;
      const keys = headerKeys.get(c);
      if (keys === undefined || typeof cell !== 'string') continue;
      // per data row: not through the head's cache (data cells rarely repeat)
      for (const k of foldLabel(cell)) {
        if (keys.has(k)) {
          matches++;
          break;
        }
      }
    }
    return matches >= 2 && matches * 2 >= nonEmpty;
  };

  return (row: RawRow): RowKind => {
    if (footerSeen) return 'footer';
    const cells = row.cells;
    let nonEmpty = 0;
    let mappedNonEmpty = 0;
    let textCellsChecked = 0;
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c];
      if (isBlankCell(cell)) continue;
      nonEmpty++;
      if (mapped[c] === 1) mappedNonEmpty++;
      // totals rows can be dense: test the first two text cells with an anchored pattern
      if (typeof cell === 'string' && textCellsChecked < 2) {
        textCellsChecked++;
        if (mayStartTotal(cell) && TOTAL_PREFIX.test(cell)) {
          footerSeen = true;
          return 'footer';
        }
      }
      // Nothing below depends on the rest of the row once it is known to be dense (> 4 cells),
      // to touch a field and to have had its two text cells checked: an ordinary data row stops
      // after about five cells instead of walking all of them.
      if (nonEmpty > 4 && mappedNonEmpty > 0 && textCellsChecked >= 2) break;
    }
    if (nonEmpty === 0) return 'blank';
    // sparse rows: signature blocks, dates, notes
    if (nonEmpty <= 4) {
      let signers = 0;
      for (const cell of cells) {
        if (typeof cell !== 'string' || isBlankCell(cell)) continue;
        const kind = isFooterText(cellKey(cell));
        if (kind === 'strong') {
          footerSeen = true;
          return 'footer';
        }
        if (kind === 'signer') signers++;
      }
      if (signers > 0 && signers === nonEmpty) {
        footerSeen = true;
        return 'footer';
      }
    }
    if (mappedNonEmpty === 0) return 'blank';
    // a pre-numbered template row: nothing but its number in the first column
    if (nonEmpty === 1 && isRowNumberOnly(cells, firstColumn)) return 'blank';
    if (probe !== undefined) {
      // one cheap look at the first field column decides whether the full comparison is worth it
      const cell = cells[probe];
      if (typeof cell === 'number' || (typeof cell === 'string' && startsWithNumber(cell))) {
        if (isNumberingRow(cells)) return 'repeated-header';
      } else if (isBlankCell(cell)) {
        if (isRepeatedHeader(cells)) return 'repeated-header';
      } else if (typeof cell === 'string' && cell.length <= MAX_LABEL_CHARS) {
        const lead = cell.trimStart();
        if (probeFirstChars.has(foldFirstChar(lead)) && isRepeatedHeader(cells)) return 'repeated-header';
      }
    }
    return 'data';
  };
}
