/**
 * Migration 8 and the acknowledgement repository: a version-7 store migrates (its data kept, a
 * backup made), one active row per key, removal keeps the row and frees the key, and the index
 * matches warnings only — a changed value or an error never matches.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openStore } from '../../src/store/db.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations/index.js';
import { acknowledgementIndex, addAcknowledgements, listAcknowledgements, removeAcknowledgements } from '../../src/store/acknowledgements.js';
import { ackKeyParts, matchAck, valueHash } from '../../src/check/acknowledged.js';
import type { Finding } from '../../src/check/finding.js';
import { applyPurge, planPurge } from '../../src/store/purge.js';
import type { Store } from '../../src/store/types.js';
import { clock, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const conn = (s: Store): Database.Database => (s as unknown as { db: Database.Database }).db;

const warning: Finding = {
  code: 'GV-002',
  severity: 'warning',
  messageId: 'tooYoung',
  file: 'gv.csv',
  row: 4,
  field: 'qualificationCode',
  value: 'TS',
  data: {},
  subject: { school: '79000701', person: '079085001234' },
};

describe('migration 8 (acknowledgements)', () => {
  it('migrates a version-7 store, keeping its rows, with a backup', () => {
    const path = join(tmp.dir, 'v7.db');
    const old = openStore(path, { migrations: MIGRATIONS.slice(0, 7) });
    expect(old.schemaVersion).toBe(7);
    conn(old).exec("INSERT INTO persons (kind, school_id) VALUES ('student', 'S1')");
    old.close();
    const store = openStore(path, { now: clock() });
    // The current version: a later migration merged after this one keeps the test true.
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(8);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect(store.migratedFrom?.version).toBe(7);
    expect(existsSync(store.migratedFrom!.backupPath!)).toBe(true);
    expect(conn(store).prepare('SELECT count(*) FROM persons').pluck().get()).toBe(1);
    expect(listAcknowledgements(store)).toEqual([]);
    store.close();
  });
});

describe('acknowledgement store', () => {
  it('adds one row per key, lists, removes (keeping the row) and matches warnings only', () => {
    const store = openStore(join(tmp.dir, 'acks.db'), { now: clock() });
    const key = ackKeyParts(warning)!;
    expect(key).toEqual({ code: 'GV-002', school: '79000701', subject: '079085001234', field: 'qualificationCode', valueHash: valueHash('TS') });
    expect(key.valueHash).toMatch(/^[0-9a-f]{16}$/);

    const first = addAcknowledgements(store, [key, key], 'Thạc sĩ ở nước ngoài, đã kiểm tra bằng', { osUser: 'officer' });
    expect(first.added).toHaveLength(1);
    expect(first.already).toBe(0);
    expect(addAcknowledgements(store, [key], 'again', { osUser: 'officer' })).toEqual({ added: [], already: 1 });
    const [ack] = listAcknowledgements(store);
    expect(ack).toMatchObject({ code: 'GV-002', school: '79000701', subject: '079085001234', reason: 'Thạc sĩ ở nước ngoài, đã kiểm tra bằng', createdBy: 'officer', removedAt: null });
    expect(listAcknowledgements(store, { school: 'other' })).toEqual([]);
    expect(listAcknowledgements(store, { code: 'GV-002' })).toHaveLength(1);

    const index = acknowledgementIndex(store);
    expect(matchAck(warning, index)).toEqual({ id: ack!.id, reason: ack!.reason, by: 'officer', at: ack!.createdAt });
    expect(matchAck({ ...warning, value: 'ThS' }, index)).toBeUndefined();
    expect(matchAck({ ...warning, severity: 'error' }, index)).toBeUndefined();
    expect(matchAck({ ...warning, subject: undefined }, index)).toBeUndefined();
    expect(matchAck({ ...warning, subject: { school: '79000701', person: '079085009999' } }, index)).toBeUndefined();

    expect(removeAcknowledgements(store, [ack!.id, 999])).toEqual({ removed: [], unknown: [999] });
    expect(listAcknowledgements(store)).toHaveLength(1);
    expect(removeAcknowledgements(store, [ack!.id])).toEqual({ removed: [ack!.id], unknown: [] });
    expect(listAcknowledgements(store)).toEqual([]);
    expect(conn(store).prepare('SELECT count(*) FROM acknowledgements WHERE removed_at IS NOT NULL').pluck().get()).toBe(1);
    expect(removeAcknowledgements(store, [ack!.id]).unknown).toEqual([ack!.id]);
    // The key is free again once removed.
    expect(addAcknowledgements(store, [key], 'lại', { osUser: null }).added).toHaveLength(1);
    store.close();
  });
});

describe('purge and acknowledgements', () => {
  it("deletes the acknowledgements naming a purged person (by personal ID or by its school's code), and only those", () => {
    const store = openStore(join(tmp.dir, 'purge.db'), { now: clock() });
    const c = conn(store);
    c.exec("INSERT INTO runs (id, started_at, command, tool_version) VALUES (1, '2025-10-01T00:00:00Z', 'import', 't')");
    const person = (school: string): number => Number(c.prepare("INSERT INTO persons (kind, school_id) VALUES ('student', ?)").run(school).lastInsertRowid);
    const ident = c.prepare('INSERT INTO person_identifiers (person_id, kind, value, school_id) VALUES (?, ?, ?, ?)');
    const gone = person('S1');
    const kept = person('S1');
    ident.run(gone, 'personalId', '001314000001', null);
    ident.run(gone, 'studentId', 'HS1', 'S1');
    ident.run(kept, 'personalId', '001314000002', null);
    ident.run(kept, 'studentId', 'HS2', 'S1');
    // Only the kept person is in a snapshot of a kept period.
    const snap = Number(
      c.prepare("INSERT INTO snapshots (school_id, period, entity, run_id, created_at, record_count, content_hash) VALUES ('S1', '2025-10', 'student', 1, '2025-10-01T00:00:00Z', 1, 'h')").run().lastInsertRowid,
    );
    c.prepare("INSERT INTO snapshot_records (snapshot_id, person_id, record_key, class_id, values_json, row_hash, source_file, source_row) VALUES (?, ?, 'HS2', '6A1', '{}', 'x', 'a.csv', 2)").run(snap, kept);

    const key = (school: string, subject: string) => ({ code: 'DL-009', school, subject, field: 'contactPhone', valueHash: valueHash('02438223344') });
    const { added } = addAcknowledgements(
      store,
      [key('S1', '001314000001'), key('S1', 'HS1'), key('S2', 'HS1'), key('S1', '001314000002'), key('S1', 'HS2')],
      'số bàn',
      { osUser: 'officer' },
    );
    // A removed acknowledgement still names the person: it goes too.
    removeAcknowledgements(store, [added[0]!.id]);
    addAcknowledgements(store, [key('S1', '001314000001')], 'lại', { osUser: 'officer' });

    // Naming nobody in the store (a row without identifiers): kept until it is older than the period.
    addAcknowledgements(store, [key('S1', '~0123456789abcdef')], 'trùng tên thật', { osUser: 'officer' });

    expect(planPurge(store, '2025-01')).toMatchObject({ persons: 1, acknowledgements: 3 });
    const result = applyPurge(store, '2025-01');
    expect(result.acknowledgements).toBe(3);
    expect(result.tables).toContain('acknowledgements');
    const left = c.prepare('SELECT school_id || \'/\' || subject FROM acknowledgements ORDER BY id').pluck().all();
    // HS1 of another school is another person: kept.
    expect(left).toEqual(['S2/HS1', 'S1/001314000002', 'S1/HS2', 'S1/~0123456789abcdef']);
    // A year on, the kept person goes too, and everything made before then.
    expect(planPurge(store, '2026-11')).toMatchObject({ persons: 1, acknowledgements: 4 });
    store.close();
  });
});
