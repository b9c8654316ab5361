// bench/validate: edusync validate on a 1 M-row student CSV and a 200 k-row xlsx from `generate`,
// beside baselines measured in the same run on the same files:
//   csvkit `csvclean -n` (checks only row lengths), csv-parse parse-only, ExcelJS streaming read.
// Targets (issue #3): CSV ≤ 1.5 × csvclean -n, RSS ≤ 300 MB; xlsx ≤ 1/1.5 × ExcelJS stream read, RSS ≤ 400 MB.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, OUT, ROOT, best, fmt, timeCommand, timeNode } from './lib.mjs';

const CSV_ROWS = Number(process.env.BENCH_CSV_ROWS ?? 1_000_000);
const XLSX_ROWS = Number(process.env.BENCH_XLSX_ROWS ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function ensure(dir, rows, format) {
  const done = join(dir, 'truth.json');
  if (!existsSync(done)) {
    process.stdout.write(`generating ${rows} rows (${format}) in ${dir} …\n`);
    timeNode([BIN, 'generate', '--out', dir, '--seed', '7', '--rows', String(rows), '--entities', 'students',
      '--format', format, '--layout', 'plain', '--defects', '0.01', '--level', 'THCS']);
  }
  const file = readdirSync(dir).find((f) => f.endsWith(format === 'xlsx' ? '.xlsx' : '.csv'));
  return join(dir, file);
}

const csv = ensure(join(OUT, `students-${CSV_ROWS}-csv`), CSV_ROWS, 'csv');
const xlsx = ensure(join(OUT, `students-${XLSX_ROWS}-xlsx`), XLSX_ROWS, 'xlsx');
const report = join(OUT, 'validate-report.txt');
// The report file is recorded in an audit trail (issue 9): the bench's own store, not ./edusync.db.
const validateArgs = (file) => [BIN, 'validate', file, '--today', '2025-10-15', '--out', report, '--db', join(OUT, 'bench-audit.db')];

process.stdout.write(`\nCSV: ${csv}\n`);
const csvclean = best(RUNS, () => timeCommand('csvclean', ['-n', csv]));
const csvParse = best(RUNS, () => timeNode([join(ROOT, 'bench/baselines/csv-parse-only.mjs'), csv]));
const edusyncCsv = best(RUNS, () => timeNode(validateArgs(csv), { okCodes: [0, 1] }));
process.stdout.write(`  csvclean -n             ${fmt(csvclean)}\n`);
process.stdout.write(`  csv-parse (parse only)  ${fmt(csvParse)}\n`);
process.stdout.write(`  edusync validate        ${fmt(edusyncCsv)}\n`);
if (csvclean) process.stdout.write(`  ratio edusync / csvclean -n = ${(edusyncCsv.seconds / csvclean.seconds).toFixed(2)} (target ≤ 1.50), RSS ${edusyncCsv.rss} MB (target ≤ 300)\n`);
else process.stdout.write('  csvclean not installed (apt-get install csvkit): ratio not measured\n');
process.stdout.write(`  ratio edusync / csv-parse parse-only = ${(edusyncCsv.seconds / csvParse.seconds).toFixed(2)}\n`);

process.stdout.write(`\nXLSX: ${xlsx}\n`);
const exceljs = best(RUNS, () => timeNode([join(ROOT, 'bench/baselines/exceljs-stream.mjs'), xlsx]));
const edusyncXlsx = best(RUNS, () => timeNode(validateArgs(xlsx), { okCodes: [0, 1] }));
process.stdout.write(`  ExcelJS streaming read  ${fmt(exceljs)}\n`);
process.stdout.write(`  edusync validate        ${fmt(edusyncXlsx)}\n`);
process.stdout.write(`  ratio edusync / ExcelJS stream = ${(edusyncXlsx.seconds / exceljs.seconds).toFixed(2)} (target ≤ 0.67), RSS ${edusyncXlsx.rss} MB (target ≤ 400)\n`);
