import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase } from '../../src/store/sqlite.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StateError } from '../../src/errors.js';
import { backupStore } from '../../src/store/backup.js';
import { openStore } from '../../src/store/db.js';
import { beginRun } from '../../src/store/runs.js';
import { lastSnapshot, writeSnapshot } from '../../src/store/snapshots.js';
import type { Store } from '../../src/store/types.js';
import { mode, tempDir } from './helpers.js';

let dir: string;
let cleanup: () => void;
let store: Store;
let dbPath: string;
const SCHOOL = '79000701';

function records(n: number, tag: string) {
  return Array.from({ length: n }, (_, i) => ({ recordKey: `HS${i}`, classId: '6A1', values: { fullName: `Học sinh ${i} ${tag}`, pad: 'p'.repeat(200) } }));
}

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  dbPath = join(dir, 'edusync.db');
  store = openStore(dbPath);
  const runId = beginRun(store, { command: 'import' });
  writeSnapshot(store, { runId, schoolId: SCHOOL, period: '2025-10', entity: 'students', records: records(20_000, 'v1') });
});
afterEach(() => {
  store.close();
  cleanup();
});

describe('backupStore', () => {
  it('copies consistently while another connection reads and a third writes; the copy is 0600', async () => {
    const reader = openStore(dbPath, { readonly: true });
    const writer = openStore(dbPath);
    let readsDuringBackup = 0;
    let wrote = false;
    try {
      const iterator = (reader as unknown as { db: Database.Database }).db
        .prepare('SELECT values_json FROM snapshot_records ORDER BY snapshot_id, ord')
        .iterate() as IterableIterator<{ values_json: string }>;
      const dest = join(dir, 'copy.db');
      const result = await backupStore(store, dest, {
        pagesPerStep: 16,
        onStep: () => {
          // a long read on another connection goes on between steps …
          for (let i = 0; i < 50; i++) if (!iterator.next().done) readsDuringBackup++;
          // … and a writer on another connection commits once, mid-copy
          if (!wrote) {
            wrote = true;
            const runId = beginRun(writer, { command: 'import' });
            writeSnapshot(writer, { runId, schoolId: SCHOOL, period: '2025-11', entity: 'students', records: records(10, 'v2') });
          }
        },
      });
      iterator.return?.();
      expect(readsDuringBackup).toBeGreaterThan(100);
      expect(result.path).toBe(dest);
      expect(result.totalPages).toBeGreaterThan(100);
      expect(mode(dest)).toBe(0o600);
      const copy = openDatabase(dest, { readonly: true });
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.prepare('SELECT count(*) FROM snapshot_records').pluck().get()).toBe(20_010);
      copy.close();
      // the copy opens as a store and reads back
      const restored = openStore(dest, { readonly: true });
      expect(lastSnapshot(restored, SCHOOL, 'students', '2025-10')?.records).toHaveLength(20_000);
      restored.close();
      expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    } finally {
      reader.close();
      writer.close();
    }
  });

  it('copies from a path; refuses an existing destination unless told; refuses a non-SQLite source', async () => {
    store.close();
    const dest = join(dir, 'copy.db');
    const result = await backupStore(dbPath, dest);
    expect(result.bytes).toBeGreaterThan(0);
    expect(mode(dest)).toBe(0o600);
    await expect(backupStore(dbPath, dest)).rejects.toBeInstanceOf(StateError);
    await expect(backupStore(dbPath, dest, { overwrite: true })).resolves.toMatchObject({ path: dest });
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a database at all, just some text that is long enough');
    await expect(backupStore(text, join(dir, 'x.db'))).rejects.toBeInstanceOf(StateError);
    expect(existsSync(join(dir, 'x.db'))).toBe(false);
    await expect(backupStore(join(dir, 'missing.db'), join(dir, 'y.db'))).rejects.toBeInstanceOf(StateError);
    // A folder is never a destination, overwriting allowed or not; nothing is left beside it.
    const folder = join(dir, 'sao-luu');
    mkdirSync(folder);
    const before = readdirSync(dir).sort();
    for (const overwrite of [false, true]) {
      const error = await backupStore(dbPath, folder, { overwrite }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StateError);
      expect((error as StateError).message).toBe(`${folder} is a folder, not a file: give the backup's file name (e.g. ${join(folder, 'backup.db')}).`);
    }
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(readdirSync(folder)).toEqual([]);
    store = openStore(dbPath); // for afterEach
  });
});
