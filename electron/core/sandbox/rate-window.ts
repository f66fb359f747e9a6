// The sandbox's rate limit: at most N requests per account in any sliding minute, then 429. Pure over
// the times of the requests already counted, so the rule can be read (and tested) apart from HTTP.
import { RATE_LIMIT_COUNTS_REFUSED, RATE_LIMIT_WINDOW_MS } from './assumed-behaviour';

export interface RateVerdict {
  /** The request times to keep for the next request. */
  readonly window: number[];
  /** This request is over the limit (429). */
  readonly over: boolean;
}

/**
 * Counts a request made at `nowMs` against `perMinute` (null: no limit). Whether a refused request
 * counts too is assumed (assumed-behaviour.ts); it decides whether a client that keeps knocking
 * while refused keeps itself locked out.
 */
export function slideRateWindow(window: readonly number[], nowMs: number, perMinute: number | null, countsRefused = RATE_LIMIT_COUNTS_REFUSED): RateVerdict {
  if (perMinute === null) return { window: [...window], over: false };
  const recent = window.filter((t) => t > nowMs - RATE_LIMIT_WINDOW_MS);
  if (recent.length >= perMinute) return { window: countsRefused ? [...recent, nowMs] : recent, over: true };
  return { window: [...recent, nowMs], over: false };
}
