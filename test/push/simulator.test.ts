/**
 * The simulator against its contract (docs/csdl-api.openapi.json), in process: tokens, the
 * Idempotency-Key rules of §2.7, limits, tenancy, per-record outcomes with RFC 9457 problems,
 * server-assigned ids, and the inspection endpoint. One spawned run checks SIGTERM and --db.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
// @ts-expect-error plain ESM harness shared with bench/push.mjs
import { startSimulator as spawnSimulator } from '../../bench/push/harness.mjs';
import { ROOT, runCli, tempDir } from '../helpers/run-cli.js';
import { createServer, type AddressInfo } from 'node:net';

const openapi = JSON.parse(readFileSync(join(ROOT, 'docs', 'csdl-api.openapi.json'), 'utf8')) as { openapi: string; paths: Record<string, unknown> };
let sim: RunningSimulator;
let token: string;

beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    clients: [
      { id: 'school-a', secret: 'sa', schools: ['79000001'] },
      { id: 'other', secret: 'so', schools: ['79000002'] },
    ],
    seed: 1,
    faultRate: 0,
    faults: [],
    retryAfterSeconds: 1,
    slowMs: 0,
    tokenTtlSeconds: 3600,
    rateLimit: 0,
    maxBatch: 500,
    lockedYears: ['2024-2025'],
    openapi,
  });
  const res = await fetch(`${sim.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials&client_id=school-a&client_secret=sa' });
  token = ((await res.json()) as { access_token: string }).access_token;
});
afterAll(async () => {
  await sim.close();
});

function lo(body: unknown, key: string | undefined, auth = token): Promise<Response> {
  return fetch(`${sim.url}/lo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${auth}`, ...(key ? { 'idempotency-key': key } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const school = { loai: 'truong', ma_truong: '79000001', nam_hoc: '2025-2026', che_do: 'upsert', ban_ghi: [{ client_ref: '79000001', du_lieu: { name: 'Trường Thử' } }] };

describe('simulator contract', () => {
  it('serves its OpenAPI 3.1 document', async () => {
    const doc = (await (await fetch(`${sim.url.replace('/api/v1', '')}/openapi.json`)).json()) as typeof openapi;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/oauth/token', '/lo', '/lo/{ma_lo}/ket-qua', '/_sim/records']));
  });

  it('client credentials: a wrong secret is invalid_client; no token is 401 XAC_THUC_THAT_BAI', async () => {
    const bad = await fetch(`${sim.url}/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'school-a', client_secret: 'nope' }) });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { error: string }).error).toBe('invalid_client');
    const res = await lo(school, 'a'.repeat(32), 'no-such-token');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await res.json()) as { ma_loi: string }).ma_loi).toBe('XAC_THUC_THAT_BAI');
  });

  it('Idempotency-Key: required; same key + same body replays; same key + other body is 422', async () => {
    expect((await lo(school, undefined)).status).toBe(400);
    const key = 'b'.repeat(64);
    const first = await lo(school, key);
    expect(first.status).toBe(202);
    const body = (await first.json()) as { ma_lo: string; ket_qua: Array<{ ket_qua: string; ma_dinh_danh: string }> };
    expect(body.ket_qua[0]).toMatchObject({ ket_qua: 'THEM_MOI', ma_dinh_danh: 'TR000000001' });
    const again = await lo(school, key);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(body);
    const other = await lo({ ...school, ban_ghi: [{ client_ref: '79000001', du_lieu: { name: 'Khác' } }] }, key);
    expect(other.status).toBe(422);
    expect(((await other.json()) as { ma_loi: string }).ma_loi).toBe('IDEMPOTENCY_KEY_DA_DUNG');
    // By content: the same record under a new key is KHONG_DOI (duplicate), not a second write.
    const dup = (await (await lo(school, 'c'.repeat(64))).json()) as { ket_qua: Array<{ ket_qua: string }> };
    expect(dup.ket_qua[0]!.ket_qua).toBe('KHONG_DOI');
  });

  it('per-record outcomes: parents first, rule errors as RFC 9457 problems with masked values; others unaffected', async () => {
    await lo({ loai: 'lop', ma_truong: '79000001', nam_hoc: '2025-2026', ban_ghi: [{ client_ref: '6A1', du_lieu: {} }] }, 'd'.repeat(64));
    const res = await lo(
      {
        loai: 'hoc_sinh',
        ma_truong: '79000001',
        nam_hoc: '2025-2026',
        ban_ghi: [
          { client_ref: 'hs1', tham_chieu: { ma_lop: '6A1' }, du_lieu: { fullName: 'Học Sinh Thử', personalId: '079213000001', dateOfBirth: '2013-02-03' } },
          { client_ref: 'hs2', tham_chieu: { ma_lop: '9Z9' }, du_lieu: { fullName: 'Học Sinh Thử' } },
          { client_ref: 'hs3', tham_chieu: { ma_lop: '6A1' }, du_lieu: { fullName: 'Học Sinh Thử', personalId: '79213000001' } },
          { client_ref: 'hs4', tham_chieu: { ma_lop: '6A1' }, du_lieu: { fullName: 'Học Sinh Thử', dateOfBirth: '2013-02-30' } },
          { client_ref: 'hs1', tham_chieu: { ma_lop: '6A1' }, du_lieu: { fullName: 'Học Sinh Thử' } },
          { client_ref: 'hs5', tham_chieu: { ma_lop: '6A1' }, du_lieu: { fullName: 'Học Sinh Thử', personalId: '079213000001' } },
        ],
      },
      'e'.repeat(64),
    );
    const body = (await res.json()) as { trang_thai: string; dem: Record<string, number>; ket_qua: Array<{ client_ref: string; ket_qua: string; loi?: { ma_loi: string; status: number; type: string; gia_tri_che?: string } }> };
    expect(body.trang_thai).toBe('HOAN_THANH_CO_LOI');
    expect(body.ket_qua.map((o) => [o.client_ref, o.ket_qua, o.loi?.ma_loi])).toEqual([
      ['hs1', 'THEM_MOI', undefined],
      ['hs2', 'TU_CHOI', 'THAM_CHIEU_KHONG_TON_TAI'],
      ['hs3', 'TU_CHOI', 'DINH_DANH_SAI_DINH_DANG'],
      ['hs4', 'TU_CHOI', 'NGAY_KHONG_HOP_LE'],
      ['hs1', 'TU_CHOI', 'TRUNG_TRONG_LO'],
      ['hs5', 'TU_CHOI', 'TRUNG_VOI_HS_KHAC'],
    ]);
    expect(body.ket_qua[2]!.loi).toMatchObject({ status: 422, type: 'https://csdl.example.test/loi/DINH_DANH_SAI_DINH_DANG', gia_tri_che: '•••••••0001' });
    expect(JSON.stringify(body)).not.toContain('79213000001');
    expect(body.dem).toEqual({ nhan: 6, them_moi: 1, cap_nhat: 0, khong_doi: 0, tu_choi: 5 });
  });

  it('limits, tenancy and period locks', async () => {
    const big = { ...school, ban_ghi: Array.from({ length: 501 }, (_, i) => ({ client_ref: `r${i}`, du_lieu: {} })) };
    const tooMany = await lo(big, 'f'.repeat(64));
    expect(tooMany.status).toBe(413);
    expect(await tooMany.json()).toMatchObject({ ma_loi: 'LO_QUA_LON', max_ban_ghi: 500 });
    const foreign = await lo({ ...school, ma_truong: '79000002', ban_ghi: [{ client_ref: '79000002', du_lieu: {} }] }, 'g'.repeat(64));
    expect(foreign.status).toBe(403);
    const locked = await lo({ ...school, nam_hoc: '2024-2025' }, 'h'.repeat(64));
    expect(locked.status).toBe(409);
    expect(((await locked.json()) as { ma_loi: string }).ma_loi).toBe('KY_DA_KHOA');
    expect((await lo('{not json', 'i'.repeat(64))).status).toBe(400);
  });

  it('rate limit: over N write requests a second → 429 QUA_NHIEU_YEU_CAU with Retry-After', async () => {
    const limited = await startSimulator({ port: 0, clients: [{ id: 'r', secret: 'r', schools: ['*'] }], seed: 1, faultRate: 0, faults: [], retryAfterSeconds: 2, slowMs: 0, tokenTtlSeconds: 3600, rateLimit: 1, maxBatch: 500, lockedYears: [], openapi });
    try {
      const t = await fetch(`${limited.url}/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'r', client_secret: 'r' }) });
      const access = ((await t.json()) as { access_token: string }).access_token;
      const send = (key: string) =>
        fetch(`${limited.url}/lo`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${access}`, 'idempotency-key': key }, body: JSON.stringify(school) });
      expect((await send('k'.repeat(64))).status).toBe(202);
      const second = await send('l'.repeat(64));
      expect(second.status).toBe(429);
      expect(second.headers.get('retry-after')).toBe('2');
      expect(((await second.json()) as { ma_loi: string }).ma_loi).toBe('QUA_NHIEU_YEU_CAU');
    } finally {
      await limited.close();
    }
  });

  it('GET /_sim/records lists every stored record with its delivery and write counts', async () => {
    const res = (await (await fetch(`${sim.url.replace('/api/v1', '')}/_sim/records?kind=students`)).json()) as { count: number; records: Array<Record<string, unknown>> };
    expect(res.count).toBe(1);
    // hs1 came twice in its batch (the second copy rejected as TRUNG_TRONG_LO): delivered twice, written once.
    expect(res.records[0]).toMatchObject({ kind: 'hoc_sinh', school: '79000001', client_ref: 'hs1', server_id: 'HS000000001', writes: 1, deliveries: 2 });
    const schools = (await (await fetch(`${sim.url.replace('/api/v1', '')}/_sim/records?kind=truong`)).json()) as { records: Array<{ deliveries: number; writes: number }> };
    // Reached the server five times (first, replay, 422 other body, new key same content, locked year), written once.
    expect(schools.records[0]).toMatchObject({ deliveries: 5, writes: 1 });
  });

  it('a port in use or out of range is a usage error (exit 2) naming the port, not a crash', async () => {
    const held = createServer();
    await new Promise<void>((r) => held.listen(0, '127.0.0.1', () => r()));
    const port = (held.address() as AddressInfo).port;
    try {
      const busy = await runCli(['simulator', '--port', String(port), '--lang', 'en']);
      expect(busy.code).toBe(2);
      expect(busy.stderr).toContain(`Cannot open port ${port} on 127.0.0.1 (another program is using it)`);
      expect((await runCli(['simulator', '--port', '70000'])).code).toBe(2);
    } finally {
      held.close();
    }
  });

  it('as a process: prints its URL first, keeps --db state across a restart, stops cleanly on SIGTERM', async () => {
    const db = join(tempDir('edusync-sim-'), 'sim.db');
    const first = await spawnSimulator(['--db', db]);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    const tok = await fetch(`${first.url}/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'bench-client', client_secret: 'bench-secret-not-real' }) });
    const access = ((await tok.json()) as { access_token: string }).access_token;
    const sent = await fetch(`${first.url}/lo`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${access}`, 'idempotency-key': 'j'.repeat(64) }, body: JSON.stringify(school) });
    expect(sent.status).toBe(202);
    expect(await first.stop()).toBe(0);
    const second = await spawnSimulator(['--db', db]);
    try {
      const records = (await (await fetch(`${second.root}/_sim/records`)).json()) as { count: number };
      expect(records.count).toBe(1);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });
});
