/** Issue 9 item 1: the field decision of src/privacy/fields.ts, table-driven. */
import { describe, expect, it } from 'vitest';
import { parseFieldList, selectFields, type FieldCandidate, type FieldPolicy } from '../../src/privacy/fields.js';
import { retentionCutoff } from '../../src/store/purge.js';
import { UsageError } from '../../src/errors.js';

const C: FieldCandidate[] = [
  { field: 'studentId', sensitive: false, optIn: false },
  { field: 'fullName', sensitive: false, optIn: false },
  { field: 'ethnicityCode', sensitive: true, optIn: false },
  { field: 'religionCode', sensitive: true, optIn: false },
  { field: 'fatherName', sensitive: false, optIn: true },
];
const base: FieldPolicy = { contractNeeds: ['ethnicityCode'], sensitiveAllowed: [] };

describe('selectFields', () => {
  it.each<[string, Partial<FieldPolicy>, string[], Record<string, string>]>([
    ['default: no sensitive, no opt-in', {}, ['studentId', 'fullName'], { ethnicityCode: 'sensitive-not-configured', religionCode: 'sensitive-not-needed', fatherName: 'opt-in' }],
    ['config names a needed sensitive field', { sensitiveAllowed: ['ethnicityCode'] }, ['studentId', 'fullName', 'ethnicityCode'], { religionCode: 'sensitive-not-needed' }],
    ['config names a sensitive field the contract does not need', { sensitiveAllowed: ['religionCode'] }, ['studentId', 'fullName'], { religionCode: 'sensitive-not-needed' }],
    ['--fields opts in basic data, never sensitive', { requested: ['studentId', 'fatherName', 'ethnicityCode'] }, ['studentId', 'fatherName'], { fullName: 'not-requested', ethnicityCode: 'sensitive-not-configured' }],
    ['config list is the policy over --fields', { configured: ['studentId'], requested: ['studentId', 'fullName'] }, ['studentId'], { fullName: 'not-in-config', fatherName: 'not-requested' }],
  ])('%s', (_name, policy, carried, reasons) => {
    const s = selectFields(C, { ...base, ...policy });
    expect(s.carried).toEqual(carried);
    for (const [field, reason] of Object.entries(reasons)) expect(s.dropped.find((d) => d.field === field)?.reason).toBe(reason);
    expect(s.carried.length + s.dropped.length).toBe(C.length);
  });

  it('parseFieldList refuses unknown names, naming them and the valid ones', () => {
    expect(parseFieldList(' fullName,studentId,fullName ', ['studentId', 'fullName'])).toEqual(['fullName', 'studentId']);
    expect(() => parseFieldList('fullName,height', ['studentId', 'fullName'])).toThrow(UsageError);
    expect(() => parseFieldList('height', ['studentId', 'fullName'])).toThrow('Valid fields: studentId, fullName');
    expect(() => parseFieldList(' , ', ['studentId'])).toThrow(UsageError);
  });

  it('retentionCutoff: the month of today minus the months kept', () => {
    expect(retentionCutoff('2025-10-20', 24)).toBe('2023-10');
    expect(retentionCutoff('2025-01-05', 1)).toBe('2024-12');
    expect(retentionCutoff('2025-01-05', 13)).toBe('2023-12');
    expect(retentionCutoff('2025-03-31', 0)).toBe('2025-03');
  });
});
