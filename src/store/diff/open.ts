/**
 * Opening the database for reading, for the commands that only look (`history`, `diff`); where
 * it is comes from `../db-path.ts`. They open the store read-only, so they never create, migrate or lock it for writing.
 */
import { existsSync } from 'node:fs';
import { StateError } from '../../errors.js';
import { openStore } from '../db.js';
import type { Store } from '../types.js';

export { DEFAULT_DB_FILE, resolveDbPath } from '../db-path.js';

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
