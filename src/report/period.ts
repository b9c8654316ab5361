/**
 * A report period such as `2025-2026/dau-nam`: its school year, reference date, the regime in
 * force (TT 24/2018 or TT 25/2024, chosen by school year), the administrative-unit scheme at the
 * reference date, and the months whose snapshots it reads.
 */
import { UsageError } from '../errors.js';
import type { Regimes } from './definitions.js';

export type PeriodKind = 'dau-nam' | 'cuoi-nam';
export type UnitScheme = 'dvhc-2024' | 'dvhc-2025';

export interface ReportPeriod {
  id: string;
  schoolYear: string;
  startYear: number;
  kind: PeriodKind;
  /** ISO date the data is "as at". */
  referenceDate: string;
  referenceYear: number;
  regime: Regimes['regimes'][number];
  scheme: UnitScheme;
  /** Inclusive YYYY-MM bounds of the snapshots read; the latest one per school wins. */
  snapshotFrom: string;
  snapshotTo: string;
}

export const REORGANISATION_DATE = '2025-07-01';

export function parsePeriod(text: string, regimes: Regimes, snapshot?: string): ReportPeriod {
  const m = /^(\d{4})-(\d{4})\/(dau-nam|cuoi-nam)$/.exec(text.trim());
  if (!m || Number(m[2]) !== Number(m[1]) + 1) {
    throw new UsageError({
      vi: `Kỳ báo cáo không hợp lệ "${text}": dùng dạng 2025-2026/dau-nam hoặc 2025-2026/cuoi-nam.`,
      en: `Invalid report period "${text}": use the form 2025-2026/dau-nam or 2025-2026/cuoi-nam.`,
    });
  }
  const startYear = Number(m[1]);
  const kind = m[3] as PeriodKind;
  const schoolYear = `${m[1]}-${m[2]}`;
  const p = regimes.periods[kind]!;
  const year = startYear + p.yearOffset;
  const referenceDate = `${year}-${p.reference}`;
  const regime = [...regimes.regimes].reverse().find((r) => r.fromYear <= schoolYear && (!r.toYear || r.toYear >= schoolYear));
  if (!regime) {
    throw new UsageError({ vi: `Không có chế độ báo cáo cho năm học ${schoolYear}.`, en: `No reporting regime covers the school year ${schoolYear}.` });
  }
  if (snapshot !== undefined && !/^\d{4}-[01]\d$/.test(snapshot)) {
    throw new UsageError({ vi: `--snapshot phải có dạng YYYY-MM, không phải "${snapshot}".`, en: `--snapshot must be YYYY-MM, not "${snapshot}".` });
  }
  return {
    id: `${schoolYear}/${kind}`,
    schoolYear,
    startYear,
    kind,
    referenceDate,
    referenceYear: year,
    regime,
    scheme: referenceDate < REORGANISATION_DATE ? 'dvhc-2024' : 'dvhc-2025',
    snapshotFrom: snapshot ?? `${year}-${p.snapshotFrom}`,
    snapshotTo: snapshot ?? `${year}-${p.snapshotTo}`,
  };
}

/** The assessment framework of (school year, grade): the new one from its roll-out year, else the one it replaced. */
export function frameworkFor(regimes: Regimes, schoolYear: string, grade: string | null): string | null {
  if (grade === null) return null;
  for (const f of regimes.frameworks) {
    const from = f.gradesFrom[grade];
    if (from !== undefined) return schoolYear >= from ? f.id : f.replaces;
  }
  return null;
}

/**
 * The report period whose snapshot window holds `month` (YYYY-MM): the report a monthly `run` of
 * that month feeds (2025-10 → 2025-2026/dau-nam; 2026-03 → 2025-2026/cuoi-nam). Undefined when no
 * window holds it.
 */
export function reportPeriodFor(month: string, regimes: Regimes): string | undefined {
  const year = Number(month.slice(0, 4));
  const mm = month.slice(5, 7);
  for (const [kind, p] of Object.entries(regimes.periods)) {
    if (p === undefined || mm < p.snapshotFrom || mm > p.snapshotTo) continue;
    const start = year - p.yearOffset;
    return `${start}-${start + 1}/${kind}`;
  }
  return undefined;
}
