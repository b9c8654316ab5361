/**
 * Crash (issue 7): the client is killed with SIGKILL at ≥ 20 different points of a push — after
 * the outbox is written, before a send, after the server answered but before the answer was
 * recorded, after the acknowledgement — and restarted each time. The end state (the simulator's
 * records with their server ids and write counts, and the client's watermark) equals that of an
 * uninterrupted run. The kill points are seeded: EDUSYNC_TEST_KILL_AT=N makes the client kill
 * itself at its N-th crash-safe checkpoint.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/sqlite.js';
// @ts-expect-error plain ESM harness shared with bench/push.mjs
import { checkExactlyOnce, push, seedStore, simRecords, startSimulator } from '../../bench/push/harness.mjs';
import { Rng } from '../../src/generate/random.js';
import { tempDir } from '../helpers/run-cli.js';

const ARGS = ['--batch-size', '12', '--timeout', '2000', '--retry-base-ms', '10', '--retry-cap-ms', '50'];
const stops: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const stop of stops) await stop();
});

function watermark(db: string): unknown[] {
  const conn = openDatabase(db, { readonly: true });
  try {
    return conn.prepare('SELECT school_id, entity, record_key, row_hash, status, server_id, error_code FROM push_state ORDER BY entity, school_id, record_key').all();
  } finally {
    conn.close();
  }
}

describe('push crash and resume', () => {
  it('SIGKILL at ≥ 20 different points, restarted each time: the end state equals an uninterrupted run', async () => {
    const dir = tempDir('edusync-push-crash-');
    const base = join(dir, 'seed.db');
    const expected = seedStore(base, { records: 500, schools: 1, seed: 5, rejectEvery: 50 });
    const crashDb = join(dir, 'crash.db');
    const refDb = join(dir, 'ref.db');
    copyFileSync(base, crashDb);
    copyFileSync(base, refDb);

    const ref = await startSimulator();
    stops.push(ref.stop);
    const clean = await push(refDb, ref.url, { args: ARGS });
    expect(clean.code, clean.stderr.slice(-1000)).toBe(1);

    // The simulator keeps its state in a file and is itself restarted half-way through.
    const simDb = join(dir, 'sim.db');
    let sim = await startSimulator(['--db', simDb]);
    stops.push(() => sim.stop());
    const rng = new Rng(2026);
    const points = new Set<string>();
    let kills = 0;
    let finished: Awaited<ReturnType<typeof push>> | undefined;
    // Kill until 20 distinct points have been hit, then let a run finish.
    for (let i = 0; i < 60 && finished === undefined; i++) {
      if (i === 10) {
        // Same port: the target (and so the watermark) is keyed by its URL.
        const port = new URL(sim.url).port;
        await sim.stop();
        sim = await startSimulator(['--db', simDb, '--port', port]);
      }
      const killAt = points.size >= 20 ? 0 : rng.int(2, 7);
      const run = await push(crashDb, sim.url, { args: ARGS, env: { EDUSYNC_TEST_KILL_AT: String(killAt) } });
      if (run.signal === 'SIGKILL') {
        kills++;
        const m = /edusync-test-kill point=(\S+) n=(\d+)/.exec(run.stderr);
        expect(m).not.toBeNull();
        // A point is where in the whole push the kill fell: how far the watermark had got, and which checkpoint.
        points.add(`${watermark(crashDb).length}:${m![1]}`);
      } else {
        finished = run;
      }
    }
    expect(finished, 'the push never completed').toBeDefined();
    expect(finished!.code).toBe(1);
    expect(kills).toBeGreaterThanOrEqual(20);
    expect(points.size).toBeGreaterThanOrEqual(20);

    const strip = (rs: Array<Record<string, unknown>>) => rs.map(({ deliveries, first_batch, last_batch, ...r }) => r);
    expect(strip(await simRecords(sim.root))).toEqual(strip(await simRecords(ref.root)));
    expect((await checkExactlyOnce(sim.root, expected)).problems).toEqual([]);
    expect(watermark(crashDb)).toEqual(watermark(refDb));
    // Some kills fell after the server committed and before the client recorded it: those batches were replayed.
    const delivered = (await simRecords(sim.root)).filter((r: { deliveries: number }) => r.deliveries > 1);
    expect(delivered.length).toBeGreaterThan(0);
  }, 180_000);
});
