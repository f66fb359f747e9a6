import { describe, expect, it } from 'vitest';
import { activePollDelay, nextRetryAttempt, POLL_RETRY, RETRY_WAIT, retryAfterInstant, retryDelay, retryExpired, SEND_RETRY } from './retry-delay';

describe('retryDelay', () => {
  it('grows exponentially between half and the whole of the capped delay', () => {
    const policy = { baseMs: 1000, maxMs: 10_000, maxAttempts: 10 };
    expect(retryDelay(0, 0, policy)).toBe(500);
    expect(retryDelay(0, 0.999999, policy)).toBe(1000);
    expect(retryDelay(1, 0, policy)).toBe(1000);
    expect(retryDelay(2, 0.5, policy)).toBe(3000);
    // capped
    expect(retryDelay(8, 0, policy)).toBe(5000);
    expect(retryDelay(9, 1, policy)).toBe(10_000);
  });

  it('gives up after the bound and on nonsense attempts', () => {
    expect(retryDelay(POLL_RETRY.maxAttempts - 1, 0.3)).not.toBeNull();
    expect(retryDelay(POLL_RETRY.maxAttempts, 0.3)).toBeNull();
    expect(retryDelay(-1, 0.3)).toBeNull();
    expect(retryDelay(1.5, 0.3)).toBeNull();
    expect(retryDelay(SEND_RETRY.maxAttempts, 0, SEND_RETRY)).toBeNull();
  });

  it('never returns more than maxMs nor less than half the first delay, whatever the random source says', () => {
    for (let attempt = 0; attempt < POLL_RETRY.maxAttempts; attempt++) {
      for (const r of [-5, 0, 0.25, 0.5, 0.75, 1, 7]) {
        const d = retryDelay(attempt, r)!;
        expect(d).toBeGreaterThanOrEqual(POLL_RETRY.baseMs / 2);
        expect(d).toBeLessThanOrEqual(POLL_RETRY.maxMs);
      }
    }
  });

  it('keeps the whole polling retry budget to a few minutes', () => {
    let total = 0;
    for (let a = 0; retryDelay(a, 1) !== null; a++) total += retryDelay(a, 1)!;
    expect(total).toBeLessThanOrEqual(5 * 60_000);
    expect(total).toBeGreaterThan(60_000);
  });
});

describe('activePollDelay', () => {
  it('starts at the first delay and slows down to the cap', () => {
    expect(activePollDelay(0, 1000, 15_000)).toBe(1000);
    expect(activePollDelay(1, 1000, 15_000)).toBe(1500);
    expect(activePollDelay(20, 1000, 15_000)).toBe(15_000);
  });
});

describe('nextRetryAttempt (再送待ち)', () => {
  const t0 = new Date('2026-11-25T00:00:00.000Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);
  const MIN = 60_000;
  const HOUR = 60 * MIN;

  // attempts made, minutes since the first failure, random, Retry-After → minutes after "now" of the next try.
  it.each([
    // The first attempt again within a minute (never sooner than half a minute).
    [1, 0, 0, undefined, 0.5],
    [1, 0, 1, undefined, 1],
    [1, 0, 0.5, undefined, 0.75],
    // Doubling: 2, 4, 8 minutes before jitter …
    [2, 1, 1, undefined, 2],
    [3, 3, 1, undefined, 4],
    [4, 7, 1, undefined, 8],
    // … and never more than every 10 minutes.
    [5, 15, 1, undefined, 10],
    [40, 600, 1, undefined, 10],
    [40, 600, 0, undefined, 5],
    // Retry-After is honoured (seconds or an HTTP date), never tried earlier …
    [1, 0, 0.5, '120', 2],
    [1, 0, 0.5, new Date(t0.getTime() + 30 * MIN).toUTCString(), 30],
    // … but a shorter one does not make the agent hurry.
    [5, 15, 1, '5', 10],
    // Unreadable headers are ignored.
    [1, 0, 1, 'soon', 1],
  ] as const)('after %i attempt(s), %i min in, random %f, Retry-After %j: next in %f min', (attempts, sinceMin, random, retryAfter, inMin) => {
    const now = at(sinceMin * MIN);
    const next = nextRetryAttempt({ attempts, firstFailedAt: t0, now, retryAfter, random });
    expect(next).toEqual({ kind: 'retry', at: new Date(now.getTime() + inMin * MIN) });
  });

  it('never waits past the 72-hour limit: a last try right at it, then it has expired', () => {
    const limit = at(72 * HOUR);
    expect(nextRetryAttempt({ attempts: 99, firstFailedAt: t0, now: at(72 * HOUR - MIN), random: 1 })).toEqual({ kind: 'retry', at: limit });
    // Even a server asking for a day more.
    expect(nextRetryAttempt({ attempts: 2, firstFailedAt: t0, now: at(70 * HOUR), retryAfter: String(24 * 3600), random: 0 })).toEqual({ kind: 'retry', at: limit });
    expect(nextRetryAttempt({ attempts: 100, firstFailedAt: t0, now: limit, random: 0 })).toEqual({ kind: 'expired', deadline: limit });
    expect(retryExpired(t0, at(72 * HOUR - 1))).toBe(false);
    expect(retryExpired(t0, limit)).toBe(true);
  });

  it('keeps every wait between half a minute and ten minutes (Retry-After aside), whatever the random source says', () => {
    for (let attempts = 1; attempts < 30; attempts++) {
      for (const r of [-3, 0, 0.3, 1, 9]) {
        const next = nextRetryAttempt({ attempts, firstFailedAt: t0, now: t0, random: r });
        const wait = next.kind === 'retry' ? next.at.getTime() - t0.getTime() : -1;
        expect(wait).toBeGreaterThanOrEqual(RETRY_WAIT.firstMs / 2);
        expect(wait).toBeLessThanOrEqual(RETRY_WAIT.maxMs);
      }
    }
  });

  it('reads Retry-After as seconds or an HTTP date, and nothing else', () => {
    expect(retryAfterInstant('30', t0)).toEqual(at(30_000));
    expect(retryAfterInstant(' 0 ', t0)).toBeNull();
    expect(retryAfterInstant('Wed, 25 Nov 2026 00:10:00 GMT', t0)).toEqual(at(10 * MIN));
    expect(retryAfterInstant('Tue, 24 Nov 2026 23:00:00 GMT', t0)).toBeNull();
    expect(retryAfterInstant('-5', t0)).toBeNull();
    expect(retryAfterInstant('1.5', t0)).toBeNull();
    expect(retryAfterInstant(undefined, t0)).toBeNull();
  });
});
