import { describe, expect, it } from 'vitest';
import { formatPlanText, planJsonPieces } from '../../../src/store/plan/format.js';
import { FREEZE_MIN_ITEMS, freezePlan } from '../../../src/store/plan/frozen.js';
import { planImport } from '../../../src/store/plan/plan.js';
import type { ImportPlan } from '../../../src/store/plan/types.js';
import { applied, counter, incoming, SCHOOL, student } from './helpers.js';

/** A first month (all new) and the next one (updated, moved, left, new), each with enough items to be frozen. */
function months(): ImportPlan[] {
  const sep = Array.from({ length: FREEZE_MIN_ITEMS + 10 }, (_, i) => student(i));
  const first = planImport({ school: SCHOOL, period: '2025-09', entity: 'student', previous: [], incoming: incoming(sep), nextPersonId: counter(1) });
  const prev = applied(first);
  const oct = [...sep.slice(0, 20).map((s, i) => (i % 2 === 0 ? { ...s, dateOfBirth: '2014-01-21' } : { ...s, classId: '6A1' })), ...sep.slice(30), student(500)];
  const second = planImport({ school: SCHOOL, period: '2025-10', entity: 'student', previous: prev, incoming: incoming(oct), nextPersonId: counter(1000) });
  return [first, second];
}

describe('freezePlan', () => {
  it('reads back the same lists, prints byte for byte the same text and JSON, and keeps lists assigned back', () => {
    const plain = months();
    const frozen = months().map(freezePlan);
    for (let i = 0; i < plain.length; i++) {
      const [p, f] = [plain[i]!, frozen[i]!];
      expect(f).not.toBe(p);
      expect({ ...f }).toEqual({ ...p });
      expect(f.new).toBe(f.new); // decoded once while in use
      expect(formatPlanText(f, 'vi')).toBe(formatPlanText(p, 'vi'));
      expect(formatPlanText(f, 'en', { maxItems: 3 })).toBe(formatPlanText(p, 'en', { maxItems: 3 }));
    }
    expect(frozen[1]!.updated.length + frozen[1]!.moved.length).toBe(plain[1]!.updated.length + plain[1]!.moved.length);
    expect(frozen[1]!.updated.length * frozen[1]!.moved.length * frozen[1]!.left.length * frozen[1]!.new.length).toBeGreaterThan(0);
    expect([...planJsonPieces({ plans: [] }, frozen)].join('')).toBe([...planJsonPieces({ plans: [] }, plain)].join(''));

    // Edits in place are only kept once the list is assigned back.
    const items = frozen[0]!.new;
    for (const item of items) item.personId = -1;
    frozen[0]!.new = items;
    expect(JSON.parse([...planJsonPieces({ plans: [] }, [frozen[0]!])].join('')).plans[0].new.every((n: { personId: number }) => n.personId === -1)).toBe(true);
  });

  it('leaves a small plan as it is', () => {
    const small = planImport({ school: SCHOOL, period: '2025-09', entity: 'student', previous: [], incoming: incoming([student(1), student(2)]), nextPersonId: counter(1) });
    expect(freezePlan(small)).toBe(small);
  });
});
