// Fires each 「スケジュール実行」 setting at its slot, once, and catches up ONE missed slot after the
// PC slept or the agent was off (遅延実行). Time comes from the injected Clock; the last fired slot
// of each setting lives in the ScheduleStateStore and is written BEFORE the run is requested, so a
// crash between the two loses at most that one run and never sends twice.
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
import type { ScheduleTiming, Timing } from '../../../shared/settings/schema';
import { nextSlot, previousSlot, missedSlot } from './next-slot';

export type ScheduleTrigger = 'schedule' | 'catch-up';

/** What the scheduler needs of a report setting. */
export interface ScheduledReport {
  readonly id: string;
  readonly name: string;
  readonly timing: Timing;
}

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
/** Floor for re-arming, so that a timer firing a millisecond early cannot spin. */
const MIN_DELAY_MS = 1000;

interface Job {
  readonly report: ScheduledReport;
  readonly timing: ScheduleTiming | null;
  readonly key: string;
}

const isSchedule = (t: Timing): t is ScheduleTiming => t.mode === 'schedule';

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { clock, store, onFire } = options;
  const logger = options.logger.child({ component: 'scheduler' });
  const maxSleepMs = options.maxSleepMs ?? DEFAULT_MAX_SLEEP_MS;
  const graceMs = options.onTimeGraceMs ?? 5 * 60 * 1000;

  let jobs: Job[] = [];
  let timer: TimerHandle | null = null;
  let running = false;
  let updatedOnce = false;

  const lastFired = (id: string): Date | null => {
    try {
      return store.lastFiredSlot(id);
    } catch (e) {
      logger.error('schedule state unreadable', { reportId: id, error: String(e) });
      return null;
    }
  };

  /**
   * A baseline means "slots up to here are not owed": recorded for a setting never seen before (so
   * the slots from before it existed do not fire as 遅延実行) and, after the first update, for a
   * timing the clerk just changed (so changing 9時 to 8時 at 8:30 does not fire at once).
   */
  const baseline = (job: Job, force: boolean) => {
    if (!job.timing) return;
    const last = lastFired(job.report.id);
    const prev = previousSlot(job.timing, clock.now());
    if (last === null || (force && prev.getTime() > last.getTime())) {
      try {
        store.recordFiredSlot(job.report.id, prev);
      } catch (e) {
        logger.error('schedule baseline not recorded', { reportId: job.report.id, error: String(e) });
      }
    }
  };

  const check = (reason: string) => {
    const now = clock.now();
    for (const job of jobs) {
      if (!job.timing) continue;
      const last = lastFired(job.report.id);
      if (last === null) {
        baseline(job, false);
        continue;
      }
      const due = missedSlot(job.timing, last, now);
      if (!due) continue;
      const trigger: ScheduleTrigger = now.getTime() - due.getTime() <= graceMs ? 'schedule' : 'catch-up';
      try {
        store.recordFiredSlot(job.report.id, due);
      } catch (e) {
        // Not persisted → not fired: firing now could fire again after a crash. Retried next wake.
        logger.error('schedule slot not recorded; run postponed', { reportId: job.report.id, slot: due.toISOString(), error: String(e) });
        continue;
      }
      logger.info(trigger === 'schedule' ? 'scheduled run due' : 'missed scheduled run: catching up once', {
        reportId: job.report.id,
        slot: due.toISOString(),
        reason,
      });
      try {
        onFire(job.report.id, due, trigger);
      } catch (e) {
        logger.error('onFire threw', { reportId: job.report.id, error: String(e) });
      }
    }
    arm();
  };

  const arm = () => {
    timer?.cancel();
    timer = null;
    if (!running) return;
    const now = clock.now();
    let earliest = Infinity;
    for (const job of jobs) if (job.timing) earliest = Math.min(earliest, nextSlot(job.timing, now).getTime());
    const delay = Math.max(MIN_DELAY_MS, Math.min(maxSleepMs, earliest - now.getTime()));
    timer = clock.setTimeout(() => check('timer'), delay);
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
      const before = new Map(jobs.map((j) => [j.report.id, j.key]));
      jobs = reports.map((r) => ({ report: r, timing: isSchedule(r.timing) ? r.timing : null, key: JSON.stringify(r.timing) }));
      for (const job of jobs) {
        const changed = before.get(job.report.id) !== job.key;
        baseline(job, updatedOnce && changed);
      }
      updatedOnce = true;
      logger.info('schedule updated', { scheduled: jobs.filter((j) => j.timing).length });
      if (running) check('settings');
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
