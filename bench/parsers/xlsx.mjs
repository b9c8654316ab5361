// edusync's streaming xlsx reader vs ExcelJS's streaming reader on a 200 k-row × 18-column workbook
// (generated once with ExcelJS into bench/out/, gitignored). Usage: node bench/parsers/xlsx.mjs [rows]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { HEADER, makeRow, rng } from './gen.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'bench', 'out');

async function ensureXlsx(path, rows) {
  if (existsSync(path)) return path;
  mkdirSync(out, { recursive: true });
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path + '.tmp', useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('Học sinh');
  ws.addRow(['DANH SÁCH HỌC SINH']);
  ws.mergeCells('A1:R1');
  ws.getRow(1).commit();
  ws.addRow(HEADER).commit();
  const r = rng(7);
  for (let i = 1; i <= rows; i++) {
    const v = makeRow(i, r);
    const [d, m, y] = v[3].split('/').map(Number);
    v[3] = new Date(Date.UTC(y, m - 1, d));
    const row = ws.addRow(v);
    row.getCell(4).numFmt = 'dd/mm/yyyy';
    row.commit();
  }
  await ws.commit();
  await wb.commit();
  renameSync(path + '.tmp', path);
  return path;
}

const candidates = {
  async 'exceljs-stream'(file) {
    const ExcelJS = (await import('exceljs')).default;
    let rows = 0, cells = 0;
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', worksheets: 'emit' });
    for await (const ws of reader) for await (const row of ws) { rows++; cells += row.cellCount; }
    return { rows, cells };
  },
  async 'edusync-xlsx'(file) {
    const { openFile } = await import(join(out, 'build', 'src', 'io', 'read.js'));
    let rows = 0, cells = 0, dates = 0;
    for (const src of await openFile(file)) {
      for await (const batch of src.rows) for (const r of batch) { rows++; cells += r.cells.length; if (typeof r.cells[3] === 'object' && r.cells[3] !== null) dates++; }
    }
    return { rows, cells, dates };
  },
};

if (process.argv[2] === '--run') {
  const [, , , name, file] = process.argv;
  const t0 = performance.now();
  const res = await candidates[name](file);
  console.log(JSON.stringify({ name, ms: Math.round(performance.now() - t0), ...res, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
} else {
  const rows = Number(process.argv[2] ?? 200_000);
  const file = await ensureXlsx(join(out, `students-${rows}.xlsx`), rows);
  execFileSync('npx', ['tsc', '--outDir', join(out, 'build'), '--rootDir', root, '--module', 'nodenext', '--target', 'es2022',
    '--skipLibCheck', '--types', 'node', '--ignoreConfig', join(root, 'src/io/read.ts')], { cwd: root, stdio: 'inherit' });
  const res = {};
  for (const name of Object.keys(candidates)) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--run', name, file], { encoding: 'utf8' });
    console.log(r.status === 0 ? r.stdout.trim() : `${name}: failed ${r.stderr.slice(0, 800)}`);
    if (r.status === 0) res[name] = JSON.parse(r.stdout).ms;
  }
  if (res['exceljs-stream'] && res['edusync-xlsx']) console.log(`speed-up vs ExcelJS streaming: ${(res['exceljs-stream'] / res['edusync-xlsx']).toFixed(2)}×`);
}
