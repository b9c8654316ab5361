import { describe, expect, it } from 'vitest';
import { buildAccounts, diffAccounts } from '../../src/accounts/model.js';
import { splitVietnameseName } from '../../src/accounts/names.js';
import type { AccountSource, RosterPerson } from '../../src/accounts/source.js';
import type { AccountStateRow } from '../../src/store/accounts.js';

function person(personalId: string, schoolId: string, fullName: string, present = true): RosterPerson {
  return { role: 'student', schoolId, localId: `HS${personalId.slice(-3)}`, personalId, fullName, name: splitVietnameseName(fullName), classId: '6A1', gradeCode: '6', email: null, subject: null, present };
}

function source(people: RosterPerson[]): AccountSource {
  const schools = [...new Set(people.map((p) => p.schoolId))].map((schoolId) => ({ schoolId, name: schoolId }));
  return { schools, classes: [], people, invalid: [], sections: [], unmatchedAssignments: [] };
}

describe('account diff', () => {
  const a = person('001214000001', 'S1', 'Nguyễn Văn An');
  const b = person('001214000002', 'S1', 'Trần Thị Bình');
  const c = person('001214000003', 'S2', 'Lê Văn Cường');
  const first = buildAccounts(source([a, b, c]), new Map(), { usernameRule: 'hs{hash:8}', domain: 'x.edu.vn' });
  const state = new Map<string, AccountStateRow>(
    first.accounts.map((acc) => [acc.personalId, { personalId: acc.personalId, username: acc.username, role: acc.person.role, schoolId: acc.person.schoolId, classId: acc.person.classId, fields: acc.fields, status: 'active', firstExportId: 1, lastExportId: 1 }]),
  );

  it('create, update, suspend; a left student is suspended, not exported', () => {
    const now = buildAccounts(source([person(a.personalId!, 'S1', 'Nguyễn Văn Anh'), person(b.personalId!, 'S1', b.fullName, false), c, person('001214000004', 'S1', 'Phạm Dũng')]), state, { usernameRule: 'hs{hash:8}', domain: 'x.edu.vn' });
    expect(now.accounts.map((x) => x.personalId).sort()).toEqual(['001214000001', '001214000003', '001214000004']);
    // Usernames are kept from the state whatever the rule gives now.
    expect(now.accounts.find((x) => x.personalId === a.personalId)!.username).toBe(state.get(a.personalId!)!.username);
    const d = diffAccounts(now.accounts, state, null);
    expect(d.create.map((x) => x.fullName)).toEqual(['Phạm Dũng']);
    expect(d.update).toEqual([expect.objectContaining({ fullName: 'Nguyễn Văn Anh', changes: [{ field: 'givenName', from: 'An', to: 'Anh' }] })]);
    expect(d.suspend.map((x) => x.fullName)).toEqual(['Trần Thị Bình']);
    expect(d.unchanged).toBe(1);
  });

  it('an export of one school never suspends the accounts of another', () => {
    const onlyS1 = buildAccounts(source([a, b]), state, { usernameRule: 'hs{hash:8}', domain: 'x.edu.vn' });
    expect(diffAccounts(onlyS1.accounts, state, null, new Set(['S1'])).suspend).toEqual([]);
    expect(diffAccounts(onlyS1.accounts, state, null).suspend.map((x) => x.schoolId)).toEqual(['S2']);
  });
});
