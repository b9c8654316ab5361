/**
 * A period locked mid-run, or a client revoked mid-run, stops `push` with a clear message and exit
 * 3; once the Sở unlocks (or restores the client) the next run resumes and completes — every record
 * exactly once. Also: https only except loopback, and the plan-only default sends nothing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/sqlite.js';
// @ts-expect-error plain ESM harness shared with bench/push.mjs
import { CLIENT, SCHOOL_YEAR, checkExactlyOnce, push, seedStore, simRecords, startSimulator } from '../../bench/push/harness.mjs';
import { runCli, tempDir } from '../helpers/run-cli.js';

const ARGS = ['--batch-size', '50', '--timeout', '2000', '--retry-base-ms', '10', '--retry-cap-ms', '50', '--lang', 'en'];
const stops: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const stop of stops) await stop();
});

async function post(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
}

describe('push stops and resumes', () => {
  it('a period locked mid-run → exit 3 with KY_DA_KHOA; unlocked → the next run completes exactly once', async () => {
    const dir = tempDir('edusync-push-lock-');
    const db = join(dir, 'edusync.db');
    const expected = seedStore(db, { records: 600, seed: 21 });
    const scenario = join(dir, 'scenario.json');
    writeFileSync(scenario, JSON.stringify({ lockAfterBatches: { namHoc: SCHOOL_YEAR, after: 4 } }));
    const sim = await startSimulator(['--scenario', scenario]);
    stops.push(sim.stop);

    // Plan only by default: nothing leaves.
    const plan = await push(db, sim.url, { apply: false, args: ARGS });
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.stdout).applied).toBe(false);
    expect(await simRecords(sim.root)).toEqual([]);

    const first = await push(db, sim.url, { args: ARGS });
    expect(first.code).toBe(3);
    expect(first.stderr).toContain('locked by the Sở (KY_DA_KHOA)');
    expect(first.stderr).toContain('run push again');
    const out = JSON.parse(first.stdout);
    expect(out.receipt.outcome).toBe('stopped');
    expect(out.receipt.counts.batches).toBe(4);

    await post(`${sim.root}/_sim/periods`, { nam_hoc: SCHOOL_YEAR, locked: false });
    const second = await push(db, sim.url, { args: ARGS });
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout).receipt.counts.sent).toBe(expected.total - out.receipt.counts.sent);
    expect((await checkExactlyOnce(sim.root, expected)).problems).toEqual([]);

    // Audit: one row per applied push, with the destination, counts and field keys (never values).
    const conn = openDatabase(db, { readonly: true });
    const audit = conn.prepare(`SELECT destination, record_count, field_list FROM audit_events WHERE action = 'push' ORDER BY id`).all() as Array<{ destination: string; record_count: number; field_list: string }>;
    conn.close();
    expect(audit.map((a) => a.record_count)).toEqual([out.receipt.counts.sent, expected.total - out.receipt.counts.sent]);
    expect(audit[0]!.destination).toBe(sim.url);
    expect(JSON.parse(audit[0]!.field_list)).toContain('fullName');
    expect(JSON.parse(audit[0]!.field_list)).not.toContain('ethnicityCode');
  });

  it('a client revoked mid-run → exit 3 with a clear message; restored → the next run completes exactly once', async () => {
    const dir = tempDir('edusync-push-revoke-');
    const db = join(dir, 'edusync.db');
    const expected = seedStore(db, { records: 400, seed: 22 });
    const scenario = join(dir, 'scenario.json');
    writeFileSync(scenario, JSON.stringify({ revokeAfterBatches: { clientId: CLIENT.id, after: 3 } }));
    const sim = await startSimulator(['--scenario', scenario]);
    stops.push(sim.stop);
    const first = await push(db, sim.url, { args: ARGS });
    expect(first.code).toBe(3);
    expect(first.stderr).toContain('refused the client credentials');
    await post(`${sim.root}/_sim/clients`, { id: CLIENT.id, revoked: false });
    const second = await push(db, sim.url, { args: ARGS });
    expect(second.code, second.stderr).toBe(0);
    expect((await checkExactlyOnce(sim.root, expected)).problems).toEqual([]);
  });

  it('refuses plain http to anything but loopback, and a push without credentials', async () => {
    const dir = tempDir('edusync-push-url-');
    const db = join(dir, 'edusync.db');
    seedStore(db, { records: 100, seed: 23 });
    const http = await push(db, 'http://example.test/api/v1', { args: ARGS });
    expect(http.code).toBe(2);
    expect(http.stderr).toContain('must use https');
    const noSecret = await push(db, 'https://example.test/api/v1', { args: ARGS, env: { EDUSYNC_PUSH_CLIENT_SECRET: '' } });
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toContain('Missing credentials');
  });

  it('a batch larger than the server takes (413 LO_QUA_LON) is split and still delivered exactly once', async () => {
    const dir = tempDir('edusync-push-split-');
    const db = join(dir, 'edusync.db');
    const expected = seedStore(db, { records: 200, seed: 24 });
    const scenario = join(dir, 'scenario.json');
    writeFileSync(scenario, JSON.stringify({ maxBatch: 10 }));
    const sim = await startSimulator(['--scenario', scenario]);
    stops.push(sim.stop);
    const run = await push(db, sim.url, { args: ['--batch-size', '25', '--timeout', '2000', '--lang', 'en'] });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('"event":"split"');
    const receipt = JSON.parse(run.stdout).receipt;
    expect(Math.max(...receipt.batches.map((b: { records: number }) => b.records))).toBeLessThanOrEqual(10);
    expect((await checkExactlyOnce(sim.root, expected)).problems).toEqual([]);
  });

  it('--retry-rejected resends a wholly rejected batch under a new key: processed again, not replayed', async () => {
    const dir = tempDir('edusync-push-retry-');
    const db = join(dir, 'edusync.db');
    const expected = seedStore(db, { records: 120, seed: 25, rejectEvery: 1 });
    const sim = await startSimulator();
    stops.push(sim.stop);
    const first = await push(db, sim.url, { args: ARGS });
    expect(first.code).toBe(1);
    const retried = await push(db, sim.url, { args: ['--retry-rejected', ...ARGS] });
    expect(retried.code).toBe(1);
    const receipt = JSON.parse(retried.stdout).receipt;
    expect(receipt.counts.sent).toBe(expected.rejectedCount);
    expect(receipt.counts.replayed_batches).toBe(0);
    expect(receipt.counts.rejected).toBe(expected.rejectedCount);
    expect((await checkExactlyOnce(sim.root, expected)).problems).toEqual([]);
  });

  it('a config target: its url and fields list; a sensitive field goes only when the list names it', async () => {
    const dir = tempDir('edusync-push-config-');
    const db = join(dir, 'edusync.db');
    seedStore(db, { records: 100, seed: 26 });
    const config = join(dir, 'edusync.config.json');
    writeFileSync(config, JSON.stringify({ targets: [{ name: 'so-gd', url: 'https://csdl.example.test/api/v1', fields: ['fullName', 'ethnicityCode'], clientIdEnv: 'SO_GD_ID', clientSecretEnv: 'SO_GD_SECRET' }] }));
    const r = await runCli(['push', '--db', db, '--config', config, '--target', 'so-gd', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.url).toBe('https://csdl.example.test/api/v1');
    expect(out.sensitiveSent).toEqual(['ethnicityCode']);
    expect(out.fields).toContain('ethnicityCode');
    expect(out.fields).not.toContain('dateOfBirth');
    expect(out.fields).not.toContain('religionCode');
    expect(out.optInWithheld).toEqual([]);
    // --apply needs the credentials from the variables the target names.
    const apply = await runCli(['push', '--db', db, '--config', config, '--target', 'so-gd', '--apply', '--lang', 'en']);
    expect(apply.code).toBe(2);
    expect(apply.stderr).toContain('$SO_GD_SECRET');
  });

  it('a target with tokenEnv sends with that pre-issued token (no client secret needed); a refused token names the variable, exit 3', async () => {
    const dir = tempDir('edusync-push-token-');
    const db = join(dir, 'edusync.db');
    const expected = seedStore(db, { records: 120, seed: 27 });
    const sim = await startSimulator();
    stops.push(sim.stop);
    const res = await fetch(`${sim.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT.id, client_secret: CLIENT.secret }).toString(),
    });
    const token = ((await res.json()) as { access_token: string }).access_token;
    const config = join(dir, 'edusync.config.json');
    writeFileSync(config, JSON.stringify({ targets: [{ name: 'cong-so', url: sim.url, tokenEnv: 'CONG_SO_TOKEN' }] }));
    const noCredentials = { EDUSYNC_PUSH_CLIENT_ID: '', EDUSYNC_PUSH_CLIENT_SECRET: '' };
    const args = ['push', '--db', db, '--config', config, '--target', 'cong-so', '--apply', '--format', 'json', ...ARGS];

    const unset = await runCli(args, { env: { ...noCredentials, CONG_SO_TOKEN: '' } });
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain('$CONG_SO_TOKEN');

    const refused = await runCli(args, { env: { ...noCredentials, CONG_SO_TOKEN: 'not-a-token' } });
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr).toContain('$CONG_SO_TOKEN');
    expect(refused.stderr).not.toContain('not-a-token');

    const sent = await runCli(args, { env: { ...noCredentials, CONG_SO_TOKEN: token } });
    expect(sent.code, sent.stderr).toBe(expected.rejectedCount > 0 ? 1 : 0);
    expect(JSON.parse(sent.stdout).receipt.counts.sent).toBe(expected.total);
    expect((await checkExactlyOnce(sim.root, expected)).problems).toEqual([]);
  });
});
