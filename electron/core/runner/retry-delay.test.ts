import { describe, expect, it } from 'vitest';
import { activePollDelay, POLL_RETRY, retryDelay, SEND_RETRY } from './retry-delay';

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
