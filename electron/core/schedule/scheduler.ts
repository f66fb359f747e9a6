// Fires each 「スケジュール実行」 setting at its slot, once, and catches up ONE missed slot after the
// PC slept or the agent was off (遅延実行). Time comes from the injected Clock; the last fired slot
// of each setting lives in the ScheduleStateStore and is written BEFORE the run is requested, so a
// crash between the two loses at most that one run and never sends twice (fired-slots.ts keeps
// that record; schedule-jobs.ts holds the jobs and the pure decisions; this file owns the timer).
//
// Why not node-schedule jobs: they arm real timers (no injected clock, so neither month ends nor a
// 3-day sleep can be tested without waiting), cannot express business days or 31日→末日, fire per
// slot rather than once after a sleep, and do not notice a wall-clock jump. Instead: one timer,
// armed for the earliest next slot of all settings but never longer than `maxSleepMs`, so that a
// sleep the OS timer did not notice is seen within minutes even if `resume()` is never called.
import type { TimerHandle, Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { ScheduleStateStore } from '../history/history-interface';
import type { NextRun } from '../../../shared/run';
import { nextSlot } from './next-slot';
import { changedTimings, scheduleJobs, wakeAt, type ScheduleJob, type ScheduledReport, type ScheduleTrigger } from './schedule-jobs';
import { createFiredSlots } from './fired-slots';

export type { ScheduledReport, ScheduleTrigger } from './schedule-jobs';

export interface SchedulerOptions {
  readonly clock: Clock;
  readonly store: ScheduleStateStore;
  readonly logger: Logger;
  /** Called after the slot is persisted. Must not throw (errors are logged and swallowed). */
  readonly onFire: (reportId: string, slot: Date, trigger: ScheduleTrigger) => void;
  /** Longest single sleep before re-checking the wall clock (default 10 minutes). */
  readonly maxSleepMs?: number;
  /** A slot noticed within this long after it is `schedule`; later it is `catch-up` (default 5 minutes). */
  readonly onTimeGraceMs?: number;
}

export interface Scheduler {
  /** Checks for missed slots (agent start counts as a wake-up) and arms the timer. */
  start(): void;
  stop(): void;
  /** Replaces the jobs; no restart needed. A new or changed timing starts from its next slot. */
  update(reports: readonly ScheduledReport[]): void;
  /** Every report setting, with its next slot (null when not scheduled). */
  nextRuns(): NextRun[];
  /** The clock may have jumped (sleep/resume, clock change): check for a missed slot now. */
  resume(): void;
}

export const DEFAULT_MAX_SLEEP_MS = 10 * 60 * 1000;
/** A due slot whose state could not be read or written (database busy) is looked at again this soon. */
export const STATE_RETRY_MS = 60 * 1000;

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { clock, store, onFire } = options;
  const logger = options.logger.child({ component: 'scheduler' });
  const maxSleepMs = options.maxSleepMs ?? DEFAULT_MAX_SLEEP_MS;
  const slots = createFiredSlots({ store, logger, onFire, graceMs: options.onTimeGraceMs ?? 5 * 60 * 1000 });

  let jobs: ScheduleJob[] = [];
  let timer: TimerHandle | null = null;
  let running = false;
  let updatedOnce = false;

  /**
   * Sleeps until the first slot after `checkedAt`, the instant the check just looked at — never
   * after a later reading of the clock: a slot that came due while the check ran (a timer that ran a
   * millisecond before the slot by the wall clock) would be skipped for a whole sleep. The delay is
   * measured from a fresh reading, so a wake-up that has already passed comes at once, and a timer
   * that runs early re-arms for the rest, not for a fixed floor.
   */
  const arm = (checkedAt: Date, retrySoon: boolean) => {
    timer?.cancel();
    timer = null;
    if (!running) return;
    const at = wakeAt(jobs, checkedAt, retrySoon ? Math.min(STATE_RETRY_MS, maxSleepMs) : maxSleepMs);
    timer = clock.setTimeout(() => check('timer'), Math.max(0, at - clock.now().getTime()));
  };

  const check = (reason: string) => {
    const now = clock.now();
    arm(now, slots.fireDue(jobs, now, reason));
  };

  return {
    start() {
      if (running) return;
      running = true;
      check('start');
    },
    stop() {
      running = false;
      timer?.cancel();
      timer = null;
    },
    update(reports) {
      const now = clock.now();
      const kept = new Set(reports.map((r) => r.id));
      // A slot that came due under the settings in force is owed before they change: its timer may
      // simply not have run yet (the event loop busy, perhaps with this very save).
      let retrySoon = running && slots.fireDue(jobs.filter((j) => kept.has(j.report.id)), now, 'settings');
      const next = scheduleJobs(jobs, reports, now);
      // The first update is the settings the agent starts with, not a change the clerk made.
      const changed = updatedOnce ? changedTimings(jobs, next) : new Set<string>();
      jobs = next;
      // Failed writes are retried by the check.
      if (slots.track(jobs, changed)) retrySoon = true;
      updatedOnce = true;
      logger.info('schedule updated', { scheduled: jobs.filter((j) => j.timing).length });
      if (running) arm(now, slots.fireDue(jobs, now, 'settings') || retrySoon);
    },
    nextRuns() {
      const now = clock.now();
      return jobs.map((j) => ({
        reportId: j.report.id,
        name: j.report.name,
        at: j.timing ? nextSlot(j.timing, now).toISOString() : null,
      }));
    },
    resume() {
      if (running) check('resume');
    },
  };
}
