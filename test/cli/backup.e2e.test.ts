import { describe, expect, it } from 'vitest';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/sqlite.js';
import { runCli, tempDir } from '../helpers/run-cli.js';

describe('edusync backup', () => {
  it('writes a consistent 0600 copy while another connection reads, and refuses to overwrite', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'hs.csv'), 'Mã trường,Mã học sinh,Họ và tên,Ngày sinh,Khối,Mã lớp\n79000001,0101,Nguyễn Thị Hoa,05/03/2014,6,6A1\n');
    const imp = await runCli(['import', 'hs.csv', '--period', '2025-10', '--apply', '--today', '2025-10-20'], { cwd: dir });
    expect([0, 1]).toContain(imp.code);
    const reader = openDatabase(join(dir, 'edusync.db'), { readonly: true });
    const rows = reader.prepare('SELECT * FROM snapshot_records').iterate();
    rows.next(); // a read in progress during the backup
    const r = await runCli(['backup', '--out', 'ban-sao.db'], { cwd: dir });
    rows.return?.();
    reader.close();
    expect(r.code, r.stderr).toBe(0);
    const copy = join(dir, 'ban-sao.db');
    expect(statSync(copy).mode & 0o777).toBe(0o600);
    const conn = openDatabase(copy, { readonly: true });
    expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((conn.prepare('SELECT count(*) AS n FROM snapshot_records').get() as { n: number }).n).toBe(1);
    conn.close();
    const again = await runCli(['backup', '--out', 'ban-sao.db'], { cwd: dir });
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('ban-sao.db');
  });

  it('says so when there is no database yet', async () => {
    const r = await runCli(['backup', '--out', 'x.db'], { cwd: tempDir() });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('edusync import');
  });
});
