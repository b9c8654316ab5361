/**
 * Formula-injection guard for every text cell edusync writes to CSV or XLSX (design §6).
 *
 * Why: the files we write carry values typed by other people (a parent's name, a note, a phone
 * number). A spreadsheet program that opens a CSV evaluates any cell starting with `=`, `+`, `-`
 * or `@` as a formula — `=HYPERLINK("http://evil","Bấm vào đây")` or a DDE payload then runs on the
 * school officer's machine. A leading tab or carriage return is also dangerous: some programs strip
 * it and evaluate what follows. OWASP's "CSV Injection" guidance is to prefix such cells with a
 * single quote so they are shown as text and never evaluated. In XLSX a string cell is not a
 * formula, but the prefix still matters: the user may press F2 + Enter on the cell, or save the
 * workbook as CSV and open it again, and the formula would come alive at that point.
 *
 * Only strings pass through here. Numbers are written as numbers (a negative number is a number
 * cell, not text), so `-5` stays a number and is never altered.
 *
 * The function is idempotent: a neutralised text starts with `'` and is left alone the second time.
 */

/** First characters that make a spreadsheet program treat a cell as a formula (OWASP list). */
export const FORMULA_TRIGGERS: readonly string[] = ['=', '+', '-', '@', '\t', '\r'];

const TRIGGER_CODES = new Set(FORMULA_TRIGGERS.map((c) => c.charCodeAt(0)));

/** True when `text` would be read as a formula (or a stripped-then-formula) by a spreadsheet. */
export function isFormulaLike(text: string): boolean {
  return text.length > 0 && TRIGGER_CODES.has(text.charCodeAt(0));
}

/** Prefix a formula-like text with a single quote so no spreadsheet program evaluates it. */
export function neutralise(text: string): string {
  return isFormulaLike(text) ? `'${text}` : text;
}
