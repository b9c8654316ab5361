/**
 * Text output for people: totals first, then findings grouped by rule with counts and the first
 * rows of each group, then repairs (info) as one line per kind with its count, then a per-file
 * summary when there are several files. Nothing is silently capped: each cut says how many it left.
 */
import type { Locale } from '../../errors.js';
import type { Finding } from '../finding.js';
import type { ValidationReport } from '../report.js';
import { metaByCode } from '../catalogue.js';
import { renderFinding } from '../render.js';

export interface TextOptions {
  locale: Locale;
  /** Rows shown per rule group. */
  examples?: number;
}

const T = {
  vi: {
    title: (y: string) => `edusync validate — bộ quy tắc năm học ${y}`,
    totals: 'Tệp {files} · Bảng {tables} · Bản ghi {records} · Lỗi {errors} · Cảnh báo {warnings} · Đã tự sửa {infos}',
    errors: 'LỖI (phải sửa trước khi đưa lên CSDL ngành)',
    warnings: 'CẢNH BÁO (cần xem lại)',
    infos: 'ĐÃ TỰ SỬA KHI ĐỌC (thông tin)',
    times: (n: string) => `${n} lần`,
    more: (n: string) => `… và ${n} dòng khác (xem --format json hoặc --format xlsx)`,
    perFile: 'Theo tệp',
    cols: ['Tệp', 'Bản ghi', 'Lỗi', 'Cảnh báo', 'Đã sửa'],
    skipped: (r: string) => `bỏ qua: ${r === 'no-header' ? 'không nhận ra dòng tiêu đề' : r === 'empty' ? 'trang trống' : r}`,
    unreadable: 'KHÔNG ĐỌC ĐƯỢC',
    ok: 'Không có lỗi.',
    acknowledgedTotal: ' · Đã giải trình {acknowledged}',
    acknowledged: (n: string) => `  Đã giải trình: ${n} cảnh báo (edusync ack list)`,
    dropped: (n: string) => `(${n} phát hiện không được liệt kê do --max-findings)`,
    row: 'dòng',
    col: 'cột',
  },
  en: {
    title: (y: string) => `edusync validate — rule set for school year ${y}`,
    totals: 'Files {files} · Tables {tables} · Records {records} · Errors {errors} · Warnings {warnings} · Repaired {infos}',
    errors: 'ERRORS (must be fixed before the national database accepts the data)',
    warnings: 'WARNINGS (need a look)',
    infos: 'REPAIRED WHILE READING (info)',
    times: (n: string) => `${n}×`,
    more: (n: string) => `… and ${n} more rows (see --format json or --format xlsx)`,
    perFile: 'Per file',
    cols: ['File', 'Records', 'Errors', 'Warnings', 'Repaired'],
    skipped: (r: string) => `skipped: ${r === 'no-header' ? 'no header row recognised' : r === 'empty' ? 'empty sheet' : r}`,
    unreadable: 'UNREADABLE',
    ok: 'No errors.',
    acknowledgedTotal: ' · Acknowledged {acknowledged}',
    acknowledged: (n: string) => `  Acknowledged: ${n} warning${n === '1' ? '' : 's'} (edusync ack list)`,
    dropped: (n: string) => `(${n} findings not listed because of --max-findings)`,
    row: 'row',
    col: 'column',
  },
} as const;

export function formatText(report: ValidationReport, options: TextOptions): string {
  const t = T[options.locale];
  const nf = new Intl.NumberFormat(options.locale === 'vi' ? 'vi-VN' : 'en-US');
  const n = (x: number): string => nf.format(x);
  const examples = options.examples ?? 5;
  const out: string[] = [];
  out.push(t.title(report.ruleSet));
  const s = report.stats;
  // Acknowledged warnings (`edusync ack`) are not listed again: the totals line counts the
  // warnings still to look at and shows the acknowledged ones as a figure of their own.
  const acknowledged = s.acknowledged ?? 0;
  out.push(
    t.totals
      .replace('{files}', n(s.files))
      .replace('{tables}', n(s.tables))
      .replace('{records}', n(s.records))
      .replace('{errors}', n(s.errors))
      .replace('{warnings}', n(s.warnings - acknowledged))
      .replace('{infos}', n(s.infos)) + (acknowledged > 0 ? t.acknowledgedTotal.replace('{acknowledged}', n(acknowledged)) : ''),
  );

  if (report.unreadable.length > 0) {
    out.push('', t.unreadable);
    for (const u of report.unreadable) out.push(`  ${u.message[options.locale]}`);
  }

  const groups = new Map<string, Finding[]>();
  for (const f of report.findings) {
    if (f.acknowledged !== undefined) continue;
    let g = groups.get(f.code);
    if (!g) groups.set(f.code, (g = []));
    g.push(f);
  }
  const section = (severity: Finding['severity'], heading: string, detailed: boolean, footer?: string): void => {
    const codes = [...groups.keys()].filter((c) => groups.get(c)![0]!.severity === severity).sort();
    if (codes.length === 0 && footer === undefined) return;
    out.push('', heading);
    for (const code of codes) {
      const list = groups.get(code)!;
      const total = (s.byCode[code] ?? list.length) - (s.acknowledgedByCode?.[code] ?? 0);
      const meta = metaByCode(code);
      const doc = meta ? meta.title[options.locale] : '';
      out.push(`  ${code} ${doc} — ${t.times(n(total))}`);
      if (!detailed) continue;
      for (const f of list.slice(0, examples)) out.push(`    ${position(f, t.row, t.col)}: ${renderFinding(f, options.locale)}`);
      if (total > examples) out.push(`    ${t.more(n(total - Math.min(examples, list.length)))}`);
    }
    if (footer !== undefined) out.push(footer);
  };
  section('error', t.errors, true);
  section('warning', t.warnings, true, acknowledged > 0 ? t.acknowledged(n(acknowledged)) : undefined);
  section('info', t.infos, false);
  if (report.dropped > 0) out.push('', t.dropped(n(report.dropped)));

  if (report.tables.length > 1 || (report.unreadable.length > 0 && report.tables.length > 0)) {
    out.push('', t.perFile);
    const rows = report.tables.map((tb) => [
      tb.sheet ? `${tb.file} › ${tb.sheet}` : tb.file,
      tb.skipped ? t.skipped(tb.skipped) : n(tb.records),
      n(tb.errors),
      n(tb.warnings - (tb.acknowledged ?? 0)),
      n(tb.infos),
    ]);
    out.push(...table([[...t.cols], ...rows]).map((l) => `  ${l}`));
  }
  if (s.errors === 0 && report.unreadable.length === 0) out.push('', t.ok);
  return `${out.join('\n')}\n`;
}

function position(f: Finding, rowWord: string, colWord: string): string {
  const parts = [f.sheet ? `${f.file} › ${f.sheet}` : f.file];
  if (f.row !== undefined) parts.push(`${rowWord} ${f.row}`);
  if (f.column !== undefined) parts.push(`${colWord} ${f.column}`);
  return parts.join(', ');
}

function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd());
}
