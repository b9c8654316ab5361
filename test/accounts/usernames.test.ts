import { describe, expect, it } from 'vitest';
import { applyUsernameRule, assignUsernames, checkUsernameRule } from '../../src/accounts/usernames.js';
import { splitVietnameseName } from '../../src/accounts/names.js';
import type { RosterPerson } from '../../src/accounts/source.js';
import { UsageError } from '../../src/errors.js';

function person(personalId: string, fullName: string, localId = 'HS1'): RosterPerson {
  return { role: 'student', schoolId: '79000001', localId, personalId, fullName, name: splitVietnameseName(fullName), classId: '9A1', gradeCode: '9', email: null, subject: null, present: true };
}

describe('usernames', () => {
  it('rules: placeholders, ASCII names, hash; a rule must rest on the identifier', () => {
    const p = person('001211000001', 'Nguyễn Thị Ánh Hồng');
    expect(applyUsernameRule('{personalId}', p)).toBe('001211000001');
    expect(applyUsernameRule('{given}.{family}.{hash:6}', p)).toMatch(/^hong\.nguyen\.[a-z2-7]{6}$/u);
    expect(applyUsernameRule('{initials}', p)).toBe('ntahong');
    expect(applyUsernameRule('{role}{hash:8}', p)).toBe(applyUsernameRule('{role}{hash:8}', { ...p, fullName: 'X' }));
    expect(() => checkUsernameRule('{given}{family}')).toThrow(UsageError);
    expect(() => checkUsernameRule('{personalId}{nope}')).toThrow(UsageError);
    expect(() => checkUsernameRule('HS {personalId}')).toThrow(UsageError);
    expect(() => checkUsernameRule('hs{hash:10}')).not.toThrow();
  });

  it('collisions are resolved in identifier order, whatever the input order, and reported; kept usernames stay', () => {
    // Find two identifiers whose {hash:4} coincide (32^4 values: a birthday search over a few thousand ids).
    const seen = new Map<string, string>();
    let pair: [string, string] | undefined;
    for (let n = 0; pair === undefined; n++) {
      const id = `0012110${String(n).padStart(5, '0')}`;
      const h = applyUsernameRule('hs{hash:4}', person(id, 'Lê An'));
      const other = seen.get(h);
      if (other !== undefined) pair = [other, id];
      seen.set(h, id);
    }
    const [first, second] = pair;
    const wanted = applyUsernameRule('hs{hash:4}', person(first, 'Lê An'));
    const a = person(second, 'Lê Văn An');
    const b = person(first, 'Trần Bình');
    for (const order of [[a, b], [b, a]]) {
      const r = assignUsernames('hs{hash:4}', order, new Map());
      expect(r.usernames.get(first)).toBe(wanted);
      expect(r.usernames.get(second)).toBe(`${wanted}-2`);
      expect(r.collisions).toEqual([{ wanted, assigned: [wanted, `${wanted}-2`] }]);
    }
    // A username already given to someone else is never reused; a person keeps their own.
    const taken = assignUsernames('{personalId}', [b], new Map([['001299999999', first]]));
    expect(taken.usernames.get(first)).toBe(`${first}-2`);
    expect(taken.collisions).toHaveLength(1);
    const kept = assignUsernames('{personalId}', [b], new Map([[first, 'old-name']]));
    expect(kept.usernames.get(first)).toBe('old-name');
  });
});
