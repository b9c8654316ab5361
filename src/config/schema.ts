/**
 * `edusync.config.json` (design §4): what `edusync run` does unattended — which schools, which
 * input files, which month, where the store is — validated with zod. The JSON Schema in
 * `schemas/config.schema.json` is generated from this file (`renderConfigJsonSchema`, regenerated
 * by `npm run docs`), so editors can complete and check the file.
 *
 * Every object is strict (a misspelt key is an error, not a silent no-op) and may carry a
 * `$comment` (a string or a list of strings) for humans; `edusync init` writes one per section in
 * Vietnamese and English. Secrets never live here: a target names the environment variable that
 * holds its token (`tokenEnv`).
 */
import { z } from 'zod';

/** A custom check's message is a key of CONFIG_MESSAGES (both languages live in load.ts). */
export type ConfigMessageKey = 'period' | 'rule-set' | 'https-only' | 'url' | 'schools-and-inputs' | 'duplicate-school' | 'duplicate-target';

const comment = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .meta({ description: 'Ghi chú cho người đọc; edusync bỏ qua. / A note for humans; ignored by edusync.' });

export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
export const RULE_SET_PATTERN = /^\d{4}-\d{4}$/;

const period = z
  .string()
  .regex(PERIOD_PATTERN, { message: 'period' satisfies ConfigMessageKey })
  .meta({ description: 'Kỳ dữ liệu YYYY-MM (mặc định: tháng hiện tại). / Data period YYYY-MM (default: the current month).' });

const ruleSet = z
  .string()
  .regex(RULE_SET_PATTERN, { message: 'rule-set' satisfies ConfigMessageKey })
  .meta({ description: 'Bộ quy tắc theo năm học, ví dụ 2025-2026 (mặc định: năm học hiện tại). / Rule set by school year, e.g. 2025-2026 (default: the current school year).' });

const inputs = z
  .array(z.string().min(1))
  .min(1)
  .meta({
    description:
      'Tệp, thư mục hoặc mẫu glob (* và **), tính từ thư mục chứa tệp cấu hình. / Files, folders or globs (* and **), relative to the folder of the config file.',
  });

/** http(s) URL; plain http only on loopback (design §6: the endpoint must be https except on loopback). */
export function isAllowedTargetUrl(value: string): 'ok' | 'url' | 'https-only' {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'url';
  }
  if (url.protocol === 'https:') return 'ok';
  if (url.protocol !== 'http:') return 'url';
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const loopback = host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
  return loopback ? 'ok' : 'https-only';
}

export const schoolSchema = z
  .strictObject({
    $comment: comment,
    id: z.string().min(1).meta({ description: 'Mã trường. / School code (Mã trường).' }),
    name: z.string().optional().meta({ description: 'Tên trường (chỉ để đọc; không ghi vào nhật ký). / School name (for humans; never logged).' }),
    inputs,
  })
  .meta({ description: 'Một trường và các tệp của nó. / One school and its input files.' });

export const targetSchema = z
  .strictObject({
    $comment: comment,
    name: z.string().min(1).meta({ description: 'Tên điểm nhận. / Target name.' }),
    url: z
      .string()
      .superRefine((value, ctx) => {
        const verdict = isAllowedTargetUrl(value);
        if (verdict !== 'ok') ctx.addIssue({ code: 'custom', message: verdict satisfies ConfigMessageKey });
      })
      .meta({ description: 'Địa chỉ https (http chỉ cho 127.0.0.1/localhost). / https address (http only on loopback).', format: 'uri' }),
    tokenEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .optional()
      .meta({
        description:
          'TÊN biến môi trường chứa mã truy cập (không bao giờ ghi mã vào tệp này). / NAME of the environment variable holding the token (never put the token in this file).',
      }),
    fields: z.array(z.string().min(1)).optional().meta({ description: 'Chỉ gửi các trường này; trường nhạy cảm (dân tộc, tôn giáo, khuyết tật…) chỉ được gửi khi có tên ở đây. / Send only these fields; sensitive fields (ethnicity, religion, disability…) are sent only when named here.' }),
    clientIdEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .optional()
      .meta({ description: 'TÊN biến môi trường chứa client_id OAuth2 của trường (mặc định EDUSYNC_PUSH_CLIENT_ID). / NAME of the environment variable holding the school\'s OAuth2 client_id (default EDUSYNC_PUSH_CLIENT_ID).' }),
    clientSecretEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .optional()
      .meta({ description: 'TÊN biến môi trường chứa client_secret (mặc định EDUSYNC_PUSH_CLIENT_SECRET; không bao giờ ghi khoá vào tệp này). / NAME of the environment variable holding the client_secret (default EDUSYNC_PUSH_CLIENT_SECRET; never put the secret in this file).' }),
  })
  .meta({ description: 'Điểm nhận dữ liệu của lệnh push (hợp đồng: docs/endpoint-contract.md). / Endpoint target of the push command (contract: docs/endpoint-contract.md).' });

/** Settings of one export template (`edusync export --template NAME`): data minimisation and file size. */
export const templateExportSchema = z
  .strictObject({
    $comment: comment,
    fields: z
      .array(z.string().min(1))
      .optional()
      .meta({
        description:
          'Chỉ xuất các trường này (khoá trường, ví dụ studentId, fullName); ngoài danh sách thì không bao giờ rời máy, kể cả khi --fields ghi tên. / Export only these fields (field keys, e.g. studentId, fullName); nothing outside the list leaves the machine, even when --fields names it.',
      }),
    sensitiveFields: z
      .array(z.string().min(1))
      .optional()
      .meta({
        description:
          'Trường nhạy cảm (dân tộc, khuyết tật…) được phép xuất — chỉ có tác dụng với trường mà mẫu cần (contract.needs trong schemas/templates). / Sensitive fields (ethnicity, disability…) allowed out — only for fields the template needs (contract.needs in schemas/templates).',
      }),
    maxRowsPerFile: z
      .number()
      .int()
      .positive()
      .optional()
      .meta({ description: 'Số dòng tối đa mỗi tệp (ghi đè giá trị của mẫu; --max-rows ghi đè cái này). / Rows per file (overrides the template\'s; --max-rows overrides this).' }),
  })
  .meta({ description: 'Cài đặt xuất cho một mẫu. / Export settings of one template.' });

/**
 * Months of personal data kept when the config says nothing. csdl-integration §3.3 item 7 asks for
 * a retention period without fixing one; 24 months keep two school years (this year's monthly
 * snapshots and last year's, which the start- and end-of-year reports compare against).
 */
export const DEFAULT_RETENTION_MONTHS = 24;

export const configSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'Đường dẫn tới JSON Schema này (cho trình soạn thảo). / Path of this JSON Schema (for editors).' }),
    $comment: comment,
    locale: z.enum(['vi', 'en']).optional().meta({ description: 'Ngôn ngữ thông báo (mặc định vi). / Message language (default vi).' }),
    store: z
      .strictObject({
        $comment: comment,
        path: z.string().min(1).optional().meta({ description: 'Tệp SQLite (mặc định edusync.db cạnh tệp cấu hình). / SQLite file (default edusync.db beside the config file).' }),
      })
      .optional(),
    period: period.optional(),
    ruleSet: ruleSet.optional(),
    schools: z.array(schoolSchema).min(1).optional(),
    inputs: inputs.optional(),
    import: z
      .strictObject({
        $comment: comment,
        apply: z.boolean().optional().meta({ description: '`run` ghi ảnh chụp vào kho (mặc định false: chỉ xem kế hoạch). / `run` writes the snapshot (default false: plan only).' }),
      })
      .optional(),
    log: z
      .strictObject({
        $comment: comment,
        format: z.enum(['text', 'json']).optional().meta({ description: 'Nhật ký trên stderr: text hoặc json (mỗi dòng một đối tượng). / Logs on stderr: text or json (one object a line).' }),
        summaryDir: z.string().min(1).optional().meta({ description: 'Thư mục ghi tệp tóm tắt mỗi lần chạy (mặc định edusync-runs cạnh kho). / Folder for the per-run summary file (default edusync-runs beside the store).' }),
      })
      .optional(),
    targets: z.array(targetSchema).optional(),
    exports: z
      .strictObject({
        $comment: comment,
        templates: z
          .record(z.string().regex(/^[a-z][a-z0-9-]*$/), templateExportSchema)
          .optional()
          .meta({ description: 'Theo tên mẫu: csdl-students, csdl-teachers, csdl-results. / By template name: csdl-students, csdl-teachers, csdl-results.' }),
      })
      .optional()
      .meta({ description: 'Lệnh export: trường được xuất theo từng mẫu của cổng CSDL ngành. / The export command: which fields each portal template may carry.' }),
    retention: z
      .strictObject({
        $comment: comment,
        months: z
          .number()
          .int()
          .min(1)
          .max(1200)
          .optional()
          .meta({
            description: `Giữ dữ liệu cá nhân (ảnh chụp, kết quả kiểm tra) bao nhiêu tháng; purge không có --before xoá phần cũ hơn (mặc định ${DEFAULT_RETENTION_MONTHS}). / How many months personal data (snapshots, findings) is kept; purge without --before deletes what is older (default ${DEFAULT_RETENTION_MONTHS}).`,
          }),
      })
      .optional(),
    accounts: z
      .strictObject({
        $comment: comment,
        username: z
          .string()
          .min(1)
          .optional()
          .meta({
            description:
              'Quy tắc tên đăng nhập, phải chứa {personalId} hoặc {hash:N}; thêm {localId} {schoolId} {role} {given} {family} {initials} (mặc định {personalId}). / Username rule; must contain {personalId} or {hash:N}; also {localId} {schoolId} {role} {given} {family} {initials} (default {personalId}).',
          }),
        domain: z
          .string()
          .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/)
          .optional()
          .meta({ description: 'Tên miền email của trường, ví dụ thcs-bvd.edu.vn: email = <tên đăng nhập>@<tên miền>. / The school email domain: email = <username>@<domain>.' }),
        orgUnit: z
          .string()
          .startsWith('/')
          .optional()
          .meta({ description: 'Đơn vị tổ chức Google, có {schoolId} {role} (mặc định /{schoolId}/{role}). / Google org unit path with {schoolId} {role} (default /{schoolId}/{role}).' }),
      })
      .optional()
      .meta({ description: 'Tài khoản học trực tuyến theo mã định danh (lệnh accounts). / Online-learning accounts keyed by the personal identifier (the accounts command).' }),
    reconcile: z
      .array(
        z.strictObject({
          $comment: comment,
          left: z.string().min(1).meta({ description: 'Tệp hoặc thư mục nguồn thứ nhất (tương đối với tệp cấu hình). / First source file or folder (relative to the config file).' }),
          right: z.string().min(1).meta({ description: 'Nguồn thứ hai. / Second source.' }),
          out: z
            .string()
            .min(1)
            .optional()
            .meta({ description: 'Sổ rà soát (.xlsx) hoặc kết quả JSON (.json) để cán bộ quyết định các cặp nghi vấn. / Review workbook (.xlsx) or JSON result (.json) for the officer to decide the doubtful pairs.' }),
          decisions: z.string().min(1).optional().meta({ description: 'Sổ rà soát đã điền quyết định, đọc lại ở lần chạy này. / A review workbook with decisions filled in, read back by this run.' }),
        }),
      )
      .optional()
      .meta({ description: '`run`: đối chiếu mã định danh giữa hai nguồn sau khi nhập (bản đồ định danh được ghi khi import.apply). / `run`: link identifiers between two sources after the import (the identity map is written when import.apply).' }),
    report: z
      .strictObject({
        $comment: comment,
        period: z
          .string()
          .regex(/^\d{4}-\d{4}\/(dau-nam|cuoi-nam)$/)
          .optional()
          .meta({ description: 'Kỳ báo cáo, ví dụ 2025-2026/dau-nam (mặc định: kỳ có cửa sổ ảnh chụp chứa kỳ dữ liệu của lần chạy). / Report period, e.g. 2025-2026/dau-nam (default: the one whose snapshot window holds the run\'s period).' }),
        level: z.enum(['school', 'commune', 'province']).optional().meta({ description: 'Cấp báo cáo (mặc định school). / Report level (default school).' }),
        formats: z
          .array(z.enum(['xlsx', 'json', 'csv', 'html']))
          .min(1)
          .optional()
          .meta({ description: 'Định dạng tệp ghi ra (mặc định ["xlsx"]). / File formats written (default ["xlsx"]).' }),
        outDir: z.string().min(1).optional().meta({ description: 'Thư mục ghi báo cáo (mặc định edusync-reports cạnh kho). / Folder for the reports (default edusync-reports beside the store).' }),
      })
      .optional()
      .meta({ description: '`run`: lập báo cáo TT24/TT25 sau khi nhập (lưu vào kho khi import.apply). / `run`: build the TT24/TT25 report after the import (kept in the store when import.apply).' }),
    push: z
      .strictObject({
        $comment: comment,
        target: z.string().min(1).meta({ description: 'Tên một điểm nhận trong targets[]. / Name of a target in targets[].' }),
      })
      .optional()
      .meta({ description: '`run`: gửi lên điểm nhận sau khi nhập; chỉ gửi thật khi import.apply, nếu không chỉ lập kế hoạch. / `run`: push to the target after the import; sends only when import.apply, else plans only.' }),
    lock: z
      .strictObject({
        $comment: comment,
        path: z.string().min(1).optional().meta({ description: 'Tệp khoá để hai lần chạy không chồng nhau (mặc định <kho>.lock). / Lock file so two runs never overlap (default <store>.lock).' }),
      })
      .optional(),
  })
  .superRefine((config, ctx) => {
    if (config.schools !== undefined && config.inputs !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['inputs'], message: 'schools-and-inputs' satisfies ConfigMessageKey });
    }
    const seen = new Set<string>();
    config.schools?.forEach((school, i) => {
      if (seen.has(school.id)) ctx.addIssue({ code: 'custom', path: ['schools', i, 'id'], message: 'duplicate-school' satisfies ConfigMessageKey });
      seen.add(school.id);
    });
    const names = new Set<string>();
    config.targets?.forEach((target, i) => {
      if (names.has(target.name)) ctx.addIssue({ code: 'custom', path: ['targets', i, 'name'], message: 'duplicate-target' satisfies ConfigMessageKey });
      names.add(target.name);
    });
  })
  .meta({
    title: 'edusync.config.json',
    description: 'Cấu hình của edusync (lệnh run). / edusync configuration (the run command).',
  });

/** The config file as written (every field optional; defaults are applied by loadConfig). */
export type ConfigFile = z.infer<typeof configSchema>;
export type SchoolConfig = z.infer<typeof schoolSchema>;
export type TargetConfig = z.infer<typeof targetSchema>;
export type TemplateExportConfigFile = z.infer<typeof templateExportSchema>;

/** The JSON Schema of `edusync.config.json`, as committed in `schemas/config.schema.json`. */
export function renderConfigJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
