/**
 * Opening the database for reading, for the commands that only look (`history`, `diff`); where
 * it is comes from `../db-path.ts`. They open the store read-only, so they never create, migrate or lock it for writing.
 */
import { requireDatabase } from '../db-path.js';
import { openStore } from '../db.js';
import type { Store } from '../types.js';

export { DEFAULT_DB_FILE, resolveDbPath } from '../db-path.js';

/** Opens the store read-only; a missing file is a StateError (exit 5) that says what to do. */
export function openStoreForReading(path: string): Store {
  requireDatabase(path);
  return openStore(path, { readonly: true });
}
