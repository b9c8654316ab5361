/**
 * HTTP client for the csdl-style endpoint (undici): client-credentials token refreshed at half its
 * lifetime, one POST per batch with its Idempotency-Key, a per-request timeout, and the retry
 * policy of retry.ts. The same key and the same body bytes go out on every retry. Nothing here
 * logs values: callers get reason codes only.
 */
import { Agent, request, type Dispatcher } from 'undici';
import { ConfigError, InternalError, NetworkError } from '../errors.js';
import type { BatchResponse, RecordOutcome } from './contract.js';
import { backoffDelay, classifyError, classifyStatus, parseRetryAfter, RetryBudget, type RetryPolicy, type Verdict } from './retry.js';

export interface ClientOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /**
   * A bearer token issued beforehand (targets[].tokenEnv) instead of the client-credentials grant:
   * used as is, never refreshed; a 401 ends the run and names the variable to renew.
   */
  staticToken?: { value: string; env: string } | undefined;
  timeoutMs: number;
  policy: RetryPolicy;
  userAgent: string;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  onRetry?: (info: { reason: string; delayMs: number; attempt: number }) => void;
}

export type SubmitResult = { kind: 'done'; response: BatchResponse & { ket_qua: RecordOutcome[] }; replayed: boolean } | { kind: 'split' };

export class PeriodLockedError extends NetworkError {}
export class AuthError extends NetworkError {}

interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export class CsdlClient {
  private token: { value: string; refreshAt: number } | undefined;
  private readonly agent: Agent;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;
  readonly runBudget = { used: 0 };

  constructor(private readonly options: ClientOptions) {
    // Idle sockets are dropped before the server's keep-alive timeout, so a reused socket is rarely one the server just closed.
    this.agent = new Agent({ keepAliveTimeout: 2000, connect: { timeout: options.timeoutMs } });
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private url(path: string): string {
    return `${this.options.baseUrl.replace(/\/+$/, '')}${path}`;
  }

  private async http(method: Dispatcher.HttpMethod, path: string, headers: Record<string, string>, body?: string): Promise<HttpAnswer> {
    const res = await request(this.url(path), {
      method,
      headers: { 'user-agent': this.options.userAgent, 'x-client-version': this.options.userAgent, ...headers },
      body,
      dispatcher: this.agent,
      headersTimeout: this.options.timeoutMs,
      bodyTimeout: this.options.timeoutMs,
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers, text };
  }

  /** A bearer token, fetched (with retries on transport errors and 5xx) when missing or past half its life. */
  async bearer(force = false): Promise<string> {
    const fixed = this.options.staticToken;
    if (fixed !== undefined) {
      if (!force) return fixed.value;
      throw new AuthError({
        vi: `Máy chủ từ chối mã truy cập trong $${fixed.env} (401): mã đã hết hạn hoặc bị thu hồi. Đặt mã mới vào biến này rồi chạy lại push: phần chưa gửi sẽ được gửi tiếp.`,
        en: `The server refused the token in $${fixed.env} (401): it expired or was revoked. Put a fresh token in that variable and run push again: it resumes where it stopped.`,
      });
    }
    if (!force && this.token !== undefined && this.now() < this.token.refreshAt) return this.token.value;
    const budget = new RetryBudget(this.options.policy, this.runBudget);
    for (;;) {
      let verdict: Verdict;
      try {
        const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: this.options.clientId, client_secret: this.options.clientSecret });
        const res = await this.http('POST', '/oauth/token', { 'content-type': 'application/x-www-form-urlencoded' }, form.toString());
        if (res.status === 200) {
          const t = JSON.parse(res.text) as { access_token?: string; expires_in?: number };
          if (typeof t.access_token !== 'string') throw new InternalError({ vi: 'Máy chủ trả mã truy cập không hợp lệ.', en: 'The server returned an invalid token.' });
          this.token = { value: t.access_token, refreshAt: this.now() + ((t.expires_in ?? 3600) * 1000) / 2 };
          return t.access_token;
        }
        if (res.status === 400 || res.status === 401) {
          throw new AuthError({
            vi: `Máy chủ từ chối tài khoản ứng dụng (client_id) — sai khoá bí mật hoặc tài khoản đã bị thu hồi (${res.status}). Liên hệ Sở để cấp lại, rồi chạy lại push: phần chưa gửi sẽ được gửi tiếp.`,
            en: `The server refused the client credentials — wrong secret or the client was revoked (${res.status}). Ask the Sở for new credentials, then run push again: it resumes where it stopped.`,
          });
        }
        verdict = classifyStatus(res.status, undefined, parseRetryAfter(res.headers['retry-after'], this.now()));
      } catch (error) {
        if (error instanceof NetworkError || error instanceof InternalError) throw error;
        verdict = classifyError(error);
      }
      if (verdict.action !== 'retry') throw new AuthError({ vi: 'Không lấy được mã truy cập.', en: 'Could not obtain an access token.' });
      await this.backoff(budget, verdict);
    }
  }

  private async backoff(budget: RetryBudget, verdict: Extract<Verdict, { action: 'retry' }>): Promise<void> {
    const attempt = budget.take(verdict.rateLimited === true);
    if (attempt === undefined) {
      throw new NetworkError({
        vi: `Điểm nhận vẫn lỗi sau khi đã thử lại hết hạn mức (${verdict.reason}). Chưa mất gì: chạy lại push để gửi tiếp.`,
        en: `The endpoint still fails after the retry budget was spent (${verdict.reason}). Nothing is lost: run push again to resume.`,
      });
    }
    const delayMs = backoffDelay(attempt, this.options.policy, this.random, verdict.retryAfterMs);
    this.options.onRetry?.({ reason: verdict.reason, delayMs, attempt: attempt + 1 });
    await this.sleep(delayMs);
  }

  /** Sends one batch until the server answers for it: the same key and bytes every time. */
  async submit(idempotencyKey: string, body: string): Promise<SubmitResult> {
    const budget = new RetryBudget(this.options.policy, this.runBudget);
    let reauthed = false;
    for (;;) {
      let verdict: Verdict;
      try {
        const token = await this.bearer();
        const res = await this.http('POST', '/lo', { authorization: `Bearer ${token}`, 'idempotency-key': idempotencyKey, 'content-type': 'application/json; charset=utf-8', 'accept-language': 'vi' }, body);
        if (res.status === 202 || res.status === 200) {
          const response = JSON.parse(res.text) as BatchResponse;
          const outcomes = response.ket_qua ?? (await this.fetchOutcomes(response.ma_lo));
          return { kind: 'done', response: { ...response, ket_qua: outcomes }, replayed: res.headers['idempotent-replayed'] === 'true' };
        }
        let code: string | undefined;
        try {
          code = (JSON.parse(res.text) as { ma_loi?: string }).ma_loi;
        } catch {
          code = undefined;
        }
        verdict = classifyStatus(res.status, code, parseRetryAfter(res.headers['retry-after'], this.now()));
      } catch (error) {
        if (error instanceof NetworkError || error instanceof InternalError || error instanceof ConfigError) throw error;
        verdict = classifyError(error);
      }
      // A token can expire again later in a long retry sequence: one re-authentication per 401 in a row.
      if (verdict.action !== 'reauth') reauthed = false;
      switch (verdict.action) {
        case 'retry':
          await this.backoff(budget, verdict);
          break;
        case 'reauth':
          if (reauthed) {
            throw new AuthError({
              vi: 'Máy chủ vẫn từ chối mã truy cập mới (401): tài khoản có thể đã bị thu hồi. Chạy lại push khi tài khoản được khôi phục.',
              en: 'The server still refuses a fresh token (401): the client may have been revoked. Run push again once it is restored.',
            });
          }
          reauthed = true;
          await this.bearer(true);
          break;
        case 'split':
          return { kind: 'split' };
        case 'locked':
          throw new PeriodLockedError({
            vi: 'Kỳ dữ liệu của năm học này đã bị Sở khoá (KY_DA_KHOA): máy chủ không nhận ghi. Đề nghị Sở mở khoá, rồi chạy lại push: phần chưa gửi sẽ được gửi tiếp.',
            en: 'The period of this school year is locked by the Sở (KY_DA_KHOA): the server refuses writes. Ask the Sở to unlock it, then run push again: it resumes where it stopped.',
          });
        case 'forbidden':
          throw new ConfigError({
            vi: `Tài khoản không có quyền ghi dữ liệu của trường này (${verdict.reason}): kiểm tra client_id và trường.`,
            en: `The client may not write this school's data (${verdict.reason}): check the client id and the school.`,
          });
        case 'bug':
          throw new InternalError({ vi: `Máy chủ từ chối yêu cầu (${verdict.reason}).`, en: `The server refused the request (${verdict.reason}).` });
      }
    }
  }

  private async fetchOutcomes(maLo: string): Promise<RecordOutcome[]> {
    const token = await this.bearer();
    const res = await this.http('GET', `/lo/${encodeURIComponent(maLo)}/ket-qua`, { authorization: `Bearer ${token}` });
    if (res.status !== 200) throw Object.assign(new Error(`outcomes ${res.status}`), { code: `HTTP_${res.status}` });
    return (JSON.parse(res.text) as { items: RecordOutcome[] }).items;
  }
}
