/**
 * The two-part path for large csv/tsv files (src/check/parallel.ts) must give exactly what the
 * single pass gives: same findings, same stats, same row numbers, whatever the cut lands on.
 * Both runs use the built CLI (the worker is a compiled script); EDUSYNC_THREADS=1 forces one
 * pass, EDUSYNC_PARALLEL_MIN_BYTES=1 lets small files be cut, EDUSYNC_DEBUG_PARTS=1 proves the
 * cut happened.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { findTextCut } from '../../src/io/text-split.js';

interface JsonReport {
  unreadable?: unknown;
  stats: unknown;
  tables: unknown;
  findings: unknown[];
}

async function validate(file: string, env: NodeJS.ProcessEnv, codes = [0, 1]): Promise<{ report: JsonReport; stderr: string }> {
  const run = await runCli(['validate', file, '--today', '2025-10-15', '--format', 'json'], { env, timeoutMs: 180_000 });
  expect(codes).toContain(run.code);
  return { report: JSON.parse(run.stdout) as JsonReport, stderr: run.stderr };
}

const single = { EDUSYNC_THREADS: '1' };
const parts = (share?: string): NodeJS.ProcessEnv => ({
  EDUSYNC_THREADS: '2', // split even when the machine is busy (the load guard would skip it)
  EDUSYNC_PARALLEL_MIN_BYTES: '1',
  EDUSYNC_DEBUG_PARTS: '1',
  ...(share === undefined ? {} : { EDUSYNC_PARALLEL_SHARE: share }),
});

function sortedFindings(r: JsonReport): string[] {
  return r.findings.map((f) => JSON.stringify(f)).sort();
}

const multiCore = availableParallelism() > 1;

describe.runIf(multiCore)('validate in two parts (large csv)', () => {
  let file = '';
  beforeAll(async () => {
    const dir = tempDir('edusync-parts-');
    const run = await runCli(
      ['generate', '--out', dir, '--seed', '3', '--rows', '200000', '--entities', 'students', '--format', 'csv', '--defects', '0.02'],
      { timeoutMs: 120_000 },
    );
    expect(run.code).toBe(0);
    file = join(dir, readdirSync(dir).find((f) => f.endsWith('.csv'))!);
  }, 180_000);

  it('gives the same findings and stats as one pass on a generated 200 k-row file', async () => {
    const [a, b] = await Promise.all([validate(file, single), validate(file, parts())]);
    expect(b.stderr).toMatch(/edusync parts: cut at byte \d+/);
    expect(a.stderr).not.toMatch(/edusync parts/);
    expect(b.report.findings.length).toBeGreaterThan(1000);
    expect(sortedFindings(b.report)).toEqual(sortedFindings(a.report));
    expect(b.report.stats).toEqual(a.report.stats);
    expect(b.report.tables).toEqual(a.report.tables);
  }, 240_000);
});

/** A small student CSV whose middle rows hold quoted line breaks (and CRLF, doubled quotes). */
function quotedCsv(): { text: string; badRows: number[] } {
  const header = 'Mã trường,Mã lớp,Khối,Mã học sinh,Họ và tên,Ngày sinh,Giới tính,Số định danh cá nhân,Chỗ ở hiện nay\n';
  let text = header;
  let line = 2;
  const badRows: number[] = [];
  for (let i = 0; i < 400; i++) {
    const id = String(1000000 + i);
    // Every 7th row has an impossible birth date: its finding names the row, so row numbers show.
    const dob = i % 7 === 0 ? '31/02/2013' : `0${(i % 9) + 1}/03/2013`;
    if (i % 7 === 0) badRows.push(line);
    if (i >= 150 && i < 250) {
      // The middle: an address over three lines, a doubled quote, a CRLF inside the quotes.
      text += `68587942,6A1,Khối 6,${id},Nguyễn Văn An,${dob},Nam,,"Ấp ""${i}""\nXã Tân\r\nLâm Đồng"\n`;
      line += 3;
    } else {
      text += `68587942,6A1,Khối 6,${id},Nguyễn Văn An,${dob},Nam,,"Ấp ${i}, Lâm Đồng"\n`;
      line += 1;
    }
  }
  return { text, badRows };
}

describe('cutting a csv at a record boundary (findTextCut)', () => {
  it('never cuts inside a quoted field and counts quoted line breaks', () => {
    const dir = tempDir('edusync-cut-');
    const file = join(dir, 'a.csv');
    const text = 'a,b\n1,"x\ny"\n2,"p""\r\nq"\r\n3,z"w\n4,"k"\n';
    writeFileSync(file, text);
    const bytes = Buffer.from(text);
    // A target inside the first quoted field: the cut is after its record, on line 4.
    const inside = bytes.indexOf('x\ny');
    expect(findTextCut(file, 0, inside + 1, ',')).toEqual({ offset: bytes.indexOf('2,"p'), line: 4 });
    // Inside the field with a doubled quote and a quoted CRLF: after its CRLF, line 6.
    expect(findTextCut(file, 0, bytes.indexOf('p""') + 2, ',')).toEqual({ offset: bytes.indexOf('3,z'), line: 6 });
    // A quote inside an unquoted field is text: the cut after that line is fine.
    expect(findTextCut(file, 0, bytes.indexOf('z"w'), ',')).toEqual({ offset: bytes.indexOf('4,"k'), line: 7 });
    expect(findTextCut(file, 0, bytes.length, ',')).toEqual({ offset: bytes.length, line: 8 });
    expect(findTextCut(file, 0, bytes.length + 1, ',')).toBeUndefined();
  });

  it('agrees with a byte-by-byte reading of the rules wherever the target falls (1.5 MB, every kind of line break)', () => {
    // The reference: RFC 4180 as the doc comment of io/text-split.ts states it, one byte at a time.
    const reference = (bytes: Buffer, target: number): { offset: number; line: number } | undefined => {
      let state = 0; // 0 field start, 1 unquoted, 2 quoted, 3 quote seen
      let line = 1;
      let prev = -1;
      for (let i = 0; i < bytes.length; i++) {
        const c = bytes[i]!;
        if (state === 2) {
          if (c === 34) state = 3;
          else if (c === 10) line += prev === 13 ? 0 : 1;
          else if (c === 13) line++;
          prev = c;
          continue;
        }
        if (state === 3 && c === 34) {
          state = 2;
          prev = c;
          continue;
        }
        if (c === 10) {
          line += prev === 13 ? 0 : 1;
          state = 0;
          if (i + 1 >= target) return { offset: i + 1, line };
        } else if (c === 13) {
          line++;
          state = 0;
        } else if (c === 44) state = 0;
        else if (c === 34) state = state === 0 ? 2 : 1;
        else state = 1;
        prev = c;
      }
      return undefined;
    };
    let seed = 5;
    const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    const pieces = ['abc', 'Ấp 14', '"Ấp 14, Lâm Đồng"', '"x\ny"', '"p""q"', '"r\r\ns"', '"t\ru"', 'z"w', '""', '"a""', ''];
    const ends = ['\n', '\r\n', '\r'];
    let text = '';
    while (text.length < 1_500_000) {
      const fields = 2 + rnd(4);
      for (let f = 0; f < fields; f++) text += (f > 0 ? ',' : '') + pieces[rnd(pieces.length)]!;
      text += ends[rnd(ends.length)]!;
    }
    const dir = tempDir('edusync-cut-r-');
    const file = join(dir, 'r.csv');
    writeFileSync(file, text);
    const bytes = Buffer.from(text);
    for (let k = 0; k < 60; k++) {
      const target = k < 3 ? [1, (1 << 20) - 1, 1 << 20][k]! : rnd(bytes.length + 10);
      expect(findTextCut(file, 0, target, ','), `target ${target}`).toEqual(reference(bytes, target));
    }
  });
});


describe.runIf(multiCore)('validate in two parts: quoted line breaks around the cut', () => {
  it('reports the same rows as one pass wherever the cut falls', async () => {
    const dir = tempDir('edusync-parts-q-');
    const file = join(dir, 'hoc-sinh.csv');
    const { text, badRows } = quotedCsv();
    writeFileSync(file, text);
    const a = await validate(file, single);
    const dateRows = (r: JsonReport): number[] =>
      (r.findings as { code: string; row?: number; field?: string }[])
        .filter((f) => f.field === 'dateOfBirth' && f.row !== undefined)
        .map((f) => f.row!)
        .sort((x, y) => x - y);
    expect(dateRows(a.report)).toEqual(badRows);
    // Shares that put the naive cut (the first line feed after the share) inside a quoted address.
    for (const share of ['0.4', '0.5', '0.55', '0.6']) {
      const b = await validate(file, parts(share));
      expect(b.stderr).toMatch(/edusync parts: cut at byte/);
      expect(dateRows(b.report)).toEqual(badRows);
      expect(sortedFindings(b.report)).toEqual(sortedFindings(a.report));
      expect(b.report.stats).toEqual(a.report.stats);
    }
  }, 120_000);
});

describe.runIf(multiCore)('validate in two parts: a read error in the second part', () => {
  it('makes the file unreadable exactly as one pass does', async () => {
    const dir = tempDir('edusync-parts-e-');
    const file = join(dir, 'hoc-sinh.csv');
    // The last record opens a quote it never closes: the worker meets it, the main thread reports it.
    writeFileSync(file, `${quotedCsv().text}68587942,6A1,Khối 6,9999999,"Nguyễn Văn An,01/01/2013,Nam,,x\n`);
    const a = await validate(file, single, [4]);
    const b = await validate(file, parts('0.5'), [4]);
    expect(b.stderr).toMatch(/edusync parts: cut at byte/);
    expect(a.report.unreadable).toHaveLength(1);
    expect(b.report.unreadable).toEqual(a.report.unreadable);
    expect(sortedFindings(b.report)).toEqual(sortedFindings(a.report));
    expect(b.report.stats).toEqual(a.report.stats);
  }, 60_000);

  it('keeps the records read before the error for the other files duplicates, as one pass does', async () => {
    const dir = tempDir('edusync-parts-f-');
    const { text } = quotedCsv();
    writeFileSync(join(dir, 'a-hoc-sinh.csv'), `${text}68587942,6A1,Khối 6,9999999,"Nguyễn Văn An,01/01/2013,Nam,,x\n`);
    // Rows of the worker's part again in a later file: their student codes were logged there.
    const rows = text.split('\n');
    writeFileSync(join(dir, 'b-ban-sao.csv'), `${rows[0]}\n${rows.slice(-40).join('\n')}`);
    const a = await validate(dir, single, [4]);
    const b = await validate(dir, parts('0.5'), [4]);
    expect(b.stderr).toMatch(/edusync parts: cut at byte/);
    expect(sortedFindings(a.report).filter((f) => f.includes('"DS-003"')).length).toBeGreaterThan(30);
    expect(sortedFindings(b.report)).toEqual(sortedFindings(a.report));
    expect(b.report.stats).toEqual(a.report.stats);
  }, 60_000);
});
