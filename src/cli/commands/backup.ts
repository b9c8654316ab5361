import { existsSync } from 'node:fs';
import { ExitCode, StateError } from '../../errors.js';
import { backupStore } from '../../store/backup.js';
import type { CliContext } from '../context.js';
import { emit } from '../output.js';

export interface BackupCliOptions {
  db: string;
  out: string;
  force?: boolean;
}

/** A consistent online copy (SQLite backup API): other readers and imports may go on meanwhile. */
export async function runBackup(options: BackupCliOptions, ctx: CliContext): Promise<ExitCode> {
  if (!existsSync(options.db)) {
    throw new StateError({
      vi: `Chưa có cơ sở dữ liệu ${options.db}: hãy chạy edusync import … --apply trước.`,
      en: `No database ${options.db} yet: run edusync import … --apply first.`,
    });
  }
  const result = await backupStore(options.db, options.out, { overwrite: options.force ?? false });
  const mb = (result.bytes / 1024 / 1024).toFixed(1);
  await emit(ctx, ctx.locale === 'vi' ? `Đã sao lưu ${options.db} → ${result.path} (${mb} MB).\n` : `Backed up ${options.db} → ${result.path} (${mb} MB).\n`, undefined);
  return ExitCode.Ok;
}
