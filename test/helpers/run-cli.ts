import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'bin', 'edusync');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns the real bin (built dist/) like a user would, with a clean environment language. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      // Run from the project root, a command that records an audit row would create ./edusync.db
      // in the checkout: give it a throwaway database — unless the test chose a folder, a db or a
      // config (EDUSYNC_DB would override the config's store, and `run` tests share one on purpose).
      env: {
        ...process.env,
        EDUSYNC_LANG: '',
        CI: 'true',
        ...(options.cwd || args.includes('--db') || args.includes('--config') ? {} : { EDUSYNC_DB: join(tempDir(), 'edusync.db') }),
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const run = { code, stdout, stderr };
      captureRun(args, options.cwd ?? ROOT, run).then(() => resolve(run), reject);
    });
  });
}

export function tempDir(prefix = 'edusync-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Log capture for the privacy log scan (issue 9 item 2; test/privacy/capture.ts). When
 * EDUSYNC_LOG_CAPTURE_DIR is set (vitest's globalSetup sets it for the whole suite), every run
 * appends `{ args, cwd, code, stderr }` to `<dir>/cli-<pid>.jsonl` — stderr is where logs go;
 * stdout (results for the data owner) is not kept. A successful `generate` also harvests the
 * personal values of the files it wrote into `<dir>/secrets-<pid>.jsonl` while they still exist,
 * so the scan at the end of the suite knows what to look for.
 */
async function captureRun(args: string[], cwd: string, run: CliRun): Promise<void> {
  const dir = process.env.EDUSYNC_LOG_CAPTURE_DIR;
  if (!dir) return;
  appendFileSync(join(dir, `cli-${process.pid}.jsonl`), `${JSON.stringify({ args, cwd, code: run.code, stderr: run.stderr })}\n`, { mode: 0o600 });
  if (args[0] !== 'generate' || run.code !== 0) return;
  const i = args.findIndex((a) => a === '-o' || a === '--out');
  const out = i >= 0 ? args[i + 1] : undefined;
  if (!out) return;
  const { harvestDir, serialiseSecrets } = await import('../privacy/secrets.js');
  const secrets = await harvestDir(resolvePath(cwd, out));
  appendFileSync(join(dir, `secrets-${process.pid}.jsonl`), `${JSON.stringify(serialiseSecrets(secrets))}\n`, { mode: 0o600 });
}
