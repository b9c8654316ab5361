/**
 * Suite-wide log scan (issue 9 item 2), a vitest `globalSetup` (vitest.config.ts).
 *
 * Setup: a private temporary folder, announced to every test worker as EDUSYNC_LOG_CAPTURE_DIR;
 * `runCli` (test/helpers/run-cli.ts) then records the stderr of every CLI run of the whole suite
 * there, and the personal values of every data set a test generated.
 *
 * Teardown — after every test file has finished: each captured stderr is scanned (see
 * `logLines` for what counts as a log) for every name, ID, code, phone, email, date of birth and
 * sensitive value harvested from the generated data and from fixtures/ (except fixtures/hostile,
 * whose files are deliberately unreadable and hold no people). A hit fails the run: the teardown
 * throws and vitest exits non-zero. Hits are reported by kind, length and a masked line, never by
 * value.
 *
 * test/privacy/log-scan.test.ts runs its own representative scenarios with the same scanner, so a
 * leak fails a named test too, even when the suite is run one file at a time.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/run-cli.js';
import { emptySecrets, harvestDir, mergeSecrets, scanText, secretCount, type Hit, type Secrets } from './secrets.js';
import { logLines } from './log-lines.js';

interface Captured {
  args: string[];
  cwd: string;
  code: number | null;
  stderr: string;
}

let dir: string | undefined;

export function setup(): () => Promise<void> {
  dir = mkdtempSync(join(tmpdir(), 'edusync-log-capture-'));
  process.env.EDUSYNC_LOG_CAPTURE_DIR = dir;
  return teardown;
}

export function readCaptured(captureDir: string): { runs: Captured[]; secrets: Secrets } {
  const runs: Captured[] = [];
  const secrets = emptySecrets();
  for (const name of readdirSync(captureDir).sort()) {
    const lines = readFileSync(join(captureDir, name), 'utf8').split('\n').filter(Boolean);
    if (name.startsWith('cli-')) for (const l of lines) runs.push(JSON.parse(l) as Captured);
    else if (name.startsWith('secrets-')) for (const l of lines) mergeSecrets(secrets, JSON.parse(l));
  }
  return { runs, secrets };
}

export async function scanCaptured(runs: Captured[], secrets: Secrets): Promise<Array<{ args: string[]; hit: Hit }>> {
  const found: Array<{ args: string[]; hit: Hit }> = [];
  for (const run of runs) {
    for (const hit of scanText(logLines(run.args, run.stderr).join('\n'), secrets)) found.push({ args: run.args, hit });
  }
  return found;
}

async function teardown(): Promise<void> {
  if (!dir) return;
  const captureDir = dir;
  try {
    const { runs, secrets } = readCaptured(captureDir);
    const fixtures = join(ROOT, 'fixtures');
    if (existsSync(fixtures)) {
      for (const name of readdirSync(fixtures)) {
        if (name !== 'hostile') await harvestDir(join(fixtures, name), secrets).catch(() => secrets);
      }
    }
    // A partial run (one file, -t filter) may have generated nothing: then there is nothing to scan for.
    if (runs.length === 0 || secretCount(secrets) === 0) return;
    const found = await scanCaptured(runs, secrets);
    console.log(`log scan: stderr of ${runs.length} CLI runs scanned for ${secretCount(secrets)} personal values (${secrets.rows} rows): ${found.length} hit(s)`);
    if (found.length > 0) {
      const lines = found.slice(0, 40).map(({ args, hit }) => `  edusync ${args.join(' ')}\n    ${hit.kind} (${hit.length} chars): ${hit.masked}`);
      // vitest reports an error thrown here but still exits 0: set the exit code ourselves.
      process.exitCode = 1;
      throw new Error(
        `log scan: ${found.length} personal value(s) in the logs of ${runs.length} CLI runs ` +
          `(scanned for ${secretCount(secrets)} values from ${secrets.rows} rows):\n${lines.join('\n')}`,
      );
    }
  } finally {
    rmSync(captureDir, { recursive: true, force: true });
  }
}
