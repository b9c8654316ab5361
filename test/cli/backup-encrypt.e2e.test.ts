/**
 * Issue 9 item 4: `backup --encrypt` writes an AES-256-GCM copy (key from a file or the
 * environment, never a flag), `restore --decrypt` checks and restores it; a wrong key or a changed
 * byte is a clear error; the encrypted file holds no plaintext; the key is never printed.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/sqlite.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli.js';

let dir: string;
let db: string;
let name: string;

function tables(path: string): Record<string, number> {
  const conn = openDatabase(path, { readonly: true });
  try {
    const names = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    return Object.fromEntries(names.map((n) => [n, conn.prepare(`SELECT count(*) FROM "${n}"`).pluck().get() as number]));
  } finally {
    conn.close();
  }
}

beforeAll(async () => {
  dir = tempDir('edusync-enc-');
  db = join(dir, 'edusync.db');
  const gen = await runCli(['generate', '--out', 'data', '--entities', 'students', '--rows', '200', '--format', 'csv', '--seed', '21'], { cwd: dir });
  expect(gen.code, gen.stderr).toBe(0);
  const imp = await runCli(['import', 'data', '--period', '2025-10', '--apply', '--today', '2025-10-20'], { cwd: dir });
  expect([0, 1]).toContain(imp.code);
  const conn = openDatabase(db, { readonly: true });
  const values = conn.prepare('SELECT values_json FROM snapshot_records LIMIT 1').pluck().get() as string;
  conn.close();
  name = (JSON.parse(values) as { fullName: string }).fullName;
  expect(name.length).toBeGreaterThan(4);
});

describe('backup --encrypt / restore --decrypt', () => {
  it('round-trips with a 32-byte hex key file: same tables, integrity ok, no plaintext, key never printed', async () => {
    const hex = randomBytes(32).toString('hex');
    writeFileSync(join(dir, 'khoa.key'), `${hex}\n`, { mode: 0o600 });
    const b = await runCli(['backup', '--out', 'sao-luu.enc', '--encrypt', '--key-file', 'khoa.key'], { cwd: dir });
    expect(b.code, b.stderr).toBe(0);
    const enc = join(dir, 'sao-luu.enc');
    expect(statSync(enc).mode & 0o777).toBe(0o600);
    const bytes = readFileSync(enc);
    expect(bytes.subarray(0, 16).toString('ascii')).toBe('EDUSYNC-BACKUP-1');
    expect(bytes.includes(Buffer.from(name, 'utf8'))).toBe(false);
    expect(bytes.includes(Buffer.from('SQLite format 3', 'latin1'))).toBe(false);
    expect(readFileSync(db).includes(Buffer.from(name, 'utf8')) || readFileSync(`${db}-wal`).includes(Buffer.from(name, 'utf8'))).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('.plain-') || f.includes('.enc-') || f.includes('.tmp-'))).toEqual([]);

    const r = await runCli(['restore', '--decrypt', '--in', 'sao-luu.enc', '--out', 'khoi-phuc.db', '--key-file', 'khoa.key'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('integrity_check ok');
    const restored = join(dir, 'khoi-phuc.db');
    expect(statSync(restored).mode & 0o777).toBe(0o600);
    const conn = openDatabase(restored, { readonly: true });
    expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
    conn.close();
    const live = tables(db);
    const back = tables(restored);
    expect(Object.keys(back)).toEqual(Object.keys(live));
    expect(back.snapshot_records).toBe(live.snapshot_records);
    expect(back.persons).toBe(live.persons);

    for (const run of [b, r]) expect(run.stdout + run.stderr).not.toContain(hex);
  });

  it('a passphrase from EDUSYNC_BACKUP_KEY (scrypt): round-trip; the wrong passphrase or a changed byte is a clear error', async () => {
    const pass = 'mật khẩu sao lưu của trường 2025';
    const env = { EDUSYNC_BACKUP_KEY: pass };
    const b = await runCli(['backup', '--out', 'p.enc', '--encrypt'], { cwd: dir, env });
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout + b.stderr).not.toContain(pass);
    const ok = await runCli(['restore', '--decrypt', '--in', 'p.enc', '--out', 'p.db'], { cwd: dir, env });
    expect(ok.code, ok.stderr).toBe(0);

    const wrong = await runCli(['restore', '--decrypt', '--in', 'p.enc', '--out', 'wrong.db', '--lang', 'en'], { cwd: dir, env: { EDUSYNC_BACKUP_KEY: 'not the right passphrase' } });
    expect(wrong.code).toBe(5);
    expect(wrong.stderr).toContain('wrong key, or the file was changed or damaged');
    expect(wrong.stderr).not.toContain('not the right passphrase');
    expect(existsSync(join(dir, 'wrong.db'))).toBe(false);

    const bytes = readFileSync(join(dir, 'p.enc'));
    for (const [label, at] of [['body', 4096], ['header', 40], ['tag', bytes.length - 3]] as const) {
      const tampered = Buffer.from(bytes);
      tampered[at] = tampered[at]! ^ 0x01;
      writeFileSync(join(dir, `t-${label}.enc`), tampered);
      const t = await runCli(['restore', '--decrypt', '--in', `t-${label}.enc`, '--out', `t-${label}.db`, '--lang', 'en'], { cwd: dir, env });
      expect(t.code, label).toBe(5);
      expect(t.stderr, label).toContain('authentication tag does not match');
      expect(existsSync(join(dir, `t-${label}.db`)), label).toBe(false);
    }
    const raw = randomBytes(32).toString('base64');
    const kind = await runCli(['restore', '--decrypt', '--in', 'p.enc', '--out', 'kind.db', '--lang', 'en'], { cwd: dir, env: { EDUSYNC_BACKUP_KEY: raw } });
    expect(kind.code).toBe(5);
    expect(kind.stderr).toContain('Wrong key');
    expect(kind.stderr).not.toContain(raw);
  });

  it('refuses without a key (exit 2, nothing written) and never takes the key as a flag value', async () => {
    const none = await runCli(['backup', '--out', 'none.enc', '--encrypt'], { cwd: dir, env: { EDUSYNC_BACKUP_KEY: '' } });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('EDUSYNC_BACKUP_KEY');
    expect(existsSync(join(dir, 'none.enc'))).toBe(false);
    const short = await runCli(['backup', '--out', 'short.enc', '--encrypt'], { cwd: dir, env: { EDUSYNC_BACKUP_KEY: 'abc123' } });
    expect(short.code).toBe(2);
    expect(short.stderr).not.toContain('abc123');
    const flag = await runCli(['backup', '--out', 'flag.enc', '--encrypt', '--key', 'x'.repeat(64)], { cwd: dir });
    expect(flag.code).toBe(2);
    const plain = await runCli(['restore', '--decrypt', '--in', 'edusync.db', '--out', 'x.db'], { cwd: dir });
    expect(plain.code).toBe(5);
  });
});
