/**
 * Rendering `diff` and `history` for a person (text, vi or en, dates dd/mm/yyyy) and as the
 * documented JSON (docs/diff-format.md). Diffs carry names and ids: output for the data owner,
 * never logs. The text follows the import plan's style (counts line, then one list per kind).
 */
import { showValue } from '../plan/format.js';
import type { History } from './history.js';
import type { DiffChange, DiffItem, DiffMove, DiffReport, DiffUpdate, SchoolDiff, SnapshotRef } from './types.js';

export type DiffLocale = 'vi' | 'en';

/** A value as shown to a person (the import plan's): ISO dates dd/mm/yyyy, empty as "(trống)", booleans as words. */
export { showValue };

export interface FormatDiffOptions {
  /** Field labels by key (from schemas/entities); the key itself is shown when absent. */
  labels?: Readonly<Record<string, { vi: string; en: string }>>;
  /** Items shown per list at most; the rest is counted. Default: all. */
  maxItems?: number;
}

const ENTITY_WORDS: Record<string, { vi: string; en: string }> = {
  student: { vi: 'học sinh', en: 'students' },
  students: { vi: 'học sinh', en: 'students' },
  teacher: { vi: 'giáo viên', en: 'teachers' },
  teachers: { vi: 'giáo viên', en: 'teachers' },
  class: { vi: 'lớp', en: 'classes' },
  classes: { vi: 'lớp', en: 'classes' },
  school: { vi: 'trường', en: 'schools' },
  schools: { vi: 'trường', en: 'schools' },
  result: { vi: 'kết quả học tập', en: 'learning results' },
  results: { vi: 'kết quả học tập', en: 'learning results' },
};

export function entityWord(entity: string, locale: DiffLocale): string {
  return ENTITY_WORDS[entity]?.[locale] ?? entity;
}

export const DIFF_TEXT = {
  vi: {
    title: (from: string, to: string) => `So sánh dữ liệu: kỳ ${showPeriod(from)} → kỳ ${showPeriod(to)}`,
    school: (id: string, entity: string) => `Trường ${id} — ${entity}`,
    snapshot: (s: SnapshotRef) => `ảnh chụp kỳ ${showPeriod(s.period)} (${s.records} bản ghi, lượt #${s.runId}, ${showDateTime(s.createdAt)})`,
    same: 'cùng một ảnh chụp cho cả hai kỳ: không có lần nhập nào mới hơn',
    missing: (period: string) => `không có ảnh chụp dữ liệu nào tại hoặc trước kỳ ${showPeriod(period)}`,
    new: 'Mới',
    updated: 'Cập nhật',
    moved: 'Chuyển lớp',
    left: 'Rời trường',
    unchanged: 'Không đổi',
    noChanges: 'Không có thay đổi.',
    noSchools: 'Chưa có ảnh chụp dữ liệu học sinh/giáo viên nào trong cơ sở dữ liệu.',
    studentId: 'mã HS',
    staffId: 'mã GV',
    personalId: 'định danh',
    more: (n: number) => `… và ${n} mục khác`,
    noClass: '(không lớp)',
    noName: '(không có tên)',
  },
  en: {
    title: (from: string, to: string) => `Data compared: period ${showPeriod(from)} → period ${showPeriod(to)}`,
    school: (id: string, entity: string) => `School ${id} — ${entity}`,
    snapshot: (s: SnapshotRef) => `snapshot of ${showPeriod(s.period)} (${s.records} records, run #${s.runId}, ${showDateTime(s.createdAt)})`,
    same: 'the same snapshot for both periods: nothing newer was imported',
    missing: (period: string) => `no snapshot at or before ${showPeriod(period)}`,
    new: 'New',
    updated: 'Updated',
    moved: 'Moved class',
    left: 'Left',
    unchanged: 'Unchanged',
    noChanges: 'No changes.',
    noSchools: 'The database holds no student or teacher snapshot yet.',
    studentId: 'student code',
    staffId: 'staff code',
    personalId: 'personal ID',
    more: (n: number) => `… and ${n} more`,
    noClass: '(no class)',
    noName: '(no name)',
  },
} as const;

/** YYYY-MM → mm/yyyy. */
export function showPeriod(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  return m ? `${m[2]}/${m[1]}` : period;
}

const two = (n: number): string => String(n).padStart(2, '0');

/** An ISO timestamp as dd/mm/yyyy HH:MM in the machine's time zone. */
export function showDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${two(d.getDate())}/${two(d.getMonth() + 1)}/${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

export function fieldLabel(field: string, locale: DiffLocale, labels: FormatDiffOptions['labels']): string {
  return labels?.[field]?.[locale] ?? field;
}

export function schoolHasChanges(s: SchoolDiff): boolean {
  return s.new.length + s.updated.length + s.moved.length + s.left.length > 0;
}

export function formatDiffText(report: DiffReport, locale: DiffLocale, options: FormatDiffOptions = {}): string {
  const t = DIFF_TEXT[locale];
  const out: string[] = [t.title(report.from, report.to)];
  if (report.schools.length === 0) out.push('', t.noSchools);
  for (const s of report.schools) {
    out.push('', t.school(s.schoolId, entityWord(s.entity, locale)));
    if (s.missing !== null) {
      if (s.fromSnapshot !== null) out.push(`  ${showPeriod(report.from)}: ${t.snapshot(s.fromSnapshot)}`);
      else out.push(`  ${showPeriod(report.from)}: ${t.missing(report.from)}`);
      if (s.toSnapshot !== null) out.push(`  ${showPeriod(report.to)}: ${t.snapshot(s.toSnapshot)}`);
      else out.push(`  ${showPeriod(report.to)}: ${t.missing(report.to)}`);
      continue;
    }
    const a = s.fromSnapshot!;
    const b = s.toSnapshot!;
    if (a.id === b.id) out.push(`  ${t.snapshot(a)} — ${t.same}`);
    else out.push(`  ${t.snapshot(a)} → ${t.snapshot(b)}`);
    out.push(
      `  ${t.new}: ${s.new.length} · ${t.updated}: ${s.updated.length} · ${t.moved}: ${s.moved.length} · ${t.left}: ${s.left.length} · ${t.unchanged}: ${s.unchanged}`,
    );
    if (!schoolHasChanges(s)) {
      out.push(`  ${t.noChanges}`);
      continue;
    }
    const describe = (i: DiffItem): string => {
      const parts: string[] = [i.fullName ?? t.noName];
      if (i.schoolPersonId !== null) parts.push(`${s.entity === 'student' ? t.studentId : t.staffId} ${i.schoolPersonId}`);
      if (i.personalId !== null) parts.push(`${t.personalId} ${i.personalId}`);
      return parts.join(' · ');
    };
    const cls = (c: string | null): string => `${c ?? t.noClass}  `;
    const changeLines = (changes: DiffChange[]): string[] =>
      changes.map((c) => `        ${fieldLabel(c.field, locale, options.labels)}: ${showValue(c.old, locale)} → ${showValue(c.new, locale)}`);
    const section = <T extends DiffItem>(title: string, items: T[], lines: (item: T) => string[]): void => {
      if (items.length === 0) return;
      out.push('', `  ${title} (${items.length}):`);
      const shown = options.maxItems === undefined ? items : items.slice(0, Math.max(0, options.maxItems));
      for (const item of shown) out.push(...lines(item));
      if (shown.length < items.length) out.push(`    ${t.more(items.length - shown.length)}`);
    };
    section(t.new, s.new, (i) => [`    ${cls(i.classId)}${describe(i)}`]);
    section(t.updated, s.updated, (i: DiffUpdate) => [`    ${cls(i.classId)}${describe(i)}`, ...changeLines(i.changes)]);
    section(t.moved, s.moved, (i: DiffMove) => [
      `    ${i.fromClass ?? t.noClass} → ${i.toClass ?? t.noClass}  ${describe(i)}`,
      ...changeLines(i.changes),
    ]);
    section(t.left, s.left, (i) => [`    ${cls(i.classId)}${describe(i)}`]);
  }
  return out.join('\n') + '\n';
}

// ── JSON (docs/diff-format.md): every key present (null when unknown), so the shape is stable.

export interface DiffJsonSchool {
  schoolId: string;
  entity: 'student' | 'teacher';
  fromSnapshot: SnapshotRef | null;
  toSnapshot: SnapshotRef | null;
  missing: 'from' | 'to' | 'both' | null;
  changed: boolean;
  counts: { new: number; updated: number; moved: number; left: number; unchanged: number };
  new: DiffItem[];
  updated: DiffUpdate[];
  moved: DiffMove[];
  left: DiffItem[];
  unchanged: number;
}

export interface DiffJson {
  from: string;
  to: string;
  schools: DiffJsonSchool[];
}

const jsonItem = (i: DiffItem): DiffItem => ({
  schoolId: i.schoolId,
  personId: i.personId,
  schoolPersonId: i.schoolPersonId,
  personalId: i.personalId,
  fullName: i.fullName,
  classId: i.classId,
});
const jsonChanges = (changes: DiffChange[]): DiffChange[] => changes.map((c) => ({ field: c.field, old: c.old ?? null, new: c.new ?? null }));

export function diffToJson(report: DiffReport): DiffJson {
  return {
    from: report.from,
    to: report.to,
    schools: report.schools.map((s) => ({
      schoolId: s.schoolId,
      entity: s.entity,
      fromSnapshot: s.fromSnapshot,
      toSnapshot: s.toSnapshot,
      missing: s.missing,
      changed: schoolHasChanges(s),
      counts: { new: s.new.length, updated: s.updated.length, moved: s.moved.length, left: s.left.length, unchanged: s.unchanged },
      new: s.new.map(jsonItem),
      updated: s.updated.map((i) => ({ ...jsonItem(i), changes: jsonChanges(i.changes) })),
      moved: s.moved.map((i) => ({ ...jsonItem(i), fromClass: i.fromClass, toClass: i.toClass, changes: jsonChanges(i.changes) })),
      left: s.left.map(jsonItem),
      unchanged: s.unchanged,
    })),
  };
}

// ── history

const OUTCOME: Record<string, { vi: string; en: string }> = {
  running: { vi: 'đang chạy', en: 'running' },
  ok: { vi: 'xong', en: 'ok' },
  findings: { vi: 'xong, có lỗi dữ liệu', en: 'finished with findings' },
  failed: { vi: 'thất bại', en: 'failed' },
  killed: { vi: 'bị dừng giữa chừng', en: 'killed' },
};

const HISTORY_TEXT = {
  vi: {
    runs: (n: number) => `Lượt chạy (${n}, mới nhất trước):`,
    noRuns: '  (chưa có lượt chạy nào)',
    period: (p: string) => `kỳ ${showPeriod(p)}`,
    exit: (c: number) => `mã thoát ${c}`,
    snapshots: 'Ảnh chụp dữ liệu theo trường:',
    noSnapshots: '  (chưa có ảnh chụp nào)',
    school: (id: string, name: string | null) => `  Trường ${id}${name ? ` — ${name}` : ''}`,
    none: '    (chưa có ảnh chụp nào)',
    records: (n: number) => `${n} bản ghi`,
    run: (id: number) => `lượt #${id}`,
    at: (when: string) => `lúc ${when}`,
  },
  en: {
    runs: (n: number) => `Runs (${n}, newest first):`,
    noRuns: '  (no runs yet)',
    period: (p: string) => `period ${showPeriod(p)}`,
    exit: (c: number) => `exit ${c}`,
    snapshots: 'Snapshots per school:',
    noSnapshots: '  (no snapshots yet)',
    school: (id: string, name: string | null) => `  School ${id}${name ? ` — ${name}` : ''}`,
    none: '    (no snapshots yet)',
    records: (n: number) => `${n} records`,
    run: (id: number) => `run #${id}`,
    at: (when: string) => `at ${when}`,
  },
} as const;

export function formatHistoryText(history: History, locale: DiffLocale): string {
  const t = HISTORY_TEXT[locale];
  const out: string[] = [t.runs(history.runs.length)];
  if (history.runs.length === 0) out.push(t.noRuns);
  for (const r of history.runs) {
    const parts = [`  #${r.id}`, showDateTime(r.startedAt), r.command];
    if (r.period !== null) parts.push(t.period(r.period));
    parts.push(OUTCOME[r.outcome]?.[locale] ?? r.outcome);
    if (r.exitCode !== null) parts.push(t.exit(r.exitCode));
    if (r.counts !== null && Object.keys(r.counts).length > 0) {
      parts.push(
        Object.keys(r.counts)
          .sort()
          .map((k) => `${k} ${r.counts![k]}`)
          .join(', '),
      );
    }
    out.push(parts.join('  '));
  }
  out.push('', t.snapshots);
  if (history.schools.length === 0) out.push(t.noSnapshots);
  for (const s of history.schools) {
    out.push(t.school(s.schoolId, s.name));
    if (s.snapshots.length === 0) out.push(t.none);
    const width = Math.max(0, ...s.snapshots.map((x) => entityWord(x.entity, locale).length));
    for (const x of s.snapshots) {
      out.push(
        `    ${entityWord(x.entity, locale).padEnd(width)}  ${t.period(x.period)}  ${t.records(x.records)}  ${t.run(x.runId)}  ${t.at(showDateTime(x.createdAt))}`,
      );
    }
  }
  return out.join('\n') + '\n';
}

export function historyToJson(history: History): History {
  return history;
}
