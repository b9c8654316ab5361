import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ExitCode, LockedError } from '../../src/errors.js';
import { acquireLock, processAlive } from '../../src/run/lock.js';
import { ROOT } from '../helpers/run-cli.js';

let dir: string;
let lockPath: string;
const children: ChildProcess[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'edusync-lock-'));
  lockPath = join(dir, 'sub', 'edusync.lock');
});
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited (spawned, waited for). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(r.stdout);
  expect(processAlive(pid)).toBe(false);
  return pid;
}

function aliveChild(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

function writeLock(info: unknown): void {
  acquireLock(lockPath).release(); // creates the folder
  writeFileSync(lockPath, JSON.stringify(info), { mode: 0o600 });
}

describe('run lock', () => {
  it('takes a free lock: O_EXCL file, 0600, { pid, host, startedAt }; release removes it', () => {
    const lock = acquireLock(lockPath, { now: () => new Date('2025-10-01T02:00:00Z') });
    expect(statSync(lockPath).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(lockPath, 'utf8'))).toEqual({ pid: process.pid, host: hostname(), startedAt: '2025-10-01T02:00:00.000Z' });
    expect(lock.tookOver).toBeUndefined();
    lock.release();
    expect(existsSync(lockPath)).toBe(false);
    lock.release(); // idempotent
  });

  it('refuses while the holder is alive (LockedError, exit 6, pid and time in the message)', () => {
    const child = aliveChild();
    writeLock({ pid: child.pid, host: hostname(), startedAt: '2025-10-01T02:00:00.000Z' });
    let error: unknown;
    try {
      acquireLock(lockPath);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LockedError);
    expect((error as LockedError).exitCode).toBe(ExitCode.Locked);
    expect(ExitCode.Locked).toBe(6);
    expect((error as LockedError).render('en')).toContain(`Another run holds the lock (pid ${child.pid} since 2025-10-01T02:00:00.000Z)`);
    expect((error as LockedError).render('vi')).toContain(`Một lần chạy khác đang giữ khoá (pid ${child.pid}`);
    // The holder's lock is untouched.
    expect(JSON.parse(readFileSync(lockPath, 'utf8')).pid).toBe(child.pid);
  });

  it('refuses a second acquire in the same process', () => {
    const lock = acquireLock(lockPath);
    expect(() => acquireLock(lockPath)).toThrow(LockedError);
    lock.release();
  });

  it('takes over a stale lock whose pid is dead on this host', () => {
    const pid = deadPid();
    writeLock({ pid, host: hostname(), startedAt: '2025-10-01T02:00:00.000Z' });
    const lock = acquireLock(lockPath);
    expect(lock.tookOver).toEqual({ pid, host: hostname(), startedAt: '2025-10-01T02:00:00.000Z' });
    expect(JSON.parse(readFileSync(lockPath, 'utf8')).pid).toBe(process.pid);
    expect(existsSync(`${lockPath}.takeover`)).toBe(false);
    lock.release();
    expect(existsSync(lockPath)).toBe(false);
  });

  it('does not judge a lock of another host (cannot see its processes)', () => {
    writeLock({ pid: deadPid(), host: 'some-other-host', startedAt: '2025-10-01T02:00:00.000Z' });
    expect(() => acquireLock(lockPath)).toThrow(/some-other-host/);
  });

  it('an unparsable lock is "starting up" while fresh, stale once old', () => {
    acquireLock(lockPath).release();
    writeFileSync(lockPath, '');
    expect(() => acquireLock(lockPath, { unparsableGraceMs: 60_000 })).toThrow(/starting up/);
    const old = new Date(Date.now() - 120_000);
    utimesSync(lockPath, old, old);
    const lock = acquireLock(lockPath, { unparsableGraceMs: 60_000 });
    expect(lock.tookOver).toBe('unreadable');
    lock.release();
  });

  it('a takeover guard left by a dead process does not block forever', () => {
    writeLock({ pid: deadPid(), host: hostname(), startedAt: '2025-10-01T02:00:00.000Z' });
    writeFileSync(`${lockPath}.takeover`, JSON.stringify({ pid: deadPid(), host: hostname(), startedAt: 'x' }));
    const lock = acquireLock(lockPath);
    expect(lock.tookOver).not.toBeUndefined();
    expect(existsSync(`${lockPath}.takeover`)).toBe(false);
    lock.release();
  });

  it('release does not remove a lock that is no longer ours', () => {
    const lock = acquireLock(lockPath);
    writeFileSync(lockPath, JSON.stringify({ pid: 1, host: hostname(), startedAt: 'someone else' }));
    lock.release();
    expect(existsSync(lockPath)).toBe(true);
  });

  it('many processes racing for a stale lock: exactly one gets it', async () => {
    writeLock({ pid: deadPid(), host: hostname(), startedAt: '2025-10-01T02:00:00.000Z' });
    const lockModule = pathToFileURL(join(ROOT, 'dist', 'run', 'lock.js')).href;
    const script = `
      const { acquireLock } = await import(${JSON.stringify(lockModule)});
      try {
        const lock = acquireLock(${JSON.stringify(lockPath)});
        process.stdout.write('won');
        setTimeout(() => lock.release(), 3000);
      } catch (e) {
        process.stdout.write(e.name === 'LockedError' ? 'locked' : 'error:' + e.message);
      }`;
    const runs = Array.from({ length: 8 }, () =>
      new Promise<string>((resolve) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
        children.push(child);
        let out = '';
        child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
        child.on('close', () => resolve(out));
      }),
    );
    const results = await Promise.all(runs);
    expect(results.filter((r) => r === 'won')).toHaveLength(1);
    expect(results.filter((r) => r === 'locked')).toHaveLength(7);
    expect(existsSync(lockPath)).toBe(false);
  });
});
