import type { Finding } from './finding.js';

/** One table read: a worksheet or a text file. */
export interface TableReport {
  file: string;
  sheet?: string | undefined;
  /** Entity recognised from the headers; undefined when the table was skipped. */
  entity?: string | undefined;
  /** Row numbers of the header (two for a two-row header). */
  headerRows?: number[] | undefined;
  records: number;
  errors: number;
  warnings: number;
  infos: number;
  /** Of its warnings, those acknowledged (`edusync ack`); present only when some are. */
  acknowledged?: number | undefined;
  /** Why a table was not read as records (e.g. a catalogue sheet with no recognised header). */
  skipped?: string | undefined;
}

export interface ReportStats {
  files: number;
  tables: number;
  records: number;
  errors: number;
  warnings: number;
  infos: number;
  /** Number of findings per code. */
  byCode: Record<string, number>;
  /**
   * Of `warnings` (which counts every warning), those matching a stored acknowledgement
   * (`edusync ack`), in total and per code. Present only when the store's acknowledgements were
   * consulted (a store exists), so a run without a store reports exactly as before.
   */
  acknowledged?: number | undefined;
  acknowledgedByCode?: Record<string, number> | undefined;
}

/**
 * The one report shape (cli-codebases §6.1.5) that feeds text, JSON and the xlsx error workbook.
 * `findings` holds every finding unless a cap was asked for; `dropped` then says how many were left out.
 */
export interface ValidationReport {
  /** True when no error-level finding and every file could be read. */
  valid: boolean;
  /** School year of the rule set applied (2025-2026). */
  ruleSet: string;
  stats: ReportStats;
  tables: TableReport[];
  /** Files that could not be read at all (exit code 4), with the reason in both languages. */
  unreadable: UnreadableFile[];
  findings: Finding[];
  /** Findings left out of `findings` by --max-findings (0 = none). Counts in `stats` include them. */
  dropped: number;
}

export interface UnreadableFile {
  file: string;
  sheet?: string | undefined;
  row?: number | undefined;
  reason: string;
  message: { vi: string; en: string };
}
