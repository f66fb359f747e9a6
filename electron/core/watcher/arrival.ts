// 「ファイル配置時」: a setting whose files arrived gets ONE run once the burst has settled — debounced
// by `quietMs`, looked at again just before deciding (a file still being copied must not be sent
// half-written), and every file checked by the StabilityTracker (still, and not held by Excel).
// Files already handed to a run do not start another; a run the queue refused is asked again later.
import { signatureOf, type Entry } from './entry-stability';
import { rescanTarget } from './folder-listing';
import { isCurrent, type TargetState, type WatcherState } from './watcher-state';

/** Something arrived for this setting: (re)start its quiet window. */
export function markArrival(state: WatcherState, ts: TargetState): void {
  if (!ts.target.arrival) return;
  ts.arrivalDirty = true;
  ts.changeSeq++;
  armArrival(state, ts, state.tuning.quietMs);
}

function armArrival(state: WatcherState, ts: TargetState, ms: number): void {
  ts.arrivalTimer?.cancel();
  if (!state.running) return;
  ts.arrivalTimer = state.clock.setTimeout(() => void state.track(checkArrival(state, ts)), ms);
}

type Look = { readonly waitMs: number; readonly ready: readonly Entry[] } | null;

/** The decisive look at each file: still for stableMs and not held by another program. null: stale. */
async function lookAtFiles(state: WatcherState, ts: TargetState, gen: number): Promise<Look> {
  let waitMs = 0;
  const ready: Entry[] = [];
  for (const e of [...ts.files.values()]) {
    const st = await ts.tracker.check(e.path);
    if (!isCurrent(state, gen)) return null;
    if (st.state === 'changing') waitMs = Math.max(waitMs, st.waitMs);
    else if (st.state === 'locked') e.locked = st.error.message;
    else if (st.state === 'stable') {
      e.locked = null;
      if (st.size === e.bytes && st.mtimeMs === e.mtimeMs) ready.push(e);
      else waitMs = Math.max(waitMs, state.tuning.stableMs); // changed since the scan: the next look settles it
    }
  }
  return { waitMs, ready };
}

async function checkArrival(state: WatcherState, ts: TargetState): Promise<void> {
  ts.arrivalTimer = null;
  if (!state.running || !ts.arrivalDirty) return;
  const gen = state.generation;
  const folder = state.folders.find((f) => f.targets.includes(ts));
  if (!folder) return;
  const seq = ts.changeSeq;
  const rescanned = await rescanTarget(state, folder, ts, gen);
  if (rescanned.arrived) markArrival(state, ts);
  if (rescanned.changed) state.changed();
  if (!isCurrent(state, gen)) return;
  if (ts.changeSeq !== seq) return; // something changed: markArrival re-armed the debounce
  const total = ts.files.size;
  if (total === 0) {
    ts.arrivalDirty = false;
    return;
  }
  const look = await lookAtFiles(state, ts, gen);
  if (look === null) return;
  if (look.waitMs > 0) {
    armArrival(state, ts, Math.max(state.tuning.quietMs, look.waitMs));
    return;
  }
  // Locked files wait for the next rescan (they are looked at again then); the others may go.
  const sigs = new Set(look.ready.map(signatureOf));
  if ([...sigs].every((s) => ts.fired.has(s))) {
    ts.arrivalDirty = false;
    return;
  }
  const accepted = state.onArrival ? state.onArrival(ts.target.key) : false;
  if (accepted) {
    state.logger.info('files settled: arrival run requested', { target: ts.target.key, files: look.ready.length, locked: total - look.ready.length });
    ts.fired = sigs; // only current files: bounded by the folder's size
    ts.arrivalDirty = false;
  } else {
    state.logger.info('arrival run not accepted now; retrying', { target: ts.target.key });
    armArrival(state, ts, state.tuning.arrivalRetryMs);
  }
}
