import type { Migration } from './types.js';

/**
 * The audit trail (issue 9 item 3; Law 91/2025/QH15, Decree 356/2025/NĐ-CP): one row per file or
 * transfer that carries children's personal data out of the store or the user's own files (error
 * workbook, diff workbook, backup, future export/push) and per purge. It says who (OS login), when
 * (ISO UTC), what (record count, the JSON array of field *keys* written — never values), where
 * (path or URL) and the SHA-256 of the file written. No names, identifiers or values are stored
 * here; `purge` never deletes audit rows. `run_id` links a row to the run that made it when there
 * is one; `ON DELETE SET NULL` keeps the audit row if runs are ever pruned.
 */
export const migration0002: Migration = {
  version: 2,
  name: 'audit',
  sql: `
CREATE TABLE audit_events (
  id            INTEGER PRIMARY KEY,
  time          TEXT    NOT NULL,
  os_user       TEXT,
  command       TEXT    NOT NULL,
  action        TEXT    NOT NULL
                        CHECK (action IN ('error-workbook', 'export', 'push', 'diff-workbook', 'backup', 'purge')),
  destination   TEXT,
  file_sha256   TEXT    CHECK (file_sha256 IS NULL OR length(file_sha256) = 64),
  record_count  INTEGER NOT NULL DEFAULT 0 CHECK (record_count >= 0),
  field_list    TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(field_list) AND json_type(field_list) = 'array'),
  run_id        INTEGER REFERENCES runs (id) ON DELETE SET NULL
);
CREATE INDEX audit_events_time ON audit_events (time);
`,
};
