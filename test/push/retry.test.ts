import { describe, expect, it } from 'vitest';
import { backoffDelay, classifyError, classifyStatus, parseRetryAfter, RetryBudget, DEFAULT_RETRY_POLICY } from '../../src/push/retry.js';
import { CsdlClient } from '../../src/push/client.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/server.js';

describe('retry policy', () => {
  it('full jitter stays within [0, min(cap, base·2^attempt)] and grows with the attempt', () => {
    const policy = { baseMs: 100, capMs: 1000 };
    expect(backoffDelay(0, policy, () => 0.999)).toBe(99);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(400);
    expect(backoffDelay(10, policy, () => 0.999)).toBe(999);
    expect(backoffDelay(2, policy, () => 0)).toBe(0);
  });

  it('never waits less than Retry-After', () => {
    expect(backoffDelay(0, { baseMs: 100, capMs: 1000 }, () => 0.1, 3000)).toBe(3000);
    expect(backoffDelay(5, { baseMs: 100, capMs: 10_000 }, () => 0.9, 100)).toBe(2880);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  it('classifies answers the way §4.2 says', () => {
    expect(classifyStatus(429, 'QUA_NHIEU_YEU_CAU', 1000)).toEqual({ action: 'retry', reason: 'QUA_NHIEU_YEU_CAU', retryAfterMs: 1000, rateLimited: true });
    expect(classifyStatus(503, 'BAO_TRI', undefined).action).toBe('retry');
    expect(classifyStatus(500, 'LOI_MAY_CHU', undefined).action).toBe('retry');
    expect(classifyStatus(409, 'IDEMPOTENCY_DANG_XU_LY', 1000).action).toBe('retry');
    expect(classifyStatus(409, 'KY_DA_KHOA', undefined).action).toBe('locked');
    expect(classifyStatus(401, 'XAC_THUC_THAT_BAI', undefined).action).toBe('reauth');
    expect(classifyStatus(413, 'LO_QUA_LON', undefined).action).toBe('split');
    expect(classifyStatus(403, 'NGOAI_PHAM_VI', undefined).action).toBe('forbidden');
    expect(classifyStatus(422, 'IDEMPOTENCY_KEY_DA_DUNG', undefined).action).toBe('bug');
    expect(classifyStatus(400, 'LUOC_DO_KHONG_HOP_LE', undefined).action).toBe('bug');
    expect(classifyError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toEqual({ action: 'retry', reason: 'ECONNRESET' });
  });

  it('budgets: per batch for failures, separately for 429, and for the whole run', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3, max429: 2, runBudget: 4 };
    const run = { used: 0 };
    const b = new RetryBudget(policy, run);
    expect(b.take(false)).toBe(0);
    expect(b.take(false)).toBe(1);
    expect(b.take(false)).toBeUndefined(); // 3 attempts = 2 retries
    expect(b.take(true)).toBe(2);
    expect(b.take(true)).toBe(3);
    expect(b.take(true)).toBeUndefined();
    const other = new RetryBudget(policy, run);
    expect(other.take(true)).toBeUndefined(); // the run's 4 retries are spent
  });
});

function simulatorWith(faults: Pick<SimulatorOptions, 'seed' | 'faultRate' | 'faults' | 'retryAfterSeconds'> & Partial<SimulatorOptions>): Promise<RunningSimulator> {
  return startSimulator({ port: 0, clients: [{ id: 'c', secret: 's', schools: ['*'] }], slowMs: 0, tokenTtlSeconds: 3600, rateLimit: 0, maxBatch: 500, lockedYears: [], openapi: {}, ...faults });
}

describe('client against the in-process simulator, fake clock', () => {
  it('honours Retry-After, re-authenticates on an expired token, and stops when the retry budget is spent', async () => {
    const sim = await simulatorWith({ seed: 3, faultRate: 1, faults: ['429', 'token-expiry', '503'], retryAfterSeconds: 7 });
    const waits: number[] = [];
    const client = new CsdlClient({
      baseUrl: sim.url,
      clientId: 'c',
      clientSecret: 's',
      timeoutMs: 5000,
      policy: { ...DEFAULT_RETRY_POLICY, baseMs: 10, capMs: 100 },
      userAgent: 'test',
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 0.5,
    });
    try {
      const body = JSON.stringify({ loai: 'truong', ma_truong: '79000001', nam_hoc: '2025-2026', che_do: 'upsert', ban_ghi: [{ client_ref: '79000001', du_lieu: { name: 'x' } }] });
      // Every request is faulted (rate 1): the three kinds in turn, so the budget ends the attempt.
      await expect(client.submit('k'.repeat(64), body)).rejects.toThrow(/retry budget/);
      // Each 429/503 wait was at least the server's Retry-After (7 s), although backoff alone is ≤ 100 ms.
      expect(waits.length).toBeGreaterThan(3);
      for (const w of waits) expect(w).toBeGreaterThanOrEqual(7000);
      expect(sim.faults.injected['token-expiry']).toBeGreaterThan(0);
      expect(sim.state.listRecords(undefined, undefined)).toEqual([]);
    } finally {
      await client.close();
      await sim.close();
    }
  });

  it('a batch committed whose answer was lost is answered by a replay on the retry: stored once', async () => {
    const sim = await simulatorWith({ seed: 1, faultRate: 0.5, faults: ['drop'], retryAfterSeconds: 1 });
    const client = new CsdlClient({ baseUrl: sim.url, clientId: 'c', clientSecret: 's', timeoutMs: 5000, policy: { ...DEFAULT_RETRY_POLICY, baseMs: 1, capMs: 5 }, userAgent: 'test', sleep: async () => {} });
    try {
      const outcomes: boolean[] = [];
      for (const school of ['79000001', '79000002', '79000003', '79000004']) {
        const body = JSON.stringify({ loai: 'truong', ma_truong: school, nam_hoc: '2025-2026', che_do: 'upsert', ban_ghi: [{ client_ref: school, du_lieu: { name: 'x' } }] });
        const r = await client.submit(`key-${school}-0123456789`, body);
        expect(r.kind).toBe('done');
        if (r.kind === 'done') {
          expect(r.response.ket_qua[0]!.ket_qua).toBe('THEM_MOI');
          outcomes.push(r.replayed);
        }
      }
      expect(outcomes).toContain(true);
      expect(sim.faults.injected.drop).toBeGreaterThan(0);
      const stored = sim.state.listRecords('truong', undefined);
      expect(stored.map((r) => r.writes)).toEqual([1, 1, 1, 1]);
    } finally {
      await client.close();
      await sim.close();
    }
  });

  it('an asynchronous 202 without outcomes: the client reads them from GET /lo/{ma_lo}/ket-qua', async () => {
    const sim = await simulatorWith({ seed: 1, faultRate: 0, faults: [], retryAfterSeconds: 1, asyncOutcomes: true });
    const client = new CsdlClient({ baseUrl: sim.url, clientId: 'c', clientSecret: 's', timeoutMs: 5000, policy: DEFAULT_RETRY_POLICY, userAgent: 'test' });
    try {
      const body = JSON.stringify({ loai: 'truong', ma_truong: '79000009', nam_hoc: '2025-2026', che_do: 'upsert', ban_ghi: [{ client_ref: '79000009', du_lieu: { name: 'x' } }] });
      const r = await client.submit('async-key-0123456789', body);
      expect(r.kind).toBe('done');
      if (r.kind === 'done') expect(r.response.ket_qua).toEqual([{ client_ref: '79000009', index: 0, ket_qua: 'THEM_MOI', ma_dinh_danh: 'TR000000001' }]);
    } finally {
      await client.close();
      await sim.close();
    }
  });
});
