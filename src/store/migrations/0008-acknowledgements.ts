import type { Migration } from './types.js';

/**
 * Acknowledged warnings (peers.md §3.1 item 3, §3.3 item 7: the DfE census "notepad"). A school
 * imports every month and the same justified warnings come back; an officer stores a reason once
 * (`edusync ack add`) and later runs count such a warning as acknowledged instead of listing it.
 *
 * A row names the finding it covers by its code, school, subject (the person's key: the 12-digit
 * personal ID, else the student or staff code), field and `value_hash` — the first 16 hex digits
 * of the SHA-256 of the offending value, so a *different* value is a new problem and shows again.
 * Errors are never stored (they block submission; the command refuses them).
 *
 * Removing keeps the row (`removed_at`) as the record of who justified what; uniqueness holds among
 * active rows only, over the key with NULLs folded (two NULL fields are the same key).
 */
export const migration0008: Migration = {
  version: 8,
  name: 'acknowledgements',
  sql: `
CREATE TABLE acknowledgements (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL CHECK (code <> ''),
  school_id   TEXT NOT NULL,
  subject     TEXT NOT NULL CHECK (subject <> ''),
  field       TEXT,
  value_hash  TEXT CHECK (value_hash IS NULL OR length(value_hash) = 16),
  reason      TEXT NOT NULL CHECK (trim(reason) <> ''),
  created_at  TEXT NOT NULL,
  created_by  TEXT,
  removed_at  TEXT
);
CREATE UNIQUE INDEX acknowledgements_active ON acknowledgements (code, school_id, subject, ifnull(field, ''), ifnull(value_hash, ''))
  WHERE removed_at IS NULL;
-- purge looks up a person's acknowledgements by its key.
CREATE INDEX acknowledgements_subject ON acknowledgements (subject);
`,
};
