/**
 * Commits the snapshots of an import in batches of several schools. One transaction per school
 * (3,500 schools for a million students) spent more on the commits — the WAL frames of the same
 * index and tail pages written again at every commit, and the checkpoints — than on the rows.
 * Each snapshot is still written inside its own savepoint, whole, so a crash or a kill leaves
 * every school old or new, never half (the schools of the open batch simply stay old), and the
 * next run redoes them. Durability settings are not touched.
 */
import { sqlite, stmt } from './internal.js';
import type { Store } from './types.js';

/** Records written before a commit: large enough to amortise it, small enough to keep the WAL short. */
export const BATCH_RECORDS = 20_000;

export class WriteBatch {
  private pending = 0;
  constructor(
    private readonly store: Store,
    private readonly limit = BATCH_RECORDS,
  ) {}

  /**
   * Runs `write` — which must write in `store.transaction`, a savepoint inside the batch — in the
   * open batch (opened on demand); commits once `limit` records are in.
   */
  write<T>(records: number, write: () => T): T {
    this.begin();
    const result = write();
    this.pending += Math.max(1, records);
    if (this.pending >= this.limit) this.commit();
    return result;
  }

  /**
   * Opens the batch's transaction now: what is read from here on (the previous snapshot a school is
   * planned against, whose stored versions its unchanged records then share) cannot change before
   * it is written.
   */
  begin(): void {
    if (!this.inTransaction()) stmt(this.store, 'BEGIN IMMEDIATE').run();
  }

  /** Commits what the batch holds (every snapshot in it is complete). */
  commit(): void {
    this.pending = 0;
    if (this.inTransaction()) stmt(this.store, 'COMMIT').run();
  }

  /** After a failure: keeps the complete snapshots already written, as per-school commits did. */
  close(): void {
    try {
      this.commit();
    } catch {
      if (this.inTransaction()) stmt(this.store, 'ROLLBACK').run();
    }
  }

  private inTransaction(): boolean {
    return sqlite(this.store).inTransaction;
  }
}
