/**
 * Opening the embedded SQLite store (design §5): one file, 0600, WAL, foreign keys on, a busy
 * timeout, forward-only numbered migrations tracked in `PRAGMA user_version`.
 *
 * - A database made by a newer edusync (user_version above what this build knows) is refused with
 *   a StateError before anything is written to it.
 * - An older one is first copied to `<path>.bak-v<old>-<yyyymmddHHMMSS>` (0600, UTC time), then the
 *   missing migrations are applied, each in its own IMMEDIATE transaction that re-reads the version
 *   (so two processes opening the same old file at once cannot apply a step twice).
 * - A file that is not SQLite, or fails `PRAGMA quick_check`, is a StateError (exit 5). quick_check
 *   reads every page: 3 s for a warm 1.6 GB store, 34 s cold, which a monthly cron job would pay on
 *   every command. So by default it runs only where it is cheap or where it matters — a store of at
 *   most QUICK_CHECK_MAX_BYTES, and before any migration rewrites the schema; a bigger store still
 *   fails cleanly when damage is met (SQLITE_CORRUPT maps to the same StateError), and `backup`
 *   checks every copy it writes.
 *
 * `synchronous=NORMAL` in WAL mode: a power loss can lose the last committed transactions, never
 * corrupt the file; a killed process loses nothing that was committed.
 */
import { chmodSync, closeSync, existsSync, fstatSync, fchmodSync, openSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import { openDatabase } from './sqlite.js';
type Statement = Database.Statement;
import { StateError } from '../errors.js';
import { corrupt, errorText, noteOpened, notSqlite, stateErrorFor } from './store-errors.js';
export { stateErrorFor, storeFailure } from './store-errors.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';
import type { SqliteBacked } from './internal.js';
import type { Store } from './types.js';

export interface OpenStoreOptions {
  readonly?: boolean;
  /** Recorded on runs; defaults to the version in package.json. */
  toolVersion?: string;
  now?: () => Date;
  /** The migration list (tests inject shorter or longer ones). Defaults to `MIGRATIONS`. */
  migrations?: readonly Migration[];
  /**
   * Run `PRAGMA quick_check` when opening: true, false, or 'auto' (the default: when the file is at
   * most QUICK_CHECK_MAX_BYTES, and always before migrating). O(size of the database).
   */
  quickCheck?: boolean | 'auto';
  /** Milliseconds to wait for another connection's lock (default 5000). */
  busyTimeoutMs?: number;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
/** A school's store (12 months of 1,000 pupils is ≈ 6 MB) is checked on every open; a Sở's is not. */
export const QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024;
const FILE_MODE = 0o600;

let packageVersion: string | undefined;
function defaultToolVersion(): string {
  if (packageVersion === undefined) {
    try {
      const require = createRequire(import.meta.url);
      packageVersion = (require('../../package.json') as { version?: string }).version ?? '0.0.0';
    } catch {
      packageVersion = '0.0.0';
    }
  }
  return packageVersion;
}

class SqliteStore implements SqliteBacked {
  readonly kind = 'sqlite' as const;
  private closed = false;
  constructor(
    readonly db: Database.Database,
    readonly location: string,
    readonly readonly: boolean,
    readonly schemaVersion: number,
    readonly toolVersion: string,
    private readonly clock: () => Date,
    readonly migratedFrom: { readonly version: number; readonly backupPath: string | undefined } | undefined,
  ) {}
  get open(): boolean {
    return !this.closed && this.db.open;
  }
  now(): Date {
    return this.clock();
  }
  private savepoints: { open: Statement; release: Statement; rollback: Statement } | undefined;

  transaction<T>(fn: () => T): T {
    if (this.db.inTransaction) {
      // Nested: a savepoint from cached statements. better-sqlite3's db.transaction(fn) builds a
      // new wrapper on every call, which was 30% of importing 200 k persons (three nested calls each).
      const sp = (this.savepoints ??= {
        open: this.db.prepare('SAVEPOINT edusync_nested'),
        release: this.db.prepare('RELEASE edusync_nested'),
        rollback: this.db.prepare('ROLLBACK TO edusync_nested'),
      });
      sp.open.run();
      try {
        const result = fn();
        sp.release.run();
        return result;
      } catch (error) {
        sp.rollback.run();
        sp.release.run();
        throw error;
      }
    }
    const tx = this.db.transaction(fn);
    // IMMEDIATE takes the write lock up front: in WAL mode a deferred transaction that later writes
    // can fail with SQLITE_BUSY_SNAPSHOT without waiting.
    return this.readonly ? tx() : tx.immediate();
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (!this.db.open) return;
    try {
      if (!this.readonly) this.db.pragma('optimize');
    } catch {
      // optimisation is best-effort
    }
    this.db.close();
  }
}

/** Opens (creating if needed) the store at `path`. `':memory:'` gives a private in-memory store. */
export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  const migrations = checkedMigrations(options.migrations ?? MIGRATIONS);
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const readonly = options.readonly ?? false;
  const now = options.now ?? (() => new Date());
  const toolVersion = options.toolVersion ?? defaultToolVersion();
  const memory = path === ':memory:';

  if (!memory) prepareFile(path, readonly);
  noteOpened(path);

  let db: Database.Database;
  try {
    db = openDatabase(path, { readonly, fileMustExist: !memory });
  } catch (error) {
    throw stateErrorFor(error, path);
  }
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    const found = userVersion(db);
    if (found > latest) {
      throw new StateError({
        vi: `Cơ sở dữ liệu ${path} do một phiên bản edusync mới hơn tạo ra (lược đồ ${found}, phiên bản này chỉ biết đến ${latest}); hãy nâng cấp edusync. Tệp không bị thay đổi.`,
        en: `database ${path} made by a newer edusync (schema ${found}, this version knows ${latest}); upgrade edusync. The file was not changed.`,
      });
    }
    const check = options.quickCheck ?? 'auto';
    if (check === true || (check === 'auto' && (found < latest || memory || storeBytes(path) <= QUICK_CHECK_MAX_BYTES))) {
      quickCheck(db, path);
    }
    if (found < latest && readonly) {
      // An older store is migrated (after its backup copy: issue 4 item 1) whichever command opens
      // it first: a report or a dry run right after an upgrade must not fail for want of a write.
      db.close();
      return upgradeThenOpen(path, options, found, latest);
    }
    if (!readonly) {
      if (!memory) chmodSync(path, FILE_MODE);
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (!memory && String(mode).toLowerCase() !== 'wal') {
        throw new StateError({
          vi: `Không bật được chế độ WAL cho ${path} (đang là ${String(mode)}).`,
          en: `Could not switch ${path} to WAL mode (it is ${String(mode)}).`,
        });
      }
      db.pragma('synchronous = NORMAL');
      // After a checkpoint, truncate a WAL that a large import grew beyond 64 MiB.
      db.pragma('journal_size_limit = 67108864');
    }
    db.pragma('foreign_keys = ON');
    // A month's snapshot of a big school or a Sở is written in one transaction: a larger page
    // cache (64 MiB, allocated as used) keeps it from spilling to the WAL page by page.
    db.pragma('cache_size = -65536');

    let migratedFrom: { version: number; backupPath: string | undefined } | undefined;
    if (found < latest) {
      const hasContent = found > 0 || tableCount(db) > 0;
      const backupPath = hasContent && !memory ? backupBeforeMigration(db, path, found, now()) : undefined;
      applyMigrations(db, migrations);
      if (hasContent) migratedFrom = { version: found, backupPath };
    }
    if (!memory && !readonly) chmodSidecars(path);
    const version = userVersion(db);
    return new SqliteStore(db, path, readonly, version, toolVersion, now, migratedFrom);
  } catch (error) {
    try {
      db.close();
    } catch {
      // already failing
    }
    throw stateErrorFor(error, path);
  }
}

/**
 * A store of an older schema opened read-only: migrated by a writable open (which makes the backup
 * copy first), then opened read-only as asked. A store this user cannot write is refused, as
 * before, with what to do.
 */
function upgradeThenOpen(path: string, options: OpenStoreOptions, found: number, latest: number): Store {
  let upgraded: Store;
  try {
    upgraded = openStore(path, { ...options, readonly: false });
  } catch (error) {
    const cause = error instanceof StateError ? ` (${error.text.en})` : '';
    throw new StateError({
      vi: `Cơ sở dữ liệu ${path} có lược đồ cũ (${found}, cần ${latest}) và không nâng cấp được${cause}: hãy chạy edusync với quyền ghi tệp đó (ví dụ import --apply, hoặc backup) để nâng cấp nó.`,
      en: `database ${path} has an older schema (${found}, needs ${latest}) and could not be upgraded${cause}: run edusync with write access to it (e.g. import --apply, or backup) to upgrade it.`,
    });
  }
  const migratedFrom = upgraded.migratedFrom;
  upgraded.close();
  const store = openStore(path, options);
  return migratedFrom === undefined ? store : Object.assign(store, { migratedFrom });
}

/** Creates a missing file 0600, and refuses a file that is not SQLite before SQLite sees it. */
function prepareFile(path: string, readonly: boolean): void {
  if (!existsSync(path)) {
    if (readonly) {
      throw new StateError({
        vi: `Không có cơ sở dữ liệu ${path}.`,
        en: `There is no database at ${path}.`,
      });
    }
    let fd: number;
    try {
      fd = openSync(path, 'a', FILE_MODE);
    } catch (error) {
      throw new StateError(
        { vi: `Không tạo được cơ sở dữ liệu ${path}: ${errorText(error)}`, en: `Cannot create the database ${path}: ${errorText(error)}` },
        { cause: error },
      );
    }
    try {
      if (fstatSync(fd).size === 0) fchmodSync(fd, FILE_MODE);
    } finally {
      closeSync(fd);
    }
    return;
  }
  const stat = statSync(path);
  if (!stat.isFile()) {
    throw new StateError({ vi: `${path} không phải là một tệp.`, en: `${path} is not a file.` });
  }
  if (stat.size === 0) return;
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(path, 'r');
  let read: number;
  try {
    read = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (read < head.length || !head.equals(SQLITE_HEADER)) throw notSqlite(path);
}

function storeBytes(path: string): number {
  let bytes = 0;
  for (const f of [path, `${path}-wal`]) {
    try {
      bytes += statSync(f).size;
    } catch {
      // no WAL yet
    }
  }
  return bytes;
}

export function quickCheck(db: Database.Database, path: string): void {
  const rows = db.pragma('quick_check(5)') as Array<Record<string, unknown>>;
  const messages = rows.map((r) => String(Object.values(r)[0]));
  if (messages.length !== 1 || messages[0] !== 'ok') throw corrupt(path, messages.join('; '));
}

function userVersion(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

function tableCount(db: Database.Database): number {
  const row = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").get() as { n: number };
  return row.n;
}

function checkedMigrations(list: readonly Migration[]): readonly Migration[] {
  list.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new StateError({
        vi: `Danh sách migration sai thứ tự: vị trí ${i + 1} có phiên bản ${m.version}.`,
        en: `Migrations are out of order: position ${i + 1} holds version ${m.version}.`,
      });
    }
  });
  return list;
}

/**
 * Applies each missing migration in its own IMMEDIATE transaction. The version is read again
 * inside the write lock so a concurrent opener that got there first is not repeated.
 */
function applyMigrations(db: Database.Database, migrations: readonly Migration[]): void {
  for (const migration of migrations) {
    const step = db.transaction(() => {
      if (userVersion(db) >= migration.version) return;
      db.exec(migration.sql);
      const broken = db.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) {
        throw new StateError({
          vi: `Migration ${migration.version} (${migration.name}) để lại ${broken.length} khoá ngoại sai; đã huỷ.`,
          en: `Migration ${migration.version} (${migration.name}) left ${broken.length} broken foreign keys; rolled back.`,
        });
      }
      db.pragma(`user_version = ${migration.version}`);
    });
    step.immediate();
  }
}

/**
 * A consistent copy of the database as it is before migrating, made with `VACUUM INTO` (a
 * synchronous online snapshot: openStore stays synchronous, while better-sqlite3's `backup()` is
 * asynchronous; `backupStore` uses `backup()`). The target is created empty with mode 0600 first.
 */
function backupBeforeMigration(db: Database.Database, path: string, version: number, at: Date): string {
  const stamp = at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const base = `${path}.bak-v${version}-${stamp}`;
  let target = base;
  for (let n = 2; ; n++) {
    try {
      closeSync(openSync(target, 'wx', FILE_MODE));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      target = `${base}-${n}`;
    }
  }
  chmodSync(target, FILE_MODE);
  db.prepare('VACUUM INTO ?').run(target);
  chmodSync(target, FILE_MODE);
  return target;
}

function chmodSidecars(path: string): void {
  for (const suffix of ['-wal', '-shm', '-journal']) {
    try {
      chmodSync(path + suffix, FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/** `PRAGMA integrity_check` (full, slow): 'ok' or the first problems found. */
export function integrityCheck(store: Store, max = 10): string[] {
  if (!('db' in store)) return ['not an SQLite store'];
  const rows = (store as SqliteBacked).db.pragma(`integrity_check(${Math.max(1, Math.trunc(max))})`) as Array<Record<string, unknown>>;
  return rows.map((r) => String(Object.values(r)[0]));
}

/** Runs `fn` in one transaction of the store (nested calls become savepoints). */
export function transaction<T>(store: Store, fn: () => T): T {
  return store.transaction(fn);
}
