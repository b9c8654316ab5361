/**
 * The push planner, pure: records as the store has them now, the watermark (what the target last
 * acknowledged per record) and what is already waiting in the outbox → new batches of ≤ N records,
 * one kind, school and school year each, in dependency order.
 */
import { kindRank, type Kind } from './contract.js';
import type { SourceRecord } from './source.js';

export interface WatermarkEntry {
  rowHash: string;
  status: 'accepted' | 'rejected';
}

export interface PlannedBatch {
  kind: Kind;
  schoolId: string;
  schoolYear: string;
  records: SourceRecord[];
}

export interface PushPlan {
  batches: PlannedBatch[];
  counts: { total: number; new: number; changed: number; unchanged: number; stillRejected: number; retryRejected: number; inOutbox: number };
  byKind: Record<string, number>;
}

export function recordId(kind: string, schoolId: string, recordKey: string): string {
  return `${kind}\u0000${schoolId}\u0000${recordKey}`;
}

export function planPush(
  records: readonly SourceRecord[],
  watermark: ReadonlyMap<string, WatermarkEntry>,
  pending: ReadonlySet<string>,
  options: { batchSize: number; retryRejected: boolean },
): PushPlan {
  const counts = { total: records.length, new: 0, changed: 0, unchanged: 0, stillRejected: 0, retryRejected: 0, inOutbox: 0 };
  const groups = new Map<string, PlannedBatch>();
  const out: PlannedBatch[] = [];
  const byKind: Record<string, number> = {};
  const sorted = [...records].sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || (a.schoolId < b.schoolId ? -1 : a.schoolId > b.schoolId ? 1 : 0));
  for (const r of sorted) {
    const id = recordId(r.kind, r.schoolId, r.recordKey);
    if (pending.has(id)) {
      counts.inOutbox++;
      continue;
    }
    const w = watermark.get(id);
    if (w !== undefined && w.rowHash === r.rowHash) {
      if (w.status === 'accepted') {
        counts.unchanged++;
        continue;
      }
      if (!options.retryRejected) {
        counts.stillRejected++;
        continue;
      }
      counts.retryRejected++;
    } else if (w === undefined) counts.new++;
    else counts.changed++;
    const g = `${r.kind}\u0000${r.schoolId}\u0000${r.schoolYear}`;
    let batch = groups.get(g);
    if (batch === undefined || batch.records.length >= options.batchSize) {
      batch = { kind: r.kind, schoolId: r.schoolId, schoolYear: r.schoolYear, records: [] };
      groups.set(g, batch);
      out.push(batch);
    }
    batch.records.push(r);
    byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
  }
  return { batches: out, counts, byKind };
}
