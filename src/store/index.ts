/** The store layer (design §5): open, migrate, back up, and one repository module per table group. */
export { openStore, integrityCheck, transaction, type OpenStoreOptions } from './db.js';
export { backupStore, type BackupOptions, type BackupResult } from './backup.js';
export { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations/index.js';
export { canonicalJson, sha256Hex } from './canonical.js';
export * from './runs.js';
export * from './persons.js';
export * from './snapshots.js';
export * from './findings.js';
export * from './schools.js';
export type * from './types.js';
export * from './identity.js';
