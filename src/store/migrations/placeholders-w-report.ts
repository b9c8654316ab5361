import type { Migration } from './types.js';

/**
 * BRANCH-ONLY stand-ins for migrations 3 and 4, which other branches own: openStore needs the
 * versions contiguous. The lead drops this file (and its import) when merging the real ones.
 */
export const placeholder0003: Migration = { version: 3, name: 'placeholder-3', sql: '' };
export const placeholder0004: Migration = { version: 4, name: 'placeholder-4', sql: '' };
