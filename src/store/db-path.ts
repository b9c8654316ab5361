/**
 * Where the database is, for every command: `--db FILE`, else `EDUSYNC_DB`, else `edusync.db` in
 * the current folder. (`run` takes it from the config instead, which EDUSYNC_DB also overrides.)
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { StateError } from '../errors.js';

export const DEFAULT_DB_FILE = 'edusync.db';

export function resolveDbPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const chosen = flag !== undefined && flag !== '' ? flag : env.EDUSYNC_DB !== undefined && env.EDUSYNC_DB !== '' ? env.EDUSYNC_DB : DEFAULT_DB_FILE;
  return resolve(cwd, chosen);
}

/**
 * The database a command reads must already exist (only `import --apply` and `run` create one): a
 * StateError (exit 5) that says what to do. One message for every command.
 */
export function requireDatabase(path: string): void {
  if (existsSync(path)) return;
  throw new StateError({
    vi: `Chưa có cơ sở dữ liệu ${path}: hãy chạy edusync import … --apply trước (hoặc chỉ đúng tệp bằng --db hay EDUSYNC_DB).`,
    en: `no database yet at ${path}: run edusync import … --apply first (or point --db or EDUSYNC_DB at the right file).`,
  });
}
