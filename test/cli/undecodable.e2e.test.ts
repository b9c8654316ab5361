/**
 * A UTF-8 CSV with a few bytes of another encoding in one name (a line pasted from an old program):
 * the decoder keeps the file UTF-8 and puts U+FFFD where the bytes were; DL-010 names the cell, the
 * row is rejected on import, and the clean rows are untouched.
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/run-cli.js';

describe('undecodable bytes in a UTF-8 file', () => {
  it('are reported as DL-010 at the row and column the user sees, and block the row on import', async () => {
    const dir = tempDir();
    const header = Buffer.from('Mã trường,Mã học sinh,Họ và tên,Ngày sinh,Khối,Mã lớp\n', 'utf8');
    const good = Buffer.from('79000001,0101,Nguyễn Thị Hoa,05/03/2014,6,6A1\n', 'utf8');
    // "Trần" with the "ầ" as the single Windows-1258-style byte 0xE0 followed by ASCII: not UTF-8.
    const bad = Buffer.concat([Buffer.from('79000001,0102,Tr', 'latin1'), Buffer.from([0xe0, 0xf2]), Buffer.from('n Văn An,06/04/2014,6,6A1\n', 'utf8')]);
    writeFileSync(join(dir, 'hs.csv'), Buffer.concat([header, good, bad]));
    const r = await runCli(['validate', 'hs.csv', '--format', 'json', '--today', '2025-10-15'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: Array<{ code: string; row: number; column: string; field: string; severity: string }> };
    const dl010 = report.findings.filter((f) => f.code === 'DL-010');
    expect(dl010).toEqual([expect.objectContaining({ row: 3, column: 'C', field: 'fullName', severity: 'error' })]);
    expect(report.findings.filter((f) => f.row === 2 && f.severity !== 'info')).toEqual([]);

    const imp = await runCli(['import', 'hs.csv', '--period', '2025-10', '--format', 'json', '--today', '2025-10-15'], { cwd: dir });
    const plan = JSON.parse(imp.stdout) as { plans: Array<{ new: Array<{ schoolPersonId: string }>; rejected: Array<{ schoolPersonId: string; codes: string[] }> }> };
    expect(plan.plans[0]!.new.map((p) => p.schoolPersonId)).toEqual(['0101']);
    expect(plan.plans[0]!.rejected).toEqual([expect.objectContaining({ schoolPersonId: '0102', codes: ['DL-010'] })]);
  });
});
