import { existsSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { ExitCode, StateError } from '../../errors.js';
import { fileSha256, recordAudit, storeContents } from '../../store/audit.js';
import { backupStore, refuseFolder } from '../../store/backup.js';
import { openStore } from '../../store/db.js';
import { requireDatabase, resolveDbPath } from '../../store/db-path.js';
import type { CliContext } from '../context.js';
import { emit } from '../output.js';

export interface BackupCliOptions {
  db?: string;
  out: string;
  force?: boolean;
  /** AES-256-GCM encrypted copy (key from --key-file or EDUSYNC_BACKUP_KEY). */
  encrypt?: boolean;
  keyFile?: string;
}

/**
 * A consistent online copy (SQLite backup API): other readers and imports may go on meanwhile.
 * With --encrypt the copy goes to a 0600 temporary file beside --out, is encrypted into --out and
 * the plaintext is deleted (also on failure). Every backup is recorded in the audit trail
 * (destination, SHA-256 of the written file, persons and field keys it carries).
 */
export async function runBackup(options: BackupCliOptions, ctx: CliContext): Promise<ExitCode> {
  const db = resolveDbPath(options.db);
  requireDatabase(db);
  const crypto = options.encrypt ? await import('../../store/crypto.js') : undefined;
  // The key is read (and checked) before anything is written.
  const key = crypto?.readBackupKey({ keyFile: options.keyFile });
  const overwrite = options.force ?? false;
  refuseFolder(options.out);
  if (existsSync(options.out) && !overwrite) {
    throw new StateError({
      vi: `Tệp ${options.out} đã có; chọn tên khác hoặc dùng --force.`,
      en: `${options.out} already exists; choose another name or use --force.`,
    });
  }
  const store = openStore(db);
  try {
    let bytes: number;
    if (crypto !== undefined && key !== undefined) {
      const plain = `${options.out}.plain-${process.pid}`;
      const sealed = `${options.out}.enc-${process.pid}`;
      try {
        await backupStore(store, plain, { overwrite: true });
        rmSync(sealed, { force: true });
        await crypto.encryptFile(plain, sealed, key);
        renameSync(sealed, options.out);
      } finally {
        rmSync(plain, { force: true });
        rmSync(sealed, { force: true });
      }
      const { statSync } = await import('node:fs');
      bytes = statSync(options.out).size;
    } else {
      bytes = (await backupStore(store, options.out, { overwrite })).bytes;
    }
    const contents = storeContents(store);
    const sha = await fileSha256(options.out);
    try {
      recordAudit(store, {
        command: 'backup',
        action: 'backup',
        destination: resolve(options.out),
        fileSha256: sha,
        recordCount: contents.persons,
        fields: contents.fields,
      });
    } catch (error) {
      // No copy of the children's data without its audit record.
      rmSync(options.out, { force: true });
      throw error;
    }
    const mb = (bytes / 1024 / 1024).toFixed(1);
    const enc = options.encrypt ? (ctx.locale === 'vi' ? ', đã mã hoá AES-256-GCM' : ', encrypted with AES-256-GCM') : '';
    await emit(ctx, ctx.locale === 'vi' ? `Đã sao lưu ${db} → ${options.out} (${mb} MB${enc}).\n` : `Backed up ${db} → ${options.out} (${mb} MB${enc}).\n`, undefined);
    return ExitCode.Ok;
  } finally {
    store.close();
  }
}
