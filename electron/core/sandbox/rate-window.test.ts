import { describe, expect, it } from 'vitest';
import { slideRateWindow } from './rate-window';

/** Requests at the given times (ms) through one window; which of them were refused. */
function refusedAt(times: readonly number[], perMinute: number | null, countsRefused?: boolean): number[] {
  let window: number[] = [];
  const refused: number[] = [];
  for (const t of times) {
    const verdict = slideRateWindow(window, t, perMinute, countsRefused);
    window = verdict.window;
    if (verdict.over) refused.push(t);
  }
  return refused;
}

describe('slideRateWindow', () => {
  it('lets a request through again once the first of the minute is a minute old, and only one', () => {
    expect(refusedAt([0, 1_000, 2_000, 59_999, 60_000, 60_001], 3)).toEqual([59_999, 60_001]);
  });

  it('does not count refused requests by default, so knocking while refused does not extend the wait', () => {
    expect(refusedAt([0, 30_000, 45_000, 60_001], 1)).toEqual([30_000, 45_000]);
  });

  it('keeps a client that knocks locked out when refused requests count', () => {
    expect(refusedAt([0, 30_000, 45_000, 60_001, 105_001, 170_000], 1, true)).toEqual([30_000, 45_000, 60_001, 105_001]);
  });

  it('refuses nothing without a limit', () => {
    expect(refusedAt(Array.from({ length: 100 }, (_, i) => i), null)).toEqual([]);
  });
});
