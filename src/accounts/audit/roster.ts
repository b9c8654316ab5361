/**
 * The class roster an audit compares with: from the store (present students and teachers with a
 * valid identifier, their exported usernames and emails) or from a class list file (`--roster`):
 * mã định danh, họ tên, lớp, email trường (Vietnamese or English headers).
 */
import { InputError } from '../../errors.js';
import type { AccountStateRow } from '../../store/accounts.js';
import { cell, column, readTable } from '../table.js';
import type { AccountSource, Role } from '../source.js';

export interface RosterEntry {
  personalId: string;
  fullName: string;
  classId: string | null;
  role: Role;
  email: string | null;
  username: string | null;
}

const ID_HEADERS = ['ma dinh danh', 'so dinh danh', 'so dinh danh ca nhan', 'ma dinh danh ca nhan', 'cccd', 'personal id', 'personalid', 'identifier'];
const NAME_HEADERS = ['ho va ten', 'ho ten', 'ho va ten hoc sinh', 'full name', 'fullname', 'name'];
const CLASS_HEADERS = ['lop', 'ten lop', 'ma lop', 'class', 'classid'];
const EMAIL_HEADERS = ['email truong', 'email', 'email address', 'thu dien tu'];
const USERNAME_HEADERS = ['ten dang nhap', 'tai khoan', 'username'];
const ROLE_HEADERS = ['vai tro', 'role'];

export async function readRosterFile(file: string): Promise<RosterEntry[]> {
  const has = (keys: string[], list: string[]): boolean => list.some((k) => keys.includes(k));
  const table = await readTable(file, (keys) => has(keys, ID_HEADERS) && has(keys, NAME_HEADERS));
  if (table === undefined) {
    throw new InputError({ file }, 'roster-header', {
      vi: 'danh sách lớp cần các cột "Mã định danh" và "Họ và tên" (thêm "Lớp", "Email trường" nếu có)',
      en: 'a class list needs the columns "Mã định danh" (personal ID) and "Họ và tên" (full name), plus "Lớp" (class) and "Email trường" (school email) when known',
    });
  }
  const c = {
    id: column(table, ID_HEADERS),
    name: column(table, NAME_HEADERS),
    cls: column(table, CLASS_HEADERS),
    email: column(table, EMAIL_HEADERS),
    user: column(table, USERNAME_HEADERS),
    role: column(table, ROLE_HEADERS),
  };
  return table.rows
    .map((r): RosterEntry => {
      const role = cell(r, c.role).toLowerCase();
      return {
        personalId: cell(r, c.id).replace(/\s+/gu, ''),
        fullName: cell(r, c.name),
        classId: cell(r, c.cls) || null,
        role: role.startsWith('g') || role.startsWith('t') ? 'teacher' : 'student',
        email: cell(r, c.email).toLowerCase() || null,
        username: cell(r, c.user).toLowerCase() || null,
      };
    })
    .filter((e) => e.fullName !== '' || e.personalId !== '');
}

/** Present people of the store, with the username/email of their last exported account. */
export function rosterFromStore(source: AccountSource, state: ReadonlyMap<string, AccountStateRow>): RosterEntry[] {
  return source.people
    .filter((p) => p.present)
    .map((p) => {
      const account = state.get(p.personalId!);
      return {
        personalId: p.personalId!,
        fullName: p.fullName,
        classId: p.classId,
        role: p.role,
        email: (account?.fields.email || p.email || '').toLowerCase() || null,
        username: account?.username ?? null,
      };
    });
}
