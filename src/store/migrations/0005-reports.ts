import type { Migration } from './types.js';

/**
 * Computed statistical reports (issue 6): one row per form × unit × period × level as `report`
 * built it, with every cell, so a Phòng/Sở can compare periods without recomputing and `purge`
 * (which removes personal data) keeps them: a report holds counts only, never a person.
 * `cells_json` is the array of `{ form, unit, rowCode, column, value }` of docs/report-tt24.md.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'reports',
  sql: `
CREATE TABLE reports (
  id            INTEGER PRIMARY KEY,
  created_at    TEXT    NOT NULL,
  run_id        INTEGER REFERENCES runs (id) ON DELETE SET NULL,
  period        TEXT    NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]/*'),
  regime        TEXT    NOT NULL,
  form          TEXT    NOT NULL,
  form_code     TEXT    NOT NULL,
  level         TEXT    NOT NULL CHECK (level IN ('school', 'commune', 'province')),
  scheme        TEXT    NOT NULL CHECK (scheme IN ('dvhc-2024', 'dvhc-2025')),
  unit_code     TEXT    NOT NULL,
  unit_name     TEXT    NOT NULL,
  school_count  INTEGER NOT NULL CHECK (school_count >= 0),
  cells_json    TEXT    NOT NULL CHECK (json_valid(cells_json)),
  findings_json TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(findings_json)),
  content_hash  TEXT    NOT NULL CHECK (length(content_hash) = 64)
);
CREATE INDEX reports_lookup ON reports (period, level, form, unit_code, created_at);
`,
};
