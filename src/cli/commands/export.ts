/**
 * `edusync export --template csdl-students|csdl-teachers|csdl-results [--out DIR] [--school ID]
 * [--period YYYY-MM] [--fields a,b] [--max-rows N] [--include-invalid] [--config FILE] [--db FILE]`:
 * the store's validated records in the portal's Excel import layouts (src/export). The config's
 * `exports.templates.<name>` holds the school's field policy (src/privacy/fields.ts).
 */
import { relative } from 'node:path';
import { ConfigError, UsageError } from '../../errors.js';
import type { ExitCode } from '../../errors.js';
import { findConfigFile, readConfigFile } from '../../config/load.js';
import { exportTemplate, templateNames, type ExportResult, type TemplateExportConfig } from '../../export/index.js';
import { describeFields } from '../../privacy/fields.js';
import { requireDatabase, resolveDbPath } from '../../store/db-path.js';
import type { CliContext } from '../context.js';
import { emit } from '../output.js';

export interface ExportCliOptions {
  template: string;
  out: string;
  db?: string;
  config?: string;
  school?: string;
  period?: string;
  fields?: string;
  maxRows?: number;
  includeInvalid?: boolean;
  ruleSet?: string;
  today?: string;
  format: 'text' | 'json';
}

/** Lines of held-back records shown on screen; the rest is counted, never silently dropped. */
const SHOW_INVALID = 20;

function templateConfig(configPath: string | undefined, template: string): { file: string | null; settings: TemplateExportConfig | undefined } {
  const file = findConfigFile(configPath, process.env, process.cwd());
  if (file === null) return { file, settings: undefined };
  const config = readConfigFile(file);
  const templates = config.exports?.templates ?? {};
  const known = templateNames();
  const unknown = Object.keys(templates).filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new ConfigError({
      vi: `${file}: exports.templates có mẫu không tồn tại: ${unknown.join(', ')}. Các mẫu: ${known.join(', ')}.`,
      en: `${file}: exports.templates names unknown templates: ${unknown.join(', ')}. Templates: ${known.join(', ')}.`,
    });
  }
  return { file, settings: templates[template] };
}

function show(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

function formatText(r: ExportResult, configFile: string | null, ctx: CliContext): string {
  const vi = ctx.locale === 'vi';
  const l: string[] = [];
  l.push(`${vi ? 'Xuất mẫu' : 'Export template'} ${r.template.name} — ${r.template.label[ctx.locale]} (${vi ? 'độ tin cậy' : 'confidence'}: ${r.template.confidence})`);
  for (const s of r.snapshots) {
    l.push(
      vi
        ? `  Trường ${s.school}, kỳ ${s.period}: ${s.records} bản ghi, xuất ${s.exported}${s.invalid > 0 ? `, ${s.invalid} có lỗi mức error` : ''}`
        : `  School ${s.school}, period ${s.period}: ${s.records} records, ${s.exported} exported${s.invalid > 0 ? `, ${s.invalid} with error-level findings` : ''}`,
    );
  }
  l.push(vi ? `Tệp đã ghi (${r.files.length}; tối đa ${r.maxRows} dòng mỗi tệp):` : `Files written (${r.files.length}; at most ${r.maxRows} rows a file):`);
  for (const f of r.files) l.push(`  ${show(f.path)}  ${f.rows} ${vi ? 'dòng' : 'rows'}  sha256 ${f.sha256}`);
  l.push(`${vi ? 'Bản kê (manifest)' : 'Manifest'}: ${show(r.manifestPath)}`);
  l.push(...describeFields(r.statements, ctx.locale));
  if (configFile === null) {
    l.push(vi ? '(Không có tệp cấu hình: dùng danh sách trường mặc định của mẫu; trường nhạy cảm không được xuất.)' : '(No config file: the template\'s default field list; no sensitive field is exported.)');
  }
  if (r.invalid.length > 0) {
    l.push(
      r.includeInvalid
        ? vi
          ? `Bản ghi có lỗi mức error (${r.invalid.length}) VẪN được xuất (--include-invalid); cổng có thể từ chối chúng:`
          : `Records with error-level findings (${r.invalid.length}) exported ANYWAY (--include-invalid); the portal may refuse them:`
        : vi
          ? `Bản ghi có lỗi mức error (${r.invalid.length}) không được xuất (sửa rồi nhập lại, hoặc thêm --include-invalid):`
          : `Records with error-level findings (${r.invalid.length}) were not exported (fix and re-import, or add --include-invalid):`,
    );
    for (const [code, n] of Object.entries(r.invalidByCode).sort()) l.push(`  ${code}: ${n}`);
    for (const rec of r.invalid.slice(0, SHOW_INVALID)) {
      const where = rec.sourceFile !== null ? ` · ${rec.sourceFile}${rec.sourceRow !== null ? ` ${vi ? 'dòng' : 'row'} ${rec.sourceRow}` : ''}` : '';
      l.push(`  ${rec.school} · ${rec.recordKey}${rec.fullName !== null ? ` · ${rec.fullName}` : ''}${where}: ${rec.codes.join(', ')}`);
    }
    if (r.invalid.length > SHOW_INVALID) l.push(vi ? `  … và ${r.invalid.length - SHOW_INVALID} bản ghi khác` : `  … and ${r.invalid.length - SHOW_INVALID} more`);
  }
  if (r.auditIds.length > 0) {
    l.push(vi ? `Đã ghi nhật ký kiểm toán: ${r.auditIds.length} sự kiện (xem: edusync audit).` : `Audit trail: ${r.auditIds.length} events recorded (see: edusync audit).`);
  }
  return `${l.join('\n')}\n`;
}

function formatJson(r: ExportResult): string {
  return `${JSON.stringify(
    {
      template: r.template.name,
      confidence: r.template.confidence,
      maxRowsPerFile: r.maxRows,
      fields: r.statements,
      carried: r.carried,
      snapshots: r.snapshots,
      files: r.files,
      manifest: r.manifestPath,
      invalid: { count: r.invalid.length, byCode: r.invalidByCode, exported: r.includeInvalid, records: r.invalid },
      auditIds: r.auditIds,
    },
    null,
    2,
  )}\n`;
}

export async function runExport(options: ExportCliOptions, ctx: CliContext): Promise<ExitCode> {
  const known = templateNames();
  if (!known.includes(options.template)) {
    throw new UsageError({ vi: `Không có mẫu "${options.template}". Các mẫu: ${known.join(', ')}.`, en: `No template "${options.template}". Templates: ${known.join(', ')}.` });
  }
  const dbPath = resolveDbPath(options.db);
  const { file, settings } = templateConfig(options.config, options.template);
  requireDatabase(dbPath);
  const result = await exportTemplate({
    dbPath,
    template: options.template,
    outDir: options.out,
    school: options.school,
    period: options.period,
    fields: options.fields,
    maxRows: options.maxRows,
    includeInvalid: options.includeInvalid,
    ruleSet: options.ruleSet,
    today: options.today,
    config: settings,
  });
  await emit(ctx, options.format === 'json' ? formatJson(result) : formatText(result, file, ctx), undefined);
  return result.exitCode;
}
