import { writeFileSync } from 'node:fs';

/** A CSV cell as a school's export writes it: quoted only when it holds a quote, comma or line break. */
function cell(v: string): string {
  return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Writes `rows` (objects by header label) under `header`, one line each; a missing cell is empty. */
export function writeCsvRows(path: string, header: readonly string[], rows: ReadonlyArray<Readonly<Record<string, string>>>): void {
  writeFileSync(path, [header.map(cell).join(','), ...rows.map((r) => header.map((h) => cell(r[h] ?? '')).join(','))].join('\n') + '\n');
}
