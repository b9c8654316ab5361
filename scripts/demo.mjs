#!/usr/bin/env node
// `npm run demo`: every stage that exists so far, end to end, on generated synthetic data.
// Nothing here needs a network or any set-up beyond `npm ci`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'demo-out');
const bin = join(root, 'bin', 'edusync');
const lang = process.env.EDUSYNC_LANG === 'en' ? 'en' : 'vi';

function step(title, args, okCodes = [0]) {
  process.stdout.write(`\n\u001b[1m▶ ${title}\u001b[0m\n$ edusync ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, [bin, ...args, '--lang', lang], { stdio: 'inherit', cwd: root });
  if (!okCodes.includes(r.status ?? -1)) {
    process.stderr.write(`demo: "edusync ${args[0]}" exited with ${r.status}\n`);
    process.exit(1);
  }
  return r.status;
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
// Relative paths (cwd = project root) keep the printed positions short.
const data = join('demo-out', 'data');

step('1. Sinh dữ liệu mẫu / generate a sample school (messy Excel, 3% injected defects)', [
  'generate', '--out', data, '--seed', '2025', '--schools', '1', '--level', 'THCS',
  '--layout', 'messy', '--defects', '0.03', '--format', 'xlsx',
]);
step('2. Danh mục quy tắc / the rule catalogue', ['rules']);
// Exit 1 = error-level findings: expected, the data carries injected defects.
step('3. Kiểm tra / validate, with the error workbook the school fixes in Excel', [
  'validate', data, '--format', 'xlsx', '--out', join('demo-out', 'so-loi.xlsx'), '--today', '2025-10-15',
], [0, 1]);
step('4. Báo cáo JSON / the same report as JSON', [
  'validate', data, '--format', 'json', '--out', join('demo-out', 'report.json'), '--today', '2025-10-15',
], [0, 1]);
process.stdout.write(`\nDemo xong / demo finished. Files in ${out}: so-loi.xlsx (error workbook), report.json, data/ (generated files + truth.json)\n`);
