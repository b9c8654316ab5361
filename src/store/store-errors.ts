/**
 * Driver and file-system errors of the store as StateErrors (exit 5) naming the database. Kept apart
 * from db.ts so that main.ts can map an escaped SQLite error without loading the native driver.
 */
import { EdusyncError, StateError } from '../errors.js';

export function notSqlite(path: string, cause?: unknown): StateError {
  return new StateError(
    {
      vi: `${path} không phải là cơ sở dữ liệu edusync (không phải tệp SQLite, hoặc tệp đã hỏng).`,
      en: `${path} is not an edusync database (not an SQLite file, or the file is damaged).`,
    },
    { cause },
  );
}

export function corrupt(path: string, detail: string, cause?: unknown): StateError {
  // quick_check's report spans lines ("*** in database main ***\nPage 12: …"): one line for stderr.
  detail = detail.replace(/\s+/g, ' ').trim();
  return new StateError(
    {
      vi: `Cơ sở dữ liệu ${path} bị hỏng (${detail}). Hãy khôi phục từ bản sao lưu (edusync backup, hoặc tệp .bak-v…).`,
      en: `The database ${path} is damaged (${detail}). Restore it from a backup (edusync backup, or a .bak-v… file).`,
    },
    { cause },
  );
}

/** The store this process opened last: what an SQLite error met later, mid-command, is about. */
let lastOpened: string | undefined;

export function noteOpened(path: string): void {
  lastOpened = path;
}

/**
 * An SQLite error that escaped a command (damage met in a store too big to quick_check at open, a
 * full disk mid-import) as the StateError naming the database; undefined for anything else, which
 * stays a bug report.
 */
export function storeFailure(error: unknown): EdusyncError | undefined {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  if (!code.startsWith('SQLITE_') || lastOpened === undefined) return undefined;
  return stateErrorFor(error, lastOpened);
}

/** Turns driver and file-system errors into a StateError; keeps edusync's own errors. */
export function stateErrorFor(error: unknown, path: string): EdusyncError {
  if (error instanceof EdusyncError) return error;
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  if (code === 'SQLITE_NOTADB') return notSqlite(path, error);
  if (code.startsWith('SQLITE_CORRUPT')) return corrupt(path, code, error);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StateError(
      {
        vi: `Cơ sở dữ liệu ${path} đang bị một tiến trình khác khoá; hãy thử lại sau.`,
        en: `The database ${path} is locked by another process; try again later.`,
      },
      { cause: error },
    );
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'EPERM') {
    return new StateError(
      {
        vi: `Không mở được cơ sở dữ liệu ${path} để ghi (${code}): kiểm tra quyền của tệp và thư mục.`,
        en: `Cannot open the database ${path} for writing (${code}): check the permissions of the file and its folder.`,
      },
      { cause: error },
    );
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return new StateError(
      { vi: `Hết chỗ trên đĩa khi ghi ${path}.`, en: `The disk is full while writing ${path}.` },
      { cause: error },
    );
  }
  return new StateError(
    {
      vi: `Lỗi cơ sở dữ liệu ${path}: ${errorText(error)}`,
      en: `Database error in ${path}: ${errorText(error)}`,
    },
    { cause: error },
  );
}

export function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = 'code' in error ? ` (${String((error as { code: unknown }).code)})` : '';
    return `${error.message}${code}`;
  }
  return String(error);
}

