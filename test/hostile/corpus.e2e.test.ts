/**
 * Issue #9 item 5: the hostile corpus (fixtures/hostile/make.mjs) through the real CLI. Each file
 * ends with its documented exit code and a clear message naming the file, never a stack trace,
 * within 500 MB of peak RSS (measured in the child by bench/rss-hook.mjs) and 20 s. Files that
 * point to the network point to a local server here, which must never be called. Formula-like
 * cells must come back neutralised (leading apostrophe) in the error workbook.
 *
 * Needs dist/ (npm test builds first). The children run two at a time (2-core machine).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { makeCorpus, type CorpusEntry } from '../../fixtures/hostile/make.mjs';
import { BIN, ROOT, tempDir } from '../helpers/run-cli.js';
import { isFormulaLike } from '../../src/io/safe-cell.js';

const MAX_RSS_MB = 500;
const MAX_SECONDS = 20;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  rssMb: number;
  seconds: number;
}

/** The bin under the RSS hook, like a user would run it. */
function runMeasured(args: string[], rssFile: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', join(ROOT, 'bench', 'rss-hook.mjs'), BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, BENCH_RSS_FILE: rssFile, CI: 'true', EDUSYNC_LANG: '', EDUSYNC_DB: join(dirname(rssFile), 'edusync.db') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      let rssMb = Number.NaN;
      try {
        rssMb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
      } catch {
        // no RSS line: the child died before exit handlers ran (killed): NaN fails the check
      }
      resolve({ code, stdout, stderr, rssMb, seconds });
    });
  });
}

/** Run `tasks` with at most `limit` at once. */
async function pool<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const out = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return out;
}

// The corpus is written before the tests are collected, so that each file is a test of its own;
// files that point to the network point to this server.
let hits: string[] = [];
const server: Server = createServer((req, res) => {
  hits.push(`${req.method} ${req.url}`);
  res.end('never');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const evilUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
const dir = tempDir('edusync-hostile-');
// Written by a child process: on Linux a spawned child's peak RSS starts from its parent's
// (fork before exec), so the big buffers must not live in this worker.
const made = spawnSync(process.execPath, [join(ROOT, 'fixtures', 'hostile', 'make.mjs'), dir, '--evil-url', evilUrl], { encoding: 'utf8' });
if (made.status !== 0) throw new Error(`make.mjs failed: ${made.stderr}`);
const corpus: CorpusEntry[] = makeCorpus(dir, { evilUrl, write: false });

const runs = new Map<string, Run>();
const writeBacks = new Map<string, { run: Run; out: string }>();

beforeAll(async () => {
  hits = [];
  const tasks: Array<() => Promise<void>> = corpus.map((e, i) => async () => {
    runs.set(e.name, await runMeasured(['validate', e.file, '--today', '2025-10-15', '--format', 'json'], join(dir, `rss-${i}.txt`)));
  });
  for (const e of corpus.filter((c) => c.writeBack !== undefined)) {
    tasks.push(async () => {
      const out = join(dir, `${e.name}.ket-qua.xlsx`);
      const run = await runMeasured(['validate', e.file, '--today', '2025-10-15', '--format', 'xlsx', '--out', out], join(dir, `rss-wb-${e.name}.txt`));
      writeBacks.set(e.name, { run, out });
    });
  }
  await pool(tasks, 2);
}, 300_000);

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

/** The file's documented outcome: exit code, message naming it, records read. */
function expectDocumented(entry: CorpusEntry, r: Run, context: string): void {
  const allowed = Array.isArray(entry.code) ? entry.code : [entry.code];
  expect(allowed, context).toContain(r.code);
  if (r.code === 4) {
    // one line per unreadable file, naming the file, and the documented reason
    expect(r.stderr, context).toContain(entry.name);
    if (entry.message !== undefined) expect(r.stderr, context).toMatch(entry.message);
    const report = JSON.parse(r.stdout) as { unreadable: Array<{ file: string }> };
    expect(report.unreadable.map((u) => u.file.split('/').pop()), context).toEqual([entry.name]);
  } else {
    const report = JSON.parse(r.stdout) as { unreadable: unknown[]; stats: { records: number } };
    expect(report.unreadable, context).toEqual([]);
    if (entry.records !== undefined) expect(report.stats.records, context).toBe(entry.records);
  }
}

describe('hostile corpus through `edusync validate`', () => {
  it.each(corpus.map((e) => [e.name, e] as const))('%s', (_name, entry) => {
    const r = runs.get(entry.name)!;
    const context = `${entry.name}: exit ${r.code}, ${r.rssMb} MB, ${r.seconds.toFixed(1)} s\n${r.stderr.slice(0, 2000)}`;
    expect(r.stderr, context).not.toMatch(/\n\s+at /);
    expect(r.rssMb, context).toBeLessThanOrEqual(MAX_RSS_MB);
    expect(r.seconds, context).toBeLessThan(MAX_SECONDS);
    if (entry.knownIssue !== undefined) {
      // safe (clear message, bounded), but not yet the documented outcome: see the it.fails below
      expect([0, 1, 4], context).toContain(r.code);
      if (r.code === 4) expect(r.stderr, context).toContain(entry.name);
      return;
    }
    expectDocumented(entry, r, context);
  });

  // Known reader issues: the documented outcome, expected to fail until the reader is fixed
  // (vitest reports it.fails as a failure the day it passes: then drop `knownIssue` in make.mjs).
  for (const entry of corpus.filter((e) => e.knownIssue !== undefined)) {
    it.fails(`${entry.name} — known issue: ${entry.knownIssue}`, () => {
      const r = runs.get(entry.name)!;
      expectDocumented(entry, r, `${entry.name}: exit ${r.code}\n${r.stderr.slice(0, 2000)}`);
    });
  }

  it('never calls the addresses a file points to (external links, hyperlinks, HYPERLINK formulas)', () => {
    expect(corpus.map((e) => e.name)).toEqual(expect.arrayContaining(['macro-external-link.xlsx', 'formula.xlsx']));
    expect(hits).toEqual([]);
  });
});

describe('formula-like cells are written back neutralised in the error workbook', () => {
  const entries = corpus.filter((e) => e.writeBack !== undefined);
  it.each(entries.map((e) => [e.name, e] as const))('%s', async (_name, entry) => {
    const { run, out } = writeBacks.get(entry.name)!;
    expect([0, 1], run.stderr).toContain(run.code);
    expect(run.rssMb).toBeLessThanOrEqual(MAX_RSS_MB);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const texts: string[] = [];
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          // no cell of edusync's workbook is a formula
          expect(cell.type, `${ws.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
          if (typeof cell.value === 'string') texts.push(cell.value);
        }),
      ),
    );
    // every text cell is safe to open: none starts with = + - @ tab CR
    expect(texts.filter(isFormulaLike)).toEqual([]);
    // and each payload is there, as text, behind an apostrophe (a CR written into XML text comes
    // back as LF from any XML parser: compare with line breaks folded)
    const fold = (s: string) => s.replace(/\r\n?/g, '\n');
    const found = new Set(texts.map(fold));
    for (const payload of entry.writeBack!) expect([...found], payload).toContain(fold(`'${payload}`));
  });
});
