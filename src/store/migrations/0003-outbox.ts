import type { Migration } from './types.js';

/**
 * The push outbox (issue 7 item 3; design §5). A batch is written here, with its deterministic
 * Idempotency-Key and the exact body bytes, before the first send, so a client killed at any point
 * re-sends the same key and the server deduplicates. `push_state` is the watermark: per target and
 * record, the row hash the server last acknowledged (or rejected, with its reason). Acknowledging a
 * batch updates its outbox rows and the watermark in one transaction, and empties its body (the values
 * are not kept once the server has answered).
 */
export const migration0003: Migration = {
  version: 3,
  name: 'outbox',
  sql: `
CREATE TABLE push_batches (
  id              INTEGER PRIMARY KEY,
  target          TEXT    NOT NULL,
  school_id       TEXT    NOT NULL,
  entity          TEXT    NOT NULL,
  school_year     TEXT    NOT NULL,
  idempotency_key TEXT    NOT NULL,
  body            TEXT    NOT NULL,
  record_count    INTEGER NOT NULL CHECK (record_count > 0),
  status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'acked', 'abandoned')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  created_run_id  INTEGER REFERENCES runs (id) ON DELETE SET NULL,
  acked_run_id    INTEGER REFERENCES runs (id) ON DELETE SET NULL,
  created_at      TEXT    NOT NULL,
  acked_at        TEXT,
  server_batch_id TEXT,
  last_error      TEXT,
  UNIQUE (target, idempotency_key)
);
CREATE INDEX push_batches_pending ON push_batches (target, status) WHERE status = 'pending';

CREATE TABLE push_outbox (
  batch_id     INTEGER NOT NULL REFERENCES push_batches (id) ON DELETE CASCADE,
  seq          INTEGER NOT NULL,
  record_key   TEXT    NOT NULL,
  row_hash     TEXT    NOT NULL,
  outcome      TEXT    CHECK (outcome IS NULL OR outcome IN ('accepted', 'unchanged', 'rejected')),
  server_id    TEXT,
  error_code   TEXT,
  error_detail TEXT,
  PRIMARY KEY (batch_id, seq)
);

CREATE TABLE push_state (
  target       TEXT    NOT NULL,
  school_id    TEXT    NOT NULL,
  entity       TEXT    NOT NULL,
  record_key   TEXT    NOT NULL,
  row_hash     TEXT    NOT NULL,
  status       TEXT    NOT NULL CHECK (status IN ('accepted', 'rejected')),
  server_id    TEXT,
  error_code   TEXT,
  error_detail TEXT,
  batch_id     INTEGER REFERENCES push_batches (id) ON DELETE SET NULL,
  updated_at   TEXT    NOT NULL,
  PRIMARY KEY (target, school_id, entity, record_key)
) WITHOUT ROWID;
`,
};
