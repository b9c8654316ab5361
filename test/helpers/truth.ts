/**
 * Compares a validate JSON report with the generator's truth file: every injected defect must be
 * reported (at its row, or its partner row for duplicates) with one of the expected codes, every
 * repair as its info code on the right field, and no error or warning may land on a clean row.
 */
import { basename } from 'node:path';

/** Defect kind (src/generate) → rule codes that report it. */
export const EXPECTED_CODES: Record<string, string[]> = {
  'missing-required': ['DL-001'],
  'too-long': ['DL-003'],
  'bad-code': ['DL-004'],
  'impossible-date': ['DL-005'],
  'not-a-date': ['DL-005'],
  'future-date': ['DL-006', 'GV-003'],
  'age-grade-mismatch': ['HS-001'],
  'cccd-wrong-length': ['CC-001'],
  'cccd-bad-province': ['CC-002'],
  'cccd-gender-mismatch': ['CC-003'],
  'cccd-year-mismatch': ['CC-004'],
  'cccd-not-digits': ['DL-002'],
  'duplicate-personal-id': ['DS-001'],
  'duplicate-person': ['DS-001', 'DS-003', 'DS-004'],
  'duplicate-student-id': ['DS-003'],
  'class-grade-mismatch': ['HS-002', 'LH-001'],
  'bad-email': ['DL-008'],
  'bad-phone': ['DL-009'],
  'status-without-reason': ['HS-003'],
  'teacher-too-young': ['GV-001'],
  'hire-before-18': ['GV-003'],
};

export const REPAIR_CODES: Record<string, string> = {
  'leading-zero': 'SC-001',
  'excel-serial-date': 'SC-002',
  'legacy-encoding-tcvn3': 'SC-003',
  'legacy-encoding-vni': 'SC-004',
  'mojibake-utf8': 'SC-005',
  'unicode-nfc': 'SC-006',
};

interface TruthDefect { kind: string; file: string; row: number; relatedRow?: number; field: string }
interface TruthRepair { kind: string; file: string; row: number; field: string }
interface ReportFinding { code: string; severity: string; file: string; row: number | null; field: string | null; message: string }

export interface TruthComparison {
  defects: number;
  repairs: number;
  missedDefects: string[];
  missedRepairs: string[];
  falseFindings: string[];
  kinds: Set<string>;
}

export function compareWithTruth(truth: { defects: TruthDefect[]; repairs: TruthRepair[] }, report: { findings: ReportFinding[] }): TruthComparison {
  const key = (file: string, row: number | null | undefined): string => `${basename(file)}#${row ?? ''}`;
  const at = new Map<string, ReportFinding[]>();
  for (const f of report.findings) {
    const k = key(f.file, f.row);
    const list = at.get(k);
    if (list) list.push(f);
    else at.set(k, [f]);
  }
  const defectRows = new Set<string>();
  const missedDefects: string[] = [];
  for (const d of truth.defects) {
    defectRows.add(key(d.file, d.row));
    if (d.relatedRow) defectRows.add(key(d.file, d.relatedRow));
    const here = [...(at.get(key(d.file, d.row)) ?? []), ...(d.relatedRow ? (at.get(key(d.file, d.relatedRow)) ?? []) : [])];
    const expected = EXPECTED_CODES[d.kind] ?? [];
    if (!here.some((f) => expected.includes(f.code) && f.severity !== 'info')) {
      missedDefects.push(`${d.kind} ${basename(d.file)} row ${d.row} ${d.field} (found: ${here.map((f) => f.code).join(',') || 'nothing'})`);
    }
  }
  const missedRepairs: string[] = [];
  for (const r of truth.repairs) {
    const here = at.get(key(r.file, r.row)) ?? [];
    if (!here.some((f) => f.code === REPAIR_CODES[r.kind] && f.field === r.field)) {
      missedRepairs.push(`${r.kind} ${basename(r.file)} row ${r.row} ${r.field}`);
    }
  }
  const falseFindings = report.findings
    .filter((f) => f.severity !== 'info' && !defectRows.has(key(f.file, f.row)))
    .map((f) => `${f.code} ${basename(f.file)} row ${f.row} ${f.field}: ${f.message}`);
  return {
    defects: truth.defects.length,
    repairs: truth.repairs.length,
    missedDefects,
    missedRepairs,
    falseFindings,
    kinds: new Set(truth.defects.map((d) => d.kind)),
  };
}
