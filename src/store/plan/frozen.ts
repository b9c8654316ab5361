/**
 * A finished plan whose item lists are kept as UTF-8 JSON, one buffer per list, and read back when
 * a caller reads the list. A first import of a million students holds a million "new" items until
 * its plan is printed: as objects (with their strings, the source object and V8's overhead) they
 * were ≈ 0.7 GB of the run's peak, as UTF-8 JSON ≈ 0.2 GB outside the JS heap.
 *
 * The lists stay ordinary properties for the reader: `plan.new` gives an array of plain items (the
 * JSON round trip keeps every value a plan item can hold: text, numbers, booleans, null; a field
 * left undefined reads as absent, as in the JSON output). The array read is cached weakly, so the
 * same caller reading a list several times decodes it once, and nobody holding it lets it go.
 * Assigning a list (`plan.new = items`) stores it encoded again: changing a read item in place is
 * not kept, so whoever edits items assigns the list back.
 *
 * Small plans (a month where 1 % changed) are left as they are: freezing them saves nothing.
 */
import type { ImportPlan } from './types.js';

const LISTS = ['new', 'updated', 'moved', 'left', 'rejected'] as const;

/** Plans with fewer items than this stay plain objects. */
export const FREEZE_MIN_ITEMS = 64;

export function freezePlan(plan: ImportPlan): ImportPlan {
  let total = 0;
  for (const key of LISTS) total += plan[key].length;
  if (total < FREEZE_MIN_ITEMS) return plan;
  const frozen = { ...plan };
  for (const key of LISTS) {
    let bytes = Buffer.from(JSON.stringify(plan[key]));
    let cache: WeakRef<unknown[]> | undefined;
    Object.defineProperty(frozen, key, {
      enumerable: true,
      configurable: true,
      get(): unknown[] {
        let list = cache?.deref();
        if (list === undefined) {
          list = JSON.parse(bytes.toString('utf8')) as unknown[];
          cache = new WeakRef(list);
        }
        return list;
      },
      set(list: unknown[]) {
        bytes = Buffer.from(JSON.stringify(list));
        cache = new WeakRef(list);
      },
    });
  }
  return frozen;
}
