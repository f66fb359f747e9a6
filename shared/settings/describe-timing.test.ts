import { describe, expect, it } from 'vitest';
import { clampsInShortMonths, describeTiming, type DescribableTiming } from './describe-timing';

describe('describeTiming (the wording shared by the tray, the window and the CLI)', () => {
  it.each([
    [{ mode: 'none' }, '連携しない'],
    [{ mode: 'manual' }, '手動実行'],
    [{ mode: 'arrival' }, 'ファイル配置時'],
    [{ mode: 'schedule', every: 'day', hour: 0, businessDay: 'as-is' }, '毎日 0時'],
    [{ mode: 'schedule', every: 'week', weekday: 1, hour: 0, businessDay: 'as-is' }, '毎週月曜日 0時'],
    [{ mode: 'schedule', every: 'week', weekday: 6, hour: 9, businessDay: 'next' }, '毎週土曜日 9時（土日祝日は翌営業日）'],
    [{ mode: 'schedule', every: 'month', day: 'last', hour: 23, businessDay: 'previous' }, '毎月末日 23時（土日祝日は前営業日）'],
    [{ mode: 'schedule', every: 'month', day: 25, hour: 8, businessDay: 'next' }, '毎月25日 8時（土日祝日は翌営業日）'],
    [{ mode: 'schedule', every: 'month', day: 29, hour: 9, businessDay: 'as-is' }, '毎月29日 9時（29日がない月は末日）'],
    [{ mode: 'schedule', every: 'month', day: 31, hour: 9, businessDay: 'previous' }, '毎月31日 9時（31日がない月は末日・土日祝日は前営業日）'],
    [{ mode: 'schedule', every: 'month', day: 31, hour: 9, businessDay: 'as-is' }, '毎月31日 9時（31日がない月は末日）'],
    [{ mode: 'schedule', every: 'month', day: 30, hour: 18, businessDay: 'next' }, '毎月30日 18時（30日がない月は末日・土日祝日は翌営業日）'],
    [{ mode: 'schedule', every: 'month', day: 'last', hour: 0, businessDay: 'as-is' }, '毎月末日 0時'],
    [{ mode: 'schedule', every: 'day', hour: 23, businessDay: 'next' }, '毎日 23時（土日祝日は翌営業日）'],
  ] as [DescribableTiming, string][])('%j → %s', (timing, text) => {
    expect(describeTiming(timing)).toBe(text);
  });

  it('knows which monthly days some months lack', () => {
    expect([28, 29, 30, 31].map((day) => clampsInShortMonths({ mode: 'schedule', every: 'month', day, hour: 9, businessDay: 'as-is' }))).toEqual([false, true, true, true]);
    expect(clampsInShortMonths({ mode: 'schedule', every: 'month', day: 'last', hour: 9, businessDay: 'as-is' })).toBe(false);
    expect(clampsInShortMonths({ mode: 'schedule', every: 'week', weekday: 3, hour: 9, businessDay: 'as-is' })).toBe(false);
  });
});
