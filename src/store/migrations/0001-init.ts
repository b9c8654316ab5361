import type { Migration } from './types.js';

/**
 * The first schema (issue 4). Conventions:
 * - times are ISO-8601 UTC text (`2025-10-01T07:30:00.000Z`); periods are `YYYY-MM`;
 * - no personal values in `runs`, `run_files` or `findings` (design §6): findings carry codes and
 *   positions only; the record values live in `snapshot_records.values_json`, the data the school
 *   itself owns;
 * - `person_identifiers.school_id` is NULL for the national mã định danh (`personalId`) and the
 *   school for school-scoped ids; uniqueness treats NULL as '' through an expression index.
 */
export const migration0001: Migration = {
  version: 1,
  name: 'init',
  sql: `
CREATE TABLE runs (
  id            INTEGER PRIMARY KEY,
  started_at    TEXT    NOT NULL,
  finished_at   TEXT,
  command       TEXT    NOT NULL,
  tool_version  TEXT    NOT NULL,
  os_user       TEXT,
  pid           INTEGER,
  period        TEXT    CHECK (period IS NULL OR period GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
  outcome       TEXT    NOT NULL DEFAULT 'running'
                        CHECK (outcome IN ('running', 'ok', 'findings', 'failed', 'killed')),
  exit_code     INTEGER,
  counts_json   TEXT
);
CREATE INDEX runs_started_at ON runs (started_at);
CREATE INDEX runs_outcome ON runs (outcome) WHERE outcome = 'running';

CREATE TABLE run_files (
  run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  path        TEXT    NOT NULL,
  sha256      TEXT    NOT NULL CHECK (length(sha256) = 64),
  size_bytes  INTEGER NOT NULL CHECK (size_bytes >= 0),
  records     INTEGER,
  entity      TEXT
);
CREATE INDEX run_files_run ON run_files (run_id);
CREATE INDEX run_files_sha256 ON run_files (sha256);

CREATE TABLE schools (
  school_id       TEXT PRIMARY KEY NOT NULL,
  name            TEXT,
  province_code   TEXT,
  district_code   TEXT,
  commune_code    TEXT,
  updated_run_id  INTEGER REFERENCES runs (id)
);

CREATE TABLE classes (
  school_id            TEXT NOT NULL,
  class_id             TEXT NOT NULL,
  name                 TEXT,
  grade_code           TEXT,
  homeroom_teacher_id  TEXT,
  updated_run_id       INTEGER REFERENCES runs (id),
  PRIMARY KEY (school_id, class_id)
);

CREATE TABLE persons (
  id              INTEGER PRIMARY KEY,
  kind            TEXT    NOT NULL CHECK (kind IN ('student', 'teacher')),
  school_id       TEXT    NOT NULL,
  created_run_id  INTEGER REFERENCES runs (id)
);
CREATE INDEX persons_school ON persons (school_id, kind);

CREATE TABLE person_identifiers (
  person_id     INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  kind          TEXT    NOT NULL CHECK (kind IN ('personalId', 'studentId', 'staffId')),
  value         TEXT    NOT NULL CHECK (value <> ''),
  school_id     TEXT,
  first_run_id  INTEGER REFERENCES runs (id),
  last_run_id   INTEGER REFERENCES runs (id),
  CHECK ((kind = 'personalId') = (school_id IS NULL))
);
CREATE UNIQUE INDEX person_identifiers_unique ON person_identifiers (kind, ifnull(school_id, ''), value);
CREATE INDEX person_identifiers_person ON person_identifiers (person_id);

CREATE TABLE snapshots (
  id            INTEGER PRIMARY KEY,
  school_id     TEXT    NOT NULL,
  period        TEXT    NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
  entity        TEXT    NOT NULL,
  run_id        INTEGER NOT NULL REFERENCES runs (id),
  created_at    TEXT    NOT NULL,
  record_count  INTEGER NOT NULL,
  content_hash  TEXT    NOT NULL,
  UNIQUE (school_id, period, entity)
);
CREATE INDEX snapshots_school_entity_period ON snapshots (school_id, entity, period);
CREATE INDEX snapshots_run ON snapshots (run_id);

CREATE TABLE snapshot_records (
  snapshot_id  INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
  person_id    INTEGER REFERENCES persons (id),
  record_key   TEXT    NOT NULL,
  class_id     TEXT,
  values_json  TEXT    NOT NULL,
  row_hash     TEXT    NOT NULL,
  source_file  TEXT,
  source_row   INTEGER
);
CREATE INDEX snapshot_records_snapshot_person ON snapshot_records (snapshot_id, person_id);

CREATE TABLE findings (
  run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  code        TEXT    NOT NULL,
  severity    TEXT    NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
  message_id  TEXT,
  file        TEXT    NOT NULL,
  sheet       TEXT,
  "row"       INTEGER,
  "column"    TEXT,
  field       TEXT
);
CREATE INDEX findings_run_code ON findings (run_id, code);
`,
};
