import type { Migration } from './types.js';

/**
 * Identity map and review decisions (issue 5 items 3 and 4).
 *
 * - `person_sources`: every source row that names a person, keyed by the record's fingerprint
 *   (a hash of its name, birthday, identifiers and school — reconcile/fingerprint.ts), so the
 *   same row next month finds the same internal person id; file/sheet/row say where it was last
 *   seen. Identifiers keep living in `person_identifiers` (0001), pointing to the same person.
 * - `reconcile_decisions`: an officer's "same"/"different" on a pair of fingerprints; reused on
 *   every later run so nothing is asked twice. No names or numbers are stored, only the hashes.
 */
export const migration0004: Migration = {
  version: 4,
  name: 'identity',
  sql: `
CREATE TABLE person_sources (
  person_id    INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  source       TEXT    NOT NULL,
  record_key   TEXT    NOT NULL CHECK (length(record_key) = 32),
  file         TEXT,
  sheet        TEXT,
  "row"        INTEGER,
  first_run_id INTEGER REFERENCES runs (id),
  last_run_id  INTEGER REFERENCES runs (id),
  UNIQUE (source, record_key)
);
CREATE INDEX person_sources_person ON person_sources (person_id);
CREATE INDEX person_sources_key ON person_sources (record_key);

CREATE TABLE reconcile_decisions (
  left_key    TEXT NOT NULL CHECK (length(left_key) = 32),
  right_key   TEXT NOT NULL CHECK (length(right_key) = 32),
  decision    TEXT NOT NULL CHECK (decision IN ('same', 'different')),
  decided_at  TEXT NOT NULL,
  os_user     TEXT,
  run_id      INTEGER REFERENCES runs (id) ON DELETE SET NULL,
  PRIMARY KEY (left_key, right_key)
);
`,
};
