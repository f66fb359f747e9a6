// Says a 連携タイミング and a next-run time in the words of the manual. The rules themselves live in
// the scheduler (electron/core/schedule); this only explains them, e.g. that 31日 in a shorter month
// runs on that month's last day, as the scheduler does.
import { WEEKDAY_LABELS } from '../../../shared/settings/labels';
import type { BusinessDay, TimingDraft } from './settings-draft';

export const BUSINESS_DAY_LABELS: Record<BusinessDay, string> = {
  'as-is': 'そのまま',
  previous: '前営業日',
  next: '翌営業日',
};

export const TIMING_MODE_LABELS = {
  none: '連携しない',
  manual: '手動実行',
  schedule: 'スケジュール実行',
  arrival: 'ファイル配置時',
} as const;

/** Set when the chosen day does not exist in every month: the clerk must know what happens then. */
export function shortMonthNote(t: TimingDraft): string | null {
  if (t.mode !== 'schedule' || t.every !== 'month' || t.day === 'last' || t.day < 29) return null;
  return `${t.day}日がない月（${t.day === 29 ? '平年の2月' : t.day === 30 ? '2月' : '2月・4月・6月・9月・11月'}）は、その月の末日に実行します。毎月必ず月末に実行したい場合は「末日」を選んでください。`;
}

export function describeTiming(t: TimingDraft): string {
  if (t.mode !== 'schedule') return TIMING_MODE_LABELS[t.mode];
  const when =
    t.every === 'day'
      ? '毎日'
      : t.every === 'week'
        ? `毎週${WEEKDAY_LABELS[t.weekday] ?? ''}`
        : t.day === 'last'
          ? '毎月末日'
          : `毎月${t.day}日`;
  const notes: string[] = [];
  if (t.every === 'month' && t.day !== 'last' && t.day >= 29) notes.push(`${t.day}日がない月は末日`);
  if (t.businessDay !== 'as-is') notes.push(`土日祝日は${BUSINESS_DAY_LABELS[t.businessDay]}`);
  return `${when} ${t.hour}時${notes.length > 0 ? `（${notes.join('・')}）` : ''}`;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** An ISO time as the clerk reads it, in this PC's local time: 2026年11月30日(月) 09:00. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const weekday = WEEKDAY_LABELS[d.getDay()]?.charAt(0) ?? '';
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日(${weekday}) ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
