/**
 * Issue 7 item 4 and issue 9 items 1 and 3: `edusync export --template …` on a generated, imported
 * school. The files are read back with ExcelJS: header rows equal the template JSON, one full record
 * per template equals the store's values (text cells for ids and codes, dd/mm/yyyy text dates, code
 * labels), files split at the row limit, --fields restricts, sensitive fields stay home unless the
 * template needs them and the config names them, and every file has its audit row.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/sqlite.js';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/run-cli.js';

const TODAY = '2025-10-20';
const PERIOD = '2025-10';

interface TemplateJson {
  name: string;
  entity: string;
  sheet: string;
  maxRowsPerFile: number;
  splitBy: string[];
  contract: { needs: string[] };
  columns: Array<{ header: string; field?: string; format: string; optIn?: boolean }>;
}

const template = (name: string): TemplateJson => JSON.parse(readFileSync(join(ROOT, 'schemas', 'templates', `${name}.json`), 'utf8')) as TemplateJson;
const entityFields = (entity: string): Array<{ key: string; codeList?: string; sensitive?: boolean }> =>
  (JSON.parse(readFileSync(join(ROOT, 'schemas', 'entities', `${entity}.json`), 'utf8')) as { fields: Array<{ key: string; codeList?: string; sensitive?: boolean }> }).fields;
const codeLabel = (list: string, code: string): string => {
  const file = JSON.parse(readFileSync(join(ROOT, 'schemas', 'codelists', `${list}.json`), 'utf8')) as { values: Array<{ code: string; label: string }> };
  return file.values.find((v) => v.code === code)?.label ?? code;
};

async function readSheet(path: string, sheet: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet} in ${path}`);
  return ws;
}

function headerRow(ws: ExcelJS.Worksheet, count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(ws.getRow(1).getCell(i + 1).value ?? ''));
}

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** What the template cell must hold for a stored value, computed independently of src/export. */
function expectedCell(format: string, value: unknown, codeList: string | undefined): string | number | null {
  if (value === undefined || value === null || value === '') return null;
  if (format === 'date') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value));
    return m ? `${m[3]}/${m[2]}/${m[1]}` : String(value);
  }
  if (format === 'label') return codeLabel(codeList!, String(value));
  if (format === 'number') return Number(value);
  if (format === 'x') return value === true ? 'x' : null;
  return String(value);
}

function storeRecords(db: string, entity: string): Array<Record<string, unknown>> {
  const conn = openDatabase(db, { readonly: true });
  try {
    return conn
      .prepare(`SELECT values_json FROM snapshot_records r JOIN snapshots s ON s.id = r.snapshot_id WHERE s.entity = ? AND s.period = ? ORDER BY r.ord`)
      .pluck()
      .all(entity, PERIOD)
      .map((j) => JSON.parse(String(j)) as Record<string, unknown>);
  } finally {
    conn.close();
  }
}

function auditRows(db: string): Array<{ action: string; destination: string; file_sha256: string; record_count: number; field_list: string; os_user: string }> {
  const conn = openDatabase(db, { readonly: true });
  try {
    return conn.prepare("SELECT * FROM audit_events WHERE action = 'export' ORDER BY id").all() as never;
  } finally {
    conn.close();
  }
}

const xlsxIn = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.xlsx')).sort().map((f) => join(dir, f));

describe('edusync export', () => {
  let dir: string;
  let db: string;
  /** A config naming every sensitive field a template needs. */
  let config: string;

  beforeAll(async () => {
    dir = tempDir('edusync-export-');
    db = join(dir, 'edusync.db');
    const gen = await runCli(['generate', '--out', 'g', '--seed', '3', '--entities', 'students,teachers,results', '--classes-per-grade', '1', '--students-per-class', '4'], { cwd: dir });
    expect(gen.code, gen.stderr).toBe(0);
    const imp = await runCli(['import', 'g', '--apply', '--db', db, '--period', PERIOD, '--today', TODAY], { cwd: dir });
    expect(imp.code, imp.stderr).toBe(0);
    // Not edusync.config.json: runs with cwd = dir must not pick it up by themselves.
    config = join(dir, 'export.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        exports: {
          templates: {
            'csdl-students': { sensitiveFields: ['ethnicityCode', 'disabilityTypeCode', 'religionCode'] },
            'csdl-teachers': { sensitiveFields: ['ethnicityCode'], maxRowsPerFile: 5 },
          },
        },
      }),
    );
  });

  for (const name of ['csdl-students', 'csdl-teachers', 'csdl-results']) {
    it(`${name}: header row as the template JSON; a full record equals the store (text ids, dd/mm/yyyy, labels); audit row per file`, async () => {
      const t = template(name);
      const out = join(dir, `full-${name}`);
      const all = t.columns.filter((c) => c.field).map((c) => c.field!).join(',');
      const r = await runCli(['export', '--template', name, '--db', db, '--out', out, '--fields', all, '--config', config, '--today', TODAY, '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      const result = JSON.parse(r.stdout) as { files: Array<{ path: string; rows: number; sha256: string; split: string }>; carried: string[] };
      const files = xlsxIn(out);
      expect(files).toEqual(result.files.map((f) => f.path).sort());

      const fields = entityFields(t.entity);
      const sensitive = new Set(fields.filter((f) => f.sensitive).map((f) => f.key));
      // Everything named is carried except sensitive fields the template does not need (religion).
      const expectedCarried = t.columns.filter((c) => c.field && (!sensitive.has(c.field) || t.contract.needs.includes(c.field))).map((c) => c.field);
      expect(result.carried).toEqual(expectedCarried);

      const stored = storeRecords(db, t.entity);
      const exportedRows = result.files.reduce((n, f) => n + f.rows, 0);
      expect(exportedRows).toBe(stored.length);
      // The config's row limit (teachers: 5 of 9) and the per-grade-and-term uploads of results.
      if (name === 'csdl-teachers') expect(result.files.map((f) => f.rows)).toEqual([5, 4]);
      if (name === 'csdl-results') {
        expect(result.files.map((f) => f.split)).toEqual(['k6-hk1', 'k6-hk2', 'k7-hk1', 'k7-hk2', 'k8-hk1', 'k8-hk2', 'k9-hk1', 'k9-hk2']);
      }

      // The first record of the first file, looked up in the store by its key.
      const ws = await readSheet(files[0]!, t.sheet);
      expect(headerRow(ws, t.columns.length + 1)).toEqual([...t.columns.map((c) => c.header), '']);
      const row = ws.getRow(2);
      const keyField = t.entity === 'teacher' ? 'staffId' : 'studentId';
      const keyColumn = t.columns.findIndex((c) => c.field === keyField) + 1;
      const key = row.getCell(keyColumn).value;
      const termColumn = t.columns.findIndex((c) => c.field === 'term') + 1;
      const record = stored.find(
        (v) => v[keyField] === key && (termColumn === 0 || codeLabel('term', String(v.term)) === row.getCell(termColumn).value),
      );
      expect(record, `record ${String(key)} in the store`).toBeDefined();
      let compared = 0;
      t.columns.forEach((c, i) => {
        const cell = row.getCell(i + 1);
        if (c.format === 'row-number') return expect(cell.value).toBe(1);
        const carried = result.carried.includes(c.field!);
        const codeList = fields.find((f) => f.key === c.field)?.codeList;
        const want = carried ? expectedCell(c.format, record![c.field!], codeList) : null;
        expect(cell.value ?? null, `${name} ${c.header}`).toEqual(want);
        if (want !== null && typeof want === 'string') {
          expect(cell.numFmt, `${name} ${c.header} is a text cell`).toBe('@');
          compared++;
        }
      });
      expect(compared).toBeGreaterThan(4);
      if (t.entity === 'student') {
        expect(row.getCell(t.columns.findIndex((c) => c.field === 'dateOfBirth') + 1).value).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
        expect(row.getCell(t.columns.findIndex((c) => c.field === 'ethnicityCode') + 1).value).toBe(codeLabel('ethnicity', String(record!.ethnicityCode)));
        expect(row.getCell(t.columns.findIndex((c) => c.field === 'genderCode') + 1).value).toMatch(/^(Nam|Nữ)$/);
      }

      // One audit row per file: who, what, where, the file's hash.
      const audit = auditRows(db).filter((a) => files.includes(a.destination));
      expect(audit.map((a) => a.destination).sort()).toEqual(files);
      for (const a of audit) {
        const f = result.files.find((x) => x.path === a.destination)!;
        expect(a.file_sha256).toBe(sha256(a.destination));
        expect(a.file_sha256).toBe(f.sha256);
        expect(a.record_count).toBe(f.rows);
        expect(JSON.parse(a.field_list)).toEqual([...result.carried].sort());
        expect(a.os_user).toBe(userInfo().username);
      }
    });
  }

  it('by default: sensitive and opt-in fields stay home and the output says which and why (text, manifest, fields sheet)', async () => {
    const out = join(dir, 'default');
    const r = await runCli(['export', '-t', 'csdl-students', '--db', db, '--out', out, '--today', TODAY, '--lang', 'en'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Fields exported \(\d+\): classId, studentId, fullName/);
    expect(r.stdout).toContain('ethnicityCode [sensitive]: sensitive data: the template needs it but the config does not name it');
    expect(r.stdout).toContain('religionCode [sensitive]: sensitive data the template does not need: never exported');
    expect(r.stdout).toContain('fatherName: personal data the upload can do without');
    const manifest = JSON.parse(readFileSync(join(out, 'csdl-students.manifest.json'), 'utf8')) as {
      fields: Array<{ field: string; carried: boolean; reason?: string }>;
      files: Array<{ file: string; sha256: string; rows: number }>;
    };
    const reason = (f: string): string | undefined => manifest.fields.find((x) => x.field === f)?.reason;
    expect(reason('ethnicityCode')).toBe('sensitive-not-configured');
    expect(reason('religionCode')).toBe('sensitive-not-needed');
    expect(reason('motherPhone')).toBe('opt-in');
    expect(reason('fullName')).toBeUndefined();
    const [file] = xlsxIn(out);
    expect(manifest.files).toEqual([{ file: file!.split('/').pop(), sha256: sha256(file!), rows: 15, school: expect.any(String), period: PERIOD, split: '' }]);
    // No personal value in the manifest: only keys, counts and hashes.
    const text = readFileSync(join(out, 'csdl-students.manifest.json'), 'utf8');
    for (const v of storeRecords(db, 'student')) expect(text).not.toContain(String(v.fullName));

    const t = template('csdl-students');
    const ws = await readSheet(file!, t.sheet);
    const ethnicity = t.columns.findIndex((c) => c.field === 'ethnicityCode') + 1;
    for (let r2 = 2; r2 <= 16; r2++) expect(ws.getRow(r2).getCell(ethnicity).value ?? null).toBeNull();
    const sheet = await readSheet(file!, 'Trường dữ liệu - Fields');
    const rows = Array.from({ length: sheet.rowCount - 1 }, (_, i) => sheet.getRow(i + 2));
    const eth = rows.find((x) => x.getCell(2).value === 'ethnicityCode')!;
    expect(eth.getCell(5).value).toBe('không / no');
    expect(String(eth.getCell(6).value)).toContain('sensitiveFields');
    expect(rows.find((x) => x.getCell(2).value === 'fullName')!.getCell(5).value).toBe('có / yes');
  });

  it('--fields restricts what leaves; an unknown field is exit 2 naming it and the valid ones; the config list is the policy', async () => {
    const out = join(dir, 'restricted');
    const r = await runCli(['export', '-t', 'csdl-students', '--db', db, '--out', out, '--fields', 'studentId,fullName,ethnicityCode', '--today', TODAY, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout) as { carried: string[]; fields: Array<{ field: string; reason?: string }> };
    expect(result.carried).toEqual(['studentId', 'fullName']);
    expect(result.fields.find((f) => f.field === 'ethnicityCode')?.reason).toBe('sensitive-not-configured');
    expect(result.fields.find((f) => f.field === 'dateOfBirth')?.reason).toBe('not-requested');
    const t = template('csdl-students');
    const ws = await readSheet(xlsxIn(out)[0]!, t.sheet);
    const filled = t.columns.map((_, i) => ws.getRow(2).getCell(i + 1).value).map((v, i) => (v === null || v === undefined ? null : t.columns[i]!.header));
    expect(filled.filter((h) => h !== null)).toEqual(['STT', 'Mã học sinh', 'Họ tên']);

    const bad = await runCli(['export', '-t', 'csdl-students', '--db', db, '--out', out, '--fields', 'studentId,shoeSize', '--lang', 'en']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--fields: unknown field shoeSize. Valid fields: classId, studentId, fullName');

    const policy = join(dir, 'policy.json');
    writeFileSync(policy, JSON.stringify({ exports: { templates: { 'csdl-students': { fields: ['studentId', 'fullName', 'dateOfBirth'] } } } }));
    const p = await runCli(['export', '-t', 'csdl-students', '--db', db, '--out', join(dir, 'policy'), '--config', policy, '--fields', 'studentId,classId', '--today', TODAY, '--format', 'json']);
    expect(p.code, p.stderr).toBe(0);
    const pr = JSON.parse(p.stdout) as { carried: string[]; fields: Array<{ field: string; reason?: string }> };
    expect(pr.carried).toEqual(['studentId']);
    expect(pr.fields.find((f) => f.field === 'classId')?.reason).toBe('not-in-config');

    writeFileSync(policy, JSON.stringify({ exports: { templates: { 'csdl-students': { sensitiveFields: ['bloodGroup'] } } } }));
    const badConfig = await runCli(['export', '-t', 'csdl-students', '--db', db, '--out', join(dir, 'policy'), '--config', policy, '--lang', 'en']);
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toContain('exports.templates.csdl-students.sensitiveFields: unknown field bloodGroup');
  });

  it('splits files at the --max-rows limit, STT restarting in each file', async () => {
    const out = join(dir, 'split');
    const r = await runCli(['export', '-t', 'csdl-students', '--db', db, '--out', out, '--max-rows', '4', '--today', TODAY, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const files = xlsxIn(out);
    expect(files.map((f) => f.replace(/^.*-(\d\d)\.xlsx$/, '$1'))).toEqual(['01', '02', '03', '04']);
    const t = template('csdl-students');
    const ids: unknown[] = [];
    const counts: number[] = [];
    const idColumn = t.columns.findIndex((c) => c.field === 'studentId') + 1;
    for (const f of files) {
      const ws = await readSheet(f, t.sheet);
      expect(headerRow(ws, t.columns.length)).toEqual(t.columns.map((c) => c.header));
      counts.push(ws.actualRowCount - 1);
      for (let i = 2; i <= ws.actualRowCount; i++) {
        ids.push(ws.getRow(i).getCell(idColumn).value);
        expect(ws.getRow(i).getCell(1).value).toBe(i - 1); // STT restarts in each file
      }
    }
    expect(counts).toEqual([4, 4, 4, 3]);
    expect(ids).toEqual(storeRecords(db, 'student').map((v) => v.studentId));

  });

  // Last: it adds a second school to the shared store.
  it('records with error-level findings are held back with counts (exit 1); --include-invalid exports them', async () => {
    // The same child in two schools' lists, imported in two runs so neither import saw both.
    const child = storeRecords(db, 'student')[0]!;
    const dob = String(child.dateOfBirth).split('-').reverse().join('/');
    const gender = codeLabel('gender', String(child.genderCode));
    writeFileSync(
      join(dir, 'other.csv'),
      `Mã trường,Mã học sinh,Họ và tên,Ngày sinh,Giới tính,Khối,Mã lớp,Số định danh cá nhân\n79000001,0101,Nguyễn Thị Hoa,${dob},${gender},6,6A1,${String(child.personalId)}\n`,
    );
    const imp = await runCli(['import', 'other.csv', '--apply', '--db', db, '--period', PERIOD, '--today', TODAY, '--lang', 'en'], { cwd: dir });
    expect([0, 1], imp.stderr).toContain(imp.code); // 1: columns this short list lacks (SC-008); the record itself is stored
    expect(imp.stdout).toContain('New: 1 ·');

    const held = await runCli(['export', '-t', 'csdl-students', '--db', db, '--out', 'held', '--today', TODAY, '--format', 'json'], { cwd: dir });
    expect(held.code, held.stderr).toBe(1);
    const result = JSON.parse(held.stdout) as { snapshots: Array<{ school: string; records: number; exported: number; invalid: number }>; invalid: { count: number; byCode: Record<string, number>; exported: boolean } };
    expect(result.invalid).toMatchObject({ count: 1, byCode: { 'DS-001': 1 }, exported: false });
    expect(result.snapshots.find((s) => s.school === '79000001')).toMatchObject({ records: 1, exported: 0, invalid: 1 });
    expect(xlsxIn(join(dir, 'held')).some((f) => f.includes('79000001'))).toBe(false);

    const all = await runCli(['export', '-t', 'csdl-students', '--db', db, '--out', 'all', '--include-invalid', '--today', TODAY, '--lang', 'en'], { cwd: dir });
    expect(all.code).toBe(1);
    expect(all.stdout).toContain('Records with error-level findings (1) exported ANYWAY (--include-invalid)');
    expect(all.stdout).toMatch(/^ {2}DS-001: 1$/m);
    expect(all.stdout).toContain('79000001 · 0101 · Nguyễn Thị Hoa');
    expect(xlsxIn(join(dir, 'all')).some((f) => f.includes('79000001'))).toBe(true);
  });

  it('an empty store or an unknown template is a clear error', async () => {
    const dir = tempDir('edusync-export-empty-');
    const none = await runCli(['export', '-t', 'csdl-students', '--db', join(dir, 'missing.db'), '--lang', 'en'], { cwd: dir });
    expect(none.code).toBe(5);
    expect(none.stderr).toContain('no database yet at');
    expect(none.stderr).toContain('edusync import … --apply');
    const bad = await runCli(['export', '-t', 'csdl-parents', '--db', join(dir, 'missing.db'), '--lang', 'en'], { cwd: dir });
    expect(bad.code).toBe(2);
  });
});
