// A file still settling (written to within `stableMs`) is looked at again when it should have become
// stable, so the list's flag turns — and an arrival run may start — without waiting for the next
// rescan. The look is timed on the wall clock; a clock set back (a PC's time corrected) must neither
// make a still file wait for a stillness in the future nor lose the stillness it already had.
import { afterClockSetBack, isSettled, nextSettleInMs } from './entry-stability';
import { allTargets, type FolderState, type WatcherState } from './watcher-state';

/** A timer that runs this much later by the wall clock than it was armed for means the clock was set back. */
const CLOCK_STEP_TOLERANCE_MS = 1000;

/** Entries timed before the wall clock was set back keep the stillness they had (afterClockSetBack). */
function rebaseEntries(state: WatcherState, byMs: number, now: number): void {
  for (const ts of allTargets(state)) {
    for (const [name, e] of ts.files) {
      const next = afterClockSetBack(e, byMs, now);
      if (next !== e) ts.files.set(name, next);
    }
  }
}

/** Arms the one settle timer for the soonest file to become stable; `look` runs then, in that generation. */
export function armSettleLook(state: WatcherState, look: (gen: number) => Promise<void>): void {
  if (!state.running || state.settleTimer) return;
  const { tuning, logger, clock } = state;
  const now = clock.now().getTime();
  // Never wait for a stillness that began in the future (a clock set back): count from now.
  rebaseEntries(state, 0, now);
  const soonest = nextSettleInMs(allTargets(state).flatMap((ts) => [...ts.files.values()]), now, tuning.stableMs);
  if (soonest === null) return;
  const delay = Math.max(250, soonest);
  const dueAt = now + delay;
  state.settleTimer = clock.setTimeout(() => {
    state.settleTimer = null;
    // Ran while the wall clock reads much less than due: it was set back by the difference.
    const behind = dueAt - clock.now().getTime();
    if (behind > CLOCK_STEP_TOLERANCE_MS) {
      logger.info('wall clock set back: keeping how long the files have been still', { byMs: behind });
      rebaseEntries(state, behind, clock.now().getTime());
    }
    void state.track(look(state.generation));
  }, delay);
}

/** Looks again at every file not yet settled; false when the watcher moved on to another generation meanwhile. */
export async function lookAtUnsettled(state: WatcherState, gen: number, lookAt: (folder: FolderState, name: string, gen: number) => Promise<void>): Promise<boolean> {
  const now = state.clock.now().getTime();
  for (const folder of state.folders) {
    for (const ts of folder.targets) {
      for (const e of [...ts.files.values()]) {
        if (isSettled(e, now, state.tuning.stableMs)) continue;
        await lookAt(folder, e.name, gen);
        if (gen !== state.generation) return false;
      }
    }
  }
  return true;
}
