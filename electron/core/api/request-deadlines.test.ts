import { describe, expect, it } from 'vitest';
import { requestDeadlines } from './request-deadlines';

describe('requestDeadlines', () => {
  it('gives an import POST 45 s plus its body at 64 KiB/s: a 3 MB file about 48 s more', () => {
    const { overallMs } = requestDeadlines();
    expect(overallMs(Buffer.alloc(3 * 1024 * 1024))).toBe(45_000 + 48_000);
    expect(overallMs(Buffer.alloc(1))).toBe(45_000 + 1);
  });

  it('gives every call without a body the GET deadline, however the POST one is set', () => {
    expect(requestDeadlines().overallMs(undefined)).toBe(20_000);
    expect(requestDeadlines({ postDeadlineMs: 1_500, getDeadlineMs: 700 }).overallMs(undefined)).toBe(700);
  });

  it('adds the body\'s time to a shortened POST deadline too', () => {
    expect(requestDeadlines({ postDeadlineMs: 1_500 }).overallMs(Buffer.alloc(64 * 1024))).toBe(2_500);
  });
});
