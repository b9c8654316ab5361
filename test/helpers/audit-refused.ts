/**
 * A store whose audit trail cannot be written: a trigger refuses every insert into audit_events, as
 * a full disk or a damaged page would at that moment, while the rest of the store works. For the
 * rule "no personal-data file without its audit row" (docs/privacy.md §7.1).
 */
import { openStore } from '../../src/store/db.js';
import { openDatabase } from '../../src/store/sqlite.js';

export const AUDIT_REFUSED = 'audit row refused by the test';

export function storeRefusingAudit(path: string): string {
  openStore(path).close();
  const db = openDatabase(path);
  try {
    db.exec(`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, '${AUDIT_REFUSED}'); END`);
  } finally {
    db.close();
  }
  return path;
}
