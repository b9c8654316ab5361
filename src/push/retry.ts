/**
 * Retry policy (csdl-integration.md §4.2), kept apart from the HTTP client so it can be tested with
 * a fake clock: classify an answer, then wait with exponential backoff and full jitter — uniform in
 * [0, min(cap, base·2^attempt)] — but never less than the server's Retry-After. Budgets are
 * separate for 429 (rate limits are expected and tuned on their own) and for other failures, per
 * batch and for the whole run, so a dead endpoint cannot keep a cron job retrying for ever.
 */

export interface RetryPolicy {
  baseMs: number;
  capMs: number;
  /** Attempts per batch for failures other than 429 (network, timeout, 5xx, 409 in flight). */
  maxAttempts: number;
  /** 429 answers tolerated per batch. */
  max429: number;
  /** Retries of any kind for the whole run. */
  runBudget: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 500, capMs: 60_000, maxAttempts: 8, max429: 20, runBudget: 500 };

export type Verdict =
  | { action: 'retry'; reason: string; retryAfterMs?: number | undefined; rateLimited?: boolean }
  | { action: 'reauth' }
  | { action: 'split' }
  | { action: 'locked' }
  | { action: 'forbidden'; reason: string }
  | { action: 'bug'; reason: string };

/** What to do with an HTTP status (and the problem's ma_loi when there is one). */
export function classifyStatus(status: number, code: string | undefined, retryAfterMs: number | undefined): Verdict {
  if (status === 401) return { action: 'reauth' };
  if (status === 403) return { action: 'forbidden', reason: code ?? 'HTTP_403' };
  if (status === 409 && code === 'KY_DA_KHOA') return { action: 'locked' };
  if (status === 409) return { action: 'retry', reason: code ?? 'HTTP_409', retryAfterMs };
  if (status === 413) return { action: 'split' };
  if (status === 429) return { action: 'retry', reason: code ?? 'HTTP_429', retryAfterMs, rateLimited: true };
  // 500 is retried only because every write carries an Idempotency-Key.
  if (status === 408 || status === 500 || status === 502 || status === 503 || status === 504) return { action: 'retry', reason: `HTTP_${status}`, retryAfterMs };
  return { action: 'bug', reason: code ?? `HTTP_${status}` };
}

/** Transport failures (reset, refused, timeout) are retried: the key makes a resend safe. */
export function classifyError(error: unknown): Verdict {
  // AbortSignal.timeout rejects with a DOMException whose numeric `code` says nothing: use its name.
  const code = (error as { code?: unknown }).code;
  const reason = typeof code === 'string' ? code : ((error as Error).name ?? 'ERROR');
  return { action: 'retry', reason };
}

/** Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3), in ms; undefined if absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === '') return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

/** Full jitter, floored by Retry-After. `attempt` counts from 0. */
export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'capMs'>, random: () => number, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  const jitter = Math.floor(random() * ceiling);
  return Math.max(retryAfterMs ?? 0, jitter);
}

/** Counts retries for one batch against the policy and the run's shared budget. */
export class RetryBudget {
  private other = 0;
  private limited = 0;
  constructor(
    private readonly policy: RetryPolicy,
    private readonly run: { used: number },
  ) {}
  /** The attempt number to back off with, or undefined when a budget is spent. */
  take(rateLimited: boolean): number | undefined {
    if (this.run.used >= this.policy.runBudget) return undefined;
    if (rateLimited) {
      if (this.limited >= this.policy.max429) return undefined;
      this.limited++;
    } else {
      if (this.other + 1 >= this.policy.maxAttempts) return undefined;
      this.other++;
    }
    this.run.used++;
    return this.other + this.limited - 1;
  }
}
