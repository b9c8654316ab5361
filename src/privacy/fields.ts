/**
 * Data minimisation (issue 9 item 1; Law 91/2025/QH15, csdl-integration §3.3 item 1): which fields
 * of a record may leave the machine through one output (an export template now; a push target,
 * an error workbook later). One decision, made here for every output:
 *
 * 1. `--fields` restricts this run to the fields it names (an unknown name is a usage error);
 * 2. the config's field list for the output is the school's policy: nothing outside it goes, even
 *    when `--fields` names it;
 * 3. with neither, basic personal data the output can do without (`optIn`: parents, detailed
 *    addresses) stays home;
 * 4. a sensitive field (ethnicity, religion, disability, health: `"sensitive": true` in
 *    schemas/entities) goes only when the output's contract needs it AND the config names it.
 *
 * Every field left out comes back with its reason, so the output and the command can say so.
 */
import { ConfigError, UsageError, type Bilingual, type Locale } from '../errors.js';
import type { LoadedEntity } from '../schema/load.js';

export interface FieldCandidate {
  field: string;
  sensitive: boolean;
  /** Basic personal data left out unless a field list names it. */
  optIn: boolean;
}

export interface FieldPolicy {
  /** `--fields` of this run (already checked with `parseFieldList`). */
  requested?: readonly string[] | undefined;
  /** The config's field list for this output (the school's policy). */
  configured?: readonly string[] | undefined;
  /** Sensitive fields the output's contract needs. */
  contractNeeds: readonly string[];
  /** Sensitive fields the config names (the explicit opt-in). */
  sensitiveAllowed: readonly string[];
}

export type DropReason = 'not-requested' | 'not-in-config' | 'opt-in' | 'sensitive-not-needed' | 'sensitive-not-configured';

export interface DroppedField {
  field: string;
  reason: DropReason;
}

export interface FieldSelection {
  /** Fields the output carries, in the candidates' order. */
  carried: string[];
  dropped: DroppedField[];
}

/** Field keys marked sensitive in an entity schema. */
export function sensitiveFields(entity: LoadedEntity): Set<string> {
  return new Set(entity.schema.fields.filter((f) => f.sensitive).map((f) => f.key));
}

/** Decides, field by field, what the output carries and why the rest stays home. */
export function selectFields(candidates: readonly FieldCandidate[], policy: FieldPolicy): FieldSelection {
  const requested = policy.requested === undefined ? undefined : new Set(policy.requested);
  const configured = policy.configured === undefined ? undefined : new Set(policy.configured);
  const needs = new Set(policy.contractNeeds);
  const allowed = new Set(policy.sensitiveAllowed);
  const carried: string[] = [];
  const dropped: DroppedField[] = [];
  for (const c of candidates) {
    let reason: DropReason | undefined;
    if (requested !== undefined && !requested.has(c.field)) reason = 'not-requested';
    else if (configured !== undefined && !configured.has(c.field)) reason = 'not-in-config';
    else if (requested === undefined && configured === undefined && c.optIn) reason = 'opt-in';
    else if (c.sensitive && !needs.has(c.field)) reason = 'sensitive-not-needed';
    else if (c.sensitive && !allowed.has(c.field)) reason = 'sensitive-not-configured';
    if (reason === undefined) carried.push(c.field);
    else dropped.push({ field: c.field, reason });
  }
  return { carried, dropped };
}

function unknownText(names: string[], valid: readonly string[], where: string): Bilingual {
  const list = valid.join(', ');
  const one = names.length === 1;
  return {
    vi: `${where}: không có trường ${names.join(', ')}. Các trường hợp lệ: ${list}.`,
    en: `${where}: unknown field${one ? '' : 's'} ${names.join(', ')}. Valid fields: ${list}.`,
  };
}

/** `--fields a,b,c` → the keys; an unknown key is a usage error (exit 2) naming it and listing the valid ones. */
export function parseFieldList(text: string, valid: readonly string[], flag = '--fields'): string[] {
  const names = [...new Set(text.split(',').map((s) => s.trim()).filter((s) => s !== ''))];
  if (names.length === 0) {
    throw new UsageError({ vi: `${flag} cần ít nhất một trường. Các trường hợp lệ: ${valid.join(', ')}.`, en: `${flag} needs at least one field. Valid fields: ${valid.join(', ')}.` });
  }
  const unknown = names.filter((n) => !valid.includes(n));
  if (unknown.length > 0) throw new UsageError(unknownText(unknown, valid, flag));
  return names;
}

/** A field list from the config (at `where`, e.g. exports.templates.csdl-students.fields); unknown keys are a config error (exit 2). */
export function checkConfiguredFields(list: readonly string[] | undefined, valid: readonly string[], where: string): string[] | undefined {
  if (list === undefined) return undefined;
  const unknown = [...new Set(list.filter((n) => !valid.includes(n)))];
  if (unknown.length > 0) throw new ConfigError(unknownText(unknown, valid, where));
  return [...list];
}

const REASONS: Record<DropReason, Bilingual> = {
  'not-requested': { vi: 'không có trong --fields', en: 'not named by --fields' },
  'not-in-config': { vi: 'không có trong danh sách trường của cấu hình', en: 'not in the config\'s field list' },
  'opt-in': {
    vi: 'dữ liệu cá nhân không bắt buộc cho việc nộp: chỉ xuất khi --fields hoặc cấu hình ghi tên',
    en: 'personal data the upload can do without: exported only when --fields or the config names it',
  },
  'sensitive-not-needed': {
    vi: 'dữ liệu nhạy cảm mà mẫu không cần: không bao giờ xuất',
    en: 'sensitive data the template does not need: never exported',
  },
  'sensitive-not-configured': {
    vi: 'dữ liệu nhạy cảm: mẫu cần nhưng cấu hình chưa ghi tên trong sensitiveFields',
    en: 'sensitive data: the template needs it but the config does not name it in sensitiveFields',
  },
};

export function dropReasonText(reason: DropReason, locale: Locale): string {
  return REASONS[reason][locale];
}

/** What an output states about its fields: one entry per candidate, carried or not, with the reason. */
export interface FieldStatement {
  field: string;
  label: string;
  labelEn: string;
  sensitive: boolean;
  carried: boolean;
  reason?: DropReason | undefined;
  reasonText?: Bilingual | undefined;
}

export function fieldStatements(candidates: readonly FieldCandidate[], selection: FieldSelection, entity: LoadedEntity): FieldStatement[] {
  const why = new Map(selection.dropped.map((d) => [d.field, d.reason] as const));
  return candidates.map((c) => {
    const f = entity.fieldsByKey.get(c.field);
    const reason = why.get(c.field);
    return {
      field: c.field,
      label: f?.label ?? c.field,
      labelEn: f?.labelEn ?? c.field,
      sensitive: c.sensitive,
      carried: reason === undefined,
      ...(reason === undefined ? {} : { reason, reasonText: REASONS[reason] }),
    };
  });
}

/** Lines for the command output: which fields leave, and which stay home and why. */
export function describeFields(statements: readonly FieldStatement[], locale: Locale): string[] {
  const vi = locale === 'vi';
  const carried = statements.filter((s) => s.carried).map((s) => s.field);
  const lines = [`${vi ? 'Trường dữ liệu xuất' : 'Fields exported'} (${carried.length}): ${carried.join(', ') || (vi ? '(không có)' : '(none)')}`];
  const dropped = statements.filter((s) => !s.carried);
  if (dropped.length > 0) {
    lines.push(`${vi ? 'Trường không xuất' : 'Fields withheld'} (${dropped.length}):`);
    for (const s of dropped) lines.push(`  ${s.field}${s.sensitive ? (vi ? ' [nhạy cảm]' : ' [sensitive]') : ''}: ${s.reasonText![locale]}`);
  }
  return lines;
}
