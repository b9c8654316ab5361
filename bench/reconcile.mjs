// bench/reconcile: `edusync reconcile` of two seeded sources of 1 M records each (generate --pair:
// typos, dropped diacritics, swapped day/month, year-only birthdays, missing IDs, twins and
// same-name-same-birthday strangers, with truth). Prints time, peak RSS, precision, recall and F1
// of the automatic links, and the ratio against a baseline measured in the same run: csv-parse
// reading both files (parse only, nothing else).
// Goal (issue #5): ≤ 60 s and ≤ 4 GB with precision ≥ 0.99, recall ≥ 0.98.
// Sizes: BENCH_RECONCILE_ROWS (default 1000000) per side.
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { BIN, OUT, ROOT, fmt, timeNode } from './lib.mjs';

const ROWS = Number(process.env.BENCH_RECONCILE_ROWS ?? 1_000_000);
const dir = join(OUT, `reconcile-pair-${ROWS}`);
if (!existsSync(join(dir, 'truth.json'))) {
  process.stdout.write(`generating ${ROWS} × ${ROWS} …\n`);
  const g = timeNode([BIN, 'generate', '--pair', `${ROWS},${ROWS}`, '--seed', '5', '--out', dir]);
  process.stdout.write(`  generated in ${g.seconds.toFixed(1)} s\n`);
}
const left = join(dir, 'left.csv');
const right = join(dir, 'right.csv');
const out = join(OUT, `reconcile-${ROWS}.json`);

const baseline = (() => {
  const a = timeNode([join(ROOT, 'bench', 'baselines', 'csv-parse-only.mjs'), left]);
  const b = timeNode([join(ROOT, 'bench', 'baselines', 'csv-parse-only.mjs'), right]);
  return { seconds: a.seconds + b.seconds, rss: Math.max(a.rss, b.rss) };
})();
const run = timeNode([BIN, 'reconcile', left, right, '--format', 'json', '--out', out], { okCodes: [0, 1], env: { EDUSYNC_DB: join(OUT, `reconcile-${ROWS}.db`) } });

// Score the automatic links against the truth (one pair a line in the JSON).
const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8'));
let tp = 0;
let links = 0;
const counts = {};
for await (const line of createInterface({ input: createReadStream(out) })) {
  const t = line.trim();
  if (!t.startsWith('{"status"')) continue;
  const p = JSON.parse(t.endsWith(',') ? t.slice(0, -1) : t);
  counts[p.status] = (counts[p.status] ?? 0) + 1;
  if (p.status !== 'matched') continue;
  links++;
  if (truth.left[p.left.row - 2] === truth.right[p.right.row - 2]) tp++;
}
const inRight = new Set(truth.right);
let truePairs = 0;
for (const x of truth.left) if (inRight.has(x)) truePairs++;
const precision = tp / links;
const recall = tp / truePairs;
const f1 = (2 * precision * recall) / (precision + recall);

process.stdout.write(`reconcile ${ROWS} × ${ROWS}\n`);
process.stdout.write(`  edusync reconcile: ${fmt(run)}\n`);
process.stdout.write(`  baseline csv-parse of both files: ${fmt(baseline)}; ratio ${(run.seconds / baseline.seconds).toFixed(2)}\n`);
process.stdout.write(`  pairs: ${JSON.stringify(counts)}\n`);
process.stdout.write(`  precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)}, F1 ${f1.toFixed(4)} (true pairs ${truePairs}, automatic links ${links})\n`);
process.stdout.write(`  goal ≤ 60 s and ≤ 4096 MB: ${run.seconds <= 60 && run.rss <= 4096 ? 'met' : 'NOT met'}\n`);
