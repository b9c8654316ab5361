import type { Migration } from './types.js';

/**
 * Online-learning accounts (issue 8; TT 09/2021/TT-BGDĐT Điều 15.1.i: accounts identified by the
 * personal identifier). `account_exports` records each `accounts export` (format, counts; no
 * personal values). `account_state` holds, per national personal identifier, the account last
 * exported: its username (kept stable across exports and formats so a platform never sees a
 * renamed account), role, school, class, the exported account fields (the school's own data, as in
 * snapshot_records) and whether it is active or was suspended because the person left.
 * `accounts diff` compares the store's current people with this table.
 */
export const migration0006: Migration = {
  version: 6,
  name: 'accounts',
  sql: `
CREATE TABLE account_exports (
  id          INTEGER PRIMARY KEY,
  time        TEXT    NOT NULL,
  os_user     TEXT,
  format      TEXT    NOT NULL,
  accounts    INTEGER NOT NULL DEFAULT 0 CHECK (accounts >= 0),
  created     INTEGER NOT NULL DEFAULT 0 CHECK (created >= 0),
  updated     INTEGER NOT NULL DEFAULT 0 CHECK (updated >= 0),
  suspended   INTEGER NOT NULL DEFAULT 0 CHECK (suspended >= 0)
);

CREATE TABLE account_state (
  personal_id      TEXT    PRIMARY KEY NOT NULL CHECK (length(personal_id) = 12),
  username         TEXT    NOT NULL UNIQUE,
  role             TEXT    NOT NULL CHECK (role IN ('student', 'teacher')),
  school_id        TEXT    NOT NULL,
  class_id         TEXT,
  fields_json      TEXT    NOT NULL CHECK (json_valid(fields_json)),
  status           TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  first_export_id  INTEGER NOT NULL REFERENCES account_exports (id),
  last_export_id   INTEGER NOT NULL REFERENCES account_exports (id)
);
CREATE INDEX account_state_school ON account_state (school_id, status);
`,
};
