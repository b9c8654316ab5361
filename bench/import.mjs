// bench/import: import a 1 M-student snapshot (--apply), then the next month with 1 % of students
// changed (names corrected, classes changed), and report time and peak RSS of each.
// Goal (issue #4): the monthly import and diff of 1 M students ≤ 20 s and ≤ 1 GB on this machine.
// Baseline in the same run: `edusync validate` of the same file (the import's own first stage).
import { createReadStream, createWriteStream, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { BIN, OUT, fmt, timeNode } from './lib.mjs';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const dir = join(OUT, `students-${ROWS}-csv`);
if (!existsSync(join(dir, 'truth.json'))) {
  process.stdout.write(`generating ${ROWS} rows …\n`);
  timeNode([BIN, 'generate', '--out', dir, '--seed', '7', '--rows', String(ROWS), '--entities', 'students', '--format', 'csv', '--layout', 'plain', '--defects', '0.01', '--level', 'THCS']);
}
const month1 = join(dir, readdirSync(dir).find((f) => f.endsWith('.csv')));
// `-v2`: the first version changed no row at all — every generated row quotes its address, and
// rows holding a quote were passed over — so its month 2 was month 1 again.
const month2 = join(OUT, `import-month2-v2-${ROWS}.csv`);

// Month 2: every 100th student changes: odd ones have their name corrected, even ones change class.
// Only the first five cells are edited (Mã trường … Họ và tên), which hold no quote in generated
// files; the rest of the line (quoted addresses) is kept as it is.
if (!existsSync(month2)) {
  const out = createWriteStream(month2);
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(month1) })) {
    n++;
    let cut = -1;
    for (let k = 0; k < 5 && (cut = line.indexOf(',', cut + 1)) >= 0; k++);
    if (n > 1 && n % 100 === 0 && cut > 0 && !line.slice(0, cut).includes('"')) {
      const cells = line.slice(0, cut).split(',');
      if ((n / 100) % 2 === 1) cells[4] = `${cells[4]} Anh`; // Họ và tên
      else cells[1] = cells[1].replace(/\d$/, (d) => String((Number(d) % 9) + 1)); // Mã lớp, same grade
      out.write(`${cells.join(',')}${line.slice(cut)}\n`);
    } else out.write(`${line}\n`);
  }
  await new Promise((r) => out.end(r));
}

const db = join(OUT, `import-bench-${ROWS}.db`);
for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
const common = ['--db', db, '--today', '2025-10-20', '--format', 'json', '--out', join(OUT, 'import-plan.json')];

const validate = timeNode([BIN, 'validate', month1, '--today', '2025-10-20', '--out', join(OUT, 'import-validate.txt'), '--db', join(OUT, 'bench-audit.db')], { okCodes: [0, 1] });
// The database's size after each month: since migration 7 a month shares the rows that did not change.
const mb = () => Math.round([db, `${db}-wal`].reduce((n, f) => n + (existsSync(f) ? statSync(f).size : 0), 0) / 1048576);
const first = timeNode([BIN, 'import', month1, '--period', '2025-09', '--apply', ...common], { okCodes: [0, 1] });
const afterFirst = mb();
const second = timeNode([BIN, 'import', month2, '--period', '2025-10', '--apply', ...common], { okCodes: [0, 1] });
const afterSecond = mb();
const dry = timeNode([BIN, 'import', month2, '--period', '2025-10', ...common], { okCodes: [0, 1] });

process.stdout.write(`\n${ROWS} students (${month1})\n`);
process.stdout.write(`  validate only (baseline)              ${fmt(validate)}\n`);
process.stdout.write(`  import month 1 --apply (all new)      ${fmt(first)}\n`);
process.stdout.write(`  import month 2 --apply (1 % changed)  ${fmt(second)}   goal ≤ 20 s, ≤ 1024 MB\n`);
process.stdout.write(`  import month 2 again (plan, no change) ${fmt(dry)}\n`);
process.stdout.write(`  database ${afterFirst} MB after month 1, ${afterSecond} MB after month 2\n`);
process.stdout.write(`  ratio month-2 import / validate = ${(second.seconds / validate.seconds).toFixed(2)}\n`);
