/**
 * validate = read → map headers → repair → check, over every table of every file, streaming.
 * Only the first rows of a table are buffered (to find its header); records flow one batch at a
 * time through the rule engine, so memory stays flat however long the file is.
 */
import type { EntitySchema } from '../schema/format.js';
import { defaultSchemasDir, loadSchemas, selectRuleSet, type LoadedSchemas } from '../schema/load.js';
import { InputError } from '../errors.js';
import { discoverFiles } from '../io/discover.js';
import { openFile } from '../io/read.js';
import { detectLayout, createRowClassifier, type TableLayout } from '../io/header-map.js';
import { createRecordBuilder, recordColumns } from '../io/records.js';
import { checkTextInParts, planParts, type PartsPlan } from './parallel.js';
import type { RawRow, SheetSource } from '../io/types.js';
import type { RecordRow } from '../io/record.js';
import { todayIso } from '../rules/utils/values.js';
import { createEngine, type Engine } from './engine.js';
import type { GroupCount } from './group-count.js';
import { structuralCode } from './catalogue.js';
import type { Finding } from './finding.js';
import { matchAck, type AckIndex } from './acknowledged.js';
import type { TableReport, UnreadableFile, ValidationReport } from './report.js';

/** Rows looked at to find a header (title rows, a two-row header, blank rows). */
const HEAD_ROWS = 40;

export interface ValidateProgress {
  file: string;
  fileIndex: number;
  fileCount: number;
  sheet?: string | undefined;
  records: number;
}

export interface ValidateOptions {
  schemas?: LoadedSchemas;
  /** School year of the rule set (2025-2026) or a date inside it; default: the year containing `today`. */
  ruleSet?: string;
  sheet?: string;
  entity?: EntitySchema['entity'];
  /** Today as yyyy-mm-dd (for "in the future" checks); injectable for repeatable tests. */
  today?: string;
  /** Keep at most this many findings in the report (counts stay exact). */
  maxFindings?: number;
  onProgress?: (progress: ValidateProgress) => void;
  /**
   * Called with every record after the rules saw it (validate's error workbook notes its columns),
   * or, with `onRecordEntities`, with the records of those entities only (import keeps its classes,
   * school lists and results). A table whose records it is called with is checked on this thread.
   */
  onRecord?: (record: RecordRow) => void;
  onRecordEntities?: ReadonlySet<string> | undefined;
  /** Rows per group (import: person rows per school), counted on both threads of a split table. */
  count?: GroupCount | undefined;
  /** The two-thread plan, made ahead by the caller (check/parallel.ts planPartsFor); stopped here. */
  plan?: PartsPlan | undefined;
  /**
   * The store's active acknowledgements (store/acknowledgements.ts loadAcknowledgementIndex): a
   * warning matching one gets `acknowledged` and is counted in `stats.acknowledged`. Matched when the
   * report is built, on this thread, after every part's findings are back.
   */
  acknowledgements?: AckIndex | undefined;
}


export async function validateFiles(paths: string[], options: ValidateOptions = {}): Promise<ValidationReport> {
  // The two-thread plan comes first: its worker starts (if a file may be split) while this thread
  // loads the schemas and reads the head. A folder that cannot be listed is reported as before,
  // after the schemas are loaded.
  let files: string[] = [];
  let notFound: unknown;
  try {
    files = discoverFiles(paths);
  } catch (error) {
    notFound = error;
  }
  const plan = options.plan ?? planParts(mayUseWorker(options) ? files : []);
  try {
    return await validateDiscovered(files, notFound, plan, options);
  } finally {
    await plan.stop();
  }
}

/**
 * Whether a table may be checked in two parts at all: the worker loads the shipped schemas itself,
 * and a callback cannot cross threads (one for every record keeps the table on this thread).
 */
function mayUseWorker(options: ValidateOptions): boolean {
  if (options.schemas !== undefined && options.schemas.dir !== defaultSchemasDir()) return false;
  return options.onRecord === undefined || options.onRecordEntities !== undefined;
}

async function validateDiscovered(files: string[], notFound: unknown, plan: PartsPlan, options: ValidateOptions): Promise<ValidationReport> {
  const schemas = options.schemas ?? loadSchemas();
  const today = options.today ?? todayIso();
  const ruleSet = selectRuleSet(schemas, options.ruleSet ?? today);
  const engine = createEngine({ schemas, ruleSet, today });
  if (notFound !== undefined) throw notFound;
  const tables: TableReport[] = [];
  const unreadable: UnreadableFile[] = [];
  let records = 0;

  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    try {
      const sources = await openFile(file, { sheet: options.sheet });
      const fileTables: TableReport[] = [];
      for (const source of sources) {
        const table = await validateTable(source, schemas, engine, options, plan, (n) =>
          options.onProgress?.({ file, fileIndex: i, fileCount: files.length, sheet: source.sheet, records: n }),
        );
        records += table.records;
        fileTables.push(table);
      }
      tables.push(...fileTables);
      // A file in which no sheet holds a table we recognise is the wrong file or an empty one:
      // say so as unreadable (exit 4) rather than report it as valid with zero records.
      if (!fileTables.some((t) => t.entity !== undefined)) throw noTableError(file, fileTables);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      // One unreadable file must not hide the findings of the other 299: record it and go on.
      unreadable.push({
        file: error.position.file,
        sheet: error.position.sheet,
        row: error.position.row,
        reason: error.reason,
        message: error.text,
      });
    }
  }

  const findings = engine.finish();
  return buildReport(ruleSet.schoolYear, files.length, records, tables, unreadable, findings, options.maxFindings, options.acknowledgements);
}

/** The first HEAD_ROWS rows of a table (to find its header) and any rows read past them. */
export async function readHead(iterator: AsyncIterator<RawRow[]>): Promise<{ head: RawRow[]; pending: RawRow[]; done: boolean }> {
  const head: RawRow[] = [];
  const pending: RawRow[] = [];
  let done = false;
  while (head.length < HEAD_ROWS) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    for (const row of next.value) {
      if (head.length < HEAD_ROWS) head.push(row);
      else pending.push(row);
    }
  }
  return { head, pending, done };
}

/**
 * Rows → records → engine, for one table (or one part of it: check/parallel.ts). `footer()` tells
 * whether a footer row was seen: every row after it is a footer too (createRowClassifier).
 */
export function createTableConsumer(
  source: Pick<SheetSource, 'file' | 'sheet'>,
  layout: TableLayout,
  schemas: LoadedSchemas,
  onData: (record: RecordRow) => void,
  onStructural: (finding: Finding) => void,
): { consume: (rows: RawRow[]) => number; footer: () => boolean } {
  const classify = createRowClassifier(layout);
  const build = createRecordBuilder(layout, schemas, { file: source.file, sheet: source.sheet });
  let footer = false;
  return {
    consume(rows) {
      let n = 0;
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        // A batch is one read of the file (≈ 2,300 rows); a row done with is let go at once, so a
        // collection during the batch copies only the rows still to come (and their text).
        // Callers hand their batches over and do not read them again.
        (rows as (RawRow | undefined)[])[i] = undefined;
        if (row.row < layout.dataStartRow) continue;
        const kind = classify(row);
        if (kind === 'data') {
          onData(build(row));
          n++;
        } else if (kind === 'repeated-header') {
          onStructural({ ...tableFinding(source, 'repeated-header', {}), row: row.row });
        } else if (kind === 'footer') footer = true;
      }
      return n;
    },
    footer: () => footer,
  };
}

async function validateTable(
  source: SheetSource,
  schemas: LoadedSchemas,
  engine: Engine,
  options: ValidateOptions,
  plan: PartsPlan,
  progress: (records: number) => void,
): Promise<TableReport> {
  const table: TableReport = { file: source.file, sheet: source.sheet, records: 0, errors: 0, warnings: 0, infos: 0 };
  const iterator = source.rows[Symbol.asyncIterator]();
  const { head, pending, done } = await readHead(iterator);

  if (head.length === 0) {
    table.skipped = 'empty';
    return table;
  }
  const layout = detectLayout(head, source.merges, schemas, options.entity ? { entity: options.entity } : undefined);
  if (!layout) {
    table.skipped = 'no-header';
    engine.add(tableFinding(source, 'no-header', {}));
    return table;
  }
  table.entity = layout.entity;
  table.headerRows = layout.headerRows;
  reportLayout(source, layout, engine);

  const onRecord = options.onRecord !== undefined && (options.onRecordEntities?.has(layout.entity) ?? true) ? options.onRecord : undefined;
  const { count } = options;
  const { consume, footer } = createTableConsumer(
    source,
    layout,
    schemas,
    recordSink(engine, onRecord, count),
    (finding) => engine.add(finding),
  );

  // A large csv/tsv: this thread checks the first part of the file, a worker the rest (parallel.ts).
  // The head's reader is closed: the first part is read again from the start.
  if (!done && source.text !== undefined && onRecord === undefined && mayUseWorker(options) && engine.splittable && plan.wanted(source.text)) {
    await iterator.return?.();
    const parts = await checkTextInParts({
      source,
      info: source.text,
      started: plan.take(),
      layout,
      schemas,
      engine,
      worker: { ruleSet: options.ruleSet, today: options.today ?? todayIso(), count: count?.spec },
      count,
      columns: recordColumns(layout, schemas),
      consumeFirstPart: async (rows) => {
        for await (const batch of rows) {
          table.records += consume(batch);
          progress(table.records);
        }
        return footer();
      },
      progress: (workerRecords) => progress(table.records + workerRecords),
    });
    table.records += parts.records;
    return table;
  }

  table.records += consume(head);
  table.records += consume(pending);
  progress(table.records);
  if (done) return table;
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    table.records += consume(next.value);
    progress(table.records);
  }
  return table;
}

/**
 * Where each checked record goes: the rules, then the caller's callback and row count if any (the
 * two-thread worker's part too). One closure per case: it runs once per record of a million.
 */
export function recordSink(engine: Engine, onRecord: ((record: RecordRow) => void) | undefined, count: GroupCount | undefined): (record: RecordRow) => void {
  if (onRecord !== undefined && count !== undefined) {
    return (record) => {
      engine.record(record);
      count.add(record);
      onRecord(record);
    };
  }
  if (onRecord !== undefined) {
    return (record) => {
      engine.record(record);
      onRecord(record);
    };
  }
  if (count !== undefined) {
    return (record) => {
      engine.record(record);
      count.add(record);
    };
  }
  return (record) => engine.record(record);
}

/**
 * The records of every table, as `validateFiles` builds them, without the rules: import's second
 * pass (store/import.ts) reads the files again one school at a time rather than keep a million
 * records from the validating pass. Files that could not be read are left out (the validating pass
 * reported them), as are tables without a header.
 */
export async function readRecords(
  paths: string[],
  options: Pick<ValidateOptions, 'schemas' | 'sheet' | 'entity'>,
  onRecord: (record: RecordRow) => void,
): Promise<void> {
  const schemas = options.schemas ?? loadSchemas();
  // The caller's own errors go through; only a file that cannot be read is passed over.
  let thrown: unknown;
  const emit = (record: RecordRow): void => {
    try {
      onRecord(record);
    } catch (error) {
      thrown = error;
      throw error;
    }
  };
  for (const file of discoverFiles(paths)) {
    try {
      for (const source of await openFile(file, { sheet: options.sheet })) {
        const iterator = source.rows[Symbol.asyncIterator]();
        const { head, pending, done } = await readHead(iterator);
        if (head.length === 0) continue;
        const layout = detectLayout(head, source.merges, schemas, options.entity ? { entity: options.entity } : undefined);
        if (!layout) {
          await iterator.return?.();
          continue;
        }
        const { consume } = createTableConsumer(source, layout, schemas, emit, () => undefined);
        consume(head);
        consume(pending);
        if (done) continue;
        for (;;) {
          const next = await iterator.next();
          if (next.done) break;
          consume(next.value);
        }
      }
    } catch (error) {
      if (error === thrown || !(error instanceof InputError)) throw error;
    }
  }
}

function noTableError(file: string, tables: TableReport[]): InputError {
  if (tables.every((t) => t.skipped === 'empty')) {
    return new InputError({ file }, 'empty', {
      vi: 'tệp không có dữ liệu (mọi trang tính đều trống).',
      en: 'the file holds no data (every sheet is empty).',
    });
  }
  return new InputError({ file }, 'no-table', {
    vi: 'không tìm thấy bảng dữ liệu nào: không có dòng tiêu đề khớp danh sách học sinh, giáo viên, lớp, trường hay kết quả học tập (chọn nhầm tệp? dùng --entity nếu cần).',
    en: 'no data table found: no header row matches a list of students, teachers, classes, schools or results (wrong file? use --entity if needed).',
  });
}

export function tableFinding(source: Pick<SheetSource, 'file' | 'sheet'>, kind: Parameters<typeof structuralCode>[0], data: Record<string, string | number>): Finding {
  const { code, severity, messageId } = structuralCode(kind);
  return { code, severity, messageId, file: source.file, sheet: source.sheet, data };
}

function reportLayout(source: SheetSource, layout: TableLayout, engine: Engine): void {
  const headerRow = layout.headerRows[layout.headerRows.length - 1];
  for (const field of layout.missingRequired) {
    engine.add({ ...tableFinding(source, 'missing-required-column', { field }), row: headerRow, field });
  }
  for (const column of layout.unmapped) {
    engine.add({ ...tableFinding(source, 'unmapped-column', { label: column.label }), row: headerRow, column: column.letter, value: column.label });
  }
  for (const dup of layout.duplicateFields) {
    engine.add({
      ...tableFinding(source, 'duplicate-column', { field: dup.field, columns: dup.letters.join(', ') }),
      row: headerRow,
      field: dup.field,
      column: dup.letters[1],
    });
  }
}

function buildReport(
  ruleSet: string,
  fileCount: number,
  records: number,
  tables: TableReport[],
  unreadable: UnreadableFile[],
  findings: Finding[],
  maxFindings: number | undefined,
  acks: AckIndex | undefined,
): ValidationReport {
  const byCode: Record<string, number> = {};
  const ackByCode: Record<string, number> = {};
  let acknowledged = 0;
  const byTable = new Map<string, TableReport>();
  for (const t of tables) byTable.set(`${t.file}\u0000${t.sheet ?? ''}`, t);
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i]!;
    byCode[f.code] = (byCode[f.code] ?? 0) + 1;
    const t = byTable.get(`${f.file}\u0000${f.sheet ?? ''}`);
    if (f.severity === 'error') {
      errors++;
      if (t) t.errors++;
    } else if (f.severity === 'warning') {
      warnings++;
      if (t) t.warnings++;
      const ack = acks === undefined ? undefined : matchAck(f, acks);
      if (ack !== undefined) {
        findings[i] = { ...f, acknowledged: ack };
        acknowledged++;
        ackByCode[f.code] = (ackByCode[f.code] ?? 0) + 1;
        if (t) t.acknowledged = (t.acknowledged ?? 0) + 1;
      }
    } else {
      infos++;
      if (t) t.infos++;
    }
  }
  const sorted = [...findings].sort(compareFindings);
  const kept = maxFindings !== undefined && sorted.length > maxFindings ? sorted.slice(0, maxFindings) : sorted;
  return {
    valid: errors === 0 && unreadable.length === 0,
    ruleSet,
    stats: {
      files: fileCount,
      tables: tables.length,
      records,
      errors,
      warnings,
      infos,
      byCode: sortKeys(byCode),
      ...(acks === undefined ? {} : { acknowledged, acknowledgedByCode: sortKeys(ackByCode) }),
    },
    tables,
    unreadable,
    findings: kept,
    dropped: sorted.length - kept.length,
  };
}

function sortKeys(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** File order, then row, then column: the order a user fixes things in. */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  const sa = a.sheet ?? '';
  const sb = b.sheet ?? '';
  if (sa !== sb) return sa < sb ? -1 : 1;
  const ra = a.row ?? 0;
  const rb = b.row ?? 0;
  if (ra !== rb) return ra - rb;
  const ca = a.column ?? '';
  const cb = b.column ?? '';
  if (ca.length !== cb.length) return ca.length - cb.length;
  if (ca !== cb) return ca < cb ? -1 : 1;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}
