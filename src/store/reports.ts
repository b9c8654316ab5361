/** The `reports` table (migration 5): computed statistical reports, counts only (no personal data). */
import { canonicalJson, sha256Hex } from './canonical.js';
import { isoNow, requireWritable, stmt } from './internal.js';
import type { Store } from './types.js';

export interface StoredReportInput {
  runId: number | null;
  period: string;
  regime: string;
  form: string;
  formCode: string;
  level: 'school' | 'commune' | 'province';
  scheme: 'dvhc-2024' | 'dvhc-2025';
  unitCode: string;
  unitName: string;
  schoolCount: number;
  cells: unknown[];
  findings: unknown[];
}

export interface StoredReportRow extends StoredReportInput {
  id: number;
  createdAt: string;
  contentHash: string;
}

export function saveReports(store: Store, reports: readonly StoredReportInput[]): number[] {
  requireWritable(store);
  const insert = stmt<unknown[], unknown>(
    store,
    `INSERT INTO reports (created_at, run_id, period, regime, form, form_code, level, scheme, unit_code, unit_name, school_count, cells_json, findings_json, content_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const now = isoNow(store);
  return store.transaction(() =>
    reports.map((r) => {
      const cells = canonicalJson(r.cells);
      const info = insert.run(now, r.runId, r.period, r.regime, r.form, r.formCode, r.level, r.scheme, r.unitCode, r.unitName, r.schoolCount, cells, JSON.stringify(r.findings), sha256Hex(cells)) as unknown as { lastInsertRowid: number | bigint };
      return Number(info.lastInsertRowid);
    }),
  );
}

interface Db {
  id: number; created_at: string; run_id: number | null; period: string; regime: string; form: string; form_code: string;
  level: StoredReportInput['level']; scheme: StoredReportInput['scheme']; unit_code: string; unit_name: string; school_count: number;
  cells_json: string; findings_json: string; content_hash: string;
}

/** Stored reports, newest first, optionally for one period and level. */
export function listStoredReports(store: Store, filter: { period?: string; level?: string } = {}): StoredReportRow[] {
  return stmt<[{ period: string | null; level: string | null }], Db>(
    store,
    'SELECT * FROM reports WHERE (@period IS NULL OR period = @period) AND (@level IS NULL OR level = @level) ORDER BY id DESC',
  )
    .all({ period: filter.period ?? null, level: filter.level ?? null })
    .map((r) => ({
      id: r.id, createdAt: r.created_at, runId: r.run_id, period: r.period, regime: r.regime, form: r.form, formCode: r.form_code,
      level: r.level, scheme: r.scheme, unitCode: r.unit_code, unitName: r.unit_name, schoolCount: r.school_count,
      cells: JSON.parse(r.cells_json) as unknown[], findings: JSON.parse(r.findings_json) as unknown[], contentHash: r.content_hash,
    }));
}
