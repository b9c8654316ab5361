/**
 * Logs of `edusync run` on stderr (design §4, §6). `json`: one object a line,
 * `{ time, level, stage, event, …counts }`, for cron and log collectors; `text`: one short line
 * for people.
 *
 * Privacy by construction: a log field is a number, a boolean, null, or a `LogToken` — a string
 * that the caller vouched for with `token()` (rule codes, reason codes, hash prefixes, periods,
 * ISO times). Names, personal IDs, cell values and file paths (which can hold a school's name)
 * have no way in: files are logged by index and a sha256 prefix of their content, schools by
 * their position in the config.
 */
import type { Locale } from '../errors.js';

declare const safe: unique symbol;
/** A string known to carry no personal data (a code, a hash prefix, a period, a time). */
export type LogToken = string & { readonly [safe]: true };
export type LogValue = number | boolean | null | LogToken | readonly LogToken[];
export type LogFields = Readonly<Record<string, LogValue>>;
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'text' | 'json';

/** Marks a string as safe to log. Use only for codes, hashes, periods and times — never for data. */
export function token(value: string): LogToken {
  return value as LogToken;
}

export interface RunLogger {
  log(level: LogLevel, stage: string, event: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  format: LogFormat;
  write: (line: string) => void;
  locale: Locale;
  now?: () => Date;
}

const TEXT_EVENTS: Record<string, { vi: string; en: string }> = {
  'run.start': { vi: 'bắt đầu', en: 'start' },
  'run.finish': { vi: 'kết thúc', en: 'finish' },
  'run.summary-written': { vi: 'đã ghi tóm tắt', en: 'summary written' },
  'run.signal': { vi: 'nhận tín hiệu dừng', en: 'stop signal received' },
  'lock.acquired': { vi: 'đã giữ khoá', en: 'lock acquired' },
  'lock.stale-taken-over': { vi: 'đã thay khoá cũ của một tiến trình đã chết', en: 'took over a stale lock from a dead process' },
  'lock.released': { vi: 'đã nhả khoá', en: 'lock released' },
  'store.abandoned-runs': { vi: 'đánh dấu các lần chạy bị ngắt', en: 'marked interrupted runs' },
  'import.school-start': { vi: 'trường', en: 'school' },
  'import.file': { vi: 'tệp', en: 'file' },
  'import.unreadable': { vi: 'tệp không đọc được', en: 'unreadable file' },
  'import.no-input': { vi: 'không có tệp đầu vào khớp', en: 'no input file matches' },
  'import.school-done': { vi: 'xong trường', en: 'school done' },
  'import.school-failed': { vi: 'trường thất bại', en: 'school failed' },
};

function textValue(v: LogValue): string {
  if (Array.isArray(v)) return v.join(',');
  return String(v);
}

const RESERVED = new Set(['time', 'level', 'stage', 'event']);

/** A field named like one of the line's own keys would overwrite it (a report's "level" did): it is renamed, not lost. */
function safeFields(fields: LogFields): LogFields {
  if (!Object.keys(fields).some((k) => RESERVED.has(k))) return fields;
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [RESERVED.has(k) ? `${k}_` : k, v]));
}

export function createRunLogger(options: LoggerOptions): RunLogger {
  const now = options.now ?? (() => new Date());
  return {
    log(level, stage, event, given = {}) {
      const fields = safeFields(given);
      const time = now().toISOString();
      if (options.format === 'json') {
        options.write(`${JSON.stringify({ time, level, stage, event, ...fields })}\n`);
        return;
      }
      const label = TEXT_EVENTS[`${stage}.${event}`]?.[options.locale] ?? event;
      const parts = Object.entries(fields).map(([k, v]) => `${k}=${textValue(v)}`);
      const prefix = level === 'info' ? '' : `${level.toUpperCase()} `;
      options.write(`${time.slice(11, 19)} ${prefix}${stage}: ${label}${parts.length ? ` ${parts.join(' ')}` : ''}\n`);
    },
  };
}
