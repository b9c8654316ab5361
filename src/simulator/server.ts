/**
 * `edusync simulator`: a real HTTP server on 127.0.0.1 implementing the proposed csdl-style
 * contract (docs/csdl-api.openapi.json) with its own SQLite state and seeded fault injection.
 * Writes are processed synchronously: `POST /api/v1/lo` answers 202 with the batch already
 * finished and its per-record outcomes inline (the contract allows a server to do so).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { KINDS, KIND_ENTITY, MAX_BATCH_BYTES, PROBLEM_BASE, type BatchBody, type BatchResponse, type Kind } from '../push/contract.js';
import { processBatch } from './batch.js';
import { FaultPlan, type FaultKind } from './faults.js';
import { sha256, SimState, type SimClient } from './state.js';
import { UsageError } from '../errors.js';

export interface SimulatorOptions {
  port: number;
  dbFile?: string | undefined;
  clients: SimClient[];
  seed: number;
  faultRate: number;
  faults: FaultKind[];
  retryAfterSeconds: number;
  slowMs: number;
  tokenTtlSeconds: number;
  /** Write requests per second per client before 429 (0 = no limit). */
  rateLimit: number;
  maxBatch: number;
  /** Answer 202 without the outcomes (as an asynchronous server would): clients read GET /lo/{ma_lo}/ket-qua. */
  asyncOutcomes?: boolean | undefined;
  lockedYears: string[];
  /** Lock this school year once this many batches have been committed (a period that locks mid-run). */
  lockAfterBatches?: { namHoc: string; after: number } | undefined;
  /** Revoke this client once this many batches have been committed. */
  revokeAfterBatches?: { clientId: string; after: number } | undefined;
  openapi: unknown;
}

export interface RunningSimulator {
  url: string;
  state: SimState;
  faults: FaultPlan;
  close(): Promise<void>;
}

const TITLES: Record<string, string> = {
  XAC_THUC_THAT_BAI: 'Xác thực thất bại',
  NGOAI_PHAM_VI: 'Ngoài phạm vi của tài khoản',
  IDEMPOTENCY_KEY_THIEU: 'Thiếu Idempotency-Key',
  IDEMPOTENCY_KEY_DA_DUNG: 'Idempotency-Key đã dùng cho nội dung khác',
  IDEMPOTENCY_DANG_XU_LY: 'Yêu cầu cùng Idempotency-Key đang được xử lý',
  LO_QUA_LON: 'Lô dữ liệu quá lớn',
  DINH_DANG_KHONG_HO_TRO: 'Định dạng không hỗ trợ',
  LUOC_DO_KHONG_HOP_LE: 'Nội dung không đúng lược đồ',
  KY_DA_KHOA: 'Kỳ dữ liệu đã khoá',
  QUA_NHIEU_YEU_CAU: 'Quá nhiều yêu cầu',
  BAO_TRI: 'Hệ thống đang bảo trì',
  LOI_MAY_CHU: 'Lỗi máy chủ',
  CONG_LOI: 'Cổng kết nối lỗi',
  KHONG_TIM_THAY: 'Không tìm thấy',
};

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, type = 'application/json; charset=utf-8'): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function problem(res: ServerResponse, status: number, code: string, detail: string, headers: Record<string, string> = {}, extra: Record<string, unknown> = {}): void {
  send(
    res,
    status,
    { type: `${PROBLEM_BASE}${code}`, title: TITLES[code] ?? code, status, detail, ma_loi: code, ...extra },
    headers,
    'application/problem+json; charset=utf-8',
  );
}

class TooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new TooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isBatchBody(v: unknown): v is BatchBody {
  if (v === null || typeof v !== 'object') return false;
  const b = v as Partial<BatchBody>;
  return (
    typeof b.loai === 'string' &&
    (KINDS as readonly string[]).includes(b.loai) &&
    typeof b.ma_truong === 'string' &&
    typeof b.nam_hoc === 'string' &&
    /^\d{4}-\d{4}$/.test(b.nam_hoc) &&
    Array.isArray(b.ban_ghi) &&
    b.ban_ghi.every((r) => r !== null && typeof r === 'object' && typeof r.client_ref === 'string' && r.client_ref !== '' && typeof r.du_lieu === 'object')
  );
}

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const state = new SimState(options.dbFile);
  for (const c of options.clients) state.addClient(c);
  for (const y of options.lockedYears) state.setLocked(y, true);
  const faults = new FaultPlan({ seed: options.seed, rate: options.faultRate, kinds: options.faults });
  const windows = new Map<string, { start: number; count: number }>();
  let committed = 0;
  const sockets = new Set<Socket>();
  const stats = { requests: 0, writes: 0, replays: 0 };

  function rateLimited(clientId: string, now: number): boolean {
    if (options.rateLimit <= 0) return false;
    const w = windows.get(clientId);
    if (w === undefined || now - w.start >= 1000) {
      windows.set(clientId, { start: now, count: 1 });
      return false;
    }
    w.count++;
    return w.count > options.rateLimit;
  }

  function bearer(req: IncomingMessage): { token: string; client: { id: string; schools: string[] } } | undefined {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (m === null) return undefined;
    const client = state.tokenClient(m[1]!, Date.now());
    return client === undefined ? undefined : { token: m[1]!, client };
  }

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await readBody(req, 64 * 1024));
    let id = form.get('client_id') ?? '';
    let secret = form.get('client_secret') ?? '';
    const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (basic !== null) {
      const [u, p] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':');
      id = decodeURIComponent(u ?? '');
      secret = decodeURIComponent(p ?? '');
    }
    if (form.get('grant_type') !== 'client_credentials') {
      send(res, 400, { error: 'unsupported_grant_type' });
      return;
    }
    const client = state.authenticate(id, secret);
    if (client === undefined) {
      send(res, 401, { error: 'invalid_client', error_description: 'Sai mã hoặc khoá bí mật, hoặc tài khoản đã bị thu hồi.' }, { 'WWW-Authenticate': 'Basic realm="csdl"' });
      return;
    }
    const accessToken = state.issueToken(client.id, options.tokenTtlSeconds * 1000, Date.now());
    send(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: options.tokenTtlSeconds, scope: 'lop.write giao_vien.write hoc_sinh.write kqht.write' }, { 'Cache-Control': 'no-store' });
  }

  function replay(res: ServerResponse, status: number, body: string): void {
    stats.replays++;
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Idempotent-Replayed': 'true' });
    res.end(body);
  }

  async function submit(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const auth = bearer(req);
    if (auth === undefined) return problem(res, 401, 'XAC_THUC_THAT_BAI', 'Mã truy cập thiếu, sai hoặc đã hết hạn.', { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
    const key = String(req.headers['idempotency-key'] ?? '');
    if (key === '') return problem(res, 400, 'IDEMPOTENCY_KEY_THIEU', 'Mọi yêu cầu ghi phải có Idempotency-Key.');
    if (!/^[A-Za-z0-9_.:-]{16,255}$/.test(key)) return problem(res, 400, 'IDEMPOTENCY_KEY_THIEU', 'Idempotency-Key phải là UUID hoặc 64 ký tự hex.');
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return problem(res, 415, 'DINH_DANG_KHONG_HO_TRO', 'Chỉ nhận application/json.');
    let raw: string;
    try {
      raw = await readBody(req, MAX_BATCH_BYTES);
    } catch (e) {
      if (e instanceof TooLarge) return problem(res, 413, 'LO_QUA_LON', 'Mỗi lô tối đa 2 MiB.', {}, { max_ban_ghi: options.maxBatch });
      throw e;
    }
    const now = Date.now();
    if (rateLimited(auth.client.id, now)) {
      return problem(res, 429, 'QUA_NHIEU_YEU_CAU', `Tối đa ${options.rateLimit} yêu cầu mỗi giây.`, { 'Retry-After': String(options.retryAfterSeconds) });
    }
    const fault = faults.draw();
    if (fault === '429') return problem(res, 429, 'QUA_NHIEU_YEU_CAU', 'Quá nhiều yêu cầu (giả lập).', { 'Retry-After': String(options.retryAfterSeconds) });
    if (fault === '500') return problem(res, 500, 'LOI_MAY_CHU', 'Lỗi máy chủ (giả lập).');
    if (fault === '502') return problem(res, 502, 'CONG_LOI', 'Cổng kết nối lỗi (giả lập).');
    if (fault === '503') return problem(res, 503, 'BAO_TRI', 'Bảo trì (giả lập).', { 'Retry-After': String(options.retryAfterSeconds) });
    if (fault === 'token-expiry') {
      state.revokeToken(auth.token);
      return problem(res, 401, 'XAC_THUC_THAT_BAI', 'Mã truy cập đã hết hạn.', { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return problem(res, 400, 'LUOC_DO_KHONG_HOP_LE', 'Nội dung không phải JSON.');
    }
    if (!isBatchBody(body)) return problem(res, 400, 'LUOC_DO_KHONG_HOP_LE', 'Lô cần loai, ma_truong, nam_hoc (YYYY-YYYY) và ban_ghi[] có client_ref, du_lieu.');
    if (body.ban_ghi.length === 0) return problem(res, 400, 'LUOC_DO_KHONG_HOP_LE', 'Lô rỗng.');
    if (body.ban_ghi.length > options.maxBatch) {
      return problem(res, 413, 'LO_QUA_LON', `Mỗi lô tối đa ${options.maxBatch} bản ghi; lô này có ${body.ban_ghi.length}.`, {}, { max_ban_ghi: options.maxBatch });
    }
    if (!auth.client.schools.includes('*') && !auth.client.schools.includes(body.ma_truong)) {
      return problem(res, 403, 'NGOAI_PHAM_VI', 'Tài khoản không được ghi dữ liệu của trường này.');
    }
    const batch = body;
    const fingerprint = sha256(raw);
    const deliver = (): boolean => {
      state.countDeliveries(batch.loai, batch.ma_truong, batch.ban_ghi.map((r) => r.client_ref));
      const known = state.idempotency(auth.client.id, key);
      if (known === undefined) return false;
      if (known.fingerprint !== fingerprint) {
        problem(res, 422, 'IDEMPOTENCY_KEY_DA_DUNG', 'Idempotency-Key này đã được dùng cho một nội dung khác.');
      } else if (known.state === 'running') {
        problem(res, 409, 'IDEMPOTENCY_DANG_XU_LY', 'Yêu cầu cùng khoá đang được xử lý; thử lại sau.', { 'Retry-After': '1' });
      } else {
        replay(res, known.status ?? 202, known.body ?? '{}');
      }
      return true;
    };
    if (deliver()) return;
    if (state.isLocked(batch.nam_hoc)) {
      return problem(res, 409, 'KY_DA_KHOA', `Kỳ dữ liệu năm học ${batch.nam_hoc} đã bị Sở khoá; không nhận ghi.`);
    }
    state.beginIdempotent(auth.client.id, key, fingerprint, now);
    if (fault === 'slow') await sleep(options.slowMs);
    let response: BatchResponse;
    try {
      response = state.db.transaction(() => {
        const r = processBatch(state, auth.client.id, batch, Date.now());
        const answer: BatchResponse = options.asyncOutcomes === true ? { ...r, ket_qua: undefined } : r;
        state.finishIdempotent(auth.client.id, key, 202, JSON.stringify(answer));
        return answer;
      })();
    } catch (e) {
      state.forgetIdempotent(auth.client.id, key);
      throw e;
    }
    stats.writes++;
    committed++;
    if (options.lockAfterBatches && committed === options.lockAfterBatches.after) state.setLocked(options.lockAfterBatches.namHoc, true);
    if (options.revokeAfterBatches && committed === options.revokeAfterBatches.after) state.setClientRevoked(options.revokeAfterBatches.clientId, true);
    const text = JSON.stringify(response);
    if (fault === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault === 'reset') {
      res.writeHead(202, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
      res.write(text.slice(0, Math.floor(text.length / 2)), () => req.socket.destroy());
      return;
    }
    if (fault === 'duplicate' && deliver()) return;
    send(res, 202, response, { Location: `/api/v1/lo/${response.ma_lo}` });
  }

  function batchRead(res: ServerResponse, clientId: string, maLo: string, part: string | undefined): void {
    const row = state.db.prepare('SELECT response FROM batches WHERE ma_lo = ? AND client_id = ?').get(maLo, clientId) as { response: string } | undefined;
    if (row === undefined) return problem(res, 404, 'KHONG_TIM_THAY', 'Không có lô này.');
    const r = JSON.parse(row.response) as BatchResponse;
    if (part === undefined) return send(res, 200, { ...r, ket_qua: undefined });
    const items = part === 'loi' ? (r.ket_qua ?? []).filter((o) => o.ket_qua === 'TU_CHOI') : (r.ket_qua ?? []);
    send(res, 200, { items, next_cursor: null });
  }

  function inspect(url: URL, res: ServerResponse): void {
    const kindParam = url.searchParams.get('kind') ?? undefined;
    let kind: Kind | undefined;
    if (kindParam !== undefined) {
      kind = KINDS.find((k) => k === kindParam || KIND_ENTITY[k].plural === kindParam || KIND_ENTITY[k].entity === kindParam);
      if (kind === undefined) return problem(res, 400, 'LUOC_DO_KHONG_HOP_LE', `kind phải là một trong ${KINDS.join(', ')} hoặc ${KINDS.map((k) => KIND_ENTITY[k].plural).join(', ')}.`);
    }
    const records = state.listRecords(kind, url.searchParams.get('school') ?? undefined);
    send(res, 200, { count: records.length, records });
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.requests++;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    if (method === 'GET' && (path === '/openapi.json' || path === '/api/v1/openapi.json')) return send(res, 200, options.openapi);
    if (method === 'POST' && path === '/api/v1/oauth/token') return token(req, res);
    if (method === 'POST' && path === '/api/v1/lo') return submit(req, res);
    const lo = /^\/api\/v1\/lo\/([A-Za-z0-9-]+)(?:\/(ket-qua|loi))?$/.exec(path);
    if (method === 'GET' && lo !== null) {
      const auth = bearer(req);
      if (auth === undefined) return problem(res, 401, 'XAC_THUC_THAT_BAI', 'Mã truy cập thiếu, sai hoặc đã hết hạn.');
      return batchRead(res, auth.client.id, lo[1]!, lo[2]);
    }
    if (method === 'GET' && path === '/_sim/records') return inspect(url, res);
    if (method === 'GET' && path === '/_sim/stats') return send(res, 200, { ...stats, committed, faults: faults.injected });
    if (method === 'POST' && path === '/_sim/periods') {
      const b = JSON.parse(await readBody(req, 4096)) as { nam_hoc?: string; locked?: boolean };
      if (typeof b.nam_hoc !== 'string') return problem(res, 400, 'LUOC_DO_KHONG_HOP_LE', 'Cần nam_hoc.');
      state.setLocked(b.nam_hoc, b.locked !== false);
      return send(res, 200, { nam_hoc: b.nam_hoc, locked: b.locked !== false });
    }
    if (method === 'POST' && path === '/_sim/clients') {
      const b = JSON.parse(await readBody(req, 4096)) as { id?: string; revoked?: boolean };
      if (typeof b.id !== 'string' || !state.setClientRevoked(b.id, b.revoked !== false)) return problem(res, 404, 'KHONG_TIM_THAY', 'Không có client này.');
      return send(res, 200, { id: b.id, revoked: b.revoked !== false });
    }
    problem(res, 404, 'KHONG_TIM_THAY', `Không có ${method} ${path}.`);
  }

  const server: Server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) problem(res, 500, 'LOI_MAY_CHU', error instanceof Error ? error.message : 'error');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      // A port another program holds (or one this user may not open) is the operator's to change.
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
        reject(
          new UsageError({
            vi: `Không mở được cổng ${options.port} trên 127.0.0.1 (${error.code === 'EADDRINUSE' ? 'đang có chương trình khác dùng' : 'không đủ quyền'}): chọn cổng khác bằng --port, hoặc --port 0 để lấy một cổng trống.`,
            en: `Cannot open port ${options.port} on 127.0.0.1 (${error.code === 'EADDRINUSE' ? 'another program is using it' : 'permission denied'}): choose another with --port, or --port 0 for a free one.`,
          }),
        );
      } else reject(error);
    });
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/api/v1`,
    state,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => {
          state.close();
          resolve();
        });
      }),
  };
}
