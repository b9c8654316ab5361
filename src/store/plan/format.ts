/**
 * Rendering an import plan: text for a person (vi or en) and the documented JSON object
 * (docs/import-plan.md). Plans carry names and ids: they are output for the data owner, never logs.
 */
import type { ImportPlan, PlanItem, PlanMove, PlanRejected, PlanUpdate } from './types.js';
import { DUPLICATE_IN_IMPORT } from './types.js';

export type PlanLocale = 'vi' | 'en';

export interface FormatPlanOptions {
  /** Field labels by key (from schemas/entities); the key itself is shown when absent. */
  labels?: Readonly<Record<string, { vi: string; en: string }>>;
  /** Items shown per list at most; the rest is counted ("… và 12 mục khác"). Default: all. */
  maxItems?: number;
}

const TEXT = {
  vi: {
    title: (p: ImportPlan) => `Kế hoạch nhập — trường ${p.school}, kỳ ${p.period}, ${p.entity === 'student' ? 'học sinh' : 'giáo viên'}`,
    new: 'Mới',
    updated: 'Cập nhật',
    moved: 'Chuyển lớp',
    left: 'Rời trường',
    rejected: 'Bị từ chối',
    unchanged: 'Không đổi',
    noChanges: 'Không có thay đổi.',
    studentId: 'mã HS',
    staffId: 'mã GV',
    personalId: 'định danh',
    row: (file: string, sheet: string | undefined, row: number) => `${file}${sheet ? ` [${sheet}]` : ''} dòng ${row}`,
    empty: '(trống)',
    yes: 'có',
    no: 'không',
    more: (n: number) => `… và ${n} mục khác`,
    ambiguous: '(trùng họ tên và ngày sinh với người khác: không tự ghép)',
    duplicate: (at: string) => `trùng người với ${at}`,
    noClass: '(không lớp)',
  },
  en: {
    title: (p: ImportPlan) => `Import plan — school ${p.school}, period ${p.period}, ${p.entity === 'student' ? 'students' : 'teachers'}`,
    new: 'New',
    updated: 'Updated',
    moved: 'Moved class',
    left: 'Left',
    rejected: 'Rejected',
    unchanged: 'Unchanged',
    noChanges: 'No changes.',
    studentId: 'student code',
    staffId: 'staff code',
    personalId: 'personal ID',
    row: (file: string, sheet: string | undefined, row: number) => `${file}${sheet ? ` [${sheet}]` : ''} row ${row}`,
    empty: '(empty)',
    yes: 'yes',
    no: 'no',
    more: (n: number) => `… and ${n} more`,
    ambiguous: '(same name and date of birth as someone else: not matched automatically)',
    duplicate: (at: string) => `same person as ${at}`,
    noClass: '(no class)',
  },
} as const;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A value as shown to a person: dates dd/mm/yyyy, empty as "(trống)", booleans as words. */
export function showValue(v: unknown, locale: PlanLocale): string {
  const t = TEXT[locale];
  if (v === null || v === undefined || v === '') return t.empty;
  if (typeof v === 'boolean') return v ? t.yes : t.no;
  if (typeof v === 'string') {
    const m = ISO_DATE.exec(v);
    return m ? `${m[3]}/${m[2]}/${m[1]}` : v;
  }
  return String(v);
}

export function hasChanges(plan: ImportPlan): boolean {
  return plan.new.length + plan.updated.length + plan.moved.length + plan.left.length > 0;
}

export function formatPlanText(plan: ImportPlan, locale: PlanLocale, options: FormatPlanOptions = {}): string {
  const t = TEXT[locale];
  const label = (field: string): string => options.labels?.[field]?.[locale] ?? field;
  const out: string[] = [];
  out.push(t.title(plan));
  out.push(
    [
      `${t.new}: ${plan.new.length}`,
      `${t.updated}: ${plan.updated.length}`,
      `${t.moved}: ${plan.moved.length}`,
      `${t.left}: ${plan.left.length}`,
      `${t.rejected}: ${plan.rejected.length}`,
      `${t.unchanged}: ${plan.unchanged}`,
    ].join(' · '),
  );
  if (!hasChanges(plan)) out.push(t.noChanges);

  const describe = (item: PlanItem): string => {
    const parts: string[] = [item.fullName ?? '?'];
    if (item.schoolPersonId !== null) parts.push(`${plan.entity === 'student' ? t.studentId : t.staffId} ${item.schoolPersonId}`);
    if (item.personalId !== null) parts.push(`${t.personalId} ${item.personalId}`);
    if (item.source) parts.push(t.row(item.source.file, item.source.sheet, item.source.row));
    let line = parts.join(' · ');
    if (item.note === 'name-dob-ambiguous') line += ` ${t.ambiguous}`;
    return line;
  };
  const cls = (c: string | null | undefined): string => (c === null || c === undefined ? '' : `${c}  `);
  const changeLines = (changes: PlanUpdate['changes']): string[] =>
    changes.map((c) => `      ${label(c.field)}: ${showValue(c.old, locale)} → ${showValue(c.new, locale)}`);

  const section = <T extends PlanItem>(title: string, items: T[], lines: (item: T) => string[]): void => {
    if (items.length === 0) return;
    out.push('', `${title} (${items.length}):`);
    const shown = options.maxItems === undefined ? items : items.slice(0, Math.max(0, options.maxItems));
    for (const item of shown) out.push(...lines(item));
    if (shown.length < items.length) out.push(`  ${t.more(items.length - shown.length)}`);
  };

  section(t.new, plan.new, (i) => [`  ${cls(i.classId)}${describe(i)}`]);
  section(t.updated, plan.updated, (i: PlanUpdate) => [`  ${cls(i.classId)}${describe(i)}`, ...changeLines(i.changes)]);
  section(t.moved, plan.moved, (i: PlanMove) => [
    `  ${i.fromClass ?? t.noClass} → ${i.toClass ?? t.noClass}  ${describe(i)}`,
    ...changeLines(i.changes),
  ]);
  section(t.left, plan.left, (i) => [`  ${cls(i.classId)}${describe(i)}`]);
  section(t.rejected, plan.rejected, (i: PlanRejected) => [
    `  ${cls(i.classId)}${describe(i)}: ${i.codes
      .map((c) => (c === DUPLICATE_IN_IMPORT && i.duplicateOf ? `${c} (${t.duplicate(t.row(i.duplicateOf.file, i.duplicateOf.sheet, i.duplicateOf.row))})` : c))
      .join(', ')}`,
  ]);
  return out.join('\n') + '\n';
}

// ── JSON (docs/import-plan.md). Every item has every key (null when unknown) so the shape is stable.

export interface PlanJsonItem {
  personId: number | null;
  schoolPersonId: string | null;
  personalId: string | null;
  fullName: string | null;
  classId: string | null;
  source: { file: string; sheet: string | null; row: number } | null;
  note: string | null;
}

export interface PlanJson {
  school: string;
  period: string;
  entity: 'student' | 'teacher';
  changed: boolean;
  counts: { new: number; updated: number; moved: number; left: number; rejected: number; unchanged: number };
  new: PlanJsonItem[];
  updated: Array<PlanJsonItem & { changes: Array<{ field: string; old: unknown; new: unknown }> }>;
  moved: Array<PlanJsonItem & { fromClass: string | null; toClass: string | null; changes: Array<{ field: string; old: unknown; new: unknown }> }>;
  left: PlanJsonItem[];
  rejected: Array<PlanJsonItem & { codes: string[]; duplicateOf: { file: string; sheet: string | null; row: number } | null }>;
  unchanged: number;
}

function jsonItem(i: PlanItem): PlanJsonItem {
  return {
    personId: i.personId ?? null,
    schoolPersonId: i.schoolPersonId,
    personalId: i.personalId,
    fullName: i.fullName ?? null,
    classId: i.classId ?? null,
    source: i.source ? { file: i.source.file, sheet: i.source.sheet ?? null, row: i.source.row } : null,
    note: i.note ?? null,
  };
}

const jsonChanges = (changes: PlanUpdate['changes']) => changes.map((c) => ({ field: c.field, old: c.old ?? null, new: c.new ?? null }));

export function planToJson(plan: ImportPlan): PlanJson {
  return {
    school: plan.school,
    period: plan.period,
    entity: plan.entity,
    changed: hasChanges(plan),
    counts: {
      new: plan.new.length,
      updated: plan.updated.length,
      moved: plan.moved.length,
      left: plan.left.length,
      rejected: plan.rejected.length,
      unchanged: plan.unchanged,
    },
    new: plan.new.map(jsonItem),
    updated: plan.updated.map((i) => ({ ...jsonItem(i), changes: jsonChanges(i.changes) })),
    moved: plan.moved.map((i) => ({ ...jsonItem(i), fromClass: i.fromClass, toClass: i.toClass, changes: jsonChanges(i.changes) })),
    left: plan.left.map(jsonItem),
    rejected: plan.rejected.map((i) => ({
      ...jsonItem(i),
      codes: [...i.codes],
      duplicateOf: i.duplicateOf ? { file: i.duplicateOf.file, sheet: i.duplicateOf.sheet ?? null, row: i.duplicateOf.row } : null,
    })),
    unchanged: plan.unchanged,
  };
}

/**
 * `JSON.stringify({ ...doc, plans: plans.map(planToJson) }, null, 2) + '\n'`, byte for byte, as
 * pieces of one plan each: a first import of a million students has a million "new" items, and the
 * whole text at once (with its object copy) was most of that run's memory. `doc` holds `plans: []`
 * where the plans go; they stand at the first level, as in the import command's output.
 */
export function* planJsonPieces(doc: Record<string, unknown>, plans: readonly ImportPlan[]): Generator<string> {
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  // Only the key itself can appear as `\n  "plans": []` (a quote inside a JSON string is escaped).
  const marker = '\n  "plans": []';
  const at = text.indexOf(marker);
  if (at < 0 || plans.length === 0) {
    yield text;
    return;
  }
  const open = at + marker.length - 1; // just before the closing bracket
  yield text.slice(0, open);
  for (let i = 0; i < plans.length; i++) {
    const json = JSON.stringify(planToJson(plans[i]!), null, 2).replace(/\n/g, '\n    ');
    yield `${i === 0 ? '' : ','}\n    ${json}`;
  }
  yield `\n  ${text.slice(open)}`;
}

/**
 * What a written plan names, for its audit row: the persons it lists (new, updated, moved, left,
 * rejected) and the field keys it shows — each listed person's school, code, personal ID, name and
 * class, and every changed field.
 */
export function planFileContents(plans: readonly ImportPlan[]): { recordCount: number; fields: string[] } {
  let recordCount = 0;
  const fields = new Set<string>();
  for (const plan of plans) {
    const lists = [plan.new, plan.updated, plan.moved, plan.left, plan.rejected];
    const listed = lists.reduce((n, l) => n + l.length, 0);
    recordCount += listed;
    if (listed > 0) for (const f of ['schoolId', plan.entity === 'teacher' ? 'staffId' : 'studentId', 'personalId', 'fullName', 'classId']) fields.add(f);
    for (const u of [...plan.updated, ...plan.moved]) for (const c of u.changes) fields.add(c.field);
  }
  return { recordCount, fields: [...fields] };
}
