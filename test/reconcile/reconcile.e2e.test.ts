import { describe, expect, it, beforeAll } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { openDatabase } from '../../src/store/sqlite.js';
import { runCli, tempDir } from '../helpers/run-cli.js';
import { AUDIT_REFUSED, storeRefusingAudit } from '../helpers/audit-refused.js';

interface Pos { file: string; row: number }
interface Pair { status: string; score: number | null; left: Pos | null; right: Pos | null; agreed: string[]; disagreed: string[]; key?: string }
interface Truth { left: number[]; right: number[]; twins: Array<[number, number]> }

const dir = tempDir('edusync-reconcile-');
let truth: Truth;
let firstRun: { summary: Record<string, number>; pairs: Pair[] } | undefined;

beforeAll(async () => {
  const gen = await runCli(['generate', '--pair', '3000,3200', '--seed', '11', '-o', dir]);
  expect(gen.code).toBe(0);
  truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth;
}, 60_000);

const PERSONAL_COLUMNS = ['Mã học sinh', 'Họ và tên', 'Ngày sinh', 'Số định danh cá nhân', 'Họ tên cha', 'Họ tên mẹ', 'Chỗ ở hiện nay'];

/** Lower-case ASCII words: diacritics, case and punctuation never hide a value. */
function words(s: string): string[] {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/** Every name, code, number, birthday and address of the sources (6+ characters), as words. */
function personalValues(files: string[]): Set<string> {
  const out = new Set<string>();
  for (const file of files) {
    for (const row of parse(readFileSync(file), { columns: true, bom: true }) as Array<Record<string, string>>) {
      for (const c of PERSONAL_COLUMNS) {
        const v = (row[c] ?? '').trim();
        if (v.length < 6) continue;
        out.add(words(v).join(' '));
        // A birthday also as yyyy-mm-dd.
        const m = /^(\d\d)\/(\d\d)\/(\d{4})$/.exec(v);
        if (m) out.add(`${m[3]} ${m[2]} ${m[1]}`);
      }
    }
  }
  return out;
}

/** The values of `values` found in `text` as a run of whole words. */
function found(text: string, values: Set<string>): string[] {
  const w = words(text);
  const longest = Math.max(...[...values].map((v) => v.split(' ').length));
  const grams = new Set<string>();
  for (let i = 0; i < w.length; i++) for (let n = 1; n <= longest && i + n <= w.length; n++) grams.add(w.slice(i, i + n).join(' '));
  return [...values].filter((v) => grams.has(v));
}

function person(side: 'left' | 'right', p: Pos): number {
  return (side === 'left' ? truth.left : truth.right)[p.row - 2]!;
}

async function reconcileJson(args: string[]): Promise<{ code: number | null; doc: { summary: Record<string, number>; pairs: Pair[] } }> {
  const r = await runCli(['reconcile', join(dir, 'left.csv'), join(dir, 'right.csv'), '--format', 'json', ...args]);
  return { code: r.code, doc: JSON.parse(r.stdout) as { summary: Record<string, number>; pairs: Pair[] } };
}

describe('reconcile on a seeded pair with known truth (3,000 × 3,200)', () => {
  it('links automatically with precision ≥ 0.99 and recall ≥ 0.98, and never merges twins', async () => {
    const { code, doc } = await reconcileJson(['--db', join(dir, 'b.db')]);
    expect([0, 1]).toContain(code);
    firstRun = doc;
    const matched = doc.pairs.filter((p) => p.status === 'matched');
    let tp = 0;
    const twins = new Set(truth.twins.flatMap(([a, b]) => [`${a}:${b}`, `${b}:${a}`]));
    let twinsMerged = 0;
    for (const p of matched) {
      const a = person('left', p.left!);
      const b = person('right', p.right!);
      if (a === b) tp++;
      if (twins.has(`${a}:${b}`)) twinsMerged++;
    }
    const inRight = new Set(truth.right);
    const truePairs = truth.left.filter((x) => inRight.has(x)).length;
    expect(tp / matched.length).toBeGreaterThanOrEqual(0.99);
    expect(tp / truePairs).toBeGreaterThanOrEqual(0.98);
    expect(truth.twins.length).toBeGreaterThan(10);
    expect(twinsMerged).toBe(0);
    // Every pair has the documented shape, with the row numbers a user sees (header is row 1).
    for (const p of doc.pairs) {
      expect(['matched', 'probable', 'conflict', 'only-left', 'only-right']).toContain(p.status);
      for (const s of [p.left, p.right]) if (s) expect(s.row).toBeGreaterThanOrEqual(2);
      expect(Array.isArray(p.agreed) && Array.isArray(p.disagreed)).toBe(true);
    }
    expect(doc.summary.onlyLeft).toBe(doc.pairs.filter((p) => p.status === 'only-left').length);
  }, 60_000);

  it('keeps decisions: a second run with the same sources asks nothing already decided', async () => {
    const db = join(dir, 'b.db');
    // The first run (nothing decided yet) is the one of the test above, on the same database.
    firstRun ??= (await reconcileJson(['--db', db])).doc;
    const asked = firstRun.pairs.filter((p) => p.key !== undefined && p.status !== 'matched');
    expect(asked.length).toBeGreaterThan(0);
    // The officer decides every pair from the truth, in a decisions CSV.
    const csv = ['Khoá cặp / Pair key,Quyết định / Decision', ...asked.map((p) => `${p.key},${person('left', p.left!) === person('right', p.right!) ? 'giống' : 'khác'}`)].join('\n');
    const decisions = join(dir, 'decisions.csv');
    writeFileSync(decisions, `${csv}\n`);
    const second = await reconcileJson(['--db', db, '--decisions', decisions]);
    const keys = new Set(asked.map((p) => p.key));
    const again = second.doc.pairs.filter((p) => p.status !== 'matched' && p.key !== undefined && keys.has(p.key));
    expect(again).toEqual([]);
    const same = asked.filter((p) => person('left', p.left!) === person('right', p.right!)).length;
    expect(second.doc.summary.matchedByDecision).toBe(same);
    // Third run: no file given, the store remembers.
    const third = await reconcileJson(['--db', db]);
    expect(third.doc.pairs.filter((p) => p.status !== 'matched' && p.key !== undefined && keys.has(p.key))).toEqual([]);
    expect(third.doc.summary.matchedByDecision).toBe(same);
  }, 90_000);

  it('writes the identity map: one person id per real person, stable on a second run', async () => {
    const db = join(dir, 'c.db');
    const r1 = await runCli(['reconcile', join(dir, 'left.csv'), join(dir, 'right.csv'), '--apply', '--db', db]);
    expect([0, 1]).toContain(r1.code);
    const count = (): { persons: number; sources: number } => {
      const d = openDatabase(db, { readonly: true });
      try {
        return {
          persons: d.prepare('SELECT count(*) FROM persons').pluck().get() as number,
          sources: d.prepare('SELECT count(*) FROM person_sources').pluck().get() as number,
        };
      } finally {
        d.close();
      }
    };
    const a = count();
    expect(a.sources).toBe(6200);
    expect(a.persons).toBeGreaterThan(3000);
    expect(a.persons).toBeLessThan(3400);
    const r2 = await runCli(['reconcile', join(dir, 'left.csv'), join(dir, 'right.csv'), '--apply', '--db', db]);
    expect([0, 1]).toContain(r2.code);
    expect(count()).toEqual(a);
  }, 90_000);

  it('writes a review workbook with a decision column, readable back as decisions', async () => {
    const out = join(dir, 'review.xlsx');
    const r = await runCli(['reconcile', join(dir, 'left.csv'), join(dir, 'right.csv'), '--format', 'xlsx', '--out', out, '--db', join(dir, 'd.db'), '--lang', 'en']);
    expect([0, 1]).toContain(r.code);
    expect(r.stdout).toContain('Reconciliation: left 3000 records, right 3200 records.');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).text).toBe('Quyết định / Decision');
    expect(sheet.rowCount).toBeGreaterThan(1);
    // An empty decision column is not an error; the run asks the same pairs again.
    const again = await runCli(['reconcile', join(dir, 'left.csv'), join(dir, 'right.csv'), '--decisions', out, '--db', join(dir, 'd.db')]);
    expect([0, 1]).toContain(again.code);
    // The pairs as JSON or text in a file carry positions, scores and hashed keys — no name, number
    // or birthday of the sources. Hashed identifiers are still personal data (Vietnam's law has no
    // pseudonymised tier), and the positions point at people: both files are recorded, by what they hold.
    const jsonOut = join(dir, 'pairs.json');
    const textOut = join(dir, 'pairs.txt');
    const j = await runCli(['reconcile', join(dir, 'left.csv'), join(dir, 'right.csv'), '--format', 'json', '--out', jsonOut, '--db', join(dir, 'd.db')]);
    expect([0, 1]).toContain(j.code);
    const t = await runCli(['reconcile', join(dir, 'left.csv'), join(dir, 'right.csv'), '--format', 'text', '--out', textOut, '--db', join(dir, 'd.db')]);
    expect([0, 1]).toContain(t.code);
    const values = personalValues([join(dir, 'left.csv'), join(dir, 'right.csv')]);
    expect(values.size).toBeGreaterThan(10_000);
    // The check itself finds the values in the sources.
    expect(found(readFileSync(join(dir, 'left.csv'), 'utf8'), values).length).toBeGreaterThan(10_000);
    for (const file of [jsonOut, textOut]) {
      const text = readFileSync(file, 'utf8');
      expect(text.length).toBeGreaterThan(1000);
      expect(found(text, values), file).toEqual([]);
    }
    const audit = JSON.parse((await runCli(['audit', '--db', join(dir, 'd.db'), '--format', 'json'])).stdout) as { events: Array<{ command: string; action: string; destination: string; recordCount: number; fields: string[] }> };
    expect(audit.events.map((e) => [e.command, e.action, e.destination, e.fields])).toEqual([
      ['reconcile', 'export', out, ['classId', 'dateOfBirth', 'fullName', 'personalId', 'schoolId']],
      ['reconcile', 'export', jsonOut, ['pairKey', 'sourcePosition']],
      ['reconcile', 'export', textOut, ['sourcePosition']],
    ]);
    expect(audit.events[1]!.recordCount).toBe(6200);
  }, 90_000);

  it('removes the review workbook whose audit row cannot be written (exit 5), and a bad store leaves no workbook', async () => {
    const db = storeRefusingAudit(join(dir, 'refusing.db'));
    const out = join(dir, 'never-recorded.xlsx');
    const r = await runCli(['reconcile', join(dir, 'left.csv'), join(dir, 'right.csv'), '--format', 'xlsx', '--out', out, '--db', db, '--lang', 'en']);
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toContain(AUDIT_REFUSED);
    expect(r.stderr).toContain(db);
    expect(existsSync(out)).toBe(false);
    // Not a store at all: refused before anything is written.
    const bad = join(dir, 'not-a-db.db');
    writeFileSync(bad, 'this is not sqlite at all, just text long enough');
    const b = await runCli(['reconcile', join(dir, 'left.csv'), join(dir, 'right.csv'), '--format', 'xlsx', '--out', out, '--db', bad]);
    expect(b.code).toBe(5);
    expect(existsSync(out)).toBe(false);
    // The JSON result file too.
    const json = join(dir, 'never-recorded.json');
    const c = await runCli(['reconcile', join(dir, 'left.csv'), join(dir, 'right.csv'), '--format', 'json', '--out', json, '--db', db, '--lang', 'en']);
    expect(c.code, c.stderr).toBe(5);
    expect(existsSync(json)).toBe(false);
  }, 60_000);

  it('reads an xlsx list as validate does and gives sheet and row as Excel shows them', async () => {
    const x = join(dir, 'xlsx');
    const gen = await runCli(['generate', '--out', x, '--seed', '3', '--entities', 'students', '--classes-per-grade', '1', '--students-per-class', '8', '--layout', 'messy']);
    expect(gen.code).toBe(0);
    const { readdirSync } = await import('node:fs');
    const file = join(x, readdirSync(x).find((f) => f.endsWith('.xlsx'))!);
    const r = await runCli(['reconcile', file, file, '--format', 'json']);
    const doc = JSON.parse(r.stdout) as { summary: Record<string, number>; pairs: Pair[] };
    expect(doc.summary.left).toBeGreaterThan(20);
    const matched = doc.pairs.filter((p) => p.status === 'matched') as Array<Pair & { left: Pos & { sheet?: string }; right: Pos }>;
    expect(matched.length).toBe(doc.summary.left);
    for (const p of matched) {
      expect(p.left.row).toBe(p.right.row);
      expect(typeof p.left.sheet).toBe('string');
      expect(p.left.row).toBeGreaterThan(2); // the messy layout has title rows above the header
    }
  }, 60_000);

  it('says which file it cannot read (exit 4)', async () => {
    const r = await runCli(['reconcile', join(dir, 'left.csv'), join(dir, 'khong-co.csv')]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('khong-co.csv');
  });

  it('refuses --format xlsx without --out (exit 2)', async () => {
    const r = await runCli(['reconcile', join(dir, 'left.csv'), join(dir, 'right.csv'), '--format', 'xlsx']);
    expect(r.code).toBe(2);
  });
});
