/**
 * `export`: the store's validated records → the portal's Excel import templates (issue 7 item 4),
 * for officers who upload by hand. Per school, the latest snapshot at or before the period; records
 * re-checked (./recheck.ts) and those with error-level findings held back unless asked; fields
 * chosen by src/privacy/fields.ts; files split per the template's `splitBy` and row limit; every
 * file recorded in the audit trail with its SHA-256 (issue 9 item 3); a manifest beside the files.
 * Nothing is printed here: the CLI renders the returned result.
 */
import { rmSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { ExitCode, StateError, UsageError } from '../errors.js';
import { writePrivateFile } from '../io/write-file.js';
import { loadSchemas } from '../schema/load.js';
import { loadTemplates, type Template } from '../schema/templates.js';
import {
  checkConfiguredFields,
  fieldStatements,
  parseFieldList,
  selectFields,
  sensitiveFields,
  type FieldCandidate,
  type FieldStatement,
} from '../privacy/fields.js';
import { todayIso } from '../rules/utils/values.js';
import { fileSha256, recordAudit } from '../store/audit.js';
import { openStore, stateErrorFor } from '../store/db.js';
import { findLastSnapshot, listSnapshots, snapshotRecords } from '../store/snapshots.js';
import type { SnapshotRecordRow, SnapshotRow, Store } from '../store/types.js';
import { recheckRecords } from './recheck.js';
import { writeTemplateFile } from './write.js';

/** The config's settings for one template (`exports.templates.<name>`). */
export interface TemplateExportConfig {
  fields?: string[] | undefined;
  sensitiveFields?: string[] | undefined;
  maxRowsPerFile?: number | undefined;
}

export interface ExportOptions {
  dbPath: string;
  template: string;
  outDir: string;
  school?: string | undefined;
  /** YYYY-MM: each school's latest snapshot at or before it (default: its newest). */
  period?: string | undefined;
  /** `--fields a,b,c` as typed. */
  fields?: string | undefined;
  maxRows?: number | undefined;
  includeInvalid?: boolean | undefined;
  ruleSet?: string | undefined;
  today?: string | undefined;
  config?: TemplateExportConfig | undefined;
}

export interface ExportedFile {
  path: string;
  sha256: string;
  rows: number;
  school: string;
  period: string;
  /** The split values (e.g. grade and term), '' when the template does not split. */
  split: string;
}

export interface HeldBackRecord {
  school: string;
  period: string;
  recordKey: string;
  /** For the data owner's screen only (never logged, never in the manifest). */
  fullName: string | null;
  sourceFile: string | null;
  sourceRow: number | null;
  codes: string[];
}

export interface ExportResult {
  template: Template;
  statements: FieldStatement[];
  carried: string[];
  maxRows: number;
  snapshots: Array<{ school: string; period: string; records: number; exported: number; invalid: number }>;
  files: ExportedFile[];
  /** Records with error-level findings: held back, or exported anyway with --include-invalid. */
  invalid: HeldBackRecord[];
  invalidByCode: Record<string, number>;
  includeInvalid: boolean;
  manifestPath: string;
  auditIds: number[];
  exitCode: ExitCode;
}

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const STORE_ENTITY = { student: 'student', teacher: 'teacher', result: 'result' } as const;

export function templateNames(): string[] {
  return [...loadTemplates(loadSchemas()).keys()];
}

export async function exportTemplate(options: ExportOptions): Promise<ExportResult> {
  const schemas = loadSchemas();
  const templates = loadTemplates(schemas);
  const template = templates.get(options.template);
  if (template === undefined) {
    const names = [...templates.keys()].join(', ');
    throw new UsageError({ vi: `Không có mẫu "${options.template}". Các mẫu: ${names}.`, en: `No template "${options.template}". Templates: ${names}.` });
  }
  if (options.period !== undefined && !PERIOD.test(options.period)) {
    throw new UsageError({ vi: `Kỳ "${options.period}" không hợp lệ: cần dạng YYYY-MM.`, en: `Period "${options.period}" is invalid: expected YYYY-MM.` });
  }
  const entity = schemas.entities.get(template.entity)!;
  const sensitive = sensitiveFields(entity);
  const candidates: FieldCandidate[] = template.columns
    .filter((c) => c.field !== undefined)
    .map((c) => ({ field: c.field!, sensitive: sensitive.has(c.field!), optIn: c.optIn }));
  const valid = candidates.map((c) => c.field);
  const where = `exports.templates.${template.name}`;
  const selection = selectFields(candidates, {
    requested: options.fields === undefined ? undefined : parseFieldList(options.fields, valid),
    configured: checkConfiguredFields(options.config?.fields, valid, `${where}.fields`),
    contractNeeds: template.contract.needs,
    sensitiveAllowed: checkConfiguredFields(options.config?.sensitiveFields, valid, `${where}.sensitiveFields`) ?? [],
  });
  const statements = fieldStatements(candidates, selection, entity);
  const carried = new Set(selection.carried);
  const maxRows = options.maxRows ?? options.config?.maxRowsPerFile ?? template.maxRowsPerFile;
  if (!Number.isInteger(maxRows) || maxRows < 1) {
    throw new UsageError({ vi: `Số dòng tối đa mỗi tệp phải là số nguyên ≥ 1 (đang là ${maxRows}).`, en: `Rows per file must be a whole number ≥ 1 (got ${maxRows}).` });
  }

  const store = openStore(options.dbPath);
  try {
    const picked = pickSnapshots(store, STORE_ENTITY[template.entity], options.school, options.period);
    const groups = picked.map((snapshot) => ({ snapshot, records: [...snapshotRecords(store, snapshot.id)] }));
    const today = options.today ?? todayIso();
    const invalidCodes = recheckRecords(
      groups.map((g) => ({ key: groupKey(g.snapshot), entity: template.entity, records: g.records })),
      { schemas, ruleSet: options.ruleSet, today },
    );

    const includeInvalid = options.includeInvalid ?? false;
    const invalid: HeldBackRecord[] = [];
    const invalidByCode: Record<string, number> = {};
    const snapshots: ExportResult['snapshots'] = [];
    const planned: Array<{ file: Omit<ExportedFile, 'sha256'>; records: Array<Record<string, unknown>> }> = [];
    for (const { snapshot, records } of groups) {
      const codesOf = invalidCodes.get(groupKey(snapshot));
      const kept: SnapshotRecordRow[] = [];
      records.forEach((r, i) => {
        const codes = codesOf?.get(i);
        if (codes !== undefined) {
          invalid.push({
            school: snapshot.schoolId,
            period: snapshot.period,
            recordKey: r.recordKey,
            fullName: typeof r.values.fullName === 'string' ? r.values.fullName : null,
            sourceFile: r.sourceFile,
            sourceRow: r.sourceRow,
            codes,
          });
          for (const code of codes) invalidByCode[code] = (invalidByCode[code] ?? 0) + 1;
          if (!includeInvalid) return;
        }
        kept.push(r);
      });
      snapshots.push({ school: snapshot.schoolId, period: snapshot.period, records: records.length, exported: kept.length, invalid: codesOf?.size ?? 0 });
      for (const part of splitRecords(template, kept, maxRows)) {
        const name = `${snapshot.schoolId}-${template.name}-${snapshot.period}${part.split === '' ? '' : `-${part.split}`}-${String(part.index).padStart(2, '0')}.xlsx`;
        planned.push({
          file: { path: resolve(options.outDir, name), rows: part.records.length, school: snapshot.schoolId, period: snapshot.period, split: part.split },
          records: part.records,
        });
      }
    }

    const files: ExportedFile[] = [];
    const manifestPath = resolve(options.outDir, `${template.name}.manifest.json`);
    try {
      for (const p of planned) {
        await writeTemplateFile({ path: p.file.path, template, schemas, carried, statements, records: p.records });
        files.push({ ...p.file, sha256: await fileSha256(p.file.path) });
      }
      await writePrivateFile(manifestPath, manifestJson(template, statements, files, snapshots, invalid.length, invalidByCode, includeInvalid, maxRows), { atomic: true });
    } catch (error) {
      removeAll(files.map((f) => f.path).concat(planned.map((p) => p.file.path)));
      throw error;
    }

    // The audit rows are the condition of the files' existence: without them the files go (exit 5).
    let auditIds: number[];
    try {
      auditIds = store.transaction(() =>
        files.map((f) =>
          recordAudit(store, { command: 'export', action: 'export', destination: f.path, fileSha256: f.sha256, recordCount: f.rows, fields: [...carried] }),
        ),
      );
    } catch (error) {
      removeAll([...files.map((f) => f.path), manifestPath]);
      if (error instanceof StateError) throw error;
      throw stateErrorFor(error, store.location);
    }
    const exitCode = invalid.length > 0 ? ExitCode.Findings : ExitCode.Ok;
    return { template, statements, carried: selection.carried, maxRows, snapshots, files, invalid, invalidByCode, includeInvalid, manifestPath, auditIds, exitCode };
  } finally {
    store.close();
  }
}

function groupKey(s: SnapshotRow): string {
  return `${s.schoolId}/${s.period}/${s.entity}`;
}

function removeAll(paths: string[]): void {
  for (const p of paths) rmSync(p, { force: true });
}

/** Per school, its latest snapshot of the entity at or before `period` (or its newest). */
function pickSnapshots(store: Store, entity: string, school: string | undefined, period: string | undefined): SnapshotRow[] {
  const schools = school !== undefined ? [school] : [...new Set(listSnapshots(store).filter((s) => s.entity === entity).map((s) => s.schoolId))];
  const found: SnapshotRow[] = [];
  for (const id of schools) {
    const s = findLastSnapshot(store, id, entity, period ?? '9999-12');
    if (s !== undefined) found.push(s);
  }
  if (found.length === 0) {
    const scope = `${school !== undefined ? ` school ${school}` : ''}${period !== undefined ? ` ≤ ${period}` : ''}`;
    throw new StateError({
      vi: `Kho chưa có dữ liệu ${entity} nào đã nhập${school !== undefined ? ` của trường ${school}` : ''}${period !== undefined ? ` đến kỳ ${period}` : ''}: chạy "edusync import … --apply" trước.`,
      en: `The store holds no imported ${entity} data${scope}: run "edusync import … --apply" first.`,
    });
  }
  return found;
}

interface Part {
  split: string;
  index: number;
  records: Array<Record<string, unknown>>;
}

/** One group per split value (in sorted order), each cut into files of at most `maxRows` rows. */
function splitRecords(template: Template, records: readonly SnapshotRecordRow[], maxRows: number): Part[] {
  const bySplit = new Map<string, Array<Record<string, unknown>>>();
  for (const r of records) {
    const key = template.splitBy.map((f) => splitText(f, r.values[f])).join('-');
    let list = bySplit.get(key);
    if (list === undefined) bySplit.set(key, (list = []));
    list.push(r.values);
  }
  const parts: Part[] = [];
  for (const key of [...bySplit.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))) {
    const list = bySplit.get(key)!;
    for (let i = 0, n = 1; i < list.length; i += maxRows, n++) parts.push({ split: key, index: n, records: list.slice(i, i + maxRows) });
  }
  return parts;
}

/** A file-name-safe text for a split value: gradeCode 6 → k6, term 1 → hk1. */
function splitText(field: string, value: unknown): string {
  const text = value === undefined || value === null || value === '' ? 'na' : String(value).replace(/[^0-9A-Za-z]+/g, '_');
  return field === 'gradeCode' ? `k${text}` : field === 'term' ? `hk${text}` : text;
}

function manifestJson(
  template: Template,
  statements: readonly FieldStatement[],
  files: readonly ExportedFile[],
  snapshots: ExportResult['snapshots'],
  invalid: number,
  invalidByCode: Record<string, number>,
  includeInvalid: boolean,
  maxRows: number,
): string {
  // No names, ids or values: what the files carry is described by field keys, counts and hashes.
  const manifest = {
    kind: 'edusync-export',
    template: { name: template.name, portalTemplate: template.portalTemplate, confidence: template.confidence, source: template.source.title },
    createdAt: new Date().toISOString(),
    maxRowsPerFile: maxRows,
    fields: statements.map((s) => ({
      field: s.field,
      label: s.label,
      sensitive: s.sensitive,
      carried: s.carried,
      ...(s.reason === undefined ? {} : { reason: s.reason, why: s.reasonText }),
    })),
    files: files.map((f) => ({ file: basename(f.path), sha256: f.sha256, rows: f.rows, school: f.school, period: f.period, split: f.split })),
    snapshots,
    invalidRecords: { count: invalid, byCode: invalidByCode, exported: includeInvalid },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
