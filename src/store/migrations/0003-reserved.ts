import type { Migration } from './types.js';

/**
 * Placeholder so that migration 4 (identity map) can run on this branch: version 3 belongs to
 * another branch. When merging, replace this file by that branch's 0003 (the lead's call); it
 * changes nothing in the schema.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'reserved',
  sql: `SELECT 1;`,
};
