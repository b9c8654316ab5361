import { describe, expect, it } from 'vitest';
import { planImport } from '../../../src/store/plan/plan.js';
import { applied, counter, incoming, SCHOOL, student, type Student } from './helpers.js';

/**
 * Issue 4: two monthly files for the same school where 5 students are new, 3 left, 4 changed class
 * and 2 had their name corrected.
 */
function months() {
  const september: Student[] = Array.from({ length: 40 }, (_, i) => student(i));
  const leaving = new Set([september[3]!.studentId, september[17]!.studentId, september[31]!.studentId]);
  const movers = new Map([
    [september[0]!.studentId, '6A2'], // 6A1 → 6A2
    [september[1]!.studentId, '6A1'], // 6A2 → 6A1
    [september[6]!.studentId, '6A2'], // 6A1 → 6A2
    [september[10]!.studentId, '6A1'], // 6A2 → 6A1
  ]);
  const renamed = new Map([
    [september[8]!.studentId, 'Võ Đình Việt'], // was Võ Đức Việt: middle name corrected
    [september[22]!.studentId, 'Phan Gia Viễn'], // was Phan Gia Việt: given name corrected
  ]);
  const october: Student[] = september
    .filter((s) => !leaving.has(s.studentId))
    .map((s) => ({ ...s, classId: movers.get(s.studentId) ?? s.classId, fullName: renamed.get(s.studentId) ?? s.fullName }));
  const arrivals = Array.from({ length: 5 }, (_, k) => student(40 + k));
  // the October file lists the newcomers among the others (so STT shifts for everybody after them)
  october.splice(5, 0, arrivals[0]!, arrivals[1]!);
  october.push(arrivals[2]!, arrivals[3]!, arrivals[4]!);
  return { september, october, leaving, movers, renamed, arrivals };
}

describe('planImport — two monthly snapshots of one school', () => {
  const { september, october, leaving, movers, renamed, arrivals } = months();
  const next = counter(1);
  const planSep = planImport({ school: SCHOOL, period: '2025-09', entity: 'student', previous: [], incoming: incoming(september), nextPersonId: next });
  const storeSep = applied(planSep);
  const idOf = new Map(storeSep.map((p) => [p.identifiers.studentId!, p.personId]));
  const planOct = planImport({ school: SCHOOL, period: '2025-10', entity: 'student', previous: storeSep, incoming: incoming(october), nextPersonId: next });

  it('the first month is all new, with ids 1…40', () => {
    expect([september[8]!.fullName, september[22]!.fullName]).toEqual(['Võ Đức Việt', 'Phan Gia Việt']);
    expect(planSep.new).toHaveLength(40);
    expect([...idOf.values()].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(planSep.updated.length + planSep.moved.length + planSep.left.length + planSep.rejected.length + planSep.unchanged).toBe(0);
  });

  it('reports exactly 5 new, 3 left, 4 moved and 2 updated', () => {
    expect(planOct.new.map((i) => i.schoolPersonId).sort()).toEqual(arrivals.map((s) => s.studentId).sort());
    expect(planOct.left.map((i) => i.schoolPersonId).sort()).toEqual([...leaving].sort());
    expect(planOct.moved.map((i) => i.schoolPersonId).sort()).toEqual([...movers.keys()].sort());
    expect(planOct.updated.map((i) => i.schoolPersonId).sort()).toEqual([...renamed.keys()].sort());
    expect(planOct.rejected).toEqual([]);
    expect(planOct.unchanged).toBe(40 - 3 - 4 - 2);
  });

  it('a move says from and to, and the grade changes only when the grade does', () => {
    for (const m of planOct.moved) {
      expect(m.toClass).toBe(movers.get(m.schoolPersonId!));
      expect(m.fromClass).toBe(september.find((s) => s.studentId === m.schoolPersonId)!.classId);
      expect(m.classId).toBe(m.toClass);
      expect(m.changes).toEqual([]); // 6A1 ↔ 6A2: same grade; the shifted STT is not a change
    }
  });

  it('a corrected name shows fullName old → new, nothing else', () => {
    for (const u of planOct.updated) {
      const before = september.find((s) => s.studentId === u.schoolPersonId)!;
      expect(u.changes).toEqual([{ field: 'fullName', old: before.fullName, new: renamed.get(u.schoolPersonId!) }]);
      expect(u.fullName).toBe(renamed.get(u.schoolPersonId!));
    }
  });

  it('items carry the school id, mã định danh, the source row and the left ones their last class', () => {
    const n = planOct.new.find((i) => i.schoolPersonId === arrivals[0]!.studentId)!;
    expect(n).toMatchObject({ personalId: arrivals[0]!.personalId, fullName: arrivals[0]!.fullName, classId: arrivals[0]!.classId, source: { file: 'hoc-sinh.xlsx', sheet: 'Học sinh', row: 12 } });
    for (const l of planOct.left) {
      const before = september.find((s) => s.studentId === l.schoolPersonId)!;
      expect(l).toMatchObject({ personId: idOf.get(before.studentId), personalId: before.personalId, fullName: before.fullName, classId: before.classId });
      expect(l.source).toBeUndefined();
    }
  });

  it('person ids are stable: movers and renamed keep theirs, newcomers get fresh ones', () => {
    for (const m of [...planOct.moved, ...planOct.updated]) expect(m.personId).toBe(idOf.get(m.schoolPersonId!));
    expect(planOct.new.map((i) => i.personId).sort((a, b) => a! - b!)).toEqual([41, 42, 43, 44, 45]);
    const storeOct = applied(planOct);
    expect(storeOct).toHaveLength(42);
    for (const p of storeOct) {
      const before = idOf.get(p.identifiers.studentId!);
      if (before !== undefined) expect(p.personId).toBe(before);
    }
  });

  it('re-planning the second month against itself changes nothing', () => {
    const storeOct = applied(planOct);
    const again = planImport({ school: SCHOOL, period: '2025-10', entity: 'student', previous: storeOct, incoming: incoming(october), nextPersonId: () => { throw new Error('no new person expected'); } });
    expect(again.new.length + again.updated.length + again.moved.length + again.left.length + again.rejected.length).toBe(0);
    expect(again.unchanged).toBe(42);
    expect(applied(again).map((p) => p.personId).sort((a, b) => a - b)).toEqual(storeOct.map((p) => p.personId).sort((a, b) => a - b));
  });

  it('output is ordered by class, then given name, then row; new ids follow that order', () => {
    const keys = planOct.new.map((i) => i.classId);
    expect(keys).toEqual([...keys].sort());
    const ids = planOct.new.map((i) => i.personId!);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const sameAgain = planImport({ school: SCHOOL, period: '2025-10', entity: 'student', previous: storeSep, incoming: incoming(october).reverse(), nextPersonId: counter(41) });
    expect(sameAgain.new).toEqual(planOct.new);
    expect(sameAgain.left).toEqual(planOct.left);
    expect(sameAgain.moved.map((i) => i.personId)).toEqual(planOct.moved.map((i) => i.personId));
  });
});
