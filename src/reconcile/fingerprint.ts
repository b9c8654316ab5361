/**
 * A record's fingerprint: 32 hex characters of SHA-256 over its folded name, birthday, personal ID,
 * local id (Mã học sinh / mã giáo viên), school and gender. It names a row across runs without its
 * row number (which moves when a list is re-sorted), so decisions and the identity map can be
 * found again next month; it changes when the row's data changes, and then the pair is new.
 */
import { createHash } from 'node:crypto';
import type { SourceTable } from './table.js';

export function fingerprint(t: SourceTable, i: number): string {
  return createHash('sha256')
    .update([t.folded[i], t.dob[i], t.personalId[i], t.localId[i], t.schoolText[i], t.gender[i]].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}

/** Fingerprints computed on demand and kept. */
export class Fingerprints {
  private readonly cache: Array<string | undefined>;
  constructor(private readonly table: SourceTable) {
    this.cache = new Array<string | undefined>(table.n);
  }
  of(i: number): string {
    let f = this.cache[i];
    if (f === undefined) this.cache[i] = f = fingerprint(this.table, i);
    return f;
  }
  /** Fingerprint → first row index holding it. */
  index(): Map<string, number> {
    const m = new Map<string, number>();
    for (let i = 0; i < this.table.n; i++) {
      const f = this.of(i);
      if (!m.has(f)) m.set(f, i);
    }
    return m;
  }
}
