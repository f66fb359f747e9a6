// Every local date format the product writes, as one table, in a fixed zone (Asia/Tokyo) so the
// machine's zone does not matter; and the local-zone path agrees with the Intl path.
import { describe, expect, it } from 'vitest';
import { formatLocal, formatLocalIso, formatShortDateTime, localParts, LOCAL_FORMATS, type LocalFormat } from './local-time';

const TZ = { timeZone: 'Asia/Tokyo' };
// 2026-11-30 (月) 09:05:03 in Tokyo; the UTC date is still the 30th, the previous day at 00:04 JST.
const AT = new Date('2026-11-30T00:05:03.000Z');
const EARLY = new Date('2026-11-27T15:04:05.000Z'); // 2026-11-28 (土) 00:04:05 JST

describe('local time formats', () => {
  it.each<[LocalFormat, Date, string]>([
    ['date', AT, '2026-11-30'],
    ['date', EARLY, '2026-11-28'],
    ['compact-date', AT, '20261130'],
    ['date-time', AT, '2026-11-30 09:05'],
    ['date-time-seconds', EARLY, '2026-11-28 00:04:05'],
    ['excel', EARLY, '2026/11/28 00:04:05'],
    ['clock', AT, '09:05:03'],
    ['import-name', AT, '11/30 09:05'],
    ['import-name', EARLY, '11/28 00:04'],
    ['japanese', AT, '2026年11月30日(月) 09:05'],
    ['japanese', EARLY, '2026年11月28日(土) 00:04'],
  ])('%s of %s is %s', (format, at, expected) => {
    expect(formatLocal(at, format, TZ)).toBe(expected);
  });

  it('covers every format in the table', () => {
    expect(Object.keys(LOCAL_FORMATS).sort()).toEqual(['clock', 'compact-date', 'date', 'date-time', 'date-time-seconds', 'excel', 'import-name', 'japanese']);
  });

  it.each([
    ['same year: month and day', new Date('2026-12-31T23:00:00+09:00'), '12/31(木) 23:00'],
    ['next year: with the year', new Date('2027-01-04T00:05:00+09:00'), '2027/1/4(月) 0:05'],
  ])('short date-time, %s', (_what, at, expected) => {
    expect(formatShortDateTime(at, new Date('2026-11-30T09:00:00+09:00'), TZ)).toBe(expected);
  });

  it('shows text that is not a time as it is', () => {
    expect(formatLocalIso('garbage', 'excel', TZ)).toBe('garbage');
    expect(formatLocalIso('2026-11-27T15:04:05.000Z', 'excel', TZ)).toBe('2026/11/28 00:04:05');
  });

  it('the local zone (Date getters) and an explicit zone agree on the same zone', () => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    for (const at of [AT, EARLY, new Date('2024-02-29T23:59:59Z')]) {
      expect(localParts(at)).toEqual(localParts(at, { timeZone: zone }));
    }
  });
});
