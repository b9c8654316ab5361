/**
 * Every file edusync writes goes through here, so that it is readable by its owner only (0600,
 * design §6: outputs carry children's personal data) and, when asked, appears atomically (readers
 * and a crash in the middle never see half a file).
 *
 * - The parent folder is created when missing.
 * - A new file is created with mode 0600; an existing file is truncated and chmod'ed to 0600
 *   (`open` only applies the mode when it creates the file).
 * - `atomic: true` writes `path + '.tmp-<pid>'`, flushes it to disk, then renames it over `path`;
 *   on failure the temporary file is removed and `path` is left as it was.
 */
import { Writable } from 'node:stream';
import { mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

export const PRIVATE_FILE_MODE = 0o600;

export interface PrivateWriteOptions {
  /** Write to `path + '.tmp-<pid>'` and rename when complete. Default false. */
  atomic?: boolean | undefined;
}

export function temporaryPath(path: string): string {
  return `${path}.tmp-${process.pid}`;
}

async function openPrivate(path: string): Promise<FileHandle> {
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, 'w', PRIVATE_FILE_MODE);
  try {
    // The mode of open() applies only when the file is created: fix an existing file too.
    await handle.chmod(PRIVATE_FILE_MODE);
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
  return handle;
}

async function writeAll(handle: FileHandle, data: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < data.byteLength) {
    const { bytesWritten } = await handle.write(data, offset, data.byteLength - offset);
    offset += bytesWritten;
  }
}

function toBytes(data: string | Uint8Array): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
}

/** Write a whole file with mode 0600 (parent folder created; optionally atomic). */
export async function writePrivateFile(
  path: string,
  data: string | Uint8Array,
  options: PrivateWriteOptions = {},
): Promise<void> {
  const target = options.atomic ? temporaryPath(path) : path;
  const handle = await openPrivate(target);
  let closed = false;
  try {
    await writeAll(handle, toBytes(data));
    if (options.atomic) await handle.sync();
    await handle.close();
    closed = true;
    if (options.atomic) await rename(target, path);
  } catch (error) {
    if (!closed) await handle.close().catch(() => undefined);
    if (options.atomic) await unlink(target).catch(() => undefined);
    throw error;
  }
}

/**
 * A writable stream to a 0600 file. Its 'finish' event (and `finished()` from node:stream) fires only
 * once the file is complete, closed and — with `atomic` — renamed into place. Destroying the stream
 * with an error removes the temporary file of an atomic write.
 */
export class PrivateWriteStream extends Writable {
  readonly path: string;
  readonly atomic: boolean;
  readonly #target: string;
  #handle: FileHandle | undefined;
  #completed = false;

  constructor(path: string, options: PrivateWriteOptions = {}) {
    super({ highWaterMark: 64 * 1024, decodeStrings: true });
    this.path = path;
    this.atomic = options.atomic === true;
    this.#target = this.atomic ? temporaryPath(path) : path;
  }

  /** Where the bytes go while the stream is open (the temporary file of an atomic write). */
  get writingPath(): string {
    return this.#target;
  }

  override _construct(callback: (error?: Error | null) => void): void {
    openPrivate(this.#target).then(
      (handle) => {
        this.#handle = handle;
        callback();
      },
      (error: Error) => callback(error),
    );
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const handle = this.#handle;
    if (!handle) {
      callback(new Error('write before open'));
      return;
    }
    writeAll(handle, chunk).then(() => callback(), (error: Error) => callback(error));
  }

  override _writev(
    chunks: Array<{ chunk: Buffer; encoding: BufferEncoding }>,
    callback: (error?: Error | null) => void,
  ): void {
    this._write(Buffer.concat(chunks.map((c) => c.chunk)), 'binary', callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    const handle = this.#handle;
    (async () => {
      if (handle) {
        if (this.atomic) await handle.sync();
        await handle.close();
        this.#handle = undefined;
      }
      if (this.atomic) await rename(this.#target, this.path);
      this.#completed = true;
    })().then(() => callback(), (error: Error) => callback(error));
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const handle = this.#handle;
    this.#handle = undefined;
    (async () => {
      if (handle) await handle.close().catch(() => undefined);
      if (this.atomic && !this.#completed) await unlink(this.#target).catch(() => undefined);
    })().then(() => callback(error), () => callback(error));
  }
}

/** Open a 0600 file for streaming writes (parent folder created; optionally atomic). */
export function createPrivateWriteStream(path: string, options: PrivateWriteOptions = {}): PrivateWriteStream {
  return new PrivateWriteStream(path, options);
}
