/**
 * Shared by the repository modules of this folder only: the SQLite handle behind a `Store` and a
 * per-connection cache of prepared statements.
 */
import type Database from 'better-sqlite3';
import { InternalError, StateError } from '../errors.js';
import type { Store } from './types.js';

export interface SqliteBacked extends Store {
  readonly db: Database.Database;
}

export function isSqliteBacked(store: Store): store is SqliteBacked {
  return store.kind === 'sqlite' && 'db' in store;
}

export function sqlite(store: Store): Database.Database {
  if (!isSqliteBacked(store)) {
    throw new InternalError({
      vi: 'Kho dữ liệu không phải SQLite: chức năng này chưa hỗ trợ.',
      en: 'The store is not SQLite: this operation does not support it.',
    });
  }
  if (!store.open) {
    throw new StateError({ vi: 'Cơ sở dữ liệu đã đóng.', en: 'The database is closed.' });
  }
  return store.db;
}

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** A prepared statement, prepared once per connection. */
export function stmt<P extends unknown[] | {} = unknown[], R = unknown>(store: Store, sql: string): Database.Statement<P, R> {
  const db = sqlite(store);
  let statements = cache.get(db);
  if (statements === undefined) {
    statements = new Map();
    cache.set(db, statements);
  }
  let s = statements.get(sql);
  if (s === undefined) {
    s = db.prepare(sql);
    statements.set(sql, s);
  }
  return s as unknown as Database.Statement<P, R>;
}

export function requireWritable(store: Store): void {
  if (store.readonly) {
    throw new StateError({
      vi: `Cơ sở dữ liệu ${store.location} đang mở ở chế độ chỉ đọc.`,
      en: `The database ${store.location} is open read-only.`,
    });
  }
}

export function isoNow(store: Store): string {
  return store.now().toISOString();
}

/** A deferred (read) transaction: one consistent view without taking the write lock. */
export function readTransaction<T>(store: Store, fn: () => T): T {
  const db = sqlite(store);
  return db.inTransaction ? fn() : db.transaction(fn).deferred();
}
