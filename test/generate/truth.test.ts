import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { generate, type GenerateOptions } from '../../src/generate/index.js';
import { loadSchemas } from '../../src/schema/load.js';
import { foldKey } from '../../src/schema/fold.js';
import { MOBILE_PREFIXES } from '../../src/generate/geo.js';
import type { Truth, TruthFile } from '../../src/generate/truth.js';
import { readSheet, readTextRows, readTruth, tempDir, xlsxCellText } from './helpers.js';

type Combo = Pick<GenerateOptions, 'format' | 'layout'>;
const combos: Combo[] = [
  { format: 'csv', layout: 'plain' },
  { format: 'csv', layout: 'messy' },
  { format: 'csv-semicolon-bom', layout: 'plain' },
  { format: 'tsv-utf16', layout: 'messy' },
  { format: 'xlsx', layout: 'plain' },
  { format: 'xlsx', layout: 'messy' },
];

/** file name → row number → cell text by field key. */
async function readAll(dir: string, truth: Truth): Promise<Map<string, Map<number, Map<string, string>>>> {
  const out = new Map<string, Map<number, Map<string, string>>>();
  for (const f of truth.files) {
    const rows = new Map<number, Map<string, string>>();
    const fields = f.columns.filter((c) => c.field !== null);
    if (f.format === 'xlsx') {
      const ws = await readSheet(join(dir, f.path));
      for (let r = f.firstDataRow; r <= f.lastDataRow; r++) {
        const row = ws.getRow(r);
        rows.set(r, new Map(fields.map((c) => [c.field as string, xlsxCellText(row.getCell(c.index + 1).value)])));
      }
    } else {
      const text = readTextRows(join(dir, f.path), f.format);
      for (let r = f.firstDataRow; r <= f.lastDataRow; r++) {
        const rec = text.get(r) ?? [];
        rows.set(r, new Map(fields.map((c) => [c.field as string, rec[c.index] ?? ''])));
      }
    }
    out.set(f.path, rows);
  }
  return out;
}

function rawXlsx(v: unknown): unknown {
  return v instanceof Date ? v.toISOString() : v;
}

describe('generate: truth file matches the files', () => {
  for (const combo of combos) {
    it(`every defect and repair points at a cell holding its value (${combo.format}, ${combo.layout})`, async () => {
      const dir = tempDir();
      const r = await generate({
        seed: 11,
        outDir: dir,
        schools: 2,
        classesPerGrade: 1,
        studentsPerClass: 30,
        level: 'THPT',
        entities: ['students', 'teachers', 'classes', 'schools'],
        ...combo,
        defects: { rate: 0.25 },
      });
      const truth = readTruth(r.truthFile);
      expect(truth.defects.length).toBeGreaterThan(20);
      const cells = await readAll(dir, truth);
      const seen = new Set<string>();
      for (const d of truth.defects) {
        const key = `${d.file}#${d.row}`;
        expect(seen.has(key), `two defects in ${key}`).toBe(false);
        seen.add(key);
        const row = cells.get(d.file)?.get(d.row);
        expect(row, key).toBeDefined();
        expect(row?.get(d.field), `${d.kind} ${key} ${d.field}`).toBe(d.value);
      }
      for (const rep of truth.repairs) {
        const row = cells.get(rep.file)?.get(rep.row);
        expect(row?.get(rep.field), `${rep.kind} ${rep.file}#${rep.row}`).toBe(String(rep.value));
        expect(seen.has(`${rep.file}#${rep.row}`), 'repairs only on clean rows').toBe(false);
      }
      if (combo.format === 'xlsx' && combo.layout === 'messy') {
        // numeric cells really are numbers
        const byFile = new Map<string, TruthFile>(truth.files.map((f) => [f.path, f]));
        const numeric = truth.repairs.filter((x) => x.kind === 'leading-zero' || x.kind === 'excel-serial-date');
        expect(numeric.length).toBeGreaterThan(10);
        for (const rep of numeric.slice(0, 30)) {
          const f = byFile.get(rep.file) as TruthFile;
          const ws = await readSheet(join(dir, f.path));
          const col = f.columns.find((c) => c.field === rep.field);
          expect(typeof rawXlsx(ws.getRow(rep.row).getCell((col?.index ?? 0) + 1).value)).toBe('number');
        }
      }
      if (combo.layout === 'messy') {
        const kinds = new Set(truth.repairs.map((x) => x.kind));
        expect(kinds).toContain('leading-zero');
        expect(kinds).toContain('excel-serial-date');
        expect(kinds).toContain('unicode-nfc');
        if (combo.format === 'xlsx') {
          expect(kinds).toContain('legacy-encoding-tcvn3');
          expect(kinds).toContain('legacy-encoding-vni');
        }
      } else expect(truth.repairs).toHaveLength(0);
    });
  }

  it('plants every defect kind that applies to students and teachers', async () => {
    const r = await generate({
      seed: 3, outDir: tempDir(), schools: 10, classesPerGrade: 3, studentsPerClass: 10, level: 'THCS', entities: ['students', 'teachers', 'classes'], format: 'csv', layout: 'plain', defects: { rate: 0.6 },
    });
    const kinds = new Set(readTruth(r.truthFile).defects.map((d) => d.kind));
    for (const k of ['missing-required', 'too-long', 'bad-code', 'impossible-date', 'future-date', 'not-a-date', 'age-grade-mismatch',
      'cccd-wrong-length', 'cccd-bad-province', 'cccd-gender-mismatch', 'cccd-year-mismatch', 'cccd-not-digits', 'duplicate-personal-id',
      'duplicate-person', 'duplicate-student-id', 'class-grade-mismatch', 'bad-email', 'bad-phone', 'status-without-reason',
      'teacher-too-young', 'hire-before-18']) expect(kinds, k).toContain(k);
  });

  it('restricts defects to the requested kinds', async () => {
    const r = await generate({
      seed: 3, outDir: tempDir(), schools: 1, level: 'TH', entities: ['students'], format: 'csv', layout: 'plain', defects: { rate: 0.5, kinds: ['bad-phone', 'too-long'] },
    });
    const truth = readTruth(r.truthFile);
    expect(truth.defects.length).toBeGreaterThan(50);
    expect(new Set(truth.defects.map((d) => d.kind))).toEqual(new Set(['bad-phone', 'too-long']));
  });
});

describe('generate: clean rows are clean, CCCDs are valid', () => {
  it('checks every student and teacher row', async () => {
    const schemas = loadSchemas();
    const dir = tempDir();
    const r = await generate({
      seed: 5, outDir: dir, schools: 14, classesPerGrade: 1, level: 'THCS', entities: ['students', 'teachers'], format: 'csv', layout: 'plain', defects: { rate: 0.1 },
      provinces: ['02', '66', '94', '79', '01', '64'],
    });
    const truth = readTruth(r.truthFile);
    const cells = await readAll(dir, truth);
    const defective = new Map(truth.defects.map((d) => [`${d.file}#${d.row}`, d]));
    const cccdKinds = new Set(['cccd-wrong-length', 'cccd-bad-province', 'cccd-gender-mismatch', 'cccd-year-mismatch', 'cccd-not-digits']);
    const inList = (list: string, label: string): boolean => schemas.codeLists.get(list)?.byLabel.has(foldKey(label)) ?? false;
    const ids = new Set<string>();
    const pids = new Set<string>();
    const ethnicities = new Set<string>();
    let checked = 0;
    const phoneOk = (p: string): boolean => p === '' || (/^0\d{9}$/.test(p) && MOBILE_PREFIXES.includes(p.slice(0, 3)));
    for (const f of truth.files) {
      for (const [row, c] of cells.get(f.path) ?? []) {
        const d = defective.get(`${f.path}#${row}`);
        const get = (k: string): string => c.get(k) ?? '';
        const pid = get('personalId');
        const dob = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(get('dateOfBirth'));
        // CCCD structure: every row but CCCD defects and rows without a usable id/date/gender
        if (!(d && (cccdKinds.has(d.kind) || ['personalId', 'dateOfBirth', 'genderCode'].includes(d.field)))) {
          expect(pid, `${f.path}#${row}`).toMatch(/^\d{12}$/);
          expect(schemas.cccdProvinces.has(pid.slice(0, 3))).toBe(true);
          const g = Number(pid[3]);
          expect(g % 2 === 1 ? 'Nữ' : 'Nam').toBe(get('genderCode'));
          expect(1900 + 100 * Math.floor(g / 2) + Number(pid.slice(4, 6))).toBe(Number(dob?.[3]));
        }
        if (d) continue;
        checked++;
        expect(dob, `${f.path}#${row} date`).not.toBeNull();
        const day = new Date(Date.UTC(Number(dob?.[3]), Number(dob?.[2]) - 1, Number(dob?.[1])));
        expect(day.getUTCDate()).toBe(Number(dob?.[1]));
        expect(get('fullName').length).toBeGreaterThan(0);
        expect(get('fullName').length).toBeLessThanOrEqual(50);
        expect(get('fullName')).toBe(get('fullName').normalize('NFC'));
        expect(inList('gender', get('genderCode'))).toBe(true);
        expect(inList('ethnicity', get('ethnicityCode')), get('ethnicityCode')).toBe(true);
        ethnicities.add(get('ethnicityCode'));
        expect(pids.has(pid), `duplicate CCCD ${pid}`).toBe(false);
        pids.add(pid);
        if (f.entity === 'student') {
          const id = get('studentId');
          expect(ids.has(id)).toBe(false);
          ids.add(id);
          const grade = Number(get('classId').match(/^\d+/)?.[0]);
          expect(get('gradeCode')).toBe(`Khối ${grade}`);
          expect([2025 - grade - 5, 2025 - grade - 6]).toContain(Number(dob?.[3]));
          expect(inList('student-status', get('statusCode'))).toBe(true);
          if (get('statusCode').startsWith('Thôi học')) expect(get('dropoutReasonCode')).not.toBe('');
          for (const k of ['contactPhone', 'fatherPhone', 'motherPhone']) expect(phoneOk(get(k)), `${k}=${get(k)}`).toBe(true);
          expect(/^\d{2}\/\d{2}\/2025$/.test(get('statusDate'))).toBe(true);
        } else {
          expect(phoneOk(get('mobile'))).toBe(true);
          expect(get('email')).toMatch(/^[a-z0-9.]+@[a-z0-9]+\.edu\.vn$/);
          const hire = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(get('hireDate'));
          expect(Number(hire?.[3]) - Number(dob?.[3])).toBeGreaterThanOrEqual(19);
          expect(Number(hire?.[3])).toBeLessThanOrEqual(2025);
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
    // mountain / highland / Khmer provinces bring minority groups
    for (const e of ['HMông', 'Khơ-me', 'Tày']) expect(ethnicities, e).toContain(e);
    expect(ethnicities.has('Ê-đê') || ethnicities.has('Gia-rai')).toBe(true);
    expect(truth.lookalikes.some((l) => l.kind === 'twins')).toBe(true);
    expect(truth.lookalikes.some((l) => l.kind === 'namesakes')).toBe(true);
  });
});
