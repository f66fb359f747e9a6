// 「ファイル配置時」: a setting whose files arrived gets ONE run once the burst has settled — debounced
// by `quietMs`, looked at again just before deciding (a file still being copied must not be sent
// half-written), and every file checked by the StabilityTracker (still, and not held by Excel).
// A document setting's run sends the customer file first, so it also waits for the customer
// folder: quiet for `quietMs` and its files still; and when no customer file came with the
// documents, `companionMs` after they arrived (an exporter may write the customer master a few
// seconds after the documents). Customers written first cost nothing extra.
// Files already handed to a run do not start another; a run the queue refused is asked again later.
import { signatureOf, type Entry } from './entry-stability';
import { rescanTarget } from './folder-listing';
import { allTargets, isCurrent, type TargetState, type WatcherState } from './watcher-state';

/**
 * Something arrived for this setting: (re)start its quiet window, and that of every arrival run
 * waiting for it (a customer file dropped now keeps the pending document run waiting).
 */
export function markArrival(state: WatcherState, ts: TargetState): void {
  const now = state.clock.now().getTime();
  ts.lastChangeAt = now;
  for (const waiting of allTargets(state)) {
    if (waiting !== ts && waiting.arrivalDirty && waiting.target.waitsFor.includes(ts.target.key)) {
      waiting.changeSeq++;
      armArrival(state, waiting, state.tuning.quietMs);
    }
  }
  if (!ts.target.arrival) return;
  if (!ts.arrivalDirty) ts.burstStartedAt = now;
  ts.arrivalDirty = true;
  ts.changeSeq++;
  armArrival(state, ts, state.tuning.quietMs);
}

/** A file was held by another program at the last look: look again soon, without waiting for a change. */
export function lookAgain(state: WatcherState, ts: TargetState): void {
  if (!ts.target.arrival || ts.arrivalTimer !== null) return;
  ts.arrivalDirty = true;
  armArrival(state, ts, 0);
}

function armArrival(state: WatcherState, ts: TargetState, ms: number): void {
  ts.arrivalTimer?.cancel();
  ts.arrivalTimer = null;
  if (!state.running) return;
  ts.arrivalTimer = state.clock.setTimeout(() => void state.track(checkArrival(state, ts)), ms);
}

/**
 * `waitMs`: until the slowest file has been still long enough; `changed`: some file changed since
 * the scan (a new quiet window is due, not only the rest of the stability wait). null: stale.
 */
type Look = { readonly waitMs: number; readonly changed: boolean; readonly ready: readonly Entry[]; readonly lockChanged: boolean } | null;

/** The decisive look at each file: still for stableMs and not held by another program. */
async function lookAtFiles(state: WatcherState, ts: TargetState, gen: number): Promise<Look> {
  let waitMs = 0;
  let changed = false;
  let lockChanged = false;
  const ready: Entry[] = [];
  for (const e of [...ts.files.values()]) {
    const st = await ts.tracker.check(e.path);
    if (!isCurrent(state, gen)) return null;
    if (st.state === 'changing') waitMs = Math.max(waitMs, st.waitMs);
    else if (st.state === 'locked') {
      if (e.locked !== st.error.message) lockChanged = true;
      e.locked = st.error.message;
    } else if (st.state === 'stable') {
      if (e.locked !== null) lockChanged = true;
      e.locked = null;
      if (st.size === e.bytes && st.mtimeMs === e.mtimeMs) ready.push(e);
      else {
        changed = true;
        waitMs = Math.max(waitMs, state.tuning.stableMs); // changed since the scan: the next look settles it
      }
    }
  }
  return { waitMs, changed, ready, lockChanged };
}

/**
 * How long the run must still wait for the settings it sends first: their folder quiet, their
 * files still (a file another program holds does not keep it: the run leaves that file, as it
 * would its own). 0: ready. null: stale.
 */
async function companionWaitMs(state: WatcherState, ts: TargetState, gen: number): Promise<number | null> {
  const companions = allTargets(state).filter((c) => c !== ts && ts.target.waitsFor.includes(c.target.key));
  if (companions.length === 0) return 0;
  const now = state.clock.now().getTime();
  const { companionMs } = state.tuning;
  // A customer file that came with this burst (shortly before or since) is the one to wait for;
  // without one, one may still be on its way: give it the companion window.
  const cameAlong = companions.every((c) => c.lastChangeAt >= ts.burstStartedAt - companionMs);
  let wait = cameAlong ? 0 : Math.max(0, ts.burstStartedAt + companionMs - now);
  for (const c of companions) {
    wait = Math.max(wait, c.lastChangeAt + state.tuning.quietMs - now);
    for (const e of [...c.files.values()]) {
      const st = await c.tracker.check(e.path);
      if (!isCurrent(state, gen)) return null;
      if (st.state === 'changing') wait = Math.max(wait, st.waitMs);
    }
  }
  return Math.max(0, wait);
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
  if (look.lockChanged) state.changed();
  if (look.waitMs > 0) {
    // Only a file that changed since the scan needs a new quiet window; one that is merely not
    // still long enough yet (a network drive's modified time in the future) needs only the rest.
    armArrival(state, ts, look.changed ? Math.max(state.tuning.quietMs, look.waitMs) : look.waitMs);
    return;
  }
  const companionWait = await companionWaitMs(state, ts, gen);
  if (companionWait === null) return;
  if (ts.changeSeq !== seq) return;
  if (companionWait > 0) {
    state.logger.debug('arrival run waits for the customer folder', { target: ts.target.key, waitMs: companionWait });
    armArrival(state, ts, companionWait);
    return;
  }
  // Locked files wait for their next look (every lockedLookMs); the others may go.
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
