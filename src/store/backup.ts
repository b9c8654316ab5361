/**
 * `edusync backup`: a consistent online copy made with SQLite's backup API (better-sqlite3
 * `db.backup()`), page by page, while other connections keep reading (and writing: the copy restarts
 * from the changed pages as SQLite requires, and still ends as one consistent state).
 *
 * The copy is written to `<dest>.tmp-<pid>` (0600), then renamed over `dest`, so `dest` is either
 * absent, the previous file, or a complete copy. The copy passes `PRAGMA quick_check` before it is
 * renamed: opening a big store skips that check (db.ts), so backup is where damage is found before
 * it is copied into the one file meant to survive it.
 */
import { chmodSync, closeSync, existsSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase } from './sqlite.js';
import { EdusyncError, StateError } from '../errors.js';
import { quickCheck, stateErrorFor } from './db.js';
import { isSqliteBacked } from './internal.js';
import type { Store } from './types.js';

export interface BackupOptions {
  /** Replace an existing `dest` (default: refuse). */
  overwrite?: boolean;
  /** Pages copied per step (default 1024); between steps the event loop and other readers run. */
  pagesPerStep?: number;
  /** Called between steps with the progress so far (for a progress bar). */
  onStep?: (copied: number, total: number) => void;
}

export interface BackupResult {
  path: string;
  bytes: number;
  totalPages: number;
}

/** A backup goes to a file: a folder named as its destination is refused, even with overwriting allowed. */
export function refuseFolder(dest: string): void {
  let folder = false;
  try {
    folder = statSync(dest).isDirectory();
  } catch {
    // Nothing there (or not readable): the copy itself says what is wrong.
  }
  if (folder) {
    throw new StateError({
      vi: `${dest} là một thư mục, không phải tệp: hãy cho tên tệp của bản sao lưu (ví dụ ${join(dest, 'ban-sao.db')}).`,
      en: `${dest} is a folder, not a file: give the backup's file name (e.g. ${join(dest, 'backup.db')}).`,
    });
  }
}

export async function backupStore(source: Store | string, dest: string, options: BackupOptions = {}): Promise<BackupResult> {
  const label = typeof source === 'string' ? source : source.location;
  refuseFolder(dest);
  if (existsSync(dest) && !(options.overwrite ?? false)) {
    throw new StateError({
      vi: `Tệp ${dest} đã có; chọn tên khác hoặc cho phép ghi đè.`,
      en: `${dest} already exists; choose another name or allow overwriting.`,
    });
  }
  let db: Database.Database;
  let own = false;
  if (typeof source === 'string') {
    if (!existsSync(source)) {
      throw new StateError({ vi: `Không có cơ sở dữ liệu ${source}.`, en: `There is no database at ${source}.` });
    }
    try {
      db = openDatabase(source, { readonly: true, fileMustExist: true });
      db.pragma('schema_version'); // fails here on a file that is not SQLite
    } catch (error) {
      throw stateErrorFor(error, source);
    }
    own = true;
  } else {
    if (!isSqliteBacked(source) || !source.open) {
      throw new StateError({ vi: 'Kho dữ liệu không mở hoặc không phải SQLite.', en: 'The store is closed or not SQLite.' });
    }
    db = source.db;
  }
  const tmp = `${dest}.tmp-${process.pid}`;
  try {
    rmSync(tmp, { force: true });
    closeSync(openSync(tmp, 'wx', 0o600));
    chmodSync(tmp, 0o600);
    const pages = Math.max(1, Math.trunc(options.pagesPerStep ?? 1024));
    const onStep = options.onStep;
    const result = await db.backup(tmp, {
      progress: ({ totalPages, remainingPages }) => {
        onStep?.(totalPages - remainingPages, totalPages);
        return pages;
      },
    });
    chmodSync(tmp, 0o600);
    const copy = openDatabase(tmp, { readonly: true, fileMustExist: true });
    try {
      quickCheck(copy, label);
    } finally {
      copy.close();
      // The copy carries the source's WAL flag, so reading it made an empty -wal and -shm.
      rmSync(`${tmp}-wal`, { force: true });
      rmSync(`${tmp}-shm`, { force: true });
    }
    renameSync(tmp, dest);
    return { path: dest, bytes: statSync(dest).size, totalPages: result.totalPages };
  } catch (error) {
    rmSync(tmp, { force: true });
    rmSync(`${tmp}-journal`, { force: true });
    if (error instanceof EdusyncError) throw error;
    throw stateErrorFor(error, label);
  } finally {
    if (own) db.close();
  }
}
