import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync, openSync, writeSync, closeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openDatabase } from '../../src/store/sqlite.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExitCode, StateError } from '../../src/errors.js';
import { integrityCheck, openStore } from '../../src/store/db.js';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from '../../src/store/migrations/index.js';
import type { Store } from '../../src/store/types.js';
import { clock, mode, tempDir } from './helpers.js';

let dir: string;
let cleanup: () => void;
const opened: Store[] = [];
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
  cleanup();
});

function open(path: string, options: Parameters<typeof openStore>[1] = {}): Store {
  const store = openStore(path, { now: clock(), ...options });
  opened.push(store);
  return store;
}

function raw(path: string): Database.Database {
  return openDatabase(path);
}

function sha(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function schemaOf(path: string): string[] {
  const db = openDatabase(path, { readonly: true });
  try {
    return (db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all() as Array<{ type: string; name: string; sql: string | null }>).map(
      (r) => `${r.type} ${r.name} ${r.sql ?? ''}`,
    );
  } finally {
    db.close();
  }
}

function backups(): string[] {
  return readdirSync(dir).filter((f) => f.includes('.bak-v'));
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

const fake2: Migration = {
  version: 2,
  name: 'add-notes',
  sql: `CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
        ALTER TABLE schools ADD COLUMN note TEXT;`,
};

describe('openStore: creating and migrating', () => {
  it('creates a new database 0600 in WAL mode with every migration applied', () => {
    const path = join(dir, 'edusync.db');
    const store = open(path);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect(store.migratedFrom).toBeUndefined();
    expect(backups()).toEqual([]);
    const db = (store as unknown as { db: Database.Database }).db;
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
    expect(tables).toEqual(['account_exports', 'account_state', 'acknowledgements', 'audit_events', 'classes', 'findings', 'person_identifiers', 'person_sources', 'persons', 'push_batches', 'push_outbox', 'push_state', 'reconcile_decisions', 'record_versions', 'reports', 'run_files', 'runs', 'schools', 'snapshot_files', 'snapshot_members', 'snapshots']);
    // Since migration 7 the records are shared versions; the old table's name reads them as a view.
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'view'").pluck().all()).toEqual(['snapshot_records']);
    db.prepare("INSERT INTO runs (started_at, command, tool_version) VALUES ('2025-10-01T00:00:00Z', 'import', 't')").run();
    expect(mode(path)).toBe(0o600);
    expect(existsSync(`${path}-wal`)).toBe(true);
    expect(mode(`${path}-wal`)).toBe(0o600);
    expect(mode(`${path}-shm`)).toBe(0o600);
    expect(integrityCheck(store)).toEqual(['ok']);
  });

  it('makes a new file 0600 even with a permissive umask', () => {
    const old = process.umask(0o000);
    try {
      const path = join(dir, 'loose.db');
      open(path);
      expect(mode(path)).toBe(0o600);
      expect(mode(`${path}-wal`)).toBe(0o600);
    } finally {
      process.umask(old);
    }
  });

  it('reopening an up-to-date database changes nothing and makes no backup', () => {
    const path = join(dir, 'edusync.db');
    open(path).close();
    const before = schemaOf(path);
    const again = open(path);
    expect(again.schemaVersion).toBe(SCHEMA_VERSION);
    expect(again.migratedFrom).toBeUndefined();
    again.close();
    expect(schemaOf(path)).toEqual(before);
    expect(backups()).toEqual([]);
  });

  it('an older database (v0 with a table) is copied to .bak-v0-<time> (0600), then migrated', () => {
    const path = join(dir, 'old.db');
    const db = raw(path);
    db.exec("CREATE TABLE legacy (id INTEGER PRIMARY KEY, x TEXT); INSERT INTO legacy (x) VALUES ('a'), ('b');");
    db.close();
    const store = open(path);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    const bak = join(dir, 'old.db.bak-v0-20251001073000');
    expect(store.migratedFrom).toEqual({ version: 0, backupPath: bak });
    expect(backups()).toEqual(['old.db.bak-v0-20251001073000']);
    expect(mode(bak)).toBe(0o600);
    const copy = openDatabase(bak, { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(0);
    expect(copy.prepare('SELECT x FROM legacy ORDER BY id').pluck().all()).toEqual(['a', 'b']);
    expect(copy.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'runs'").pluck().get()).toBe(0);
    copy.close();
    // the live database kept its old table and gained the new ones
    const live = (store as unknown as { db: Database.Database }).db;
    expect(live.prepare('SELECT count(*) FROM legacy').pluck().get()).toBe(2);
    expect(live.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'runs'").pluck().get()).toBe(1);
  });

  it('an empty file is initialised without a backup', () => {
    const path = join(dir, 'empty.db');
    writeFileSync(path, '', { mode: 0o644 });
    const store = open(path);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect(store.migratedFrom).toBeUndefined();
    expect(backups()).toEqual([]);
    expect(mode(path)).toBe(0o600);
  });

  it('with an injected two-migration list, a v1 database is backed up then moved to v2', () => {
    const path = join(dir, 'two.db');
    const first = open(path, { migrations: MIGRATIONS.slice(0, 1) });
    expect(first.schemaVersion).toBe(1);
    (first as unknown as { db: Database.Database }).db.prepare("INSERT INTO schools (school_id, name) VALUES ('79000701', 'THCS A')").run();
    first.close();

    const second = open(path, { migrations: [...MIGRATIONS.slice(0, 1), fake2] });
    expect(second.schemaVersion).toBe(2);
    expect(second.migratedFrom?.version).toBe(1);
    const bak = second.migratedFrom?.backupPath ?? '';
    expect(bak).toMatch(/two\.db\.bak-v1-\d{14}$/);
    expect(mode(bak)).toBe(0o600);
    const db = (second as unknown as { db: Database.Database }).db;
    expect(db.prepare('SELECT name, note FROM schools').all()).toEqual([{ name: 'THCS A', note: null }]);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'notes'").pluck().get()).toBe(1);

    const copy = openDatabase(bak, { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(1);
    expect(copy.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'notes'").pluck().get()).toBe(0);
    expect(copy.prepare('SELECT name FROM schools').pluck().all()).toEqual(['THCS A']);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();

    // and opening it again with the same list is a no-op
    second.close();
    const third = open(path, { migrations: [...MIGRATIONS.slice(0, 1), fake2] });
    expect(third.migratedFrom).toBeUndefined();
    expect(backups()).toHaveLength(1);
  });

  it('a migration that fails is rolled back whole: the version stays and no half table is left', () => {
    const path = join(dir, 'fail.db');
    open(path, { migrations: MIGRATIONS.slice(0, 1) }).close();
    const broken: Migration = { version: 2, name: 'broken', sql: 'CREATE TABLE half (id INTEGER); THIS IS NOT SQL;' };
    const error = catchError(() => open(path, { migrations: [...MIGRATIONS.slice(0, 1), broken] }));
    expect(error).toBeInstanceOf(StateError);
    const db = openDatabase(path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0);
    db.close();
    expect(backups()).toHaveLength(1); // the copy made before trying stays for the user
  });

  it('a migration list out of order is refused', () => {
    const error = catchError(() => open(join(dir, 'x.db'), { migrations: [fake2] }));
    expect(error).toBeInstanceOf(StateError);
  });
});

describe('openStore: refusing', () => {
  it.each(['delete', 'wal'])('a database made by a newer edusync (journal %s) is refused (exit 5) and left byte-identical', (journal) => {
    const path = join(dir, 'newer.db');
    const db = raw(path);
    db.pragma(`journal_mode = ${journal}`);
    db.exec("CREATE TABLE future (id INTEGER PRIMARY KEY, x TEXT); INSERT INTO future (x) VALUES ('keep');");
    db.pragma('user_version = 999');
    db.close();
    const before = sha(path);
    const modeBefore = mode(path);
    const filesBefore = readdirSync(dir).sort();

    const error = catchError(() => open(path));
    expect(error).toBeInstanceOf(StateError);
    const state = error as StateError;
    expect(state.exitCode).toBe(ExitCode.State);
    expect(state.exitCode).toBe(5);
    expect(state.text.en).toContain(`made by a newer edusync (schema 999, this version knows ${SCHEMA_VERSION}); upgrade edusync`);
    expect(state.text.vi).toContain('mới hơn');
    expect(state.text.vi).toContain('nâng cấp edusync');

    expect(sha(path)).toBe(before);
    expect(mode(path)).toBe(modeBefore);
    expect(readdirSync(dir).sort()).toEqual(filesBefore);
    // read-only opening refuses the same way
    expect(catchError(() => open(path, { readonly: true }))).toBeInstanceOf(StateError);
    expect(sha(path)).toBe(before);
  });

  it('a file that is not SQLite is a StateError and is not changed', () => {
    const path = join(dir, 'students.db');
    writeFileSync(path, 'Mã học sinh,Họ và tên\nHS001,Nguyễn Văn A\n');
    const before = sha(path);
    const error = catchError(() => open(path));
    expect(error).toBeInstanceOf(StateError);
    expect((error as StateError).exitCode).toBe(ExitCode.State);
    expect((error as StateError).text.en).toContain('is not an edusync database');
    expect(sha(path)).toBe(before);
  });

  it('a file with an SQLite header but garbage after it is a StateError (SQLITE_NOTADB/CORRUPT mapped)', () => {
    const path = join(dir, 'fake.db');
    const junk = Buffer.alloc(8192, 0xab);
    Buffer.from('SQLite format 3\0', 'latin1').copy(junk, 0);
    writeFileSync(path, junk);
    const error = catchError(() => open(path));
    expect(error).toBeInstanceOf(StateError);
    expect((error as StateError).exitCode).toBe(5);
  });

  it('a damaged database (overwritten pages) fails quick_check with a StateError', () => {
    const path = join(dir, 'damaged.db');
    const db = raw(path);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT); CREATE INDEX t_x ON t (x);');
    const insert = db.prepare('INSERT INTO t (x) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 5000; i++) insert.run(`value ${i} ${'y'.repeat(50)}`);
    })();
    db.close();
    const size = statSync(path).size;
    const fd = openSync(path, 'r+');
    // trash pages in the middle of the file (keep page 1, the header and schema)
    writeSync(fd, Buffer.alloc(4096 * 4, 0x5a), 0, 4096 * 4, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    const error = catchError(() => open(path));
    expect(error).toBeInstanceOf(StateError);
    expect((error as StateError).text.en).toMatch(/damaged|not an edusync database/);
  });

  it('a directory, or a missing folder, is a StateError', () => {
    expect(catchError(() => open(dir))).toBeInstanceOf(StateError);
    expect(catchError(() => open(join(dir, 'no', 'such', 'edusync.db')))).toBeInstanceOf(StateError);
  });

  it('read-only: a missing file is refused and not created; an older schema is migrated (backup first), then opened read-only', () => {
    const path = join(dir, 'missing.db');
    expect(catchError(() => open(path, { readonly: true }))).toBeInstanceOf(StateError);
    expect(existsSync(path)).toBe(false);
    open(path).close();
    const next = [...MIGRATIONS, { ...fake2, version: MIGRATIONS.length + 1 }];
    const upgraded = open(path, { readonly: true, migrations: next });
    expect(upgraded.readonly).toBe(true);
    expect(upgraded.schemaVersion).toBe(MIGRATIONS.length + 1);
    expect(upgraded.migratedFrom?.version).toBe(SCHEMA_VERSION);
    expect(backups()).toEqual([`missing.db.bak-v${SCHEMA_VERSION}-20251001073000`]);
    upgraded.close();
    const ro = open(path, { readonly: true, migrations: next });
    expect(ro.migratedFrom).toBeUndefined();
    ro.close();
  });

  it('read-only: an older store that cannot be upgraded is refused with what to do, and left as it was', () => {
    const path = join(dir, 'stuck.db');
    open(path).close();
    const before = schemaOf(path);
    // A migration that fails stands for any reason the writable open cannot upgrade the file.
    const broken: Migration = { version: MIGRATIONS.length + 1, name: 'broken', sql: 'CREATE TABLE x (; this is not sql' };
    const error = catchError(() => open(path, { readonly: true, migrations: [...MIGRATIONS, broken] }));
    expect(error).toBeInstanceOf(StateError);
    expect((error as StateError).text.en).toMatch(/older schema \(\d+, needs \d+\) and could not be upgraded/);
    expect((error as StateError).text.vi).toMatch(/không nâng cấp được/);
    expect(schemaOf(path)).toEqual(before);
  });

  it('an in-memory store works for tests of other stages', () => {
    const store = open(':memory:');
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
  });
});
