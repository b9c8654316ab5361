/**
 * Account export state (migration 6): the accounts last exported per personal identifier, and one
 * row per export. `accounts diff` reads it; `accounts export` writes it in one transaction.
 */
import { userInfo } from 'node:os';
import { isoNow, readTransaction, requireWritable, stmt } from './internal.js';
import type { Store } from './types.js';

export type AccountRole = 'student' | 'teacher';

export interface AccountStateRow {
  personalId: string;
  username: string;
  role: AccountRole;
  schoolId: string;
  classId: string | null;
  /** The exported account fields (names, email, class…), for telling what changed. */
  fields: Record<string, string>;
  status: 'active' | 'suspended';
  firstExportId: number;
  lastExportId: number;
}

export interface AccountExportInput {
  format: string;
  accounts: number;
  created: number;
  updated: number;
  suspended: number;
}

interface StateDbRow {
  personal_id: string;
  username: string;
  role: AccountRole;
  school_id: string;
  class_id: string | null;
  fields_json: string;
  status: 'active' | 'suspended';
  first_export_id: number;
  last_export_id: number;
}

/** Every account ever exported, by personal identifier. */
export function loadAccountState(store: Store): Map<string, AccountStateRow> {
  const rows = readTransaction(store, () => stmt<[], StateDbRow>(store, 'SELECT * FROM account_state ORDER BY personal_id').all());
  return new Map(
    rows.map((r) => [
      r.personal_id,
      {
        personalId: r.personal_id,
        username: r.username,
        role: r.role,
        schoolId: r.school_id,
        classId: r.class_id,
        fields: JSON.parse(r.fields_json) as Record<string, string>,
        status: r.status,
        firstExportId: r.first_export_id,
        lastExportId: r.last_export_id,
      },
    ]),
  );
}

/** The last export's time and format, or undefined before the first export. */
export function lastAccountExport(store: Store): { id: number; time: string; format: string } | undefined {
  return readTransaction(store, () =>
    stmt<[], { id: number; time: string; format: string }>(store, 'SELECT id, time, format FROM account_exports ORDER BY id DESC LIMIT 1').get(),
  );
}

/**
 * Records an export and the accounts it carried: `active` rows are inserted or refreshed,
 * `suspended` personal ids are marked suspended. All in one transaction.
 */
export function saveAccountExport(
  store: Store,
  input: AccountExportInput,
  active: ReadonlyArray<Omit<AccountStateRow, 'status' | 'firstExportId' | 'lastExportId'>>,
  suspended: readonly string[],
): number {
  requireWritable(store);
  let osUser: string | null = null;
  try {
    osUser = userInfo().username;
  } catch {
    osUser = null;
  }
  return store.transaction(() => {
    const info = stmt(
      store,
      'INSERT INTO account_exports (time, os_user, format, accounts, created, updated, suspended) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(isoNow(store), osUser, input.format, input.accounts, input.created, input.updated, input.suspended);
    const exportId = Number(info.lastInsertRowid);
    const upsert = stmt(
      store,
      `INSERT INTO account_state (personal_id, username, role, school_id, class_id, fields_json, status, first_export_id, last_export_id)
       VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?)
       ON CONFLICT (personal_id) DO UPDATE SET username = excluded.username, role = excluded.role, school_id = excluded.school_id,
         class_id = excluded.class_id, fields_json = excluded.fields_json, status = 'active', last_export_id = excluded.last_export_id`,
    );
    for (const a of active) {
      upsert.run(a.personalId, a.username, a.role, a.schoolId, a.classId, JSON.stringify(a.fields), exportId, exportId);
    }
    const suspend = stmt(store, "UPDATE account_state SET status = 'suspended', last_export_id = ? WHERE personal_id = ?");
    for (const id of suspended) suspend.run(exportId, id);
    return exportId;
  });
}
