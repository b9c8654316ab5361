import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openStore } from '../../src/store/db.js';
import { loadDecisions, personSources, resolveIdentity, saveDecisions } from '../../src/store/identity.js';
import { personIdentifiers } from '../../src/store/persons.js';
import { tempDir } from '../helpers/run-cli.js';

const K = (c: string): string => c.repeat(32);

describe('identity map and decisions in the store (migration 4)', () => {
  it('finds a person again by number or by an earlier source row, and flags a second number', () => {
    const store = openStore(join(tempDir(), 'e.db'));
    try {
      const a = resolveIdentity(store, { kind: 'student', schoolId: 'S1', personalId: '001212000001', rows: [{ source: 'truong.csv', recordKey: K('a'), file: 'truong.csv', row: 2 }, { source: 'csdl.csv', recordKey: K('b'), file: 'csdl.csv', row: 9 }] });
      expect(a).toMatchObject({ created: true, identifierConflict: false, secondIdentifier: false });
      // Next month: same number, rows moved.
      const b = resolveIdentity(store, { kind: 'student', schoolId: 'S1', personalId: '001212000001', rows: [{ source: 'truong.csv', recordKey: K('a'), file: 'truong.csv', row: 5 }] });
      expect(b).toMatchObject({ personId: a.personId, created: false });
      // The export's row is unchanged but the school's row now carries another number.
      const c = resolveIdentity(store, { kind: 'student', schoolId: 'S1', personalId: '001212000999', rows: [{ source: 'truong.csv', recordKey: K('c'), file: 'truong.csv', row: 5 }, { source: 'csdl.csv', recordKey: K('b'), file: 'csdl.csv', row: 9 }] });
      expect(c).toMatchObject({ personId: a.personId, created: false, secondIdentifier: true });
      expect(personIdentifiers(store, a.personId).map((i) => i.value)).toEqual(['001212000001', '001212000999']);
      expect(personSources(store, a.personId).map((s) => [s.source, s.row])).toEqual([['csdl.csv', 9], ['truong.csv', 5], ['truong.csv', 5]]);
      // A number already another person's is not attached.
      const d = resolveIdentity(store, { kind: 'student', schoolId: 'S1', rows: [{ source: 'x.csv', recordKey: K('d'), file: 'x.csv', row: 2 }] });
      expect(d.created).toBe(true);
    } finally {
      store.close();
    }
  });

  it('keeps the latest decision on a pair and reports what changed', () => {
    const store = openStore(join(tempDir(), 'f.db'));
    try {
      expect(saveDecisions(store, [{ leftKey: K('1'), rightKey: K('2'), decision: 'same' }])).toBe(1);
      expect(saveDecisions(store, [{ leftKey: K('1'), rightKey: K('2'), decision: 'same' }])).toBe(0);
      expect(saveDecisions(store, [{ leftKey: K('1'), rightKey: K('2'), decision: 'different' }])).toBe(1);
      expect(loadDecisions(store)).toEqual([{ leftKey: K('1'), rightKey: K('2'), decision: 'different' }]);
    } finally {
      store.close();
    }
  });
});
