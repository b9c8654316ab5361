/**
 * Forward-only numbered migrations, in order. They are TypeScript modules (not .sql files) because
 * `tsc` does not copy .sql files into dist/. To change the schema, add `NNNN-name.ts` exporting the
 * next version and append it here; never edit or reorder a migration that has shipped.
 */
import { migration0001 } from './0001-init.js';
import { migration0002 } from './0002-audit.js';
import { migration0003 } from './0003-outbox.js';
import { migration0004 } from './0004-identity.js';
import { migration0005 } from './0005-reports.js';
import { migration0006 } from './0006-accounts.js';
import { migration0007 } from './0007-shared-records.js';
import { migration0008 } from './0008-acknowledgements.js';
import type { Migration } from './types.js';

export type { Migration } from './types.js';

export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008];

/** The schema version this edusync writes. */
export const SCHEMA_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
