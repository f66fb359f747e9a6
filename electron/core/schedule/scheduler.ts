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
/** A due slot whose state could not be read or written (database busy) is looked at again this soon. */
export const STATE_RETRY_MS = 60 * 1000;

interface Job {
  readonly report: ScheduledReport;
  readonly timing: ScheduleTiming | null;
  readonly key: string;
  /**
   * When this scheduler learned of this timing. A setting never fired owes the slots after it, so a
   * baseline written late (a slow start-up, a busy database) still lets a slot that came due since run.
   */
  readonly knownSince: Date;
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
  /** Settings whose timing the clerk changed and whose new baseline is not yet written. */
  const rebaseline = new Set<string>();

  /**
   * The last fired slot of a job, after writing its baseline if it needs one. A baseline means "slots
   * up to here are not owed": for a setting never fired (so slots from before it existed do not fire
   * as 遅延実行) and, after the first update, for a timing the clerk changed (so changing 9時 to 8時
   * at 8:30 does not fire at once). Null when the state could not be read or written: look again soon,
   * and never write a baseline over a record that could not be read (it could lower it and re-fire).
   */
  const lastSettled = (job: Job, timing: ScheduleTiming): Date | null => {
    const id = job.report.id;
    let last: Date | null;
    try {
      last = store.lastFiredSlot(id);
    } catch (e) {
      logger.error('schedule state unreadable', { reportId: id, error: String(e) });
      return null;
    }
    const base = previousSlot(timing, job.knownSince);
    if (last !== null && !(rebaseline.has(id) && base.getTime() > last.getTime())) {
      rebaseline.delete(id);
      return last;
    }
    try {
      store.recordFiredSlot(id, base);
    } catch (e) {
      logger.error('schedule baseline not recorded', { reportId: id, error: String(e) });
      return null;
    }
    rebaseline.delete(id);
    return base;
  };

  /** Fires each job's due slot at `now`. True when some state could not be read or written. */
  const fireDue = (list: readonly Job[], now: Date, reason: string): boolean => {
    let retrySoon = false;
    for (const job of list) {
      if (!job.timing) continue;
      const last = lastSettled(job, job.timing);
      if (last === null) {
        retrySoon = true;
        continue;
      }
      const due = missedSlot(job.timing, last, now);
      if (!due) continue;
      const trigger: ScheduleTrigger = now.getTime() - due.getTime() <= graceMs ? 'schedule' : 'catch-up';
      try {
        store.recordFiredSlot(job.report.id, due);
      } catch (e) {
        // Not persisted → not fired: firing now could fire again after a crash. Retried soon.
        logger.error('schedule slot not recorded; run postponed', { reportId: job.report.id, slot: due.toISOString(), error: String(e) });
        retrySoon = true;
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
    return retrySoon;
  };

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
    const from = checkedAt.getTime();
    let wakeAt = from + (retrySoon ? Math.min(STATE_RETRY_MS, maxSleepMs) : maxSleepMs);
    for (const job of jobs) if (job.timing) wakeAt = Math.min(wakeAt, nextSlot(job.timing, checkedAt).getTime());
    timer = clock.setTimeout(() => check('timer'), Math.max(0, wakeAt - clock.now().getTime()));
  };

  const check = (reason: string) => {
    const now = clock.now();
    arm(now, fireDue(jobs, now, reason));
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
      let retrySoon = running && fireDue(jobs.filter((j) => kept.has(j.report.id)), now, 'settings');
      const before = new Map(jobs.map((j) => [j.report.id, j]));
      jobs = reports.map((r) => {
        const key = JSON.stringify(r.timing);
        const prev = before.get(r.id);
        return { report: r, timing: isSchedule(r.timing) ? r.timing : null, key, knownSince: prev && prev.key === key ? prev.knownSince : now };
      });
      for (const id of [...rebaseline]) if (!kept.has(id)) rebaseline.delete(id);
      for (const job of jobs) {
        if (!job.timing) {
          rebaseline.delete(job.report.id);
          continue;
        }
        if (updatedOnce && before.get(job.report.id)?.key !== job.key) rebaseline.add(job.report.id);
        // Written now, while "now" is the moment of the change; a failed write is retried by the check.
        if (lastSettled(job, job.timing) === null) retrySoon = true;
      }
      updatedOnce = true;
      logger.info('schedule updated', { scheduled: jobs.filter((j) => j.timing).length });
      if (running) arm(now, fireDue(jobs, now, 'settings') || retrySoon);
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
