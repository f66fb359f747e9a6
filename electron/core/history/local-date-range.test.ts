import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDayEndUtc, localDayStartUtc, parseLocalDate } from './local-date-range';

let tz: string | undefined;
beforeAll(() => {
  tz = process.env.TZ;
  process.env.TZ = 'Asia/Tokyo';
});
afterAll(() => {
  if (tz === undefined) delete process.env.TZ;
  else process.env.TZ = tz;
});

describe('local date range', () => {
  it('parses real calendar dates only', () => {
    expect(parseLocalDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    expect(parseLocalDate('2026-02-29')).toBe(null);
    expect(parseLocalDate('2026-1-01')).toBe(null);
  });

  it('bounds a JST day in UTC', () => {
    expect(localDayStartUtc('2026-11-28')).toBe('2026-11-27T15:00:00.000Z');
    expect(localDayEndUtc('2026-11-28')).toBe('2026-11-28T15:00:00.000Z');
    expect(localDayEndUtc('2026-12-31')).toBe('2026-12-31T15:00:00.000Z');
    expect(() => localDayStartUtc('28/11/2026')).toThrow(RangeError);
  });
});
