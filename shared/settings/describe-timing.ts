// A 連携タイミング in the manual's words, one wording for the tray, the window and the CLI:
// 「毎月25日 9時（土日祝日は前営業日）」, 「毎月31日 9時（31日がない月は末日）」, 「毎週月曜日 0時」.
// The rules themselves (31日 in a short month runs on its last day; business days) are the
// scheduler's (electron/core/schedule); this only says them.
import { WEEKDAY_LABELS } from './labels';
import type { BusinessDayRule } from './schema';

/** Parsed settings' timings fit as they are; the window's draft passes its schedule fields. */
export type DescribableTiming =
  | { readonly mode: 'none' | 'manual' | 'arrival' }
  | {
      readonly mode: 'schedule';
      readonly every: 'day' | 'week' | 'month';
      readonly weekday?: number;
      readonly day?: number | 'last';
      readonly hour: number;
      readonly businessDay: BusinessDayRule;
    };

export const TIMING_MODE_LABELS = {
  none: '連携しない',
  manual: '手動実行',
  schedule: 'スケジュール実行',
  arrival: 'ファイル配置時',
} as const;

export const BUSINESS_DAY_LABELS: Record<BusinessDayRule, string> = {
  'as-is': 'そのまま',
  previous: '前営業日',
  next: '翌営業日',
};

/** A monthly day that some months lack (29–31): it runs on that month's last day. */
export function clampsInShortMonths(t: DescribableTiming): boolean {
  return t.mode === 'schedule' && t.every === 'month' && typeof t.day === 'number' && t.day >= 29;
}

export function describeTiming(t: DescribableTiming): string {
  if (t.mode !== 'schedule') return TIMING_MODE_LABELS[t.mode];
  const when =
    t.every === 'day'
      ? '毎日'
      : t.every === 'week'
        ? `毎週${WEEKDAY_LABELS[t.weekday ?? -1] ?? ''}`
        : `毎月${t.day === 'last' ? '末日' : `${t.day ?? ''}日`}`;
  const notes: string[] = [];
  if (clampsInShortMonths(t)) notes.push(`${String(t.day)}日がない月は末日`);
  if (t.businessDay !== 'as-is') notes.push(`土日祝日は${BUSINESS_DAY_LABELS[t.businessDay]}`);
  return `${when} ${t.hour}時${notes.length > 0 ? `（${notes.join('・')}）` : ''}`;
}
