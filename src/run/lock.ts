/**
 * The run lock: two `edusync run` (two cron entries, or a slow run and the next one) never overlap.
 *
 * The lock is a file created with O_EXCL (`wx`, mode 0600) holding `{ pid, host, startedAt }`.
 * When it already exists:
 * - its owner is on this host and its pid is dead (`kill(pid, 0)` → ESRCH): the lock is stale (a
 *   crash or kill -9) and is taken over;
 * - otherwise (alive, or another host sharing the folder, where we cannot tell): LockedError (exit 6).
 *
 * Taking over a stale lock is guarded by a second O_EXCL file (`<lock>.takeover`): without it two
 * processes that both saw the same stale lock could each delete it, the second deleting the fresh
 * lock of the first. The guard holder re-reads the lock, removes it only if it is still the stale
 * one, and creates its own with O_EXCL again. A guard left by a dead process is removed once.
 *
 * A lock file whose content cannot be parsed is being written right now (open and write are two
 * steps) — or was left half-written by a crash; it is re-read for a moment, and treated as stale
 * only when it is older than `unparsableGraceMs`.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { LockedError } from '../errors.js';

export interface LockInfo {
  pid: number;
  host: string;
  startedAt: string;
}

export interface LockOptions {
  pid?: number;
  host?: string;
  now?: () => Date;
  /** Whether a process of this host is alive (default: `process.kill(pid, 0)`; EPERM counts as alive). */
  isAlive?: (pid: number) => boolean;
  /** A lock file that does not parse is taken as stale only once older than this (default 10 s). */
  unparsableGraceMs?: number;
}

export interface RunLock {
  readonly path: string;
  readonly info: LockInfo;
  /** The stale lock this one replaced (its owner had died), if any. */
  readonly tookOver: LockInfo | 'unreadable' | undefined;
  /** Removes the lock file if it is still ours. Idempotent; synchronous so it can run in an 'exit' handler. */
  release(): void;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function parse(text: string): LockInfo | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockInfo>;
    if (typeof v.pid === 'number' && Number.isInteger(v.pid) && v.pid > 0 && typeof v.host === 'string' && typeof v.startedAt === 'string') {
      return { pid: v.pid, host: v.host, startedAt: v.startedAt };
    }
  } catch {
    /* fall through */
  }
  return undefined;
}

type Existing = { kind: 'gone' } | { kind: 'info'; info: LockInfo; text: string } | { kind: 'unparsable'; ageMs: number; text: string };

function readExisting(path: string, now: () => Date): Existing {
  let text: string;
  let mtimeMs: number;
  try {
    mtimeMs = statSync(path).mtimeMs;
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'gone' };
    throw error;
  }
  const info = parse(text);
  return info ? { kind: 'info', info, text } : { kind: 'unparsable', ageMs: now().getTime() - mtimeMs, text };
}

/** Creates `path` with O_EXCL and writes `text`; false when it already exists. */
function createExclusive(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

function unlinkIfSame(path: string, text: string): boolean {
  try {
    if (readFileSync(path, 'utf8') !== text) return false;
    unlinkSync(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

export function lockedError(path: string, holder: LockInfo | undefined, host: string): LockedError {
  if (!holder) {
    return new LockedError({
      vi: `Một lần chạy khác đang giữ khoá ${path} (đang khởi động). Lần chạy này dừng lại, không làm gì.`,
      en: `Another run holds the lock ${path} (starting up). This run stopped without doing anything.`,
    });
  }
  const where = holder.host === host ? '' : ` @ ${holder.host}`;
  return new LockedError({
    vi: `Một lần chạy khác đang giữ khoá (pid ${holder.pid}${where} từ ${holder.startedAt}): ${path}. Lần chạy này dừng lại, không làm gì.`,
    en: `Another run holds the lock (pid ${holder.pid}${where} since ${holder.startedAt}): ${path}. This run stopped without doing anything.`,
  });
}

/** Takes the run lock or throws LockedError (exit 6). */
export function acquireLock(path: string, options: LockOptions = {}): RunLock {
  const pid = options.pid ?? process.pid;
  const host = options.host ?? hostname();
  const now = options.now ?? (() => new Date());
  const isAlive = options.isAlive ?? processAlive;
  const grace = options.unparsableGraceMs ?? 10_000;
  const info: LockInfo = { pid, host, startedAt: now().toISOString() };
  const text = `${JSON.stringify(info)}\n`;
  mkdirSync(dirname(path), { recursive: true });

  const made = (tookOver: RunLock['tookOver']): RunLock => {
    let released = false;
    return {
      path,
      info,
      tookOver,
      release() {
        if (released) return;
        released = true;
        unlinkIfSame(path, text);
      },
    };
  };

  if (createExclusive(path, text)) return made(undefined);

  // The lock exists: whose is it?
  let existing = readExisting(path, now);
  for (let i = 0; i < 10 && existing.kind === 'unparsable' && existing.ageMs < grace; i++) {
    sleepSync(50); // its owner is between open() and write()
    existing = readExisting(path, now);
  }
  if (existing.kind === 'gone') {
    // Released between our open and our read: one more try, no loop (a busy lock is still a lock).
    if (createExclusive(path, text)) return made(undefined);
    const again = readExisting(path, now);
    throw lockedError(path, again.kind === 'info' ? again.info : undefined, host);
  }
  if (existing.kind === 'info') {
    const holder = existing.info;
    if (holder.host !== host || holder.pid === pid || isAlive(holder.pid)) throw lockedError(path, holder, host);
  } else if (existing.ageMs < grace) {
    throw lockedError(path, undefined, host);
  }

  // Stale: take it over under the guard.
  const stale = existing;
  const guard = `${path}.takeover`;
  const guardText = text;
  let haveGuard = createExclusive(guard, guardText);
  if (!haveGuard) {
    const g = readExisting(guard, now);
    const guardDead =
      g.kind === 'gone' || (g.kind === 'info' && g.info.host === host && !isAlive(g.info.pid)) || (g.kind === 'unparsable' && g.ageMs >= grace);
    if (guardDead) {
      if (g.kind !== 'gone') unlinkIfSame(guard, g.text);
      haveGuard = createExclusive(guard, guardText);
    }
  }
  if (!haveGuard) throw lockedError(path, stale.kind === 'info' ? stale.info : undefined, host);
  try {
    if (!unlinkIfSame(path, stale.text)) {
      // Someone else replaced it meanwhile: theirs now.
      const now2 = readExisting(path, now);
      throw lockedError(path, now2.kind === 'info' ? now2.info : undefined, host);
    }
    if (!createExclusive(path, text)) {
      const now2 = readExisting(path, now);
      throw lockedError(path, now2.kind === 'info' ? now2.info : undefined, host);
    }
    return made(stale.kind === 'info' ? stale.info : 'unreadable');
  } finally {
    unlinkIfSame(guard, guardText);
  }
}
