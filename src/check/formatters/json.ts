/**
 * The JSON report (documented in docs/report-format.md): `valid`, `ruleSet`, `stats`, `tables`,
 * `unreadable`, `findings`, `dropped`. A warning matching a stored acknowledgement carries
 * `acknowledged: { id, reason, by, at }`; a finding's subject (whom it is about) is never printed. Each finding also carries `message`, rendered in the
 * requested language, so a machine consumer needs no catalogue.
 */
import type { Locale } from '../../errors.js';
import type { ValidationReport } from '../report.js';
import { renderFinding } from '../render.js';

export function formatJson(report: ValidationReport, locale: Locale): string {
  const findings = report.findings.map((f) => ({
    code: f.code,
    severity: f.severity,
    file: f.file,
    sheet: f.sheet ?? null,
    row: f.row ?? null,
    column: f.column ?? null,
    field: f.field ?? null,
    value: f.value ?? null,
    message: renderFinding(f, locale),
    data: f.data,
    // Only on an acknowledged warning (`edusync ack`), so reports without one keep their shape.
    ...(f.acknowledged === undefined ? {} : { acknowledged: f.acknowledged }),
  }));
  const unreadable = report.unreadable.map((u) => ({ file: u.file, sheet: u.sheet ?? null, row: u.row ?? null, reason: u.reason, message: u.message[locale] }));
  return `${JSON.stringify({ ...report, unreadable, findings }, null, 2)}\n`;
}
