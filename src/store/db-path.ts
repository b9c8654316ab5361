/**
 * Where the database is, for every command: `--db FILE`, else `EDUSYNC_DB`, else `edusync.db` in
 * the current folder. (`run` takes it from the config instead, which EDUSYNC_DB also overrides.)
 */
import { resolve } from 'node:path';

export const DEFAULT_DB_FILE = 'edusync.db';

export function resolveDbPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const chosen = flag !== undefined && flag !== '' ? flag : env.EDUSYNC_DB !== undefined && env.EDUSYNC_DB !== '' ? env.EDUSYNC_DB : DEFAULT_DB_FILE;
  return resolve(cwd, chosen);
}
