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
