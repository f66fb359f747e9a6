// Keeps every setting's listing in step with the disk. Change events only say "look again soon": the
// truth is a rescan, done at start, on resume, every few minutes (every minute for a folder too
// crowded to watch file by file), and for the one file an event names — so a lost event on a network
// drive costs minutes, not a missed file. A file still settling is looked at again when it should
// have become stable, so the list's flag turns without waiting for the next rescan; one another
// program holds is looked at again every few seconds; a setting's folder created later is seen
// through the watch on ファイルの配置場所; and every listing also notes the files that will not be sent.
// This module owns the rescans and their timer; each kind of look again has its own room
// (live-watch, root-watches, settle-look, locked-look, entries-relist).
import { markArrival } from './arrival';
import { createEntriesRelister, relistEntries } from './entries-relist';
import { refreshName, rescanTarget } from './folder-listing';
import { ensureLiveWatch, type LiveWatchEvents } from './live-watch';
import { armLockedLook, arrivalsHoldingLocked } from './locked-look';
import { ensureRootWatches } from './root-watches';
import { armSettleLook, lookAtUnsettled } from './settle-look';
import type { WaitingVerdicts } from './waiting-verdicts';
import { isCurrent, type FolderState, type WatcherState } from './watcher-state';

export interface FolderSync {
  /** Rescans every folder (and (re)opens their watches); tells listeners when something changed. */
  rescanAll(): Promise<void>;
  /** (Re)arms the periodic rescan. */
  armRescan(): void;
  /** Closes every watch and timer; work in flight applies nothing afterwards. */
  closeAll(): Promise<void>;
  /** While some file is held by another program, look at it again every `lockedLookMs`. */
  armLockedLook(): void;
}

export function createFolderSync(state: WatcherState, verdicts: WaitingVerdicts): FolderSync {
  const { tuning } = state;

  const afterChange = () => {
    state.changed();
    armSettle();
    verdicts.kick();
  };

  const onFile = async (folder: FolderState, name: string, gen: number) => {
    const r = await refreshName(state, folder, name, gen);
    for (const ts of r.arrivedAt) markArrival(state, ts);
    if (r.changed) afterChange();
  };

  const armSettle = () => armSettleLook(state, async (gen) => {
    if (await lookAtUnsettled(state, gen, onFile)) afterChange();
  });

  const listTargets = async (folder: FolderState, gen: number): Promise<boolean> => {
    let any = false;
    for (const ts of folder.targets) {
      const r = await rescanTarget(state, folder, ts, gen);
      if (r.arrived) markArrival(state, ts);
      if (r.changed) any = true;
    }
    return any;
  };

  const rescanFolder = async (folder: FolderState, gen: number): Promise<boolean> => {
    let any = await listTargets(folder, gen);
    if (await relistEntries(state, folder, gen)) any = true;
    // A watch just opened missed what was written while it opened: the folder that just appeared,
    // into which the export lands at once. One more look closes that gap.
    if (isCurrent(state, gen) && await ensureLiveWatch(state, folder, gen, watchEvents)) {
      if (await listTargets(folder, gen)) any = true;
      if (await relistEntries(state, folder, gen)) any = true;
    }
    return any;
  };

  const rescanSoon = (folder: FolderState, gen: number) => void state.track(rescanFolder(folder, gen).then((any) => any && state.changed()));

  const watchEvents: LiveWatchEvents = {
    file: (folder, name, gen) => void state.track(onFile(folder, name, gen)),
    otherName: createEntriesRelister(state),
    lost: rescanSoon,
  };

  const lockedLook = () => armLockedLook(state, () => verdicts.kick());

  const rescanAll = async () => {
    const gen = state.generation;
    let any = false;
    for (const folder of state.folders) if (await rescanFolder(folder, gen)) any = true;
    if (gen !== state.generation) return;
    await ensureRootWatches(state, gen, (folder) => rescanSoon(folder, gen));
    if (gen !== state.generation) return;
    // A file Excel held at the last look: look again (closing it does not change its mtime).
    for (const ts of arrivalsHoldingLocked(state)) markArrival(state, ts);
    if (any) afterChange();
    else verdicts.kick();
    lockedLook();
  };
  const armRescan = () => {
    state.rescanTimer?.cancel();
    if (!state.running) return;
    const crowded = state.folders.some((f) => f.crowded);
    const interval = crowded ? Math.min(tuning.crowdedRescanMs, tuning.rescanIntervalMs) : tuning.rescanIntervalMs;
    state.rescanTimer = state.clock.setTimeout(() => void state.track(rescanAll().then(armRescan)), interval);
  };

  const closeAll = async () => {
    state.generation++;
    state.rescanTimer?.cancel();
    state.rescanTimer = null;
    state.settleTimer?.cancel();
    state.settleTimer = null;
    state.lockedTimer?.cancel();
    state.lockedTimer = null;
    verdicts.cancel();
    const closing: Promise<void>[] = [];
    for (const f of state.folders) {
      for (const ts of f.targets) {
        ts.arrivalTimer?.cancel();
        ts.arrivalTimer = null;
      }
      if (f.watch) closing.push(f.watch.close());
      f.watch = null;
    }
    for (const w of state.rootWatches.values()) closing.push(w.close());
    state.rootWatches.clear();
    await Promise.all(closing);
  };

  return { rescanAll, armRescan, closeAll, armLockedLook: lockedLook };
}
