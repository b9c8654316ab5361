/**
 * `import` = validate → group by school and entity → plan against the last snapshot → (with
 * `apply`) resolve person ids and write each snapshot in one transaction (design §1, §5; issue #4).
 *
 * In two readings of the files, so that memory does not grow with the run: the first validates
 * (blocking codes per row position) and counts the person rows of each school; the second reads
 * the records again and plans — and applies — each school as soon as its last row has been read.
 * Plans are returned sorted by school and entity, whatever order the files list them in.
 *
 * Planning is pure (`./plan`); this module does the I/O around it. Without `apply` nothing is
 * written and the database is not even created (but for the audit row of a plan written to a file). With it, every school/entity is written in its
 * own transaction together with its persons and identifiers, so a crash leaves each snapshot whole
 * (old or new) and the next run redoes what is missing.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { EntitySchema } from '../schema/format.js';
import { loadSchemas, type LoadedSchemas } from '../schema/load.js';
import { ExitCode, InputError, UsageError } from '../errors.js';
import type { FieldValue, RecordRow } from '../io/record.js';
import { discoverFiles } from '../io/discover.js';
import { readRecords, validateFiles } from '../check/pipeline.js';
import { loadAcknowledgementIndex } from './acknowledgements.js';
import { GroupCount } from '../check/group-count.js';
import { planParts } from '../check/parallel.js';
import { todayIso } from '../rules/utils/values.js';
import type { ValidationReport } from '../check/report.js';
import { openStore } from './db.js';
import { beginRun, finishRun, addRunFiles } from './runs.js';
import { attachIdentifier, createPerson, findPerson, hasPersons, setPersonSchool } from './persons.js';
import { lastSnapshotForPlanning, writeSnapshot } from './snapshots.js';
import { recordFindings } from './findings.js';
import { recordWrittenFile } from './audit.js';
import type { Store, SnapshotRecordInput } from './types.js';
import { idText, planFileContents, planImport, type ImportPlan, type PlanEntity, type PreviousRecord, type SnapshotEntry } from './plan/index.js';
import { freezePlan } from './plan/frozen.js';
import { planUnits, UNIT_ENTITIES, type UnitEntity, type UnitPlan } from './import-units.js';
import { WriteBatch } from './import-batch.js';

export interface ImportOptions {
  dbPath: string;
  /** YYYY-MM; default the current month. */
  period?: string;
  /** School id for records whose file has no Mã trường column (or to override nothing: records that carry one keep it). */
  school?: string;
  apply: boolean;
  sheet?: string;
  entity?: EntitySchema['entity'];
  ruleSet?: string;
  today?: string;
  toolVersion?: string;
  onProgress?: (p: { file: string; fileIndex: number; fileCount: number; records: number }) => void;
  /**
   * After each school of the second reading is planned (and, with `apply`, written): most of a large
   * import's time (a first month of a million students: ≈ 75 of 85 s) is spent here, after the
   * checking pass that `onProgress` follows.
   */
  onPlanProgress?: (p: PlanProgress) => void;
  /**
   * The caller's output (the plan printed, or written to a file), made from the result while the
   * import's store is still open. When `out` names the file it writes, that file names people: it
   * is recorded in the audit trail in this same store session, or removed if its row cannot be
   * written (exit 5); for that row a dry run opens the store for writing, creating it if missing.
   */
  output?: { out?: string | undefined; write: (result: ImportResult) => Promise<void> };
}

export interface PlanProgress {
  /** Schools (school and entity) planned so far, of `schoolCount`. */
  schools: number;
  schoolCount: number;
  /** Person rows planned so far, of `recordCount`. */
  records: number;
  recordCount: number;
  applying: boolean;
}

export interface AppliedSnapshot {
  school: string;
  entity: PlanEntity;
  snapshotId: number;
  unchanged: boolean;
  /** Identifiers that already belong to another person in the store (kept for review, not attached). */
  identifierConflicts: number;
}

export interface ImportResult {
  runId: number | null;
  period: string;
  report: ValidationReport;
  plans: ImportPlan[];
  /** School lists, classes and learning results (directory updates and result snapshots). */
  units: UnitPlan[];
  applied: boolean;
  snapshots: AppliedSnapshot[];
  exitCode: ExitCode;
}

const PERSON_ENTITIES: ReadonlySet<string> = new Set<PlanEntity>(['student', 'teacher']);
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

export function currentPeriod(today = todayIso()): string {
  return today.slice(0, 7);
}

export async function importFiles(paths: string[], options: ImportOptions): Promise<ImportResult> {
  const period = options.period ?? currentPeriod(options.today);
  if (!PERIOD.test(period)) {
    throw new UsageError({ vi: `Kỳ "${period}" không hợp lệ: cần dạng YYYY-MM (ví dụ 2025-10).`, en: `Period "${period}" is invalid: expected YYYY-MM (e.g. 2025-10).` });
  }
  const files = discoverFiles(paths);
  // The two-thread plan before the schemas: its worker starts loading beside them, and the CPU
  // sample its decision looks at starts here (validate does the same, cli/commands/validate.ts).
  const plan = planParts(files);
  let schemas: LoadedSchemas;
  try {
    schemas = loadSchemas();
  } catch (error) {
    await plan.stop();
    throw error;
  }
  // Pass 1 validates and only counts the person rows of each school: a million records held until
  // the end cost gigabytes (each keeps its CSV chunk alive). Pass 2 reads them again and plans
  // (and applies) each school as soon as its last row is read. The count is made by the checking
  // pass itself (on both threads when a large file is checked in two parts).
  const count = new GroupCount({ field: 'schoolId', entities: [...PERSON_ENTITIES], fallback: options.school });
  const pending = count.counts;
  const unitRecords: RecordRow[] = [];
  // The run's file hashes are read alongside the validation rather than in a third reading.
  const hashing = options.apply ? hashFiles(files) : undefined;
  hashing?.catch(() => undefined); // awaited (and its error thrown) below; not an unhandled rejection meanwhile
  const report = await validateFiles(files, {
    plan,
    schemas,
    acknowledgements: loadAcknowledgementIndex(options.dbPath),
    sheet: options.sheet,
    entity: options.entity,
    ruleSet: options.ruleSet,
    today: options.today,
    onProgress: options.onProgress,
    count,
    onRecordEntities: UNIT_ENTITIES,
    onRecord: (r) => unitRecords.push(r),
  });
  if (count.ungrouped !== undefined) throw noSchoolError(count.ungrouped);

  const blocking = new BlockingCodes(report);
  const isBlocked = (r: RecordRow): boolean => blocking.of(r).length > 0;
  // A school list is one table of many schools; classes and results belong to one school each.
  const unitGroups = groupBySchool(unitRecords, options.school, (r) => (r.entity === 'school' ? '' : undefined));

  // Dry run: read the store if it exists, never create it — unless a plan file needs its audit row.
  const recordsOut = options.output?.out !== undefined;
  const store: Store | undefined =
    options.apply || recordsOut
      ? openStore(options.dbPath, { toolVersion: options.toolVersion })
      : existsSync(options.dbPath)
        ? openStore(options.dbPath, { readonly: true, toolVersion: options.toolVersion })
        : undefined;
  try {
    const result = await planAndApply();
    if (options.output) {
      await options.output.write(result);
      if (recordsOut) await recordWrittenFile(store!, options.output.out!, { command: 'import', action: 'export', ...planFileContents(result.plans), runId: result.runId });
    }
    return result;
  } finally {
    store?.close();
  }

  async function planAndApply(): Promise<ImportResult> {
    // Planned before any person is written, as the store stood when the import began.
    const unitImports = [...unitGroups].map(([key, list]) => {
      const [school, entity] = key.split('\u0000') as [string, UnitEntity];
      return planUnits(store, entity, school, period, list, isBlocked);
    });
    const units = unitImports.map((u) => u.plan);
    const writing = options.apply ? store : undefined;
    const runId = writing ? beginRun(writing, { command: 'import', period }) : null;
    const plans: ImportPlan[] = [];
    const snapshots: AppliedSnapshot[] = [];
    const batch = writing ? new WriteBatch(writing) : undefined;
    try {
      if (writing) addRunFiles(writing, runId!, runFiles(files, await hashing!, report));
      let provisional = 0;
      const tally = { new: 0, updated: 0, moved: 0, left: 0, rejected: 0 };
      const planGroup = (key: string, list: RecordRow[]): void => {
        const [school, entity] = key.split('\u0000') as [string, PlanEntity];
        batch?.begin();
        const plan = planImport({
          school,
          period,
          entity,
          previous: store ? loadPrevious(store, school, entity, period) : [],
          incoming: list.map((record) => ({ record, blocking: blocking.of(record) })),
          // Ids for new persons are provisional (negative) until apply resolves them against the store.
          nextPersonId: () => --provisional,
        });
        if (writing) snapshots.push(batch!.write(plan.snapshot.length, () => applyPlan(writing, runId!, plan)));
        // Written (or never to be): the entries hold the school's records, which must not outlive it.
        plan.snapshot = [];
        tally.new += plan.new.length;
        tally.updated += plan.updated.length;
        tally.moved += plan.moved.length;
        tally.left += plan.left.length;
        tally.rejected += plan.rejected.length;
        // Its items as UTF-8 JSON until printed: a first import's million "new" items were most of its memory.
        plans.push(freezePlan(plan));
      };
      if (pending.size > 0) {
        const progress: PlanProgress = { schools: 0, schoolCount: pending.size, records: 0, recordCount: 0, applying: writing !== undefined };
        for (const count of pending.values()) progress.recordCount += count.rows;
        const groups = new Map<string, RecordRow[]>();
        const current = new LastGroup();
        let list: RecordRow[] = [];
        await readRecords(files, { schemas, sheet: options.sheet, entity: options.entity }, (r) => {
          if (!PERSON_ENTITIES.has(r.entity)) return;
          if (current.same(r)) list = current.list!;
          else {
            const key = count.keyOf(r)!;
            const counted = pending.get(key);
            if (counted === undefined) throw changedWhileReading(r.file);
            const known = groups.get(key);
            if (known) list = known;
            else groups.set(key, (list = []));
            current.remember(r, key, counted, list);
          }
          list.push(r);
          if (--current.count!.rows > 0) return;
          const key = current.key!;
          current.forget();
          pending.delete(key);
          groups.delete(key);
          planGroup(key, list);
          progress.schools++;
          progress.records += list.length;
          options.onPlanProgress?.(progress);
        });
        if (pending.size > 0) throw changedWhileReading(files[0]!);
        batch?.commit();
      }
      plans.sort((a, b) => compareKeys(`${a.school}\u0000${a.entity}`, `${b.school}\u0000${b.entity}`));
      // Provisional ids numbered in plan order, whichever school the files finished first.
      if (!writing) {
        provisional = 0;
        for (const plan of plans) {
          const items = plan.new;
          for (const item of items) item.personId = --provisional;
          plan.new = items; // a frozen plan keeps what is assigned back, not edits in place
        }
      }

      const hasRejected = tally.rejected > 0 || units.some((u) => u.rejected > 0);
      const exitCode =
        report.unreadable.length > 0 ? ExitCode.Input : report.stats.errors > 0 || hasRejected ? ExitCode.Findings : ExitCode.Ok;
      if (!writing) return { runId: null, period, report, plans, units, applied: false, snapshots: [], exitCode };

      // After the persons: result snapshots link to the students just written.
      for (const unit of unitImports) writing.transaction(() => unit.apply(writing, runId!));
      recordFindings(writing, runId!, report.findings);
      finishRun(writing, runId!, {
        outcome: exitCode === ExitCode.Ok ? 'ok' : 'findings',
        exitCode,
        counts: {
          records: report.stats.records,
          errors: report.stats.errors,
          warnings: report.stats.warnings,
          new: tally.new,
          updated: tally.updated,
          moved: tally.moved,
          left: tally.left,
          rejected: tally.rejected,
        },
      });
      snapshots.sort((a, b) => compareKeys(`${a.school}\u0000${a.entity}`, `${b.school}\u0000${b.entity}`));
      return { runId, period, report, plans, units, applied: true, snapshots, exitCode };
    } catch (error) {
      batch?.close();
      if (writing) finishRun(writing, runId!, { outcome: 'failed', exitCode: ExitCode.State });
      throw error;
    }
  }
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The group (school and entity) of the last person row, with its row count and, in the second
 * reading, its rows: the next row of the same school and entity — most rows — reuses them.
 */
class LastGroup {
  private school: FieldValue | undefined;
  private entity: string | undefined;
  key: string | undefined;
  count: { rows: number } | undefined;
  list: RecordRow[] | undefined;

  /** Whether `r` is in the remembered group: the same entity and the same Mã trường value give the same key. */
  same(r: RecordRow): boolean {
    return this.key !== undefined && r.entity === this.entity && r.values.schoolId === this.school;
  }

  remember(r: RecordRow, key: string, count: { rows: number }, list?: RecordRow[]): void {
    this.school = r.values.schoolId;
    this.entity = r.entity;
    this.key = key;
    this.count = count;
    this.list = list;
  }

  forget(): void {
    this.key = undefined;
    this.count = undefined;
    this.list = undefined;
    this.school = undefined;
  }
}

function noSchoolError(first: Pick<RecordRow, 'file' | 'sheet'>): UsageError {
  return new UsageError({
    vi: `Không biết dữ liệu thuộc trường nào: ${first.file}${first.sheet ? ` (${first.sheet})` : ''} không có cột Mã trường. Thêm cột đó hoặc chỉ rõ --school MÃ_TRƯỜNG.`,
    en: `Cannot tell which school the data belongs to: ${first.file}${first.sheet ? ` (${first.sheet})` : ''} has no Mã trường column. Add it or pass --school SCHOOL_ID.`,
  });
}

function changedWhileReading(file: string): InputError {
  return new InputError({ file }, 'changed', {
    vi: 'tệp đã thay đổi trong lúc nhập (lần đọc thứ hai khác lần kiểm tra): hãy nhập lại khi tệp không còn bị sửa.',
    en: 'the file changed during the import (the second reading differs from the validated one): import it again once it is no longer being edited.',
  });
}

const NO_CODES: readonly string[] = Object.freeze([]);

/**
 * Error-level codes per row: such a row cannot go to the national database, so it is rejected.
 * Looked up once per row of a million: by table (file and sheet, the last one remembered, as rows
 * come table by table) and then by row number, rather than by a position string built per row.
 */
class BlockingCodes {
  private readonly tables = new Map<string, Map<number, string[]>>();
  private lastRows: Map<number, string[]> | undefined;

  constructor(report: ValidationReport) {
    for (const f of report.findings) {
      if (f.severity !== 'error' || f.row === undefined) continue;
      const key = tableKey(f);
      let rows = this.tables.get(key);
      if (!rows) this.tables.set(key, (rows = new Map()));
      const list = rows.get(f.row);
      if (list) {
        if (!list.includes(f.code)) list.push(f.code);
      } else rows.set(f.row, [f.code]);
    }
  }

  /** The row's codes (the same empty list for a row without any). */
  of(r: { file: string; sheet?: string | undefined; row?: number | undefined }): readonly string[] {
    if (this.tables.size === 0 || r.row === undefined) return NO_CODES;
    if (r.file !== this.lastFile || r.sheet !== this.lastSheet) {
      this.lastFile = r.file;
      this.lastSheet = r.sheet;
      this.lastRows = this.tables.get(tableKey(r));
    }
    return this.lastRows?.get(r.row) ?? NO_CODES;
  }

  private lastFile: string | undefined;
  private lastSheet: string | undefined;
}

function tableKey(r: { file: string; sheet?: string | undefined }): string {
  return `${r.file}\u0000${r.sheet ?? ''}`;
}

function groupBySchool(
  records: RecordRow[],
  fallbackSchool: string | undefined,
  schoolOf: (r: RecordRow) => string | undefined = () => undefined,
): Map<string, RecordRow[]> {
  const groups = new Map<string, RecordRow[]>();
  const missing: RecordRow[] = [];
  for (const r of records) {
    const school = schoolOf(r) ?? (idText(r.values.schoolId) ?? fallbackSchool);
    if (school === undefined || (school === '' && r.entity !== 'school')) {
      missing.push(r);
      continue;
    }
    const key = `${school}\u0000${r.entity}`;
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  if (missing.length > 0) throw noSchoolError(missing[0]!);
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function identifiersOf(values: Record<string, unknown>): PreviousRecord['identifiers'] {
  const ids: PreviousRecord['identifiers'] = {};
  for (const key of ['personalId', 'studentId', 'staffId'] as const) {
    const v = values[key];
    if (typeof v === 'string' && v.length > 0) ids[key] = v;
  }
  return ids;
}

/** A stored record whose values are parsed from their JSON only when the planner asks for them. */
class StoredRecord implements PreviousRecord {
  private parsed: Record<string, FieldValue> | undefined;
  readonly identifiers: PreviousRecord['identifiers'];
  constructor(
    readonly personId: number,
    readonly recordKey: string,
    readonly classId: string | null,
    readonly valuesJson: string,
    readonly rowHash: string,
    readonly versionId: number,
    entity: PlanEntity,
  ) {
    this.identifiers = identifiersInJson(valuesJson, entity) ?? identifiersOf(this.values);
  }

  get values(): Record<string, FieldValue> {
    return (this.parsed ??= JSON.parse(this.valuesJson) as Record<string, FieldValue>);
  }
}

/**
 * The identifier keys the planner reads, per entity, in reverse canonical (sorted) key order: the
 * school's id (`staffId`, `studentId`) sorts after `personalId`, and both near the end of a record.
 */
const ID_NEEDLES: Record<PlanEntity, ReadonlyArray<readonly ['personalId' | 'studentId' | 'staffId', string]>> = {
  student: (['studentId', 'personalId'] as const).map((key) => [key, `"${key}":"`] as const),
  teacher: (['staffId', 'personalId'] as const).map((key) => [key, `"${key}":"`] as const),
};

/**
 * The identifiers read straight from canonical JSON (`"personalId":"0012…"`); undefined when a
 * value holds an escape, which only JSON.parse reads right. A key cannot be matched inside a
 * string value: there its quotes are escaped, so each key occurs at most once. Canonical JSON has
 * its keys sorted and these keys come late, so they are looked for backwards from the end, each
 * before the one found after it: a short scan of the text's tail rather than of most of it (the
 * texts are UTF-16 with Vietnamese names, where a forward `indexOf` crossed ≈ 400 characters).
 */
function identifiersInJson(json: string, entity: PlanEntity): PreviousRecord['identifiers'] | undefined {
  const [[schoolKey, schoolNeedle], [, personalNeedle]] = ID_NEEDLES[entity] as [readonly ['studentId' | 'staffId', string], readonly ['personalId', string]];
  const school = valueBefore(json, schoolNeedle, json.length);
  if (school === null) return undefined;
  const personal = valueBefore(json, personalNeedle, school === undefined ? json.length : school.at - 1);
  if (personal === null) return undefined;
  // Keys in the order the forward reading gave them (personalId first).
  const ids: PreviousRecord['identifiers'] = {};
  if (personal !== undefined && personal.value.length > 0) ids.personalId = personal.value;
  if (school !== undefined && school.value.length > 0) ids[schoolKey] = school.value;
  return ids;
}

/** The string value of the key `needle` starts, found at or before `before`; null when it holds an escape. */
function valueBefore(json: string, needle: string, before: number): { at: number; value: string } | undefined | null {
  const at = before < 0 ? -1 : json.lastIndexOf(needle, before);
  if (at < 0) return undefined;
  const start = at + needle.length;
  const value = json.slice(start, json.indexOf('"', start));
  return value.includes('\\') ? null : { at, value };
}

/** Exported for bench/import-plan.mjs, which times the planning phases in process. */
export function loadPrevious(store: Store, school: string, entity: PlanEntity, period: string): PreviousRecord[] {
  return lastSnapshotForPlanning(store, school, entity, period, (personId, recordKey, classId, valuesJson, rowHash, versionId) =>
    new StoredRecord(personId, recordKey, classId, valuesJson, rowHash, versionId, entity),
  );
}

/** The snapshot keeps what the file said, over the previous values for columns the file lacks. */
function snapshotValues(entry: SnapshotEntry): Record<string, FieldValue> {
  if (entry.kind === 'kept') return entry.previous.values;
  return { ...(entry.previous?.values ?? {}), ...entry.record.values };
}

/** Exported for bench/import-plan.mjs. */
export function applyPlan(store: Store, runId: number, plan: ImportPlan): AppliedSnapshot {
  const { school, entity, period } = plan;
  const idField = entity === 'student' ? 'studentId' : 'staffId';
  let identifierConflicts = 0;
  return store.transaction((): AppliedSnapshot => {
    // On an empty store (a first import) nobody can be known already: skip a lookup per person.
    const mayKnow = hasPersons(store, entity);
    const resolved = new Map<number, number>();
    const records: SnapshotRecordInput[] = [];
    for (const entry of plan.snapshot) {
      // The same canonical JSON as the previous record: its values are the row's, stored text and hash reused.
      const carried = entry.kind === 'unchanged' && entry.sameJson === true ? entry.previous : undefined;
      const values = carried ? (entry as { record: RecordRow }).record.values : snapshotValues(entry);
      const personalId = idText(values.personalId) ?? undefined;
      const schoolPersonId = idText(values[idField]) ?? undefined;
      let personId = entry.personId;
      if (personId < 0) {
        // A person new to this school may be known already (moved from another school): one id per real person.
        const known = mayKnow ? findPerson(store, { kind: entity, schoolId: school, personalId, [idField]: schoolPersonId }) : undefined;
        if (known) {
          personId = known.personId;
          if (known.schoolId !== school) setPersonSchool(store, personId, school);
          identifierConflicts += attachNew(store, personId, personalId, idField, schoolPersonId, school, runId, undefined);
        } else {
          personId = createPerson(store, { kind: entity, schoolId: school, runId, personalId, [idField]: schoolPersonId });
        }
        resolved.set(entry.personId, personId);
      } else if (entry.kind !== 'kept') {
        identifierConflicts += attachNew(store, personId, personalId, idField, schoolPersonId, school, runId, entry.previous?.identifiers);
      }
      const source = entry.kind === 'kept' ? undefined : entry.record;
      const recordKey = schoolPersonId ?? personalId ?? `person:${personId}`;
      const classId = idText(values.classId);
      // The same record as the previous snapshot's (a kept one is that record): its stored version is shared.
      const same = carried ?? (entry.kind === 'kept' ? entry.previous : undefined);
      const shared =
        same !== undefined && same.versionId !== undefined && same.valuesJson !== undefined && same.rowHash !== undefined &&
        same.personId === personId && same.recordKey === recordKey && same.classId === classId
          ? same
          : undefined;
      records.push({
        personId,
        recordKey,
        classId,
        values,
        valuesJson: shared?.valuesJson ?? carried?.valuesJson,
        rowHash: shared?.rowHash ?? carried?.rowHash,
        versionId: shared?.versionId,
        sourceFile: source?.file ?? null,
        sourceRow: source?.row ?? null,
      });
    }
    for (const item of plan.new) if (item.personId !== undefined && resolved.has(item.personId)) item.personId = resolved.get(item.personId);
    const written = writeSnapshot(store, { runId, schoolId: school, period, entity, records });
    return { school, entity, snapshotId: written.snapshotId, unchanged: written.unchanged, identifierConflicts };
  });
}

/** Attaches the identifiers a known person did not carry last time (most months: none). */
function attachNew(
  store: Store,
  personId: number,
  personalId: string | undefined,
  idField: 'studentId' | 'staffId',
  schoolPersonId: string | undefined,
  school: string,
  runId: number,
  previous: PreviousRecord['identifiers'] | undefined,
): number {
  let conflicts = 0;
  if (personalId && previous?.personalId !== personalId) conflicts += attach(store, personId, 'personalId', personalId, undefined, runId);
  if (schoolPersonId && previous?.[idField] !== schoolPersonId) conflicts += attach(store, personId, idField, schoolPersonId, school, runId);
  return conflicts;
}

function attach(store: Store, personId: number, kind: 'personalId' | 'studentId' | 'staffId', value: string, schoolId: string | undefined, runId: number): number {
  const result = attachIdentifier(store, { personId, kind, value, schoolId, runId });
  return result.status === 'conflict' ? 1 : 0;
}

/** sha256 of each file, read once as a stream. */
async function hashFiles(files: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of files) {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
    out.push(hash.digest('hex'));
  }
  return out;
}

function runFiles(files: string[], hashes: string[], report: ValidationReport): Array<{ path: string; sha256: string; sizeBytes: number; records: number; entity?: string }> {
  return files.map((path, i) => {
    const tables = report.tables.filter((t) => t.file === path);
    return {
      path,
      sha256: hashes[i]!,
      sizeBytes: statSync(path).size,
      records: tables.reduce((n, t) => n + t.records, 0),
      entity: tables.find((t) => t.entity)?.entity,
    };
  });
}
