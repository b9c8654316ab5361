import type { Migration } from './types.js';

/**
 * Snapshots share their unchanged records (issue 4, the monthly import of a million students).
 *
 * Until version 6 every snapshot was a full copy: a month where 1 % of a million students changed
 * still wrote a million rows of ≈ 450 bytes (≈ 10 s of writing and a database growing by ≈ 0.5 GB a
 * month). Now the content of a record and its membership in a snapshot are apart:
 * - `record_versions`: one record as stored (person, key, class, canonical values, their hash).
 *   A snapshot whose record is exactly the one the previous snapshot of the same school and entity
 *   held (the import planner knows: same person, key, class and canonical JSON) points at the same
 *   version instead of copying it, so a version is shared only within one school and entity;
 * - `snapshot_members`: per snapshot, in the order written (`ord`), which version and where it was
 *   read (`source_file`, a number into `snapshot_files`, and `source_row`) — the position is per
 *   snapshot, because next month's file is another file and rows shift. ≈ 15 bytes a row, clustered
 *   by (snapshot_id, ord) (WITHOUT ROWID), so reading a snapshot is one range of one B-tree;
 * - `snapshot_files`: the source paths of a snapshot, numbered, instead of a path on every row.
 *
 * Versions are immutable: replacing a snapshot or purging old periods deletes memberships, then the
 * versions no member references any more (src/store/snapshots.ts, src/store/purge.ts), so a purge
 * of a base month never breaks a later month that shares its rows. There is deliberately no
 * foreign key from members to versions: SQLite would check it by scanning every member for each
 * deleted version (no index on version_id, which would cost a write per row per month).
 *
 * Intervals of validity per (school, entity, person) over periods were the other candidate; they
 * write even less a month, but re-importing an older period, replacing one in the middle, and
 * the per-month source positions (which `export` shows) all split or rewrite intervals, while the
 * membership table keeps every snapshot independent and every invariant of version 6 as it was.
 *
 * `snapshot_records` stays as a view with the old columns (plus `ord` and `version_id`), so SQL
 * readers — the report cube's json_extract, audit, the access queries of docs/privacy.md — read
 * snapshots as before; INSTEAD OF triggers let SQL writers (bench/report's seeding, tests) insert
 * into it (one version per row) and the erasure by hand of docs/privacy.md delete from it.
 *
 * The existing rows are converted: equal records of one school and entity (same person, key,
 * class and values — the text itself, not only its hash) across its snapshots become one version,
 * so an older database shrinks to about what it would be had it been written this way (its file keeps the
 * old table's pages as free pages until imports reuse them or `purge` vacuums). 1 M records:
 * ≈ 10 s.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'shared-records',
  sql: `
CREATE TABLE record_versions (
  id           INTEGER PRIMARY KEY,
  person_id    INTEGER REFERENCES persons (id),
  record_key   TEXT    NOT NULL,
  class_id     TEXT,
  values_json  TEXT    NOT NULL,
  row_hash     TEXT    NOT NULL
);
-- Deleting a person (purge) checks its references through this index instead of a scan.
CREATE INDEX record_versions_person ON record_versions (person_id);

CREATE TABLE snapshot_files (
  snapshot_id  INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
  file_no      INTEGER NOT NULL,
  path         TEXT    NOT NULL,
  PRIMARY KEY (snapshot_id, file_no)
) WITHOUT ROWID;

CREATE TABLE snapshot_members (
  snapshot_id  INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
  ord          INTEGER NOT NULL,
  version_id   INTEGER NOT NULL,
  source_file  INTEGER,
  source_row   INTEGER,
  PRIMARY KEY (snapshot_id, ord)
) WITHOUT ROWID;

CREATE TEMP TABLE m7_keep AS
  SELECT r.rowid AS old_id,
         min(r.rowid) OVER (PARTITION BY s.school_id, s.entity, r.person_id, r.record_key, r.class_id, r.row_hash, r.values_json) AS keep_id
  FROM snapshot_records r JOIN snapshots s ON s.id = r.snapshot_id;

INSERT INTO record_versions (id, person_id, record_key, class_id, values_json, row_hash)
  SELECT r.rowid, r.person_id, r.record_key, r.class_id, r.values_json, r.row_hash
  FROM snapshot_records r JOIN temp.m7_keep k ON k.old_id = r.rowid
  WHERE k.keep_id = k.old_id
  ORDER BY r.rowid;

INSERT INTO snapshot_files (snapshot_id, file_no, path)
  SELECT snapshot_id, row_number() OVER (PARTITION BY snapshot_id ORDER BY source_file) - 1, source_file
  FROM (SELECT DISTINCT snapshot_id, source_file FROM snapshot_records WHERE source_file IS NOT NULL);

INSERT INTO snapshot_members (snapshot_id, ord, version_id, source_file, source_row)
  SELECT r.snapshot_id, r.rowid, k.keep_id, f.file_no, r.source_row
  FROM snapshot_records r
  JOIN temp.m7_keep k ON k.old_id = r.rowid
  LEFT JOIN snapshot_files f ON f.snapshot_id = r.snapshot_id AND f.path = r.source_file
  ORDER BY r.snapshot_id, r.rowid;

DROP TABLE temp.m7_keep;
DROP TABLE snapshot_records;

CREATE VIEW snapshot_records AS
  SELECT m.snapshot_id  AS snapshot_id,
         m.ord          AS ord,
         m.version_id   AS version_id,
         v.person_id    AS person_id,
         v.record_key   AS record_key,
         v.class_id     AS class_id,
         v.values_json  AS values_json,
         v.row_hash     AS row_hash,
         (SELECT f.path FROM snapshot_files f WHERE f.snapshot_id = m.snapshot_id AND f.file_no = m.source_file) AS source_file,
         m.source_row   AS source_row
  FROM snapshot_members m JOIN record_versions v ON v.id = m.version_id;

CREATE TRIGGER snapshot_records_insert INSTEAD OF INSERT ON snapshot_records
BEGIN
  INSERT INTO snapshot_files (snapshot_id, file_no, path)
    SELECT NEW.snapshot_id, (SELECT coalesce(max(file_no), -1) + 1 FROM snapshot_files WHERE snapshot_id = NEW.snapshot_id), NEW.source_file
    WHERE NEW.source_file IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM snapshot_files WHERE snapshot_id = NEW.snapshot_id AND path = NEW.source_file);
  INSERT INTO record_versions (person_id, record_key, class_id, values_json, row_hash)
    VALUES (NEW.person_id, NEW.record_key, NEW.class_id, NEW.values_json, NEW.row_hash);
  INSERT INTO snapshot_members (snapshot_id, ord, version_id, source_file, source_row)
    VALUES (NEW.snapshot_id,
            coalesce(NEW.ord, (SELECT coalesce(max(ord), -1) + 1 FROM snapshot_members WHERE snapshot_id = NEW.snapshot_id)),
            last_insert_rowid(),
            (SELECT file_no FROM snapshot_files WHERE snapshot_id = NEW.snapshot_id AND path = NEW.source_file),
            NEW.source_row);
END;

-- Deleting through the view (docs/privacy.md, a person's erasure by hand) removes the membership,
-- then the version once no snapshot of its school and entity holds it.
CREATE TRIGGER snapshot_records_delete INSTEAD OF DELETE ON snapshot_records
BEGIN
  DELETE FROM snapshot_members WHERE snapshot_id = OLD.snapshot_id AND ord = OLD.ord;
  DELETE FROM record_versions WHERE id = OLD.version_id AND NOT EXISTS (
    SELECT 1 FROM snapshots o JOIN snapshots s ON s.school_id = o.school_id AND s.entity = o.entity
    JOIN snapshot_members m ON m.snapshot_id = s.id
    WHERE o.id = OLD.snapshot_id AND m.version_id = OLD.version_id);
END;
`,
};
