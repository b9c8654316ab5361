/**
 * Repository checks on the rule catalogue (like ESLint's Makefile `checkRuleFiles`): every rule is
 * registered, has a test, stable well-formed code, vi+en docs and messages, and a legal basis.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allRuleMetas, metaByCode, REPAIR_CODES, STRUCTURAL_CODES, structuralCode, structuralMetas } from '../../src/check/catalogue.js';
import { renderRuleCatalogue } from '../../src/check/catalogue-markdown.js';
import { renderFinding } from '../../src/check/render.js';
import { allRules } from '../../src/rules/index.js';
import { loadSchemas } from '../../src/schema/load.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const rulesDir = join(root, 'src', 'rules');
const CODE = /^(DL|CC|HS|GV|LH|TR|KQ|DS|SC|RC|RP)-\d{3}$/;
const PREFIX_BY_FOLDER: Record<string, string[]> = {
  generic: ['DL'],
  'personal-id': ['CC'],
  student: ['HS'],
  teacher: ['GV'],
  class: ['LH'],
  school: ['TR'],
  result: ['KQ'],
  'cross-file': ['DS'],
};

/** Rule files: src/rules/<folder>/<id>.ts, except utils/. */
function ruleFiles(): string[] {
  const out: string[] = [];
  for (const folder of readdirSync(rulesDir, { withFileTypes: true })) {
    if (!folder.isDirectory() || folder.name === 'utils') continue;
    for (const f of readdirSync(join(rulesDir, folder.name))) if (f.endsWith('.ts')) out.push(join(rulesDir, folder.name, f));
  }
  return out.sort();
}

describe('rule catalogue', () => {
  const rules = allRules();
  const metas = allRuleMetas();

  it('has unique, well-formed codes', () => {
    const codes = metas.map((m) => m.code);
    for (const code of codes) expect(code).toMatch(CODE);
    expect(new Set(codes).size).toBe(codes.length);
    const ids = metas.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('registers every rule file, and only those', async () => {
    const files = ruleFiles();
    expect(rules.length).toBe(files.length);
    for (const file of files) {
      const mod = (await import(file)) as { default?: { meta?: { id?: string } } };
      expect(mod.default?.meta?.id, relative(root, file)).toBe(basename(file, '.ts'));
      expect(rules, `${relative(root, file)} is not in src/rules/index.ts`).toContain(mod.default);
    }
  });

  it.each(allRules().map((r) => [r.meta.code, r] as const))('%s: id = file name, folder matches code family, test file exists', (_code, rule) => {
    const file = ruleFiles().find((f) => basename(f, '.ts') === rule.meta.id);
    expect(file, `no file src/rules/*/${rule.meta.id}.ts`).toBeDefined();
    const folder = basename(dirname(file!));
    expect(PREFIX_BY_FOLDER[folder], `folder ${folder}`).toContain(rule.meta.code.slice(0, 2));
    expect(existsSync(join(root, 'test', 'rules', `${rule.meta.id}.test.ts`)), `missing test/rules/${rule.meta.id}.test.ts`).toBe(true);
    expect(rule.meta.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });

  it.each(allRuleMetas().map((m) => [m.code, m] as const))('%s: docs, legal basis and vi+en messages', (_code, meta) => {
    expect(meta.title.vi.trim().length).toBeGreaterThan(3);
    expect(meta.title.en.trim().length).toBeGreaterThan(3);
    expect(meta.title.vi.length, 'a title is a few words; the explanation belongs in docs').toBeLessThan(60);
    expect(meta.docs.vi.trim().length).toBeGreaterThan(20);
    expect(meta.docs.en.trim().length).toBeGreaterThan(20);
    expect(meta.legalBasis.trim().length).toBeGreaterThan(10);
    expect(meta.entities.length).toBeGreaterThan(0);
    const ids = Object.keys(meta.messages);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      expect(id).toMatch(/^[a-z][A-Za-z0-9]*$/);
      const m = meta.messages[id]!;
      expect(m.vi.trim(), `${meta.code}/${id} vi`).not.toBe('');
      expect(m.en.trim(), `${meta.code}/${id} en`).not.toBe('');
      // the same placeholders in both languages (an English variant xEn may stand for x)
      const names = (t: string) => [...t.matchAll(/\{\{(\w+)\}\}/g)].map((x) => x[1]!.replace(/En$/, '')).sort();
      expect(names(m.en), `${meta.code}/${id} placeholders`).toEqual(names(m.vi));
    }
    expect(metaByCode(meta.code)).toBe(meta);
  });

  it('uses no retired code of any rule set', () => {
    const schemas = loadSchemas();
    const inUse = new Set(allRuleMetas().map((m) => m.code));
    for (const set of schemas.ruleSets.values()) {
      for (const code of set.retired) expect(inUse.has(code), `${set.schoolYear} retires ${code}, which is in use`).toBe(false);
      for (const code of [...Object.keys(set.rules), ...Object.keys(set.options)]) {
        expect(inUse.has(code), `${set.schoolYear} configures unknown code ${code}`).toBe(true);
      }
    }
  });

  it('has one info code per repair kind and the structural codes', () => {
    for (const code of Object.values(REPAIR_CODES)) {
      expect(metaByCode(code)?.defaultSeverity).toBe('info');
      expect(Object.keys(metaByCode(code)!.messages)).toEqual(['repaired']);
    }
    expect(structuralCode('missing-required-column')).toEqual({ code: 'SC-008', severity: 'error', messageId: 'missingColumn' });
    for (const kind of Object.keys(STRUCTURAL_CODES) as (keyof typeof STRUCTURAL_CODES)[]) {
      const s = structuralCode(kind);
      expect(metaByCode(s.code)?.messages[s.messageId]).toBeDefined();
    }
    expect(structuralMetas().every((m) => m.code.startsWith('SC-'))).toBe(true);
  });

  it('renders findings with Vietnamese diacritics and English', () => {
    const f = { code: 'SC-001', severity: 'info' as const, messageId: 'repaired', file: 'a.xlsx', row: 3, field: 'personalId', value: '001206012345', data: { from: '1206012345', to: '001206012345', field: 'Số định danh cá nhân', fieldEn: 'Personal ID number' } };
    expect(renderFinding(f, 'vi')).toBe('Số định danh cá nhân: đã khôi phục số 0 ở đầu bị Excel làm mất «1206012345» → «001206012345».');
    expect(renderFinding(f, 'en')).toBe('Personal ID number: restored the leading zeros Excel dropped "1206012345" → "001206012345".');
    expect(renderFinding({ ...f, code: 'XX-999' }, 'vi')).toBe('XX-999 repaired');
  });
});

describe('docs/rules.md', () => {
  it('is generated from the rule metadata', () => {
    const file = join(root, 'docs', 'rules.md');
    const expected = renderRuleCatalogue();
    if (process.env.EDUSYNC_UPDATE_DOCS === '1') writeFileSync(file, expected);
    const actual = existsSync(file) ? readFileSync(file, 'utf8') : '';
    expect(actual === expected, 'docs/rules.md is out of date with the rule metadata: run `npm run docs` (or EDUSYNC_UPDATE_DOCS=1 npx vitest run test/check/catalogue)').toBe(true);
  });

  it('lists every code, Vietnamese before English', () => {
    const md = renderRuleCatalogue();
    for (const m of allRuleMetas()) expect(md).toContain(`## ${m.code} ${m.title.vi} / ${m.title.en}\n\n\`${m.id}\``);
    const section = md.slice(md.indexOf('## CC-001'));
    expect(section.indexOf('Số định danh cá nhân (CCCD) phải gồm')).toBeLessThan(section.indexOf('The personal ID (CCCD) must be'));
  });
});
