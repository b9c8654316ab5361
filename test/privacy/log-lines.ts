/**
 * What counts as a log (issue 9 item 2; docs/privacy.md §"Nhật ký / Logs").
 *
 * stdout carries results meant for the data owner (reports, plans, diffs) and files written with
 * --out are outputs too: both may hold values and are not logs. stderr is where logs go:
 *
 * - `edusync run` (unattended, read by cron mail and log collectors): every stderr line — text or
 *   JSON log lines, config warnings, and the final error line.
 * - Every other command: every stderr line as well — progress lines (redrawn with `\r`), the
 *   per-file "cannot read" message naming the file, and the final `edusync: …` error line.
 *
 * Design §6 allows error messages shown to the data owner to carry values; today no command needs
 * that on stderr (findings with values go to stdout or the error workbook), so the scan holds
 * all of stderr to the log rule. A future message that must quote a value belongs on stdout or in
 * an --out file, not here.
 */
export function logLines(_args: readonly string[], stderr: string): string[] {
  return stderr
    .split(/\r|\n/)
    .map((l) => l.replace(/\x1b\[[0-9;]*[A-Za-z]/g, ''))
    .filter((l) => l.trim() !== '');
}
