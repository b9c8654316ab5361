/**
 * Issue 9 item 4: without --before, purge cuts at today's month minus the retention
 * (`retention.months`, default 24). It deletes only what its explicit list names — snapshots,
 * findings, orphaned persons, answered push batches — and never aggregate reports (two old rows of the `reports` table of migration 5).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/sqlite.js';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli.js';

const TODAY = '2025-10-20';

describe('edusync purge: retention', () => {
  it('defaults to 24 months, follows retention.months from the config, keeps reports, deletes old answered push batches but never a pending one', async () => {
    const dir = tempDir('edusync-retention-');
    const db = join(dir, 'edusync.db');
    writeFileSync(join(dir, 'list.csv'), 'Mã trường,Mã học sinh,Họ và tên,Ngày sinh,Khối,Mã lớp\n79000001,0101,Nguyễn Thị Hoa,05/03/2014,6,6A1\n');
    for (const period of ['2023-05', '2025-10']) {
      const r = await runCli(['import', 'list.csv', '--period', period, '--apply', '--db', db, '--today', TODAY], { cwd: dir });
      expect([0, 1], r.stderr).toContain(r.code);
    }
    const conn = openDatabase(db);
    const hash = 'a'.repeat(64);
    conn.exec(`INSERT INTO reports (created_at, period, regime, form, form_code, level, scheme, unit_code, unit_name, school_count, cells_json, content_hash)
      VALUES ('2023-05-01T00:00:00.000Z', '2022-2023/dau-nam', 'tt24', 'thcs-dau-nam', '03-THCS-ĐN', 'school', 'dvhc-2024', '79000001', 'THCS', 1, '[]', '${hash}'),
             ('2019-10-01T00:00:00.000Z', '2019-2020/dau-nam', 'tt24', 'thcs-dau-nam', '03-THCS-ĐN', 'school', 'dvhc-2024', '79000001', 'THCS', 1, '[]', '${hash}');
      INSERT INTO push_batches (id, target, school_id, entity, school_year, idempotency_key, body, record_count, status, created_at)
      VALUES (1, 'sim', '79000001', 'students', '2022-2023', 'k1', '', 1, 'acked', '2023-06-01T00:00:00.000Z'),
             (2, 'sim', '79000001', 'students', '2025-2026', 'k2', '', 1, 'acked', '2025-10-01T00:00:00.000Z'),
             (3, 'sim', '79000001', 'students', '2022-2023', 'k3', '[{}]', 1, 'pending', '2023-06-01T00:00:00.000Z');
      INSERT INTO push_outbox (batch_id, seq, record_key, row_hash) VALUES (1, 0, 'a', 'h'), (2, 0, 'a', 'h2'), (3, 0, 'b', 'h3');`);
    conn.close();

    // No config, no --before: the default retention of 24 months.
    const plan = await runCli(['purge', '--db', db, '--today', TODAY, '--format', 'json'], { cwd: dir });
    expect(plan.code, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout)).toMatchObject({ applied: false, before: '2023-10', retentionMonths: 24, retentionFrom: 'default', snapshots: 1, outbox: 1, keptReports: 2, tables: ['snapshots', 'record_versions', 'findings', 'acknowledgements', 'persons', 'push_batches'] });
    const text = await runCli(['purge', '--db', db, '--today', TODAY, '--lang', 'en'], { cwd: dir });
    expect(text.stdout).toContain('Retention: 24 months (default) → data before 2023-10 goes.');
    expect(text.stdout).toContain('aggregate reports: 2 (never deleted)');

    // retention.months from the config.
    const config = join(dir, 'edusync.config.json');
    writeFileSync(config, JSON.stringify({ retention: { months: 30 } }));
    const applied = await runCli(['purge', '--db', db, '--today', TODAY, '--apply', '--format', 'json'], { cwd: dir });
    expect(applied.code, applied.stderr).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({ applied: true, before: '2023-04', retentionMonths: 30, retentionFrom: 'config', snapshots: 0, outbox: 0 });
    writeFileSync(config, JSON.stringify({ retention: { months: 6 } }));
    const six = await runCli(['purge', '--db', db, '--today', TODAY, '--apply', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(six.stdout)).toMatchObject({ applied: true, before: '2025-04', snapshots: 1, outbox: 1, keptSnapshots: 1, keptReports: 2 });

    const check = openDatabase(db, { readonly: true });
    try {
      expect(check.prepare('SELECT count(*) FROM reports').pluck().get()).toBe(2);
      expect(check.prepare('SELECT period FROM snapshots').pluck().all()).toEqual(['2025-10']);
      // The answered old batch went; the newer one and the still-pending old one (undelivered records) stay.
      expect(check.prepare('SELECT id FROM push_batches ORDER BY id').pluck().all()).toEqual([2, 3]);
      expect(check.prepare('SELECT batch_id FROM push_outbox ORDER BY batch_id').pluck().all()).toEqual([2, 3]);
      expect(check.prepare("SELECT count(*) FROM audit_events WHERE action = 'purge'").pluck().get()).toBe(2);
    } finally {
      check.close();
    }
  });
});
