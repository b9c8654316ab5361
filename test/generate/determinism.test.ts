import { describe, it, expect } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { unzipSync } from 'fflate';
import { generate, type GenerateOptions } from '../../src/generate/index.js';
import { tempDir } from './helpers.js';

const base: Omit<GenerateOptions, 'outDir'> = {
  seed: 7,
  schools: 2,
  classesPerGrade: 1,
  studentsPerClass: 20,
  level: 'THCS',
  entities: ['schools', 'classes', 'students', 'teachers', 'results'],
  format: 'csv',
  layout: 'messy',
  defects: { rate: 0.15 },
};

function contents(files: string[]): Map<string, Buffer> {
  return new Map(files.map((f) => [basename(f), readFileSync(f)]));
}

describe('generate: determinism', () => {
  it('same seed → identical truth and identical CSV bytes', async () => {
    const a = await generate({ ...base, outDir: tempDir() });
    const b = await generate({ ...base, outDir: tempDir() });
    expect(readFileSync(a.truthFile, 'utf8')).toBe(readFileSync(b.truthFile, 'utf8'));
    const ca = contents(a.files);
    const cb = contents(b.files);
    expect([...ca.keys()]).toEqual([...cb.keys()]);
    for (const [name, buf] of ca) expect(buf.equals(cb.get(name) as Buffer), name).toBe(true);
  });

  // ExcelJS stamps the wall-clock time into the zip headers of two parts (theme, root rels) before
  // any hook can fix it, so bytes differ when two runs straddle a 2-second boundary. What is
  // guaranteed — and what matters — is that every part's content is identical.
  it('same seed → identical xlsx content, part by part', async () => {
    const opts = { ...base, format: 'xlsx' as const, schools: 1 };
    const a = await generate({ ...opts, outDir: tempDir() });
    const b = await generate({ ...opts, outDir: tempDir() });
    const ca = contents(a.files);
    const cb = contents(b.files);
    expect([...ca.keys()]).toEqual([...cb.keys()]);
    for (const [name, buf] of ca) {
      const pa = unzipSync(new Uint8Array(buf));
      const pb = unzipSync(new Uint8Array(cb.get(name) as Buffer));
      expect(Object.keys(pa).sort(), name).toEqual(Object.keys(pb).sort());
      for (const part of Object.keys(pa)) expect(Buffer.from(pa[part]!).equals(Buffer.from(pb[part]!)), `${name} ${part}`).toBe(true);
    }
  });

  it('different seed → different data', async () => {
    const a = await generate({ ...base, outDir: tempDir() });
    const b = await generate({ ...base, seed: 8, outDir: tempDir() });
    expect(readFileSync(a.truthFile, 'utf8')).not.toBe(readFileSync(b.truthFile, 'utf8'));
    const sa = readFileSync(a.files.find((f) => f.endsWith('hoc-sinh.csv')) as string, 'utf8');
    const sb = readFileSync(b.files.find((f) => f.endsWith('hoc-sinh.csv')) as string, 'utf8');
    expect(sa).not.toBe(sb);
  });

  it('writes files readable by the owner only', async () => {
    const r = await generate({ ...base, outDir: tempDir() });
    for (const f of [...r.files, r.truthFile]) expect(statSync(f).mode & 0o777, f).toBe(0o600);
  });

  it('names files per school, plus truong.* for the school list', async () => {
    const r = await generate({ ...base, outDir: tempDir() });
    const names = r.files.map((f) => basename(f));
    expect(names).toContain('truong.csv');
    expect(names.filter((n) => /^\d{8}-hoc-sinh\.csv$/.test(n))).toHaveLength(2);
    for (const suffix of ['giao-vien', 'lop', 'ket-qua']) expect(names.filter((n) => n.endsWith(`-${suffix}.csv`))).toHaveLength(2);
  });

  it('rows gives an exact row count in one file per entity', async () => {
    const r = await generate({ ...base, layout: 'plain', rows: 1234, entities: ['students', 'teachers'], outDir: tempDir() });
    expect(r.counts.students).toBe(1234);
    expect(r.files.map((f) => basename(f)).sort()).toEqual(['giao-vien.csv', 'hoc-sinh.csv']);
    const lines = readFileSync(r.files.find((f) => f.endsWith('hoc-sinh.csv')) as string, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(1235);
    expect(r.counts.schools).toBeGreaterThan(1);
  });

  it('rejects bad options with a UsageError', async () => {
    await expect(generate({ ...base, outDir: tempDir(), defects: { rate: 2 } })).rejects.toThrow(/rate/);
    await expect(generate({ ...base, outDir: tempDir(), defects: { rate: 0.1, kinds: ['nope' as never] } })).rejects.toThrow(/defect kind/);
  });
});
