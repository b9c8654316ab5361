import { describe, expect, it } from 'vitest';
import { planPush, recordId } from '../../src/push/plan.js';
import { entityFieldFlags, pickValues, selectFields } from '../../src/push/fields.js';
import { loadSchemas } from '../../src/schema/load.js';
import type { SourceRecord } from '../../src/push/source.js';
import type { Kind } from '../../src/push/contract.js';

function rec(kind: Kind, key: string, hash = `h-${key}`, school = '79000001'): SourceRecord {
  return { kind, schoolId: school, schoolYear: '2025-2026', recordKey: key, rowHash: hash, wire: { client_ref: key, du_lieu: {} } };
}

describe('planPush (pure)', () => {
  it('sends only what changed since the last acknowledgement, parents first, ≤ batchSize a batch', () => {
    const records = [rec('hoc_sinh', 's1'), rec('hoc_sinh', 's2', 'new'), rec('hoc_sinh', 's3'), rec('lop', 'c1'), rec('truong', '79000001'), rec('hoc_sinh', 's4'), rec('hoc_sinh', 's5')];
    const watermark = new Map([
      [recordId('hoc_sinh', '79000001', 's1'), { rowHash: 'h-s1', status: 'accepted' as const }],
      [recordId('hoc_sinh', '79000001', 's2'), { rowHash: 'old', status: 'accepted' as const }],
      [recordId('hoc_sinh', '79000001', 's3'), { rowHash: 'h-s3', status: 'rejected' as const }],
    ]);
    const pending = new Set([recordId('hoc_sinh', '79000001', 's5')]);
    const plan = planPush(records, watermark, pending, { batchSize: 2, retryRejected: false });
    expect(plan.batches.map((b) => [b.kind, b.records.map((r) => r.recordKey)])).toEqual([
      ['truong', ['79000001']],
      ['lop', ['c1']],
      ['hoc_sinh', ['s2', 's4']],
    ]);
    expect(plan.counts).toMatchObject({ total: 7, new: 3, changed: 1, unchanged: 1, stillRejected: 1, retryRejected: 0, inOutbox: 1 });
    const again = planPush(records, watermark, pending, { batchSize: 500, retryRejected: true });
    expect(again.batches.at(-1)!.records.map((r) => r.recordKey)).toEqual(['s2', 's3', 's4']);
    expect(again.counts.retryRejected).toBe(1);
  });
});

describe('push field selection', () => {
  const student = entityFieldFlags('student');

  it('reads the same sensitive and opt-in flags as the schema loader', () => {
    for (const entity of ['student', 'teacher', 'class', 'school', 'result'] as const) {
      const fields = loadSchemas().entities.get(entity)!.schema.fields;
      expect(entityFieldFlags(entity).filter((f) => f.sensitive).map((f) => f.key)).toEqual(fields.filter((f) => f.sensitive).map((f) => f.key));
      expect(entityFieldFlags(entity).filter((f) => f.optIn).map((f) => f.key)).toEqual(fields.filter((f) => f.optIn).map((f) => f.key));
    }
  });

  it('keeps parents, guardians and addresses home unless the target names them (csdl-integration §3.3 item 1)', () => {
    const family = { ...values, personalId: '079213000001', address: 'Số 1, ấp Một', fatherName: 'Nguyễn Văn Cha', motherPhone: '0912345678', guardianName: 'Trần Thị Giám' };
    const none = selectFields(student, undefined);
    expect(Object.keys(pickValues(family, none)).sort()).toEqual(['classId', 'dateOfBirth', 'fullName', 'personalId', 'studentId']);
    expect(none.optInWithheld).toEqual(expect.arrayContaining(['address', 'fatherName', 'guardianName', 'motherPhone']));
    const named = selectFields(student, ['fullName', 'personalId', 'fatherName']);
    expect(Object.keys(pickValues(family, named)).sort()).toEqual(['classId', 'fatherName', 'fullName', 'personalId', 'studentId']);
    expect(named.optInWithheld).toEqual([]);
    expect(selectFields(entityFieldFlags('teacher'), undefined).optInWithheld).toEqual(['address']);
  });
  const values = { studentId: '7900000001', classId: '6A1', fullName: 'Nguyễn Văn Thử', ethnicityCode: '05', religionCode: '00', dateOfBirth: '2013-01-02' };

  it('drops sensitive fields unless the target names them', () => {
    const none = selectFields(student, undefined);
    expect(Object.keys(pickValues(values, none)).sort()).toEqual(['classId', 'dateOfBirth', 'fullName', 'studentId']);
    expect(none.sensitiveSent).toEqual([]);
    const named = selectFields(student, ['fullName', 'ethnicityCode']);
    expect(Object.keys(pickValues(values, named)).sort()).toEqual(['classId', 'ethnicityCode', 'fullName', 'studentId']);
    expect(named.sensitiveSent).toEqual(['ethnicityCode']);
  });
});
