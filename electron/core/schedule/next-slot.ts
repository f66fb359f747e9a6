// Pure schedule decisions: when does a 連携タイミング「スケジュール実行」 setting fire next, which
// slot did it miss while the PC slept, and how is it said in Japanese. Everything is in the PC's local
// time; nothing here reads the clock or keeps state, so every rule is a table test.
//
// Decisions (the settings window explains them to the clerk):
// - Monthly day 29/30/31 in a month that is shorter runs on that month's last day (2月31日 → 2月28日
//   or 29日). A clerk who picks 31 means "month end"; silently skipping February (cron's behaviour)
//   would miss an invoicing run. 「末日」 is always the last day.
// - The business-day rule is applied after that: 「前営業日」 moves a slot on a Saturday, Sunday or
//   national holiday to the business day before (it may land in the previous month), 「翌営業日」 to
//   the one after. Two nominal days that move to the same business day give ONE slot (a daily
//   setting with 前営業日 fires on Friday once, not three times for Fri/Sat/Sun).
//
// Why not node-schedule's RecurrenceRule: it cannot apply business days, it skips months without the
// chosen day, and its timers run on the real clock; scanning local calendar days here is a few
// hundred Date constructions at most and works with the injected Clock.
import type { ScheduleTiming } from '../../../shared/settings/schema';
import { applyBusinessDayRule } from './business-days';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Farther than any business-day shift (Golden Week + weekend ≈ 6 days), with margin. */
const SHIFT_MARGIN_DAYS = 15;
/** Farther than any gap between two slots (a monthly slot, shifted both ways). */
const SEARCH_DAYS = 70;

function daysInMonth(year: number, month: number): number {
  return new Date(year, month + 1, 0).getDate();
}

/** Is the local calendar day `d` a nominal day of the timing (before the business-day rule)? */
function isNominalDay(timing: ScheduleTiming, d: Date): boolean {
  switch (timing.every) {
    case 'day':
      return true;
    case 'week':
      return d.getDay() === timing.weekday;
    case 'month': {
      const last = daysInMonth(d.getFullYear(), d.getMonth());
      const want = timing.day === 'last' ? last : Math.min(timing.day, last);
      return d.getDate() === want;
    }
  }
}

/** The fire times whose nominal day lies in [from − margin, from + span], shifted, ascending. */
function slotsAround(timing: ScheduleTiming, from: Date, spanDays: number): Date[] {
  const out = new Map<number, Date>();
  const y = from.getFullYear();
  const m = from.getMonth();
  const dd = from.getDate();
  for (let i = -SHIFT_MARGIN_DAYS; i <= spanDays; i++) {
    const day = new Date(y, m, dd + i, timing.hour, 0, 0, 0);
    if (!isNominalDay(timing, day)) continue;
    const slot = applyBusinessDayRule(day, timing.businessDay);
    out.set(slot.getTime(), slot);
  }
  return [...out.values()].sort((a, b) => a.getTime() - b.getTime());
}

/** The first slot strictly after `after`. */
export function nextSlot(timing: ScheduleTiming, after: Date): Date {
  for (let start = after; ; start = new Date(start.getTime() + SEARCH_DAYS * DAY_MS)) {
    const found = slotsAround(timing, start, SEARCH_DAYS + SHIFT_MARGIN_DAYS).find((s) => s.getTime() > after.getTime());
    if (found) return found;
  }
}

/** The last slot at or before `atOrBefore`. */
export function previousSlot(timing: ScheduleTiming, atOrBefore: Date): Date {
  for (let end = atOrBefore; ; end = new Date(end.getTime() - SEARCH_DAYS * DAY_MS)) {
    const from = new Date(end.getTime() - SEARCH_DAYS * DAY_MS);
    const found = slotsAround(timing, from, SEARCH_DAYS + SHIFT_MARGIN_DAYS)
      .filter((s) => s.getTime() <= atOrBefore.getTime())
      .pop();
    if (found) return found;
  }
}

/**
 * The catch-up rule (遅延実行): the most recent slot after `lastFired` and not later than `now`, or
 * null. However many slots were missed (a 3-day sleep over a daily setting), the answer is ONE slot:
 * the run sends whatever files are waiting, so running it three times would only add empty runs.
 * With no record yet (`lastFired` null) nothing counts as missed: the scheduler records a baseline
 * the first time it sees a setting, so slots from before the setting existed never fire.
 */
export function missedSlot(timing: ScheduleTiming, lastFired: Date | null, now: Date): Date | null {
  if (lastFired === null) return null;
  const prev = previousSlot(timing, now);
  return prev.getTime() > lastFired.getTime() ? prev : null;
}

