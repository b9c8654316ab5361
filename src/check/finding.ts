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
  /**
   * Whom a finding about a student or teacher row is about: the school code and the person's key
   * (the 12-digit personal ID when well formed, else the student/staff code; school '' when the row
   * names none). Personal data: matched against acknowledgements, never printed in text or logged.
   */
  subject?: { school: string; person: string } | undefined;
  /** The stored acknowledgement this warning matched (`edusync ack`), set when the report is built. */
  acknowledged?: FindingAck | undefined;
}

/** An acknowledgement as a finding carries it: plain data (it crosses threads and goes to JSON). */
export interface FindingAck {
  id: number;
  reason: string;
  /** OS login of whoever stored it (null when unknown). */
  by: string | null;
  /** ISO time it was stored. */
  at: string;
}
