// How long to wait before the next try of a call that may succeed later (state polling through a
// network error, a timeout, a 5xx or maintenance; an import POST that provably never left the PC).
// Pure, so the bound and the jitter are tested without waiting.

export interface RetryPolicy {
  /** Delay before the first retry (attempt 0), before jitter. */
  readonly baseMs: number;
  /** No single wait is longer than this. */
  readonly maxMs: number;
  /** Retries allowed; after that the caller gives up (取込状況不明 for polling). */
  readonly maxAttempts: number;
}

/** State polling: about 2 s, 4 s, 8 s … capped at one minute, six tries (≈ 2 minutes in all). */
export const POLL_RETRY: RetryPolicy = { baseMs: 2_000, maxMs: 60_000, maxAttempts: 6 };

/** An import POST refused before it reached 楽楽明細 (connection refused, DNS): three quick retries. */
export const SEND_RETRY: RetryPolicy = { baseMs: 2_000, maxMs: 20_000, maxAttempts: 3 };

/**
 * Exponential backoff with "equal jitter": half of the capped exponential delay is fixed, the other
 * half random, so many agents waking together after a maintenance window do not hit 楽楽明細 in step,
 * yet no wait is ever near zero.
 *
 * @param attempt 0 for the first retry.
 * @param random a number in [0, 1) (Math.random in production, fixed in tests).
 * @returns the delay in ms, or null when `attempt` is past the policy's bound: give up.
 */
export function retryDelay(attempt: number, random: number, policy: RetryPolicy = POLL_RETRY): number | null {
  if (!Number.isInteger(attempt) || attempt < 0 || attempt >= policy.maxAttempts) return null;
  const capped = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  const r = Math.min(Math.max(random, 0), 1);
  return Math.round(capped / 2 + (capped / 2) * r);
}

/**
 * Pace of polling an import that answers `active`: start quickly (small files finish in seconds),
 * slow down to spare the shared 20-requests-a-minute budget.
 */
export function activePollDelay(poll: number, firstMs: number, maxMs: number): number {
  return Math.min(maxMs, Math.round(firstMs * 1.5 ** Math.max(0, poll)));
}

/**
 * 再送待ち: a file whose POST provably never reached 楽楽明細 is sent again by the agent, the first time
 * within a minute, then backing off to at most every 10 minutes, until it is sent or 72 hours pass.
 */
export interface RetryWaitPolicy {
  /** The first wait after a failed POST, before jitter (the wait lies between half and all of it). */
  readonly firstMs: number;
  /** No wait is longer than this (a server's Retry-After excepted). */
  readonly maxMs: number;
  /** Counted from the first failure: past it the file gives up waiting (failed, with a notification). */
  readonly limitMs: number;
}

export const RETRY_WAIT: RetryWaitPolicy = { firstMs: 60_000, maxMs: 10 * 60_000, limitMs: 72 * 60 * 60_000 };

/**
 * A `Retry-After` header as an instant: delta-seconds or an HTTP date (RFC 9110 §10.2.3). null when
 * absent, unreadable or already past.
 */
export function retryAfterInstant(value: string | undefined, now: Date): Date | null {
  if (value === undefined) return null;
  const text = value.trim();
  let at: number;
  if (/^\d+$/.test(text)) at = now.getTime() + Number(text) * 1000;
  else if (/[A-Za-z]/.test(text)) at = Date.parse(text);
  else return null;
  return Number.isFinite(at) && at > now.getTime() ? new Date(at) : null;
}

export type NextRetry =
  | { readonly kind: 'retry'; readonly at: Date }
  /** 72 hours have passed since the first failure: stop waiting. */
  | { readonly kind: 'expired'; readonly deadline: Date };

/**
 * When a 再送待ち file is tried next, after `attempts` POSTs (≥ 1) that never arrived. Exponential with
 * equal jitter (many agents waking after one maintenance window do not return in step); never before
 * the server's Retry-After; never past the 72-hour limit (a last try is made right at it).
 */
export function nextRetryAttempt(input: {
  readonly attempts: number;
  readonly firstFailedAt: Date;
  readonly now: Date;
  readonly retryAfter?: string | undefined;
  readonly random: number;
  readonly policy?: RetryWaitPolicy;
}): NextRetry {
  const policy = input.policy ?? RETRY_WAIT;
  const deadline = input.firstFailedAt.getTime() + policy.limitMs;
  const now = input.now.getTime();
  if (now >= deadline) return { kind: 'expired', deadline: new Date(deadline) };
  const exponent = Math.max(0, Math.min(30, Math.floor(input.attempts) - 1));
  const capped = Math.min(policy.maxMs, policy.firstMs * 2 ** exponent);
  const r = Math.min(Math.max(input.random, 0), 1);
  let at = now + Math.round(capped / 2 + (capped / 2) * r);
  const asked = retryAfterInstant(input.retryAfter, input.now);
  if (asked !== null && asked.getTime() > at) at = asked.getTime();
  return { kind: 'retry', at: new Date(Math.min(at, deadline)) };
}

/** Whether a 再送待ち file has waited its full 72 hours (checked again before each attempt). */
export function retryExpired(firstFailedAt: Date, now: Date, policy: RetryWaitPolicy = RETRY_WAIT): boolean {
  return now.getTime() >= firstFailedAt.getTime() + policy.limitMs;
}
