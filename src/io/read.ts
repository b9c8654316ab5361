/**
 * Entry point of the readers: look at the first bytes of a file (never at its extension) and hand
 * it to the xlsx or text reader.
 */
import { open, stat } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { openTextFile } from './read-text.js';
import { DEFAULT_LIMITS, type ReadLimits, type ReadOptions, type SheetSource } from './types.js';
import { openXlsxFile } from './xlsx/workbook.js';

const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * Open a user's file and describe its tables. xlsx gives one SheetSource per worksheet (or the one
 * chosen by `options.sheet`); csv/tsv give one. Rows are read lazily, in batches, when iterated.
 * Throws InputError (exit code 4) for files that cannot be read.
 */
export async function openFile(path: string, options: ReadOptions = {}): Promise<SheetSource[]> {
  const limits: ReadLimits = { ...DEFAULT_LIMITS, ...options.limits };
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw notFound(path, st.isDirectory());
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw systemError(path, e);
  }
  if (size === 0) throw emptyFile(path);
  const magic = Buffer.alloc(Math.min(size, 8));
  try {
    const fh = await open(path, 'r');
    try {
      await fh.read(magic, 0, magic.length, 0);
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw systemError(path, e);
  }
  if (magic[0] === 0x50 && magic[1] === 0x4b && magic[2] === 0x03 && magic[3] === 0x04) {
    return openXlsxFile(path, options.sheet, limits);
  }
  if (magic.length === 8 && OLE2_MAGIC.every((b, i) => magic[i] === b)) {
    throw new InputError({ file: path }, 'encrypted-or-xls', {
      vi: 'sổ tính có mật khẩu hoặc định dạng .xls cũ; hãy mở trong Excel và lưu lại thành .xlsx không đặt mật khẩu',
      en: 'password-protected workbook or old .xls format; save as .xlsx without password',
    });
  }
  try {
    return [await openTextFile(path, limits)];
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw systemError(path, e);
  }
}

function notFound(path: string, isDirectory: boolean): InputError {
  return new InputError(
    { file: path },
    'not-found',
    isDirectory
      ? { vi: 'đây là một thư mục, không phải tệp', en: 'this is a directory, not a file' }
      : { vi: 'không phải tệp thông thường', en: 'not a regular file' },
  );
}

function emptyFile(path: string): InputError {
  return new InputError({ file: path }, 'empty', { vi: 'tệp trống, không có dữ liệu', en: 'the file is empty: no data' });
}

function systemError(path: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new InputError({ file: path }, 'not-found', { vi: 'không tìm thấy tệp', en: 'file not found' }, { cause: e });
  }
  if (code === 'EISDIR') return notFound(path, true);
  if (code === 'EACCES' || code === 'EPERM') {
    return new InputError(
      { file: path },
      'not-readable',
      { vi: 'không có quyền đọc tệp', en: 'permission denied: cannot read the file' },
      { cause: e },
    );
  }
  return new InputError(
    { file: path },
    'not-readable',
    { vi: `không đọc được tệp (${code ?? 'lỗi hệ thống'})`, en: `cannot read the file (${code ?? 'system error'})` },
    { cause: e },
  );
}
