// Japanese business days for the scheduler: Saturdays, Sundays and national holidays (祝日、振替休日、
// 国民の休日) are not business days. The holiday list is @holiday-jp/holiday_jp's maintained dataset,
// keyed by local calendar date, so the answer follows the PC's local time like every slot does.
import holidayJp from '@holiday-jp/holiday_jp';
import { formatLocal } from '../../../shared/local-time';
import type { BusinessDayRule } from '../../../shared/settings/schema';

export function isJapaneseHoliday(d: Date): boolean {
  return Object.prototype.hasOwnProperty.call(holidayJp.holidays, formatLocal(d, 'date'));
}

export function isBusinessDay(d: Date): boolean {
  const wd = d.getDay();
  return wd !== 0 && wd !== 6 && !isJapaneseHoliday(d);
}

/**
 * Moves a slot off non-business days according to the rule, keeping its local hour. Local
 * constructors (not +24h arithmetic) so that the wall-clock hour survives any DST elsewhere.
 * The longest run of non-business days in Japan is about a week (Golden Week + weekend), so the
 * walk is bounded; 31 steps is a safety net, never reached with real data.
 */
export function applyBusinessDayRule(slot: Date, rule: BusinessDayRule): Date {
  if (rule === 'as-is') return slot;
  const step = rule === 'previous' ? -1 : 1;
  let d = slot;
  for (let i = 0; i < 31 && !isBusinessDay(d); i++) {
    d = new Date(d.getFullYear(), d.getMonth(), d.getDate() + step, d.getHours(), d.getMinutes());
  }
  return d;
}
