/**
 * Where the database is and opening it for reading, for the commands that only look
 * (`history`, `diff`): `--db FILE`, else `EDUSYNC_DB`, else `edusync.db` in the current folder.
 * They open the store read-only, so they never create, migrate or lock it for writing.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { StateError } from '../../errors.js';
import { openStore } from '../db.js';
import type { Store } from '../types.js';

export const DEFAULT_DB_FILE = 'edusync.db';

export function resolveDbPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const chosen = flag !== undefined && flag !== '' ? flag : env.EDUSYNC_DB !== undefined && env.EDUSYNC_DB !== '' ? env.EDUSYNC_DB : DEFAULT_DB_FILE;
  return resolve(cwd, chosen);
}

/** Opens the store read-only; a missing file is a StateError (exit 5) that says what to do. */
export function openStoreForReading(path: string): Store {
  if (!existsSync(path)) {
    throw new StateError({
      vi: `Chưa có cơ sở dữ liệu ${path}: hãy chạy edusync import … --apply trước (hoặc chỉ đúng tệp bằng --db hay EDUSYNC_DB).`,
      en: `no database yet at ${path}: run edusync import … --apply first (or point --db or EDUSYNC_DB at the right file).`,
    });
  }
  return openStore(path, { readonly: true });
}
