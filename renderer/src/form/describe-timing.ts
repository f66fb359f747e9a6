// Says a 連携タイミング and a next-run time in the words of the manual. The rules themselves live in
// the scheduler (electron/core/schedule); this only explains them, e.g. that 31日 in a shorter month
// runs on that month's last day, as the scheduler does.
import { describeTiming as describeSharedTiming } from '../../../shared/settings/describe-timing';
import { formatLocalIso } from '../../../shared/local-time';
import type { TimingDraft } from './settings-draft';

export { BUSINESS_DAY_LABELS, TIMING_MODE_LABELS } from '../../../shared/settings/describe-timing';

/** Set when the chosen day does not exist in every month: the clerk must know what happens then. */
export function shortMonthNote(t: TimingDraft): string | null {
  if (t.mode !== 'schedule' || t.every !== 'month' || t.day === 'last' || t.day < 29) return null;
  return `${t.day}日がない月（${t.day === 29 ? '平年の2月' : t.day === 30 ? '2月' : '2月・4月・6月・9月・11月'}）は、その月の末日に実行します。毎月必ず月末に実行したい場合は「末日」を選んでください。`;
}

/** The draft's timing in the shared wording (the same text the tray and the CLI show). */
export function describeTiming(t: TimingDraft): string {
  return describeSharedTiming(t.mode === 'schedule' ? { ...t, mode: 'schedule' } : { mode: t.mode });
}

/** An ISO time as the clerk reads it, in this PC's local time: 2026年11月30日(月) 09:00. */
export function formatDateTime(iso: string): string {
  return formatLocalIso(iso, 'japanese');
}
