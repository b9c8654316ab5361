/** Issue 9 items 3 and 4 at the store level: the audit repository and the backup cipher. */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StateError, UsageError } from '../../src/errors.js';
import { listAudit, recordAudit } from '../../src/store/audit.js';
import { decryptFile, encryptFile, parseKey } from '../../src/store/crypto.js';
import { openStore } from '../../src/store/db.js';
import { clock, tempDir } from './helpers.js';

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});
function dir(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

describe('audit repository', () => {
  it('records sorted, de-duplicated field keys; lists by since and limit, oldest first', () => {
    const store = openStore(':memory:', { now: clock(Date.UTC(2026, 0, 10)) });
    recordAudit(store, { command: 'validate', action: 'error-workbook', destination: '/x/a.xlsx', fileSha256: 'a'.repeat(64), recordCount: 3, fields: ['fullName', 'classId', 'fullName'], osUser: 'canbo' });
    recordAudit(store, { command: 'backup', action: 'backup', destination: '/x/b.db', fileSha256: 'b'.repeat(64), recordCount: 10, fields: [] });
    recordAudit(store, { command: 'purge', action: 'purge', recordCount: 7, fields: [] });
    const all = listAudit(store);
    expect(all.map((e) => e.action)).toEqual(['error-workbook', 'backup', 'purge']);
    expect(all[0]).toMatchObject({ osUser: 'canbo', fields: ['classId', 'fullName'], recordCount: 3, time: '2026-01-10T00:00:00.000Z', runId: null });
    expect(listAudit(store, { since: '2026-01-10T00:00:01.000Z' }).map((e) => e.action)).toEqual(['backup', 'purge']);
    expect(listAudit(store, { limit: 2 }).map((e) => e.action)).toEqual(['backup', 'purge']);
    expect(listAudit(store, { since: '2026-01-11' })).toEqual([]);
    expect(() => recordAudit(store, { command: 'x', action: 'leak' as never, recordCount: 0, fields: [] })).toThrow();
    expect(() => recordAudit(store, { command: 'x', action: 'backup', fileSha256: 'short', recordCount: 0, fields: [] })).toThrow();
    store.close();
  });
});

describe('backup cipher', () => {
  it('reads raw keys as hex or base64, anything else as a passphrase of at least 12 characters', () => {
    const raw = randomBytes(32);
    expect(parseKey(raw.toString('hex'))).toEqual({ kind: 'raw', key: raw });
    expect(parseKey(raw.toString('base64'))).toEqual({ kind: 'raw', key: raw });
    expect(parseKey('twelve chars')).toMatchObject({ kind: 'passphrase' });
    expect(() => parseKey('short')).toThrow(UsageError);
  });

  it('round-trips any content; a wrong key or any flipped byte fails the tag check', async () => {
    const d = dir();
    const plain = join(d, 'plain.bin');
    const content = randomBytes(200_000);
    writeFileSync(plain, content);
    for (const key of [parseKey(randomBytes(32).toString('hex')), parseKey('một cụm mật khẩu đủ dài')]) {
      const enc = join(d, `enc-${key.kind}`);
      await encryptFile(plain, enc, key);
      const out = join(d, `out-${key.kind}`);
      await decryptFile(enc, out, key);
      expect(readFileSync(out).equals(content)).toBe(true);
      const other = key.kind === 'raw' ? parseKey(randomBytes(32).toString('hex')) : parseKey('another long passphrase');
      await expect(decryptFile(enc, join(d, `wrong-${key.kind}`), other)).rejects.toBeInstanceOf(StateError);
      const bytes = readFileSync(enc);
      for (const at of [0, 17, 25, 40, 100, bytes.length - 1]) {
        const t = Buffer.from(bytes);
        t[at] = t[at]! ^ 0x80;
        const tampered = join(d, `t-${key.kind}-${at}`);
        writeFileSync(tampered, t);
        await expect(decryptFile(tampered, `${tampered}.out`, key)).rejects.toBeInstanceOf(StateError);
      }
    }
  });
});
