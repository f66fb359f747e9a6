// Keeps every setting's listing in step with the disk. Change events only say "look again soon": the
// truth is a rescan, done at start, on resume, every few minutes (every minute for a folder too
// crowded to watch file by file), and for the one file an event names — so a lost event on a network
// drive costs minutes, not a missed file. A file still settling is looked at again when it should
// have become stable, so the list's flag turns without waiting for the next rescan.
import { markArrival } from './arrival';
import { watchFolder } from './chokidar-adapter';
import { nextSettleInMs, isSettled } from './entry-stability';
import { refreshName, rescanTarget, wantedIn } from './folder-listing';
import type { WaitingVerdicts } from './waiting-verdicts';
import { isCurrent, type FolderState, type TargetState, type WatcherState } from './watcher-state';

export interface FolderSync {
  /** Rescans every folder (and (re)opens their watches); tells listeners when something changed. */
  rescanAll(): Promise<void>;
  /** (Re)arms the periodic rescan. */
  armRescan(): void;
  /** Closes every watch and timer; work in flight applies nothing afterwards. */
  closeAll(): Promise<void>;
}

/**
 * Whether a folder gets a live watch: not while no setting can list it (missing), nor when a setting
 * has more than `liveWatchLimit` matching files (one OS watch per file) — that folder is rescanned.
 */
export function watchPlan(folder: { readonly targets: readonly Pick<TargetState, 'problem' | 'files'>[] }, liveWatchLimit: number): { readonly watch: boolean; readonly crowded: boolean; readonly files: number } {
  const missing = folder.targets.every((t) => t.problem !== null);
  const files = Math.max(0, ...folder.targets.map((t) => t.files.size));
  const crowded = files > liveWatchLimit;
  return { watch: !missing && !crowded, crowded, files };
}

export function createFolderSync(state: WatcherState, verdicts: WaitingVerdicts): FolderSync {
  const { tuning, logger } = state;

  const afterChange = () => {
    state.changed();
    armSettle();
    verdicts.kick();
  };

  const rescanFolder = async (folder: FolderState, gen: number): Promise<boolean> => {
    let any = false;
    for (const ts of folder.targets) {
      const r = await rescanTarget(state, folder, ts, gen);
      if (r.arrived) markArrival(state, ts);
      if (r.changed) any = true;
    }
    if (isCurrent(state, gen)) await ensureWatch(folder, gen);
    return any;
  };

  const rescanSoon = (folder: FolderState, gen: number) => void state.track(rescanFolder(folder, gen).then((any) => any && state.changed()));

  const onFile = async (folder: FolderState, name: string, gen: number) => {
    const r = await refreshName(state, folder, name, gen);
    for (const ts of r.arrivedAt) markArrival(state, ts);
    if (r.changed) afterChange();
  };

  /** chokidar for a folder that exists and is not crowded; closed when the folder is gone or crowded. */
  const ensureWatch = async (folder: FolderState, gen: number) => {
    const plan = watchPlan(folder, tuning.liveWatchLimit);
    if (plan.crowded !== folder.crowded) {
      folder.crowded = plan.crowded;
      if (plan.crowded) logger.info('folder has many files: rescanning every minute instead of watching each file', { folder: folder.path, files: plan.files });
    }
    if (!plan.watch && folder.watch) {
      const w = folder.watch;
      folder.watch = null;
      await w.close();
    }
    if (!plan.watch || folder.watch || gen !== state.generation) return;
    const watch = watchFolder(
      { path: folder.path, poll: tuning.poll, pollIntervalMs: tuning.pollIntervalMs, accepts: wantedIn(folder) },
      {
        file: (name) => void state.track(onFile(folder, name, gen)),
        folderGone: () => rescanSoon(folder, gen),
        error: (e) => {
          logger.warn('watch error; rescanning', { folder: folder.path, error: String(e) });
          rescanSoon(folder, gen);
        },
      },
    );
    folder.watch = watch;
    await watch.ready;
  };

  /** While some file is still settling, look at it again when it should have become stable. */
  const armSettle = () => {
    if (!state.running || state.settleTimer) return;
    const now = state.clock.now().getTime();
    const soonest = nextSettleInMs(state.folders.flatMap((f) => f.targets.flatMap((ts) => [...ts.files.values()])), now, tuning.stableMs);
    if (soonest === null) return;
    state.settleTimer = state.clock.setTimeout(() => {
      state.settleTimer = null;
      void state.track(settle(state.generation));
    }, Math.max(250, soonest));
  };

  const settle = async (gen: number) => {
    const now = state.clock.now().getTime();
    for (const folder of state.folders) {
      for (const ts of folder.targets) {
        for (const e of [...ts.files.values()]) {
          if (isSettled(e, now, tuning.stableMs)) continue;
          await onFile(folder, e.name, gen);
          if (gen !== state.generation) return;
        }
      }
    }
    afterChange();
  };

  const rescanAll = async () => {
    const gen = state.generation;
    let any = false;
    for (const folder of state.folders) if (await rescanFolder(folder, gen)) any = true;
    if (gen !== state.generation) return;
    // A file Excel held at the last look: look again (closing it does not change its mtime).
    for (const f of state.folders) for (const ts of f.targets) if (ts.target.arrival && [...ts.files.values()].some((e) => e.locked !== null)) markArrival(state, ts);
    if (any) afterChange();
    else verdicts.kick();
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
    verdicts.cancel();
    const closing: Promise<void>[] = [];
    for (const f of state.folders) {
      for (const ts of f.targets) ts.arrivalTimer?.cancel();
      if (f.watch) closing.push(f.watch.close());
      f.watch = null;
    }
    await Promise.all(closing);
  };

  return { rescanAll, armRescan, closeAll };
}
