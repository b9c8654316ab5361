/**
 * Loads the configuration of `edusync run` (design §4): defaults < config file < EDUSYNC_*
 * environment variables < flags. Paths in the file are relative to the file's folder; paths from
 * the environment or flags are relative to the working directory (as the user typed them).
 * Secrets never come from the file or flags: the file may only name the environment variable that
 * holds a token (`targets[].tokenEnv`), and a key that looks like a secret is refused.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { todayIso } from '../rules/utils/values.js';
import { dirname, join, resolve } from 'node:path';
import type { z } from 'zod';
import { ConfigError, type Bilingual, type Locale } from '../errors.js';
import { configSchema, PERIOD_PATTERN, RULE_SET_PATTERN, type ConfigFile, type ConfigMessageKey, type TargetConfig } from './schema.js';

export const CONFIG_FILE_NAME = 'edusync.config.json';

export type ConfigOrigin = 'default' | 'file' | 'env' | 'flag';
export type ConfigKey = 'locale' | 'store' | 'period' | 'ruleSet' | 'apply' | 'logFormat' | 'summaryDir' | 'lock';

/** Flags of `edusync run` that override the config (undefined = not given). */
export interface ConfigFlags {
  db?: string | undefined;
  period?: string | undefined;
  ruleSet?: string | undefined;
  lang?: Locale | undefined;
  logFormat?: 'text' | 'json' | undefined;
  summaryDir?: string | undefined;
  lock?: string | undefined;
  /** `--apply` (true) or `--dry-run` (false): the flag wins over the environment and the file. */
  apply?: boolean | undefined;
}

/** Environment variables read, each overriding one config key. */
export const CONFIG_ENV = {
  EDUSYNC_CONFIG: 'config file',
  EDUSYNC_DB: 'store.path',
  EDUSYNC_PERIOD: 'period',
  EDUSYNC_LANG: 'locale',
  EDUSYNC_RULE_SET: 'ruleSet',
  EDUSYNC_APPLY: 'import.apply',
  EDUSYNC_LOG_FORMAT: 'log.format',
  EDUSYNC_SUMMARY_DIR: 'log.summaryDir',
  EDUSYNC_LOCK: 'lock.path',
} as const;

export interface ResolvedSchool {
  /** Mã trường; undefined for top-level `inputs` (the school then comes from each file's Mã trường column). */
  id?: string | undefined;
  name?: string | undefined;
  inputs: string[];
}

/** The configuration with every default applied and every path absolute. */
export interface ResolvedConfig {
  locale: Locale;
  storePath: string;
  period: string;
  ruleSet?: string | undefined;
  schools: ResolvedSchool[];
  apply: boolean;
  log: { format: 'text' | 'json'; summaryDir: string };
  targets: TargetConfig[];
  /** Later stages of `run`, as configured (paths absolute); absent: the stage is not configured. */
  stages: {
    reconcile?: Array<{ left: string; right: string; out?: string | undefined; decisions?: string | undefined }> | undefined;
    report?: { period?: string | undefined; level: 'school' | 'commune' | 'province'; formats: Array<'xlsx' | 'json' | 'csv' | 'html'>; outDir: string } | undefined;
    push?: { target: string } | undefined;
  };
  lockPath: string;
  /** Folder the inputs are relative to: the config file's folder, or the working directory. */
  baseDir: string;
}

export interface ConfigSource {
  /** The config file read (absolute), or null when there is none. */
  file: string | null;
  origins: Record<ConfigKey, ConfigOrigin>;
}

export interface LoadConfigOptions {
  /** `--config FILE`; else EDUSYNC_CONFIG; else ./edusync.config.json when present. */
  configPath?: string | undefined;
  env?: NodeJS.ProcessEnv | undefined;
  flags?: ConfigFlags | undefined;
  cwd?: string | undefined;
  /** yyyy-mm-dd taken as today (the default period is its month). */
  today?: string | undefined;
}

/** Something the user should fix that does not stop the run; `code` is what JSON logs carry. */
export interface ConfigWarning extends Bilingual {
  code: 'token-env-unset' | 'config-writable-by-others';
}

export interface LoadedConfig {
  config: ResolvedConfig;
  source: ConfigSource;
  warnings: ConfigWarning[];
}

const CONFIG_MESSAGES: Record<ConfigMessageKey, Bilingual> = {
  period: { vi: 'cần dạng YYYY-MM, ví dụ 2025-10', en: 'expected YYYY-MM, e.g. 2025-10' },
  'rule-set': { vi: 'cần năm học dạng YYYY-YYYY, ví dụ 2025-2026', en: 'expected a school year YYYY-YYYY, e.g. 2025-2026' },
  'https-only': {
    vi: 'điểm nhận phải dùng https (http chỉ được dùng cho 127.0.0.1/localhost)',
    en: 'the endpoint must use https (http is allowed only on 127.0.0.1/localhost)',
  },
  url: { vi: 'không phải địa chỉ http(s) hợp lệ', en: 'not a valid http(s) URL' },
  'schools-and-inputs': {
    vi: 'dùng "schools" (mỗi trường có "inputs" riêng) hoặc "inputs" ở cấp trên cùng, không dùng cả hai',
    en: 'use "schools" (each with its own "inputs") or a top-level "inputs", not both',
  },
  'duplicate-school': { vi: 'mã trường bị lặp', en: 'duplicate school id' },
  'duplicate-target': { vi: 'tên điểm nhận bị lặp', en: 'duplicate target name' },
};

const SECRET_KEY = /^(token|access_?token|password|passwd|secret|client_?secret|api_?key|authorization)$/i;

function currentMonth(today: string | undefined): string {
  return (today ?? todayIso()).slice(0, 7);
}

/** `schools[1].inputs[0]`, or `(root)`. */
export function formatJsonPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      const key = String(part);
      out += /^[A-Za-z_$][\w$]*$/.test(key) ? (out ? `.${key}` : key) : `[${JSON.stringify(key)}]`;
    }
  }
  return out || '(root)';
}

function valueAt(raw: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v = raw;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): Bilingual {
  if (Object.hasOwn(CONFIG_MESSAGES, issue.message)) return CONFIG_MESSAGES[issue.message as ConfigMessageKey];
  switch (issue.code) {
    case 'invalid_type':
      return valueAt(raw, issue.path) === undefined
        ? { vi: 'thiếu giá trị bắt buộc', en: 'required value missing' }
        : { vi: `sai kiểu: cần ${issue.expected}`, en: `wrong type: expected ${issue.expected}` };
    case 'unrecognized_keys':
      return {
        vi: `khoá không được hỗ trợ: ${issue.keys.join(', ')} (viết sai tên?)`,
        en: `unsupported key(s): ${issue.keys.join(', ')} (misspelt?)`,
      };
    case 'invalid_value':
      return {
        vi: `giá trị không hợp lệ: chọn một trong ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
        en: `invalid value: choose one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'too_small':
      return issue.origin === 'array'
        ? { vi: `cần ít nhất ${String(issue.minimum)} mục`, en: `needs at least ${String(issue.minimum)} item(s)` }
        : { vi: 'không được để trống', en: 'must not be empty' };
    case 'invalid_format':
      return { vi: `sai định dạng (${issue.format})`, en: `wrong format (${issue.format})` };
    case 'invalid_union':
      return { vi: 'sai kiểu: cần một chuỗi hoặc danh sách chuỗi', en: 'wrong type: expected a string or a list of strings' };
    default:
      return { vi: issue.message, en: issue.message };
  }
}

function configError(file: string, path: ReadonlyArray<PropertyKey>, text: Bilingual): ConfigError {
  const at = formatJsonPath(path);
  return new ConfigError({
    vi: `Cấu hình ${file} không hợp lệ tại ${at}: ${text.vi}.`,
    en: `Invalid config ${file} at ${at}: ${text.en}.`,
  });
}

function findSecretKey(value: unknown, path: PropertyKey[] = []): PropertyKey[] | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findSecretKey(value[i], [...path, i]);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (SECRET_KEY.test(key)) return [...path, key];
      const found = findSecretKey(child, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/** Reads and validates a config file (no defaults applied). Throws ConfigError naming the file and the JSON path. */
export function readConfigFile(file: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
    throw new ConfigError(
      code === 'ENOENT'
        ? { vi: `Không tìm thấy tệp cấu hình ${file} (tạo bằng: edusync init).`, en: `Config file ${file} not found (create one with: edusync init).` }
        : { vi: `Không đọc được tệp cấu hình ${file} (${code}).`, en: `Cannot read config file ${file} (${code}).` },
      { cause: error },
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      { vi: `Tệp cấu hình ${file} không phải JSON hợp lệ: ${detail}.`, en: `Config file ${file} is not valid JSON: ${detail}.` },
      { cause: error },
    );
  }
  const secret = findSecretKey(raw);
  if (secret) {
    throw configError(file, secret, {
      vi: 'không ghi bí mật (mã truy cập, mật khẩu) vào tệp cấu hình: đặt nó trong một biến môi trường và ghi TÊN biến vào "tokenEnv"',
      en: 'secrets (tokens, passwords) do not belong in the config file: put it in an environment variable and name that variable in "tokenEnv"',
    });
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw configError(file, issue.path, describeIssue(issue, raw));
  }
  return parsed.data;
}

/** Where the config is: --config, else EDUSYNC_CONFIG, else ./edusync.config.json when it exists. */
export function findConfigFile(configPath: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string | null {
  if (configPath) return resolve(cwd, configPath);
  const fromEnv = env.EDUSYNC_CONFIG;
  if (fromEnv) return resolve(cwd, fromEnv);
  const local = join(cwd, CONFIG_FILE_NAME);
  return existsSync(local) ? local : null;
}

function envError(name: string, value: string, text: Bilingual): ConfigError {
  return new ConfigError({
    vi: `Biến môi trường ${name}="${value}" không hợp lệ: ${text.vi}.`,
    en: `Environment variable ${name}="${value}" is invalid: ${text.en}.`,
  });
}

function flagError(flag: string, value: string, text: Bilingual): ConfigError {
  return new ConfigError({ vi: `${flag} "${value}" không hợp lệ: ${text.vi}.`, en: `${flag} "${value}" is invalid: ${text.en}.` });
}

function parseBoolean(name: string, value: string): boolean {
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw envError(name, value, { vi: 'cần true hoặc false', en: 'expected true or false' });
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[], error: typeof envError): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw error(name, value, { vi: `chọn một trong ${allowed.join(', ')}`, en: `choose one of ${allowed.join(', ')}` });
}

function pattern(name: string, value: string, re: RegExp, key: ConfigMessageKey, error: typeof envError): string {
  if (!re.test(value)) throw error(name, value, CONFIG_MESSAGES[key]);
  return value;
}

/** Non-empty environment value (an empty variable counts as unset, as cron files often export X=). */
function envValue(env: NodeJS.ProcessEnv, name: keyof typeof CONFIG_ENV): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const flags = options.flags ?? {};
  const cwd = options.cwd ?? process.cwd();
  const warnings: ConfigWarning[] = [];
  const file = findConfigFile(options.configPath, env, cwd);
  const fromFile: ConfigFile = file ? readConfigFile(file) : {};
  const baseDir = file ? dirname(file) : cwd;
  const origins: Record<ConfigKey, ConfigOrigin> = {
    locale: 'default',
    store: 'default',
    period: 'default',
    ruleSet: 'default',
    apply: 'default',
    logFormat: 'default',
    summaryDir: 'default',
    lock: 'default',
  };

  /** Picks flag > env > file > default for one key and records where it came from. */
  function pick<T>(key: ConfigKey, layers: { file?: T | undefined; env?: T | undefined; flag?: T | undefined }, fallback: T): T {
    if (layers.flag !== undefined) {
      origins[key] = 'flag';
      return layers.flag;
    }
    if (layers.env !== undefined) {
      origins[key] = 'env';
      return layers.env;
    }
    if (layers.file !== undefined) {
      origins[key] = 'file';
      return layers.file;
    }
    return fallback;
  }

  const e = (name: keyof typeof CONFIG_ENV): string | undefined => envValue(env, name);
  const envLang = e('EDUSYNC_LANG');
  const envLogFormat = e('EDUSYNC_LOG_FORMAT');
  const envPeriod = e('EDUSYNC_PERIOD');
  const envRuleSet = e('EDUSYNC_RULE_SET');
  const envApply = e('EDUSYNC_APPLY');
  const envDb = e('EDUSYNC_DB');
  const envSummary = e('EDUSYNC_SUMMARY_DIR');
  const envLock = e('EDUSYNC_LOCK');

  const locale = pick<Locale>(
    'locale',
    { file: fromFile.locale, env: envLang === undefined ? undefined : oneOf('EDUSYNC_LANG', envLang, ['vi', 'en'] as const, envError), flag: flags.lang },
    'vi',
  );
  const storePath = pick(
    'store',
    {
      file: fromFile.store?.path === undefined ? undefined : resolve(baseDir, fromFile.store.path),
      env: envDb === undefined ? undefined : resolve(cwd, envDb),
      flag: flags.db === undefined ? undefined : resolve(cwd, flags.db),
    },
    join(baseDir, 'edusync.db'),
  );
  const period = pick(
    'period',
    {
      file: fromFile.period,
      env: envPeriod === undefined ? undefined : pattern('EDUSYNC_PERIOD', envPeriod, PERIOD_PATTERN, 'period', envError),
      flag: flags.period === undefined ? undefined : pattern('--period', flags.period, PERIOD_PATTERN, 'period', flagError),
    },
    currentMonth(options.today),
  );
  const ruleSet = pick<string | undefined>(
    'ruleSet',
    {
      file: fromFile.ruleSet,
      env: envRuleSet === undefined ? undefined : pattern('EDUSYNC_RULE_SET', envRuleSet, RULE_SET_PATTERN, 'rule-set', envError),
      flag: flags.ruleSet === undefined ? undefined : pattern('--rule-set', flags.ruleSet, RULE_SET_PATTERN, 'rule-set', flagError),
    },
    undefined,
  );
  const apply = pick(
    'apply',
    { file: fromFile.import?.apply, env: envApply === undefined ? undefined : parseBoolean('EDUSYNC_APPLY', envApply), flag: flags.apply },
    false,
  );
  const logFormat = pick<'text' | 'json'>(
    'logFormat',
    {
      file: fromFile.log?.format,
      env: envLogFormat === undefined ? undefined : oneOf('EDUSYNC_LOG_FORMAT', envLogFormat, ['text', 'json'] as const, envError),
      flag: flags.logFormat,
    },
    'text',
  );
  const summaryDir = pick(
    'summaryDir',
    {
      file: fromFile.log?.summaryDir === undefined ? undefined : resolve(baseDir, fromFile.log.summaryDir),
      env: envSummary === undefined ? undefined : resolve(cwd, envSummary),
      flag: flags.summaryDir === undefined ? undefined : resolve(cwd, flags.summaryDir),
    },
    join(dirname(storePath), 'edusync-runs'),
  );
  const lockPath = pick(
    'lock',
    {
      file: fromFile.lock?.path === undefined ? undefined : resolve(baseDir, fromFile.lock.path),
      env: envLock === undefined ? undefined : resolve(cwd, envLock),
      flag: flags.lock === undefined ? undefined : resolve(cwd, flags.lock),
    },
    `${storePath}.lock`,
  );

  const schools: ResolvedSchool[] = fromFile.schools
    ? fromFile.schools.map((s) => ({ id: s.id, name: s.name, inputs: s.inputs }))
    : fromFile.inputs
      ? [{ inputs: fromFile.inputs }]
      : [];

  const targets = fromFile.targets ?? [];
  for (const target of targets) {
    if (target.tokenEnv !== undefined && !envValue(env, target.tokenEnv as keyof typeof CONFIG_ENV)) {
      warnings.push({
        code: 'token-env-unset',
        vi: `Điểm nhận "${target.name}": biến môi trường ${target.tokenEnv} chưa được đặt.`,
        en: `Target "${target.name}": environment variable ${target.tokenEnv} is not set.`,
      });
    }
  }
  if (file) {
    try {
      if ((statSync(file).mode & 0o022) !== 0) {
        warnings.push({
          code: 'config-writable-by-others',
          vi: `Tệp cấu hình ${file} cho phép người khác sửa (chmod 600 hoặc 644).`,
          en: `Config file ${file} is writable by others (chmod 600 or 644).`,
        });
      }
    } catch {
      /* already read above; a race here is harmless */
    }
  }

  if (fromFile.push !== undefined && !targets.some((t) => t.name === fromFile.push!.target)) {
    throw new ConfigError({
      vi: `push.target "${fromFile.push.target}" không có trong targets[] của ${file ?? 'cấu hình'}.`,
      en: `push.target "${fromFile.push.target}" is not in targets[] of ${file ?? 'the configuration'}.`,
    });
  }
  const stages: ResolvedConfig['stages'] = {
    reconcile: fromFile.reconcile?.map((r) => ({
      left: resolve(baseDir, r.left),
      right: resolve(baseDir, r.right),
      out: r.out === undefined ? undefined : resolve(baseDir, r.out),
      decisions: r.decisions === undefined ? undefined : resolve(baseDir, r.decisions),
    })),
    report:
      fromFile.report === undefined
        ? undefined
        : {
            period: fromFile.report.period,
            level: fromFile.report.level ?? 'school',
            formats: fromFile.report.formats ?? ['xlsx'],
            outDir: fromFile.report.outDir === undefined ? join(dirname(storePath), 'edusync-reports') : resolve(baseDir, fromFile.report.outDir),
          },
    push: fromFile.push === undefined ? undefined : { target: fromFile.push.target },
  };

  return {
    config: { locale, storePath, period, ruleSet, schools, apply, log: { format: logFormat, summaryDir }, targets, stages, lockPath, baseDir },
    source: { file, origins },
    warnings,
  };
}
