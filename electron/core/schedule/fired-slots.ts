// What each scheduled setting has fired, kept in the ScheduleStateStore: the baseline a setting
// starts from and each due slot, written BEFORE the run is requested, so a crash between the two
// loses at most that one run and never sends twice. The timer that decides when to look lives in
// scheduler.ts; this room only answers "what is due now" and fires it once.
import type { Logger } from '../ports/logger';
import type { ScheduleStateStore } from '../history/history-interface';
import type { ScheduleTiming } from '../../../shared/settings/schema';
import { previousSlot, missedSlot } from './next-slot';
import { slotTrigger, type ScheduleJob, type ScheduleTrigger } from './schedule-jobs';

export interface FiredSlotsDeps {
  readonly store: ScheduleStateStore;
  readonly logger: Logger;
  readonly onFire: (reportId: string, slot: Date, trigger: ScheduleTrigger) => void;
  readonly graceMs: number;
}

export interface FiredSlots {
  /** Fires each job's due slot at `now`. True when some state could not be read or written. */
  fireDue(list: readonly ScheduleJob[], now: Date, reason: string): boolean;
  /**
   * Takes the jobs now in force: the ones in `changed` owe no slot before their change, and each
   * scheduled job's baseline is written now, while "now" is the moment of the change. True when
   * some state could not be read or written (the caller looks again soon).
   */
  track(jobs: readonly ScheduleJob[], changed: ReadonlySet<string>): boolean;
}

export function createFiredSlots(deps: FiredSlotsDeps): FiredSlots {
  const { store, logger, onFire, graceMs } = deps;
  /** Settings whose timing the clerk changed and whose new baseline is not yet written. */
  const rebaseline = new Set<string>();

  /**
   * The last fired slot of a job, after writing its baseline if it needs one. A baseline means "slots
   * up to here are not owed": for a setting never fired (so slots from before it existed do not fire
   * as 遅延実行) and for a timing the clerk changed (so changing 9時 to 8時 at 8:30 does not fire at
   * once). Null when the state could not be read or written: look again soon, and never write a
   * baseline over a record that could not be read (it could lower it and re-fire).
   */
  const lastSettled = (job: ScheduleJob, timing: ScheduleTiming): Date | null => {
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

  const fireDue = (list: readonly ScheduleJob[], now: Date, reason: string): boolean => {
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
      const trigger = slotTrigger(due, now, graceMs);
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

  const track = (jobs: readonly ScheduleJob[], changed: ReadonlySet<string>): boolean => {
    const scheduled = new Set(jobs.filter((j) => j.timing).map((j) => j.report.id));
    for (const id of [...rebaseline]) if (!scheduled.has(id)) rebaseline.delete(id);
    for (const id of changed) if (scheduled.has(id)) rebaseline.add(id);
    let retrySoon = false;
    for (const job of jobs) if (job.timing && lastSettled(job, job.timing) === null) retrySoon = true;
    return retrySoon;
  };

  return { fireDue, track };
}
