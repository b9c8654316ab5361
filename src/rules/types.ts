/**
 * Rule contract (design §3, modelled on ESLint): one rule per file, metadata as data, behaviour
 * in `create`. Severity comes from the rule set, not the rule; text is rendered from messages at
 * output time.
 */
import type { Finding } from '../check/finding.js';
import type { RecordRow } from '../io/record.js';
import type { EntitySchema, Severity } from '../schema/format.js';
import type { LoadedSchemas } from '../schema/load.js';

export type RuleScope = 'cell' | 'row' | 'table' | 'cross-file';
export type RuleEntity = EntitySchema['entity'] | '*';

export interface RuleMeta {
  /** Stable code, never reused: HS- students, GV- teachers, LH- classes, TR- schools, KQ- results, DS- cross-file, CC- identifiers. */
  code: string;
  /** kebab-case, equal to the file name. */
  id: string;
  /** Entities the rule applies to ('*' = any entity). */
  entities: RuleEntity[];
  scope: RuleScope;
  defaultSeverity: Severity;
  /** A short name for lists and headings (a few words). */
  title: { vi: string; en: string };
  /** What the rule checks and why, in a sentence or two. */
  docs: { vi: string; en: string };
  /** The legal text the rule enforces. */
  legalBasis: string;
  /** messageId → text with {{placeholders}}. */
  messages: Record<string, { vi: string; en: string }>;
}

export interface ReportInput {
  messageId: string;
  record?: RecordRow | undefined;
  field?: string | undefined;
  data?: Record<string, string | number> | undefined;
  /** Override the rule set's severity for this finding (e.g. a warning variant of an error rule). */
  severity?: Severity | undefined;
  /**
   * Whom the finding is about, for a rule whose `record` cannot say (a cross-file rule's synthetic
   * row); otherwise the engine takes it from the record (its personal ID or student/staff code).
   */
  subject?: { school: string; person: string } | undefined;
  /** Where a table/cross-file rule points when it has no single record. */
  file?: string | undefined;
  sheet?: string | undefined;
  row?: number | undefined;
}

export interface RuleContext {
  schemas: LoadedSchemas;
  /** Day ages and "future" are measured at (the rule set's reference date, or --as-of). */
  referenceDate: string;
  /** Today, for "date in the future" checks (injectable in tests). */
  today: string;
  options: Record<string, unknown>;
  report(input: ReportInput): void;
}

export interface RuleListener {
  /** Called once per record of a matching entity, in file order. */
  record?(record: RecordRow): void;
  /** Called after every record of every file in the run. */
  end?(): void;
  /**
   * A cross-file rule's state so far, as plain structured-cloneable data: a worker that checked the
   * second part of a file hands it to the main thread (check/parallel.ts) instead of its records.
   */
  state?(): unknown;
  /** Takes in another part's `state()` as if its records had come after the ones seen here. */
  append?(state: unknown): void;
}

export interface RuleModule {
  meta: RuleMeta;
  create(context: RuleContext): RuleListener;
}

export function defineRule(rule: RuleModule): RuleModule {
  return rule;
}

export type { Finding };
