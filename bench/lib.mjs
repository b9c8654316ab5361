// Shared helpers for the benchmarks: run a command, time it, read the child's peak RSS.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT = join(ROOT, 'bench', 'out');
export const BIN = join(ROOT, 'bin', 'edusync');
mkdirSync(OUT, { recursive: true });

/** Run a node script/bin under the RSS hook; returns seconds, peak RSS (MB) and exit status. */
export function timeNode(args, { okCodes = [0], env = {} } = {}) {
  const rssFile = join(OUT, `rss-${process.pid}-${Date.now()}.txt`);
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', join(ROOT, 'bench', 'rss-hook.mjs'), ...args], {
    env: { ...process.env, BENCH_RSS_FILE: rssFile, CI: 'true', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rss = existsSync(rssFile) ? Math.max(...readFileSync(rssFile, 'utf8').trim().split('\n').map(Number)) : NaN;
  rmSync(rssFile, { force: true });
  if (!okCodes.includes(r.status)) {
    throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr?.toString().slice(0, 2000)}`);
  }
  return { seconds, rss, status: r.status };
}

/** Run any command under GNU time for peak RSS; null when the command is not installed. */
export function timeCommand(cmd, args) {
  const which = spawnSync('sh', ['-c', `command -v ${cmd}`]);
  if (which.status !== 0) return null;
  const start = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const lines = r.stderr.toString().trim().split('\n');
  const rss = Math.round(Number(lines[lines.length - 1]) / 1024);
  return { seconds, rss, status: r.status };
}

/** Best of n runs (the machines are noisy; the minimum is the least disturbed). */
export function best(n, fn) {
  let bestRun = null;
  for (let i = 0; i < n; i++) {
    const r = fn();
    if (r && (!bestRun || r.seconds < bestRun.seconds)) bestRun = { ...r, rss: Math.max(r.rss, bestRun?.rss ?? 0) };
  }
  return bestRun;
}

export function fmt(r) {
  return r ? `${r.seconds.toFixed(2)} s, peak RSS ${r.rss} MB` : 'not available';
}
