/**
 * Chaos (issue 7, "What it must show"): records pushed to the simulator with 10 % of write requests
 * faulted, every fault kind; the simulator ends with every record exactly once and the run exits 1
 * listing precisely the records the simulator rejected by rule. The same harness runs 100 k records
 * in bench/push.mjs; here 4,000 records in batches of 40 (≈ 110 requests, so all 9 kinds occur).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
// @ts-expect-error plain ESM harness shared with bench/push.mjs
import { checkExactlyOnce, expectedRejected, push, reportedRejected, seedStore, simStats, startSimulator } from '../../bench/push/harness.mjs';
import { tempDir } from '../helpers/run-cli.js';

const FAST = ['--timeout', '800', '--retry-base-ms', '20', '--retry-cap-ms', '200'];
const stops: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const stop of stops) await stop();
});

describe('push chaos', () => {
  it('4,000 records, 10 % of requests faulted (all kinds): each stored exactly once; exit 1 lists exactly the rejected ones', async () => {
    const dir = tempDir('edusync-push-chaos-');
    const db = join(dir, 'edusync.db');
    const expected = seedStore(db, { records: 4000, schools: 2, seed: 11, rejectEvery: 97 });
    const sim = await startSimulator(['--fault-rate', '0.1', '--seed', '7', '--slow-ms', '1200', '--retry-after', '1']);
    stops.push(sim.stop);
    const run = await push(db, sim.url, { args: ['--batch-size', '40', ...FAST] });
    expect(run.code, run.stderr.slice(-2000)).toBe(1);
    const stats = await simStats(sim.root);
    expect(Object.keys(stats.faults).sort()).toEqual(['429', '500', '502', '503', 'drop', 'duplicate', 'reset', 'slow', 'token-expiry']);
    expect(stats.writes).toBeGreaterThanOrEqual(100);
    const check = await checkExactlyOnce(sim.root, expected);
    expect(check.problems).toEqual([]);
    expect(check.stored).toBe(expected.acceptedCount);
    expect(expected.rejectedCount).toBeGreaterThan(0);
    expect(reportedRejected(run.stdout)).toEqual(expectedRejected(expected));
    const out = JSON.parse(run.stdout);
    expect(out.receipt.counts.sent).toBe(expected.total);
    expect(out.receipt.counts.new).toBe(expected.acceptedCount);
    expect(out.receipt.counts.replayed_batches).toBeGreaterThan(0);
    expect(out.receipt.server_ids).toHaveLength(expected.acceptedCount);
    expect(out.sensitiveSent).toEqual([]);
    expect(out.fields).not.toContain('ethnicityCode');
    expect(out.fields).not.toContain('religionCode');
    for (const f of ['fatherName', 'motherName', 'address']) expect(out.fields).not.toContain(f);
    // JSON logs on stderr: one object a line, counts and codes only.
    const lines = run.stderr.trim().split('\n').filter((l: string) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThan(100);
    for (const l of lines) expect(JSON.parse(l).stage).toBe('push');

    // Nothing changed: a second run sends nothing, still lists the rejected records, exit 1.
    const again = await push(db, sim.url, { args: FAST });
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).receipt.counts.sent).toBe(0);
    expect(reportedRejected(again.stdout)).toEqual(expectedRejected(expected));
    // --retry-rejected resends them (the server still refuses the bad ids, results follow the students).
    const retried = await push(db, sim.url, { args: ['--retry-rejected', ...FAST] });
    expect(retried.code).toBe(1);
    expect(JSON.parse(retried.stdout).receipt.counts.sent).toBe(expected.rejectedCount);
    expect((await checkExactlyOnce(sim.root, expected)).problems).toEqual([]);
  });
});
