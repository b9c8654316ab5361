/**
 * Expands the user's arguments into the list of files to read: a folder means every table file
 * under it (recursively), sorted so runs are repeatable. Excel's lock files (~$name.xlsx) and
 * hidden files are not data.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, extname, basename } from 'node:path';
import { InputError } from '../errors.js';

export const TABLE_EXTENSIONS = new Set(['.xlsx', '.xlsm', '.csv', '.tsv', '.txt']);

function isDataFile(name: string): boolean {
  const base = basename(name);
  if (base.startsWith('.') || base.startsWith('~$')) return false;
  return TABLE_EXTENSIONS.has(extname(base).toLowerCase());
}

function walk(dir: string, out: string[]): void {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.')) walk(path, out);
    } else if (entry.isFile() && isDataFile(entry.name)) {
      out.push(path);
    }
  }
}

export function discoverFiles(paths: string[]): string[] {
  const out: string[] = [];
  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new InputError({ file: path }, 'not-found', {
        vi: 'không tìm thấy tệp hoặc thư mục.',
        en: 'no such file or folder.',
      });
    }
    if (stat.isDirectory()) {
      const before = out.length;
      walk(path, out);
      if (out.length === before) {
        throw new InputError({ file: path }, 'no-files', {
          vi: 'thư mục không có tệp .xlsx, .csv hay .tsv nào.',
          en: 'the folder holds no .xlsx, .csv or .tsv file.',
        });
      }
    } else {
      out.push(path); // an explicit file is read whatever its extension: content decides
    }
  }
  return out;
}
