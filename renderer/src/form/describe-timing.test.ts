import { describe, expect, it } from 'vitest';
import { describeTiming, shortMonthNote } from './describe-timing';
import { DEFAULT_TIMING, type TimingDraft } from './settings-draft';

const schedule = (t: Partial<TimingDraft>): TimingDraft => ({ ...DEFAULT_TIMING, mode: 'schedule', ...t });

describe('describeTiming', () => {
  it.each([
    [{ ...DEFAULT_TIMING, mode: 'none' as const }, '連携しない'],
    [{ ...DEFAULT_TIMING, mode: 'arrival' as const }, 'ファイル配置時'],
    [schedule({ every: 'day', hour: 0 }), '毎日 0時'],
    [schedule({ every: 'week', weekday: 1, hour: 9, businessDay: 'next' }), '毎週月曜日 9時（土日祝日は翌営業日）'],
    [schedule({ every: 'month', day: 31, hour: 9 }), '毎月31日 9時（31日がない月は末日）'],
    [schedule({ every: 'month', day: 'last', hour: 23, businessDay: 'previous' }), '毎月末日 23時（土日祝日は前営業日）'],
  ])('%o → %s', (t, text) => expect(describeTiming(t)).toBe(text));
});

describe('shortMonthNote', () => {
  it('explains days that some months lack, and only those', () => {
    expect(shortMonthNote(schedule({ every: 'month', day: 31 }))).toMatch(/^31日がない月（2月・4月・6月・9月・11月）は、その月の末日に実行します。/);
    expect(shortMonthNote(schedule({ every: 'month', day: 29 }))).toMatch(/平年の2月/);
    expect(shortMonthNote(schedule({ every: 'month', day: 28 }))).toBeNull();
    expect(shortMonthNote(schedule({ every: 'month', day: 'last' }))).toBeNull();
    expect(shortMonthNote(schedule({ every: 'day', day: 31 }))).toBeNull();
  });
});
