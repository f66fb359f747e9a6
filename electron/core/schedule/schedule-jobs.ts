// The scheduler's jobs as values: which settings are scheduled, since when this process has known
// each timing, and the pure decisions over them (when to wake, 定時 or 遅延実行). Nothing here reads
// the clock, the store or a timer, so each rule can be checked with plain dates.
import type { ScheduleTiming, Timing } from '../../../shared/settings/schema';
import { nextSlot } from './next-slot';

export type ScheduleTrigger = 'schedule' | 'catch-up';

/** What the scheduler needs of a report setting. */
export interface ScheduledReport {
  readonly id: string;
  readonly name: string;
  readonly timing: Timing;
}

export interface ScheduleJob {
  readonly report: ScheduledReport;
  /** Null when the setting is not 「スケジュール実行」. */
  readonly timing: ScheduleTiming | null;
  /** The timing as compared between updates: a changed key is a changed timing. */
  readonly key: string;
  /**
   * When this scheduler learned of this timing. A setting never fired owes the slots after it, so a
   * baseline written late (a slow start-up, a busy database) still lets a slot that came due since run.
   */
  readonly knownSince: Date;
}

const isSchedule = (t: Timing): t is ScheduleTiming => t.mode === 'schedule';

/** The jobs for `reports` at `now`: a setting whose timing did not change keeps when it was learned. */
export function scheduleJobs(before: readonly ScheduleJob[], reports: readonly ScheduledReport[], now: Date): ScheduleJob[] {
  const previous = new Map(before.map((j) => [j.report.id, j]));
  return reports.map((r) => {
    const key = JSON.stringify(r.timing);
    const prev = previous.get(r.id);
    return { report: r, timing: isSchedule(r.timing) ? r.timing : null, key, knownSince: prev && prev.key === key ? prev.knownSince : now };
  });
}

/** The ids of scheduled jobs in `after` whose timing is new or differs from `before`. */
export function changedTimings(before: readonly ScheduleJob[], after: readonly ScheduleJob[]): Set<string> {
  const previous = new Map(before.map((j) => [j.report.id, j.key]));
  return new Set(after.filter((j) => j.timing && previous.get(j.report.id) !== j.key).map((j) => j.report.id));
}

/** 定時 when the slot is noticed within the grace; later it is 遅延実行 (catch-up). */
export function slotTrigger(due: Date, now: Date, graceMs: number): ScheduleTrigger {
  return now.getTime() - due.getTime() <= graceMs ? 'schedule' : 'catch-up';
}

/** The instant to wake: the first slot after `checkedAt` of any job, but no later than `sleepMs` after it. */
export function wakeAt(jobs: readonly ScheduleJob[], checkedAt: Date, sleepMs: number): number {
  let at = checkedAt.getTime() + sleepMs;
  for (const job of jobs) if (job.timing) at = Math.min(at, nextSlot(job.timing, checkedAt).getTime());
  return at;
}
