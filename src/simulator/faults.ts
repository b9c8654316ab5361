/**
 * Fault injection (csdl-integration.md §2.8): which write request gets which fault, decided from a
 * seed so a run is reproducible. Exactly `rate` of the write requests are faulted (an accumulator
 * with a seeded phase, not a coin per request, so "10 %" means 10 % on a short run too), and the
 * kinds come from a seeded shuffle taken in turn, so every kind occurs once there are as many
 * faults as kinds.
 */
import { Rng } from '../generate/random.js';

export const FAULT_KINDS = ['429', '500', '502', '503', 'slow', 'reset', 'drop', 'duplicate', 'token-expiry'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const FAULT_DOCS: Record<FaultKind, string> = {
  '429': '429 QUA_NHIEU_YEU_CAU with Retry-After; nothing processed',
  '500': '500 LOI_MAY_CHU before processing',
  '502': '502 from a "gateway" before processing',
  '503': '503 BAO_TRI with Retry-After before processing',
  slow: 'the key is marked in flight, the response waits slowMs (past the client timeout), then the batch is processed',
  reset: 'the batch is committed, half of the response is written, then the connection is reset',
  drop: 'the batch is committed and the connection closed with no response (accepted, response lost)',
  duplicate: 'the request is delivered twice to the handler; the second delivery is answered (an idempotent replay)',
  'token-expiry': 'the bearer token expires at this request: 401, the client must fetch a new token',
};

export interface FaultPlanOptions {
  seed: number;
  rate: number;
  kinds: readonly FaultKind[];
}

export class FaultPlan {
  private readonly rng: Rng;
  private readonly order: FaultKind[];
  private next = 0;
  private credit: number;
  readonly injected: Record<string, number> = {};
  constructor(private readonly options: FaultPlanOptions) {
    this.rng = new Rng(options.seed);
    const kinds = [...options.kinds];
    const shuffle = this.rng.fork('kinds');
    for (let i = kinds.length - 1; i > 0; i--) {
      const j = shuffle.int(0, i);
      [kinds[i], kinds[j]] = [kinds[j]!, kinds[i]!];
    }
    this.order = kinds;
    this.credit = this.rng.next();
  }

  /** The fault for the next write request, or undefined. */
  draw(): FaultKind | undefined {
    if (this.order.length === 0 || this.options.rate <= 0) return undefined;
    this.credit += this.options.rate;
    if (this.credit < 1) return undefined;
    this.credit -= 1;
    const kind = this.order[this.next % this.order.length]!;
    this.next++;
    this.injected[kind] = (this.injected[kind] ?? 0) + 1;
    return kind;
  }
}

export function parseFaultKinds(list: string): FaultKind[] {
  if (list.trim() === '' || list === 'none') return [];
  if (list === 'all') return [...FAULT_KINDS];
  return list.split(',').map((k) => {
    const kind = k.trim();
    if (!(FAULT_KINDS as readonly string[]).includes(kind)) throw new Error(`unknown fault kind: ${kind}`);
    return kind as FaultKind;
  });
}
