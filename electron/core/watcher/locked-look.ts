// A file another program holds (Excel keeps the CSV it opened locked) is looked at again every
// `lockedLookMs`: closing it changes neither its size nor its time, so no event and no rescan would
// notice that it may go now.
import { lookAgain } from './arrival';
import { allTargets, type TargetState, type WatcherState } from './watcher-state';

const holdsLocked = (ts: TargetState): boolean => [...ts.files.values()].some((e) => e.locked !== null);

/** Arms the one locked-look timer while some file is held; `kick` refreshes the list's verdicts after each look. */
export function armLockedLook(state: WatcherState, kick: () => void): void {
  if (!state.running || state.lockedTimer) return;
  if (!allTargets(state).some(holdsLocked)) return;
  state.lockedTimer = state.clock.setTimeout(() => {
    state.lockedTimer = null;
    if (!state.running) return;
    for (const ts of allTargets(state)) if (holdsLocked(ts)) lookAgain(state, ts);
    kick();
    armLockedLook(state, kick);
  }, state.tuning.lockedLookMs);
}

/** The settings for 「ファイル配置時」 with a file held at the last look: a rescan marks them arrived again. */
export function arrivalsHoldingLocked(state: WatcherState): TargetState[] {
  return allTargets(state).filter((ts) => ts.target.arrival && holdsLocked(ts));
}
