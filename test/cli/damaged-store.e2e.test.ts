import { describe, expect, it } from 'vitest';
import { closeSync, existsSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, QUICK_CHECK_MAX_BYTES } from '../../src/store/db.js';
import { sqlite } from '../../src/store/internal.js';
import { runCli, tempDir } from '../helpers/run-cli.js';

/**
 * A store above QUICK_CHECK_MAX_BYTES is opened without reading every page (a cron job on a Sở's
 * store would otherwise pay tens of seconds per command); damage is then met mid-command and must
 * still end as the "database is damaged" StateError (exit 5), never a stack trace (70).
 */
describe('a damaged store too big to quick_check at open', () => {
  it('history still opens it; report and backup meet the damage and exits 5 with a clear message and no copy', async () => {
    const dir = tempDir();
    const path = join(dir, 'edusync.db');
    const store = openStore(path);
    const db = sqlite(store);
    db.exec("INSERT INTO runs (started_at, command, tool_version, outcome) VALUES ('2025-10-20T00:00:00Z', 'test', 'test', 'ok')");
    const snap = Number(
      db
        .prepare("INSERT INTO snapshots (school_id, period, entity, run_id, created_at, record_count, content_hash) VALUES ('79000001', '2025-10', 'student', 1, '2025-10-20T00:00:00Z', 0, ?)")
        .run('x'.repeat(64)).lastInsertRowid,
    );
    const rec = db.prepare('INSERT INTO snapshot_records (snapshot_id, record_key, values_json, row_hash) VALUES (?, ?, ?, ?)');
    const filler = JSON.stringify({ note: 'y'.repeat(900) });
    const rows = Math.ceil((QUICK_CHECK_MAX_BYTES * 1.1) / 1000);
    db.transaction(() => {
      for (let i = 0; i < rows; i++) rec.run(snap, `k${i}`, filler, 'h'.repeat(64));
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    store.close();
    const size = statSync(path).size;
    expect(size).toBeGreaterThan(QUICK_CHECK_MAX_BYTES);
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(4096 * 8, 0x5a), 0, 4096 * 8, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);

    const history = await runCli(['history'], { cwd: dir });
    expect(history.code, history.stderr).toBe(0);

    // The report's one SQL pass reads every record: the damage surfaces inside the query.
    const report = await runCli(['report', 'tt24', '--level', 'school', '--period', '2025-2026/dau-nam', '--no-save', '-f', 'json', '-o', 'r.json'], { cwd: dir });
    expect(report.code, report.stderr).toBe(5);
    expect(report.stderr).toMatch(/edusync\.db is damaged|edusync\.db bị hỏng/);
    expect(report.stderr).not.toMatch(/\n\s+at /);

    const backup = await runCli(['backup', '--out', 'ban-sao.db'], { cwd: dir });
    expect(backup.code, backup.stderr).toBe(5);
    expect(backup.stderr).toMatch(/edusync\.db is damaged|edusync\.db bị hỏng/);
    expect(backup.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'ban-sao.db'))).toBe(false);
  }, 60_000);
});
