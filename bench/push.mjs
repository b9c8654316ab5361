// `npm run bench push`: 100 k records pushed to the simulator, without faults and with 10 % of the
// write requests faulted (every kind), each checked for exactly-once delivery through
// GET /_sim/records (the run fails loudly otherwise). Baseline, same run: the same batches POSTed
// by a bare fetch loop (no store, no outbox, no retries) to a fresh simulator.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLIENT, checkExactlyOnce, push, seedStore, simStats, startSimulator } from './push/harness.mjs';
import { openStore } from '../dist/store/index.js';
import { readSource } from '../dist/push/source.js';
import { planPush } from '../dist/push/plan.js';
import { batchBody } from '../dist/push/run.js';

const RECORDS = Number(process.env.BENCH_PUSH_RECORDS ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'edusync-bench-push-'));
const seedDb = join(dir, 'seed.db');

function fail(message) {
  console.error(`bench/push FAILED: ${message}`);
  process.exit(1);
}

let t = performance.now();
const expected = seedStore(seedDb, { records: RECORDS, schools: 10, seed: 42 });
console.log(`seeded ${expected.total} records (10 schools) in ${((performance.now() - t) / 1000).toFixed(1)} s`);

async function edusyncRun(label, simArgs, pushArgs) {
  const db = join(dir, `${label}.db`);
  copyFileSync(seedDb, db);
  const sim = await startSimulator(simArgs);
  try {
    const start = performance.now();
    const run = await push(db, sim.url, { args: pushArgs });
    const seconds = (performance.now() - start) / 1000;
    if (run.code !== 0) fail(`${label}: push exited ${run.code}: ${run.stderr.slice(-1500)}`);
    const check = await checkExactlyOnce(sim.root, expected);
    if (check.problems.length > 0) fail(`${label}: not exactly once (${check.problems.length} problems), e.g. ${check.problems.slice(0, 5).join('; ')}`);
    if (check.stored !== expected.acceptedCount) fail(`${label}: ${check.stored} stored, expected ${expected.acceptedCount}`);
    const stats = await simStats(sim.root);
    const receipt = JSON.parse(run.stdout).receipt;
    return { seconds, stats, receipt };
  } finally {
    await sim.stop();
  }
}

async function baseline() {
  const store = openStore(seedDb, { readonly: true });
  const source = readSource(store, {});
  store.close();
  const plan = planPush(source.records, new Map(), new Set(), { batchSize: 500, retryRejected: false });
  const sim = await startSimulator();
  try {
    const start = performance.now();
    const tok = await fetch(`${sim.url}/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT.id, client_secret: CLIENT.secret }) });
    const { access_token } = await tok.json();
    let i = 0;
    for (const b of plan.batches) {
      const res = await fetch(`${sim.url}/lo`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}`, 'idempotency-key': `baseline-${String(i++).padStart(24, '0')}` }, body: batchBody(b) });
      if (res.status !== 202) fail(`baseline: HTTP ${res.status}`);
      await res.arrayBuffer();
    }
    return (performance.now() - start) / 1000;
  } finally {
    await sim.stop();
  }
}

const FAULTS = ['--fault-rate', '0.1', '--faults', 'all', '--seed', '7', '--slow-ms', '3000', '--retry-after', '1'];
const clean = await edusyncRun('clean', [], ['--timeout', '30000']);
const chaos = await edusyncRun('chaos', FAULTS, ['--timeout', '2000', '--retry-base-ms', '100', '--retry-cap-ms', '2000']);
const raw = await baseline();
rmSync(dir, { recursive: true, force: true });

const rate = (s) => Math.round(expected.total / s);
console.log('');
console.log('| run | records | seconds | records/s | ratio to baseline | batches | retries | replayed | faults injected |');
console.log('|---|---|---|---|---|---|---|---|---|');
console.log(`| baseline: bare fetch loop, no store/outbox/retries | ${expected.total} | ${raw.toFixed(1)} | ${rate(raw)} | 1.00 | — | — | — | — |`);
for (const [label, r] of [['edusync push, no faults', clean], ['edusync push, 10 % faults', chaos]]) {
  const faults = Object.entries(r.stats.faults).map(([k, v]) => `${k}:${v}`).join(' ') || '—';
  console.log(`| ${label} (incl. start-up, plan, outbox) | ${expected.total} | ${r.seconds.toFixed(1)} | ${rate(r.seconds)} | ${(r.seconds / raw).toFixed(2)} | ${r.receipt.counts.batches} | ${r.receipt.counts.retries} | ${r.receipt.counts.replayed_batches} | ${faults} |`);
}
console.log(`\nexactly once: both runs stored each of the ${expected.acceptedCount} records once (writes = 1), nothing else. Goal ≥ 2,000 records/s without faults: ${rate(clean.seconds) >= 2000 ? 'met' : 'NOT met'}.`);
