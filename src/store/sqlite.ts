/**
 * The one way edusync opens a better-sqlite3 database (the store, backups, restore, the simulator).
 *
 * Why not `new Database()` directly: better-sqlite3 12's native objects (Database, Statement,
 * StatementIterator) derive from node::ObjectWrap, whose destructor under Node 24 asks for the
 * current Environment. V8 may collect such an object in a GC task that runs outside any context,
 * and the process then aborts (`Assertion failed: (env) != nullptr`, exit 134) — at random,
 * after the work is done or in the middle of it (WiseLibs/better-sqlite3#1515, closed without a
 * fix; version 13 moved to Node-API but needs node ≥ 22, and edusync supports node 20). Seen here:
 * `edusync import` re-run on Node 24.21 aborted two times out of three.
 *
 * So no such object is ever left to the garbage collector: every database, statement and
 * iterator opened through here stays reachable until the process ends, when Node's own cleanup
 * hooks free them while the Environment still exists (backups, too, are native objects). The cost is the memory of the statements a
 * process prepares (a few hundred in a run; the store caches its statements).
 */
import Database from 'better-sqlite3';

type NativeMethod = (this: object, ...args: unknown[]) => unknown;

/** Objects kept alive on purpose until the process exits (see above). */
const retained: object[] = [];
/** Native prototype → the methods already wrapped on it. */
const wrapped = new WeakMap<object, Set<string>>();

/** Wraps `name` on a native prototype (once) so that every object it returns is retained. */
function retainResults(proto: object, name: string, after?: (result: object) => void): void {
  const done = wrapped.get(proto) ?? new Set<string>();
  wrapped.set(proto, done);
  const original = (proto as Record<string, unknown>)[name];
  if (done.has(name) || typeof original !== 'function') return;
  done.add(name);
  const fn = original as NativeMethod;
  Object.defineProperty(proto, name, {
    configurable: true,
    writable: true,
    value: function retaining(this: object, ...args: unknown[]): unknown {
      const result = fn.apply(this, args);
      if (typeof result === 'object' && result !== null) {
        retained.push(result);
        after?.(result);
      }
      return result;
    },
  });
}

function retainStatementObjects(statement: object): void {
  retainResults(Object.getPrototypeOf(statement) as object, 'iterate');
}

/** The native database behind better-sqlite3's JavaScript wrapper (a private symbol property). */
function nativeOf(db: Database.Database): object | undefined {
  for (const key of Object.getOwnPropertySymbols(db)) {
    const value = (db as unknown as Record<symbol, unknown>)[key];
    if (typeof value === 'object' && value !== null && typeof (value as { prepare?: unknown }).prepare === 'function') return value;
  }
  return undefined;
}

export function openDatabase(path: string, options?: Database.Options): Database.Database {
  const db = new Database(path, options);
  retained.push(db);
  const native = nativeOf(db);
  if (native !== undefined) {
    const proto = Object.getPrototypeOf(native) as object;
    // `prepare` on the native object is what db.prepare, db.pragma and db.transaction all call.
    retainResults(proto, 'prepare', retainStatementObjects);
    retainResults(proto, 'backup');
  }
  return db;
}
