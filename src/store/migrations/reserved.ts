import type { Migration } from './types.js';

/**
 * Placeholders for migration numbers 3–7, which other branches own (each helper was given one
 * number). Migrations must be contiguous (db.ts checks version = position), so a branch that owns
 * a later number carries no-op steps for the numbers below it until the lead merges the real ones.
 * MERGE NOTE: delete this file and put the real migrations 3–7 in their place.
 */
export function reservedMigrations(from: number, to: number): Migration[] {
  const out: Migration[] = [];
  for (let v = from; v <= to; v++) out.push({ version: v, name: `reserved-${v}`, sql: 'SELECT 1;' });
  return out;
}
