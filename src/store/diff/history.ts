/**
 * `edusync history`: the runs the database recorded and the snapshots per school. No personal
 * data: runs carry ids, times, the command, the period, the outcome, the exit code and counts;
 * snapshots carry the school, period, entity, record count and the run that wrote them. (The OS
 * user and pid stored on a run are left out too: the history is often pasted into tickets.)
 *
 * Runs are not tied to a school in the store; with `schoolId` the runs listed are those that wrote
 * one of that school's current snapshots.
 */
import { readTransaction } from '../internal.js';
import { listRuns } from '../runs.js';
import { getSchool } from '../schools.js';
import { listSnapshots } from '../snapshots.js';
import type { RunOutcome, Store } from '../types.js';

export interface HistoryRun {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  command: string;
  period: string | null;
  outcome: RunOutcome;
  exitCode: number | null;
  counts: Record<string, number> | null;
  toolVersion: string;
}

export interface HistorySnapshot {
  id: number;
  period: string;
  entity: string;
  records: number;
  runId: number;
  createdAt: string;
}

export interface HistorySchool {
  schoolId: string;
  /** The school's name when a school list was imported (not personal data). */
  name: string | null;
  snapshots: HistorySnapshot[];
}

export interface History {
  /** Newest first. */
  runs: HistoryRun[];
  /** By school id; each school's snapshots by entity, then period. */
  schools: HistorySchool[];
}

export interface HistoryQuery {
  schoolId?: string | undefined;
  /** At most this many runs (newest first); default 100. */
  limit?: number | undefined;
}

export function loadHistory(store: Store, query: HistoryQuery = {}): History {
  return readTransaction(store, () => {
    const snapshots = listSnapshots(store, query.schoolId);
    const bySchool = new Map<string, HistorySnapshot[]>();
    for (const s of snapshots) {
      let list = bySchool.get(s.schoolId);
      if (list === undefined) bySchool.set(s.schoolId, (list = []));
      list.push({ id: s.id, period: s.period, entity: s.entity, records: s.recordCount, runId: s.runId, createdAt: s.createdAt });
    }
    if (query.schoolId !== undefined && !bySchool.has(query.schoolId)) bySchool.set(query.schoolId, []);
    const schools: HistorySchool[] = [...bySchool.keys()].sort().map((schoolId) => ({
      schoolId,
      name: getSchool(store, schoolId)?.name ?? null,
      snapshots: bySchool.get(schoolId)!,
    }));

    const limit = Math.max(1, Math.trunc(query.limit ?? 100));
    let runs = listRuns(store, { limit: query.schoolId === undefined ? limit : Number.MAX_SAFE_INTEGER });
    if (query.schoolId !== undefined) {
      const ids = new Set(snapshots.map((s) => s.runId));
      runs = runs.filter((r) => ids.has(r.id)).slice(0, limit);
    }
    return {
      runs: runs.map((r) => ({
        id: r.id,
        startedAt: r.startedAt,
        finishedAt: r.finishedAt,
        command: r.command,
        period: r.period,
        outcome: r.outcome,
        exitCode: r.exitCode,
        counts: r.counts,
        toolVersion: r.toolVersion,
      })),
      schools,
    };
  });
}
