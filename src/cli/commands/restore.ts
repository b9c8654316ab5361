/**
 * `edusync restore --decrypt --in FILE --out FILE [--key-file FILE]`: decrypts an encrypted backup
 * (`backup --encrypt`) into a new 0600 SQLite file and checks it (`PRAGMA integrity_check`), so a
 * school can prove its backups restore. The AES-GCM tag is verified: a wrong key or a changed byte
 * is a clear error (exit 5) and no output file is left behind. The live database is never touched:
 * to restore, stop edusync and put the checked file in its place.
 */
import { existsSync, rmSync } from 'node:fs';
import { openDatabase } from '../../store/sqlite.js';
import { ExitCode, StateError, UsageError } from '../../errors.js';
import { decryptFile, isEncryptedBackup, readBackupKey } from '../../store/crypto.js';
import type { CliContext } from '../context.js';
import { emit } from '../output.js';

export interface RestoreCliOptions {
  in: string;
  out: string;
  decrypt?: boolean;
  keyFile?: string;
  force?: boolean;
}

export async function runRestore(options: RestoreCliOptions, ctx: CliContext): Promise<ExitCode> {
  const vi = ctx.locale === 'vi';
  if (!options.decrypt) {
    throw new UsageError({
      vi: 'restore hiện chỉ giải mã bản sao lưu mã hoá: dùng --decrypt --in TỆP --out TỆP.',
      en: 'restore only decrypts an encrypted backup for now: use --decrypt --in FILE --out FILE.',
    });
  }
  if (!existsSync(options.in)) {
    throw new StateError({ vi: `Không có tệp ${options.in}.`, en: `There is no file ${options.in}.` });
  }
  if (!isEncryptedBackup(options.in)) {
    throw new StateError({
      vi: `${options.in} không phải bản sao lưu mã hoá của edusync (thiếu phần đầu EDUSYNC-BACKUP-1).`,
      en: `${options.in} is not an edusync encrypted backup (no EDUSYNC-BACKUP-1 header).`,
    });
  }
  const key = readBackupKey({ keyFile: options.keyFile });
  if (existsSync(options.out)) {
    if (!options.force) {
      throw new StateError({
        vi: `Tệp ${options.out} đã có; chọn tên khác hoặc dùng --force.`,
        en: `${options.out} already exists; choose another name or use --force.`,
      });
    }
    rmSync(options.out, { force: true });
  }
  try {
    await decryptFile(options.in, options.out, key);
  } catch (error) {
    rmSync(options.out, { force: true });
    throw error;
  }
  let check: string;
  let tables: number;
  try {
    // Opened for writing (nothing is written) so that closing removes the -wal/-shm files SQLite makes.
    const db = openDatabase(options.out, { fileMustExist: true });
    try {
      check = (db.pragma('integrity_check(5)') as Array<Record<string, unknown>>).map((r) => String(Object.values(r)[0])).join('; ');
      tables = Number(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get());
    } finally {
      db.close();
    }
  } catch (error) {
    rmSync(options.out, { force: true });
    throw new StateError(
      { vi: `Tệp giải mã từ ${options.in} không phải cơ sở dữ liệu SQLite dùng được.`, en: `The file decrypted from ${options.in} is not a usable SQLite database.` },
      { cause: error },
    );
  }
  if (check !== 'ok') {
    throw new StateError({
      vi: `Đã giải mã ${options.in} → ${options.out} nhưng kiểm tra toàn vẹn không đạt: ${check}.`,
      en: `Decrypted ${options.in} → ${options.out} but the integrity check failed: ${check}.`,
    });
  }
  await emit(
    ctx,
    vi
      ? `Đã giải mã và kiểm tra ${options.in} → ${options.out}: thẻ xác thực đúng, integrity_check ok, ${tables} bảng.\n`
      : `Decrypted and checked ${options.in} → ${options.out}: authentication tag valid, integrity_check ok, ${tables} tables.\n`,
    undefined,
  );
  return ExitCode.Ok;
}
