/**
 * Encrypted backups (issue 9 item 4): AES-256-GCM over the SQLite file, streamed with node:crypto.
 *
 * File layout (all of the header is authenticated as GCM additional data, so a changed KDF
 * parameter, salt or IV fails the tag check like a changed ciphertext byte):
 *
 *   offset  size  field
 *   0       16    magic "EDUSYNC-BACKUP-1"
 *   16      1     key kind: 0 = raw 32-byte key, 1 = passphrase through scrypt
 *   17      1     scrypt log2(N) (15), 0 for a raw key
 *   18      1     scrypt r (8), 0 for a raw key
 *   19      1     scrypt p (1), 0 for a raw key
 *   20      16    scrypt salt (random; zeros for a raw key)
 *   36      12    GCM IV (random)
 *   48      …     ciphertext
 *   end-16  16    GCM authentication tag
 *
 * The key comes from `--key-file FILE` or `EDUSYNC_BACKUP_KEY`, never from a flag's value (it would
 * show in `ps` and the shell history), and is never printed. Key text that is 64 hex digits, or
 * base64 of exactly 32 bytes, is the key itself; anything else is a passphrase (at least 12
 * characters) stretched with scrypt (N = 2^15, r = 8, p = 1) and the random salt of the header.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { StateError, UsageError } from '../errors.js';

export const BACKUP_MAGIC = Buffer.from('EDUSYNC-BACKUP-1', 'ascii');
export const HEADER_BYTES = 48;
const TAG_BYTES = 16;
const SCRYPT = { log2N: 15, r: 8, p: 1 } as const;
const MIN_PASSPHRASE = 12;

/** The key material as given: raw 32 bytes, or a passphrase to stretch. */
export type BackupKey = { kind: 'raw'; key: Buffer } | { kind: 'passphrase'; passphrase: Buffer };

export interface KeySourceOptions {
  keyFile?: string | undefined;
  env?: NodeJS.ProcessEnv | undefined;
}

/** Reads the key from `--key-file` or `EDUSYNC_BACKUP_KEY`; a UsageError (exit 2) when neither is set. */
export function readBackupKey(options: KeySourceOptions): BackupKey {
  let text: string;
  if (options.keyFile !== undefined && options.keyFile !== '') {
    try {
      text = readFileSync(options.keyFile, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new UsageError({
        vi: `Không đọc được tệp khoá ${options.keyFile} (${code}).`,
        en: `Cannot read the key file ${options.keyFile} (${code}).`,
      });
    }
  } else {
    const env = (options.env ?? process.env).EDUSYNC_BACKUP_KEY;
    if (env === undefined || env === '') {
      throw new UsageError({
        vi: 'Cần khoá mã hoá: --key-file TỆP hoặc biến môi trường EDUSYNC_BACKUP_KEY (32 byte ngẫu nhiên dạng hex/base64, hoặc một cụm mật khẩu ≥ 12 ký tự). Không nhận khoá trực tiếp trên dòng lệnh.',
        en: 'An encryption key is needed: --key-file FILE or the EDUSYNC_BACKUP_KEY environment variable (32 random bytes as hex/base64, or a passphrase of ≥ 12 characters). A key is never taken on the command line.',
      });
    }
    text = env;
  }
  return parseKey(text.replace(/\r?\n$/, '').trim());
}

export function parseKey(text: string): BackupKey {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return { kind: 'raw', key: Buffer.from(text, 'hex') };
  if (/^[A-Za-z0-9+/]{43}=$/.test(text) || /^[A-Za-z0-9_-]{43}$/.test(text)) {
    const key = Buffer.from(text, text.endsWith('=') ? 'base64' : 'base64url');
    if (key.length === 32) return { kind: 'raw', key };
  }
  if ([...text].length < MIN_PASSPHRASE) {
    throw new UsageError({
      vi: `Khoá quá ngắn: cần 32 byte ngẫu nhiên (64 chữ số hex hoặc base64) hoặc cụm mật khẩu ít nhất ${MIN_PASSPHRASE} ký tự.`,
      en: `The key is too short: use 32 random bytes (64 hex digits or base64) or a passphrase of at least ${MIN_PASSPHRASE} characters.`,
    });
  }
  return { kind: 'passphrase', passphrase: Buffer.from(text, 'utf8') };
}

function deriveKey(key: BackupKey, log2N: number, r: number, p: number, salt: Buffer): Buffer {
  if (key.kind === 'raw') return key.key;
  const N = 2 ** log2N;
  return scryptSync(key.passphrase, salt, 32, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 });
}

function header(key: BackupKey): { header: Buffer; salt: Buffer; iv: Buffer } {
  const h = Buffer.alloc(HEADER_BYTES);
  BACKUP_MAGIC.copy(h, 0);
  const salt = key.kind === 'passphrase' ? randomBytes(16) : Buffer.alloc(16);
  const iv = randomBytes(12);
  if (key.kind === 'passphrase') {
    h[16] = 1;
    h[17] = SCRYPT.log2N;
    h[18] = SCRYPT.r;
    h[19] = SCRYPT.p;
  }
  salt.copy(h, 20);
  iv.copy(h, 36);
  return { header: h, salt, iv };
}

/** True when the file starts with the encrypted-backup magic. */
export function isEncryptedBackup(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(BACKUP_MAGIC.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(BACKUP_MAGIC);
  } finally {
    closeSync(fd);
  }
}

/** Encrypts `input` into `output` (created 0600, must not exist). */
export async function encryptFile(input: string, output: string, key: BackupKey): Promise<void> {
  const { header: h, salt, iv } = header(key);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(key, SCRYPT.log2N, SCRYPT.r, SCRYPT.p, salt), iv);
  cipher.setAAD(h);
  const out = createWriteStream(output, { flags: 'wx', mode: 0o600 });
  out.write(h);
  await pipeline(createReadStream(input), cipher, out, { end: false });
  out.write(cipher.getAuthTag());
  await new Promise<void>((resolve, reject) => {
    out.on('error', reject);
    out.end(() => resolve());
  });
}

function badBackup(path: string, why: { vi: string; en: string }): StateError {
  return new StateError({
    vi: `${path} không phải bản sao lưu mã hoá dùng được: ${why.vi}`,
    en: `${path} is not a usable encrypted backup: ${why.en}`,
  });
}

/**
 * Decrypts `input` into `output` (created 0600, must not exist). The tag is checked at the end:
 * a wrong key or any changed byte is a StateError (exit 5) and `output` is removed by the caller.
 */
export async function decryptFile(input: string, output: string, key: BackupKey): Promise<void> {
  const fd = openSync(input, 'r');
  let h: Buffer;
  let tag: Buffer;
  let size: number;
  try {
    size = fstatSync(fd).size;
    h = Buffer.alloc(HEADER_BYTES);
    tag = Buffer.alloc(TAG_BYTES);
    if (size <= HEADER_BYTES + TAG_BYTES || readSync(fd, h, 0, HEADER_BYTES, 0) !== HEADER_BYTES || !h.subarray(0, 16).equals(BACKUP_MAGIC)) {
      throw badBackup(input, { vi: 'thiếu phần đầu EDUSYNC-BACKUP-1 (tệp bị cắt hoặc không phải bản sao lưu mã hoá).', en: 'no EDUSYNC-BACKUP-1 header (truncated, or not an encrypted backup).' });
    }
    readSync(fd, tag, 0, TAG_BYTES, size - TAG_BYTES);
  } finally {
    closeSync(fd);
  }
  const kind = h[16];
  if (kind !== 0 && kind !== 1) throw badBackup(input, { vi: 'loại khoá không rõ trong phần đầu.', en: 'unknown key kind in the header.' });
  if ((kind === 1) !== (key.kind === 'passphrase')) {
    throw new StateError({
      vi: `Sai khoá cho ${input}: tệp được mã hoá bằng ${kind === 1 ? 'một cụm mật khẩu' : 'khoá 32 byte'}, khoá đã cho là ${key.kind === 'passphrase' ? 'một cụm mật khẩu' : 'khoá 32 byte'}.`,
      en: `Wrong key for ${input}: the file was encrypted with ${kind === 1 ? 'a passphrase' : 'a 32-byte key'}, the key given is ${key.kind === 'passphrase' ? 'a passphrase' : 'a 32-byte key'}.`,
    });
  }
  const log2N = h[17] ?? 0;
  const r = h[18] ?? 0;
  const p = h[19] ?? 0;
  if (kind === 1 && (log2N < 10 || log2N > 20 || r < 1 || r > 32 || p < 1 || p > 16)) {
    throw badBackup(input, { vi: 'tham số scrypt trong phần đầu không hợp lệ.', en: 'invalid scrypt parameters in the header.' });
  }
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(key, log2N, r, p, h.subarray(20, 36)), h.subarray(36, 48));
  decipher.setAAD(h);
  decipher.setAuthTag(tag);
  try {
    await pipeline(
      createReadStream(input, { start: HEADER_BYTES, end: size - TAG_BYTES - 1 }),
      decipher,
      createWriteStream(output, { flags: 'wx', mode: 0o600 }),
    );
  } catch (error) {
    if (error instanceof Error && /auth|unable to authenticate/i.test(error.message)) {
      throw new StateError(
        {
          vi: `Không giải mã được ${input}: sai khoá, hoặc tệp đã bị sửa hay hỏng (thẻ xác thực AES-GCM không khớp). Không dùng tệp này để khôi phục.`,
          en: `Cannot decrypt ${input}: wrong key, or the file was changed or damaged (the AES-GCM authentication tag does not match). Do not restore from it.`,
        },
        { cause: error },
      );
    }
    throw error;
  }
}
