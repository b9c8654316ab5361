// bench/import-plan: the planning phases of a month-2 import, in process and repeated, so that
// their CPU can be compared on a loaded machine (a whole `import` varies by seconds there).
// Needs a month-1 store: BENCH_PLAN_DB (default bench/out/m1-<rows>.db, made by this script with
// `import --apply` of month 1 when missing) and the month-2 file bench/import.mjs writes.
// Phases per school: load the previous snapshot, plan, apply (inside a transaction rolled back).
// Rows are planned without their validation findings (none is rejected), so the rows `import`
// rejects (≈ 1 % of generated files) are planned here as new persons: apply does a little more.
import { copyFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, OUT, ROOT, timeNode } from './lib.mjs';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_PLAN_ROUNDS ?? 3);
const dir = join(OUT, `students-${ROWS}-csv`);
const month2 = join(OUT, `import-month2-v2-${ROWS}.csv`);
if (!existsSync(month2)) {
  process.stdout.write(`skipped: ${month2} is missing; \`BENCH_IMPORT_ROWS=${ROWS} npm run bench import\` writes it\n`);
  process.exit(0);
}
const seeded = process.env.BENCH_PLAN_DB ?? join(OUT, `m1-${ROWS}.db`);
if (!existsSync(seeded)) {
  const month1 = join(dir, readdirSync(dir).find((f) => f.endsWith('.csv')));
  timeNode([BIN, 'import', month1, '--period', '2025-09', '--apply', '--db', seeded, '--today', '2025-10-20', '--format', 'json', '--out', join(OUT, 'import-plan-m1.json')], { okCodes: [0, 1] });
}
const db = join(OUT, `import-plan-bench-${process.pid}.db`);
copyFileSync(seeded, db);

const dist = (p) => import(join(ROOT, 'dist', p));
const { openStore } = await dist('store/db.js');
const { loadPrevious, applyPlan } = await dist('store/import.js');
const { planImport } = await dist('store/plan/plan.js');
const { readRecords } = await dist('check/pipeline.js');
const { idText } = await dist('store/plan/plan.js');

const groups = new Map();
await readRecords([month2], {}, (r) => {
  const key = idText(r.values.schoolId);
  let list = groups.get(key);
  if (!list) groups.set(key, (list = []));
  list.push(r);
});

const store = openStore(db);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const best = { load: Infinity, plan: Infinity, apply: Infinity };
try {
  for (let round = 0; round < ROUNDS; round++) {
    const t = { load: 0, plan: 0, apply: 0 };
    let provisional = 0;
    store.db.prepare('BEGIN IMMEDIATE').run();
    for (const [school, list] of groups) {
      let c = cpu();
      const previous = loadPrevious(store, school, 'student', '2025-10');
      let d = cpu(); t.load += d - c; c = d;
      const plan = planImport({ school, period: '2025-10', entity: 'student', previous, incoming: list.map((record) => ({ record, blocking: [] })), nextPersonId: () => --provisional });
      d = cpu(); t.plan += d - c; c = d;
      applyPlan(store, 1, plan);
      d = cpu(); t.apply += d - c;
    }
    store.db.prepare('ROLLBACK').run();
    for (const k of Object.keys(t)) best[k] = Math.min(best[k], t[k]);
    process.stdout.write(`round ${round + 1}: load ${t.load.toFixed(2)} s, plan ${t.plan.toFixed(2)} s, apply ${t.apply.toFixed(2)} s (CPU, GC included)\n`);
  }
} finally {
  store.close();
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
}
process.stdout.write(`${ROWS} rows, ${groups.size} schools, best of ${ROUNDS}: load ${best.load.toFixed(2)} s, plan ${best.plan.toFixed(2)} s, apply ${best.apply.toFixed(2)} s\n`);
