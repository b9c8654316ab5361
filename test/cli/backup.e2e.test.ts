import { describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
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

  it('says a folder given as --out is a folder (not that it "already exists"), with --force too', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'hs.csv'), 'Mã trường,Mã học sinh,Họ và tên,Ngày sinh,Khối,Mã lớp\n79000001,0101,Nguyễn Thị Hoa,05/03/2014,6,6A1\n');
    const imp = await runCli(['import', 'hs.csv', '--period', '2025-10', '--apply', '--today', '2025-10-20'], { cwd: dir });
    expect([0, 1]).toContain(imp.code);
    mkdirSync(join(dir, 'sao-luu'));
    const vi = await runCli(['backup', '--out', 'sao-luu'], { cwd: dir });
    expect(vi.code).toBe(5);
    expect(vi.stderr).toContain('sao-luu là một thư mục, không phải tệp: hãy cho tên tệp của bản sao lưu (ví dụ sao-luu/ban-sao.db).');
    expect(vi.stderr).not.toContain('đã có');
    const en = await runCli(['backup', '--out', 'sao-luu', '--force', '--lang', 'en'], { cwd: dir });
    expect(en.code).toBe(5);
    expect(en.stderr).toContain("sao-luu is a folder, not a file: give the backup's file name (e.g. sao-luu/backup.db).");
    expect(readdirSync(join(dir, 'sao-luu'))).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.startsWith('sao-luu'))).toEqual(['sao-luu']);
  });

  it('says so when there is no database yet', async () => {
    const r = await runCli(['backup', '--out', 'x.db'], { cwd: tempDir() });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('edusync import');
  });
});
