// CSV parser candidates on a generated 1 M-row × 18-column file (bench/out/, gitignored).
// Usage: node bench/parsers/csv.mjs [rows]   — each candidate runs in its own process (peak RSS).
// The project rule: use a library unless measurements show it cannot meet the target; this file
// is the measurement behind the choice written at the top of src/io/read-text.ts.
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { ensureCsv } from './gen.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'bench', 'out');

const candidates = {
  async 'csv-parse'(file) {
    const { parse } = await import('csv-parse');
    let rows = 0, cells = 0;
    const parser = createReadStream(file).pipe(parse({ relax_column_count: true, bom: true }));
    for await (const rec of parser) { rows++; cells += rec.length; }
    return { rows, cells };
  },
  async papaparse(file) {
    const Papa = (await import('papaparse')).default;
    let rows = 0, cells = 0;
    await new Promise((resolve, reject) => {
      Papa.parse(createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }), {
        delimiter: ',',
        chunk: (res) => { rows += res.data.length; for (const r of res.data) cells += r.length; },
        complete: resolve,
        error: reject,
      });
    });
    return { rows, cells };
  },
  async udsv(file) {
    const { inferSchema, initParser } = await import('udsv');
    let parser, rows = 0, cells = 0;
    const onData = (row) => { rows++; cells += row.length; };
    for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      if (parser === undefined) parser = initParser(inferSchema(chunk, { col: ',' }));
      parser.chunk(chunk, parser.stringArrs, onData);
    }
    parser.end();
    return { rows: rows + 1, cells }; // udsv treats the first row as header
  },
  async 'edusync-scanner'(file) {
    const { openFile } = await import(join(out, 'build', 'src', 'io', 'read.js'));
    let rows = 0, cells = 0;
    const [src] = await openFile(file);
    for await (const batch of src.rows) { rows += batch.length; for (const r of batch) cells += r.cells.length; }
    return { rows, cells };
  },
};

if (process.argv[2] === '--run') {
  const [, , , name, file] = process.argv;
  const t0 = performance.now();
  const res = await candidates[name](file);
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ name, ms: Math.round(ms), ...res, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
} else {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const file = await ensureCsv(join(out, `students-${rows}.csv`), rows);
  // Compile the reader (only our own files) so that the benchmark runs the real code.
  execFileSync('npx', ['tsc', '--outDir', join(out, 'build'), '--rootDir', root, '--module', 'nodenext', '--target', 'es2022',
    '--skipLibCheck', '--types', 'node', '--ignoreConfig', join(root, 'src/io/read.ts')], { cwd: root, stdio: 'inherit' });
  const csvclean = spawnSync('bash', ['-c', `command -v csvclean && /usr/bin/time -f %e csvclean -n ${file}`], { encoding: 'utf8' });
  if (csvclean.status === 0) console.log(`csvclean -n: ${csvclean.stderr.trim().split('\n').pop()} s`);
  for (const name of Object.keys(candidates)) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--run', name, file], { encoding: 'utf8' });
    console.log(r.status === 0 ? r.stdout.trim() : `${name}: failed ${r.stderr.slice(0, 500)}`);
  }
}
