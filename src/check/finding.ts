import type { Severity } from '../schema/format.js';

/**
 * A finding carries no rendered text: the code and `data` are rendered in Vietnamese or English
 * when output is written (design §3). `row` is the row number the user sees.
 */
export interface Finding {
  /** Rule code (HS-014) or structural code (file/empty, header/missing-column, cell/...). */
  code: string;
  severity: Severity;
  /** Which message of the rule; rendered from the rule's meta. */
  messageId: string;
  file: string;
  sheet?: string | undefined;
  row?: number | undefined;
  /** Column letter as Excel shows it (A, B, …, AA). */
  column?: string | undefined;
  /** Canonical field key (fullName, dateOfBirth…). */
  field?: string | undefined;
  /** The offending value as read (may carry personal data: never logged). */
  value?: string | undefined;
  data: Record<string, string | number>;
}
