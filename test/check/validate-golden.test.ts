/**
 * Golden output of `validate` on seeded messy files (issue #3's hot path: reading, repairs, every
 * per-record rule, the duplicate indexes). The inputs in test/golden/validate-messy/ were written
 * by `edusync generate` (seeds 21 and 22, --layout messy --defects 0.15: title rows, two-row
 * headers, lost zeros, NFD/TCVN3/VNI names, serial dates, footers, duplicates) and the expected
 * outputs by the tree before the validation speed work of 2026-11-26: any change to a finding, a
 * row number, a message or the report's layout shows here byte for byte, on one thread and on two.
 * The run is made from test/golden with a relative path, so the report (whose columns are as wide
 * as the longest path) is the same in any checkout.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { ROOT, runCli } from '../helpers/run-cli.js';

const CWD = join(ROOT, 'test', 'golden');
const INPUT = 'validate-messy';
const TODAY = '2025-10-15';

function expected(name: string): string {
  const file = join(ROOT, 'test', 'golden', name);
  return name.endsWith('.gz') ? gunzipSync(readFileSync(file)).toString('utf8') : readFileSync(file, 'utf8');
}

describe('validate golden output (seeded messy csv and xlsx)', () => {
  it('gives the same JSON report, byte for byte', async () => {
    const run = await runCli(['validate', INPUT, '--format', 'json', '--today', TODAY], { cwd: CWD, env: { EDUSYNC_THREADS: '1' } });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toBe(expected('validate-messy.expected.json.gz'));
  });

  it('gives the same JSON report when the csv is checked in two parts', async () => {
    const run = await runCli(['validate', INPUT, '--format', 'json', '--today', TODAY], {
      cwd: CWD,
      env: { EDUSYNC_THREADS: '2', EDUSYNC_PARALLEL_MIN_BYTES: '1000', EDUSYNC_DEBUG_PARTS: '1' },
    });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain('second part merged');
    expect(run.stdout).toBe(expected('validate-messy.expected.json.gz'));
  });

  it('gives the same text report', async () => {
    const run = await runCli(['validate', INPUT, '--today', TODAY, '--lang', 'en'], { cwd: CWD, env: { EDUSYNC_THREADS: '1' } });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toBe(expected('validate-messy.expected.txt'));
  });
});
