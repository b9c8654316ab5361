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
}

/**
 * The one report shape (cli-codebases §6.1.5) that feeds text, JSON and the xlsx error workbook.
 * `findings` holds every finding unless a cap was asked for; `dropped` then says how many were left out.
 */
export interface ValidationReport {
  valid: boolean;
  ruleSet: string;
  stats: ReportStats;
  tables: TableReport[];
  findings: Finding[];
  dropped: number;
}
