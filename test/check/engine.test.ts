import { describe, expect, it } from 'vitest';
import { createEngine, resolveRuleSet } from '../../src/check/engine.js';
import type { Finding } from '../../src/check/finding.js';
import type { RecordRow } from '../../src/io/record.js';
import type { RuleSet } from '../../src/schema/format.js';
import { defineRule, type RuleModule } from '../../src/rules/types.js';
import { buildRecord, testRuleSet, testSchemas } from '../helpers/rule-tester.js';

const schemas = testSchemas();
const base = testRuleSet();
const today = '2025-10-15';

function set(patch: Partial<RuleSet> = {}): RuleSet {
  return { ...base, rules: {}, options: {}, ...patch };
}

function flatten(findings: Finding[]): string[] {
  return findings.map((f) => [f.file, f.sheet ?? '', f.row ?? '', f.column ?? '', f.field ?? '', f.code, f.severity, f.messageId].join(' '));
}

const goodStudent: RecordRow = buildRecord(
  {
    file: 'hs.xlsx',
    sheet: 'Lớp 6A1',
    row: 5,
    level: 'THCS',
    values: {
      schoolId: '01234567',
      gradeCode: '6',
      classId: '6A1',
      studentId: '0123456789',
      fullName: 'Nguyễn Thị Hoa',
      dateOfBirth: '2014-02-28',
      genderCode: '2',
      ethnicityCode: '01',
      personalId: '001314012345',
      statusCode: '01',
      dropoutReasonCode: null,
      contactPhone: '0912345678',
      email: 'hoa@gmail.com',
    },
  },
  { entity: 'student', row: 5 },
);

describe('engine', () => {
  it('passes a correct student through every rule with no finding', () => {
    const engine = createEngine({ schemas, ruleSet: base, today });
    engine.record(goodStudent);
    expect(flatten(engine.finish())).toEqual([]);
    expect(engine.counts()).toEqual({ errors: 0, warnings: 0, infos: 0 });
  });

  it('reports file, sheet, row, column, field and value of each finding', () => {
    const engine = createEngine({ schemas, ruleSet: base, today });
    engine.record({ ...goodStudent, values: { ...goodStudent.values, personalId: '001214012345', fullName: null } });
    const findings = engine.finish();
    expect(flatten(findings)).toEqual([
      'hs.xlsx Lớp 6A1 5 E fullName DL-001 error empty',
      'hs.xlsx Lớp 6A1 5 I personalId CC-003 error mismatch',
    ]);
    expect(findings[1]!.value).toBe('001214012345');
    expect(findings[1]!.data).toMatchObject({ field: 'Số định danh cá nhân', fieldEn: 'Personal ID number' });
  });

  it('dispatches records only to rules of their entity', () => {
    const seen: string[] = [];
    const spy = (code: string, entities: RuleModule['meta']['entities']): RuleModule =>
      defineRule({
        meta: { code, id: code, entities, scope: 'row', defaultSeverity: 'error', title: { vi: 't', en: 't' }, docs: { vi: '', en: '' }, legalBasis: '', messages: { m: { vi: '', en: '' } } },
        create: () => ({ record: (r) => void seen.push(`${code}:${r.entity}`) }),
      });
    const engine = createEngine({ schemas, ruleSet: set(), today, rules: [spy('XX-001', ['student']), spy('XX-002', ['*']), spy('XX-003', ['teacher', 'class'])] });
    engine.record(goodStudent);
    engine.record({ ...goodStudent, entity: 'class' });
    expect(seen).toEqual(['XX-001:student', 'XX-002:student', 'XX-002:class', 'XX-003:class']);
  });

  it('applies severities, "off" and options from the rule set', () => {
    const record = { ...goodStudent, values: { ...goodStudent.values, fullName: null, dateOfBirth: '2007-01-01', personalId: '001307012345' } };
    const run = (ruleSet: RuleSet) => {
      const engine = createEngine({ schemas, ruleSet, today });
      engine.record(record);
      return flatten(engine.finish()).map((l) => l.split(' ').slice(-3).join(' '));
    };
    expect(run(set())).toEqual(['DL-001 error empty', 'HS-001 error tooOld']);
    expect(run(set({ rules: { 'DL-001': 'off', 'HS-001': 'warning' } }))).toEqual(['HS-001 warning tooOld']);
    expect(run(set({ options: { 'HS-001': { olderError: 10 } } }))).toEqual(['DL-001 error empty', 'HS-001 warning tooOld']);
  });

  it('turns repairs into info findings with the repair code', () => {
    const engine = createEngine({ schemas, ruleSet: set({ rules: { 'SC-007': 'off' } }), today });
    engine.record({
      ...goodStudent,
      repairs: [
        { field: 'personalId', kind: 'leading-zero', from: '1314012345', to: '001314012345' },
        { field: 'fullName', kind: 'legacy-encoding-tcvn3', from: 'NguyÔn ThÞ Hoa', to: 'Nguyễn Thị Hoa' },
        { field: 'fullName', kind: 'whitespace', from: 'Nguyễn  Thị Hoa', to: 'Nguyễn Thị Hoa' },
      ],
    });
    const findings = engine.finish();
    expect(flatten(findings)).toEqual(['hs.xlsx Lớp 6A1 5 I personalId SC-001 info repaired', 'hs.xlsx Lớp 6A1 5 E fullName SC-003 info repaired']);
    expect(findings[0]!.data).toMatchObject({ from: '1314012345', to: '001314012345' });
    expect(engine.counts()).toEqual({ errors: 0, warnings: 0, infos: 2 });
  });

  it('adds structural findings, with rule-set overrides and field labels', () => {
    const engine = createEngine({ schemas, ruleSet: set({ rules: { 'SC-009': 'off', 'SC-010': 'error' } }), today });
    engine.add({ code: 'SC-008', severity: 'error', messageId: 'missingColumn', file: 'a.xlsx', row: 1, field: 'dateOfBirth', data: { field: 'dateOfBirth' } });
    engine.add({ code: 'SC-009', severity: 'info', messageId: 'unmappedColumn', file: 'a.xlsx', data: { label: 'Ghi chú' } });
    engine.add({ code: 'SC-010', severity: 'warning', messageId: 'duplicateColumn', file: 'a.xlsx', data: { field: 'fullName', columns: 'B, F' } });
    const findings = engine.finish();
    expect(flatten(findings)).toEqual(['a.xlsx  1  dateOfBirth SC-008 error missingColumn', 'a.xlsx     SC-010 error duplicateColumn']);
    expect(findings[0]!.data).toEqual({ field: 'Ngày sinh', fieldEn: 'Date of birth' });
    expect(engine.counts()).toEqual({ errors: 2, warnings: 0, infos: 0 });
  });

  it('calls end() once, after every record', () => {
    const calls: string[] = [];
    const rule = defineRule({
      meta: { code: 'XX-001', id: 'x', entities: ['*'], scope: 'cross-file', defaultSeverity: 'warning', title: { vi: 't', en: 't' }, docs: { vi: '', en: '' }, legalBasis: '', messages: { done: { vi: '', en: '' } } },
      create: (context) => {
        let n = 0;
        return {
          record: () => void n++,
          end: () => {
            calls.push(`end ${n}`);
            context.report({ messageId: 'done', file: 'x.csv', data: { n } });
          },
        };
      },
    });
    const engine = createEngine({ schemas, ruleSet: set(), today, rules: [rule] });
    engine.record(goodStudent);
    engine.record(goodStudent);
    expect(engine.finish()).toHaveLength(1);
    expect(engine.finish()).toHaveLength(1);
    expect(calls).toEqual(['end 2']);
  });

  it('rejects a messageId that is not in the rule meta', () => {
    const rule = defineRule({
      meta: { code: 'XX-001', id: 'x', entities: ['*'], scope: 'row', defaultSeverity: 'error', title: { vi: 't', en: 't' }, docs: { vi: '', en: '' }, legalBasis: '', messages: { ok: { vi: '', en: '' } } },
      create: (context) => ({ record: (record) => context.report({ messageId: 'typo', record }) }),
    });
    const engine = createEngine({ schemas, ruleSet: set(), today, rules: [rule] });
    expect(() => engine.record(goodStudent)).toThrow(/not in its meta.messages/);
  });

  it('resolves "extends" and refuses retired codes', () => {
    const parent = set({ schoolYear: '2024-2025', rules: { 'DL-001': 'warning', 'DL-009': 'off' }, options: { 'HS-001': { olderWarning: 1, olderError: 5 } } });
    const child = set({ extends: '2024-2025', rules: { 'DL-009': 'error' }, options: { 'HS-001': { olderError: 4 } } });
    const withParent = { ...schemas, ruleSets: new Map([...schemas.ruleSets, ['2024-2025', parent]]) };
    const resolved = resolveRuleSet(withParent, child);
    expect(resolved.rules).toEqual({ 'DL-001': 'warning', 'DL-009': 'error' });
    expect(resolved.options['HS-001']).toEqual({ olderWarning: 1, olderError: 4 });
    expect(() => createEngine({ schemas, ruleSet: set({ rules: { 'DL-001': 'error' }, retired: ['DL-001'] }), today })).toThrow(/retired/);
    expect(() => resolveRuleSet(schemas, set({ extends: 'nope' }))).toThrow(/does not exist/);
  });

  it('uses the rule set reference date unless told otherwise', () => {
    // grade 6 born 2016: two years young in 2025-2026, one year young (allowed) in 2026-2027
    const record = { ...goodStudent, values: { ...goodStudent.values, dateOfBirth: '2016-02-28', personalId: '001316012345' } };
    const a = createEngine({ schemas, ruleSet: base, today });
    a.record(record);
    expect(flatten(a.finish()).map((l) => l.split(' ').slice(-3).join(' '))).toEqual(['HS-001 warning tooYoung']);
    const b = createEngine({ schemas, ruleSet: base, today, referenceDate: '2026-09-30' });
    b.record(record);
    expect(flatten(b.finish())).toEqual([]);
  });

  it('keeps up on the hot path (timing printed, loosely bounded)', () => {
    const engine = createEngine({ schemas, ruleSet: base, today });
    const n = 200_000;
    const records: RecordRow[] = [];
    for (let i = 0; i < n; i++) {
      const id = String(i).padStart(6, '0');
      records.push({ ...goodStudent, row: i + 2, values: { ...goodStudent.values, studentId: `HS${id}`, personalId: `001314${id}`, fullName: `Nguyễn Thị Hoa ${i}` } });
    }
    const t0 = performance.now();
    for (const r of records) engine.record(r);
    engine.finish();
    const ms = performance.now() - t0;
    console.log(`engine: ${n} records through ${25} rules in ${ms.toFixed(0)} ms (${((ms / n) * 1e6).toFixed(0)} ns/record)`);
    expect(engine.counts().errors).toBe(0);
    expect(ms).toBeLessThan(20_000);
  });
});

describe('finding subject (whom `edusync ack` acknowledges)', () => {
  function subjects(values: RecordRow['values']): unknown[] {
    const engine = createEngine({ schemas, ruleSet: base, today });
    // A landline contact phone is a warning on an otherwise clean row.
    engine.record({ ...goodStudent, values: { ...goodStudent.values, contactPhone: '02438223344', ...values } });
    return engine.finish().map((f) => f.subject);
  }

  it('is the personal ID, else the student code, with the school; none without either', () => {
    expect(subjects({})).toEqual([{ school: '01234567', person: '001314012345' }]);
    expect(subjects({ personalId: '0013140' })).toContainEqual({ school: '01234567', person: '0123456789' });
    const none = subjects({ personalId: null, studentId: null, schoolId: null });
    expect(none.length).toBeGreaterThan(1);
    expect(none.every((s) => s === undefined)).toBe(true);
    expect(subjects({ schoolId: null })).toContainEqual({ school: '', person: '001314012345' });
  });
});
