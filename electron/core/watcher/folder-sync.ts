// Keeps every setting's listing in step with the disk. Change events only say "look again soon": the
// truth is a rescan, done at start, on resume, every few minutes (every minute for a folder too
// crowded to watch file by file), and for the one file an event names — so a lost event on a network
// drive costs minutes, not a missed file. A file still settling is looked at again when it should
// have become stable, so the list's flag turns without waiting for the next rescan; one another
// program holds is looked at again every few seconds; a setting's folder created later is seen
// through the watch on ファイルの配置場所; and every listing also notes the files that will not be sent.
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { lookAgain, markArrival } from './arrival';
import { watchFolder, watchRoot } from './chokidar-adapter';
import { afterClockSetBack, nextSettleInMs, isSettled } from './entry-stability';
import { refreshName, rescanTarget, wantedIn } from './folder-listing';
import { listFolderEntries, type FolderEntries } from './ignored-files';
import type { WaitingVerdicts } from './waiting-verdicts';
import { allTargets, isCurrent, type FolderState, type TargetState, type WatcherState } from './watcher-state';

/** A timer that runs this much later by the wall clock than it was armed for means the clock was set back. */
const CLOCK_STEP_TOLERANCE_MS = 1000;

const sameEntries = (a: FolderEntries | null, b: FolderEntries | null): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Windows folder names do not differ by case. */
const samePath = (a: string, b: string): boolean => (process.platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b);

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

  /** The folder's entries, for the files that will not be sent; true when they changed. */
  const relistEntries = async (folder: FolderState, gen: number): Promise<boolean> => {
    const entries = await listFolderEntries(folder.path);
    if (!isCurrent(state, gen) || sameEntries(folder.entries, entries)) return false;
    folder.entries = entries;
    return true;
  };

  const rescanFolder = async (folder: FolderState, gen: number): Promise<boolean> => {
    let any = false;
    for (const ts of folder.targets) {
      const r = await rescanTarget(state, folder, ts, gen);
      if (r.arrived) markArrival(state, ts);
      if (r.changed) any = true;
    }
    if (await relistEntries(folder, gen)) any = true;
    if (isCurrent(state, gen)) await ensureWatch(folder, gen);
    return any;
  };

  const rescanSoon = (folder: FolderState, gen: number) => void state.track(rescanFolder(folder, gen).then((any) => any && state.changed()));

  const onFile = async (folder: FolderState, name: string, gen: number) => {
    const r = await refreshName(state, folder, name, gen);
    for (const ts of r.arrivedAt) markArrival(state, ts);
    if (r.changed) afterChange();
  };

  /** Events for names no setting takes only change the list of files that will not be sent: relist, coalesced. */
  const relisting = new Map<FolderState, { again: boolean }>();
  const onOtherName = (folder: FolderState, gen: number) => {
    const pending = relisting.get(folder);
    if (pending) {
      pending.again = true;
      return;
    }
    const mark = { again: false };
    relisting.set(folder, mark);
    void state.track(
      (async () => {
        let any = false;
        do {
          mark.again = false;
          if (await relistEntries(folder, gen)) any = true;
        } while (mark.again && isCurrent(state, gen));
        relisting.delete(folder);
        if (any) state.changed();
      })(),
    );
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
    const wanted = wantedIn(folder);
    const watch = watchFolder(
      // Polling looks at every accepted file on its own: there, only names some setting takes.
      { path: folder.path, poll: tuning.poll, pollIntervalMs: tuning.pollIntervalMs, accepts: tuning.poll ? wanted : () => true },
      {
        file: (name) => {
          if (wanted(name)) void state.track(onFile(folder, name, gen));
          else onOtherName(folder, gen);
        },
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

  /** Entries timed before the wall clock was set back keep the stillness they had (afterClockSetBack). */
  const rebaseEntries = (byMs: number, now: number) => {
    for (const ts of allTargets(state)) {
      for (const [name, e] of ts.files) {
        const next = afterClockSetBack(e, byMs, now);
        if (next !== e) ts.files.set(name, next);
      }
    }
  };

  /** While some file is still settling, look at it again when it should have become stable. */
  const armSettle = () => {
    if (!state.running || state.settleTimer) return;
    const now = state.clock.now().getTime();
    // Never wait for a stillness that began in the future (a clock set back): count from now.
    rebaseEntries(0, now);
    const soonest = nextSettleInMs(allTargets(state).flatMap((ts) => [...ts.files.values()]), now, tuning.stableMs);
    if (soonest === null) return;
    const delay = Math.max(250, soonest);
    const dueAt = now + delay;
    state.settleTimer = state.clock.setTimeout(() => {
      state.settleTimer = null;
      // Ran while the wall clock reads much less than due: it was set back by the difference.
      const behind = dueAt - state.clock.now().getTime();
      if (behind > CLOCK_STEP_TOLERANCE_MS) {
        logger.info('wall clock set back: keeping how long the files have been still', { byMs: behind });
        rebaseEntries(behind, state.clock.now().getTime());
      }
      void state.track(settle(state.generation));
    }, delay);
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

  /** A file Excel held at the last look: look again soon (closing it changes neither size nor time). */
  const armLockedLook = () => {
    if (!state.running || state.lockedTimer) return;
    const held = (ts: TargetState) => [...ts.files.values()].some((e) => e.locked !== null);
    if (!allTargets(state).some(held)) return;
    state.lockedTimer = state.clock.setTimeout(() => {
      state.lockedTimer = null;
      if (!state.running) return;
      for (const ts of allTargets(state)) if (held(ts)) lookAgain(state, ts);
      verdicts.kick();
      armLockedLook();
    }, tuning.lockedLookMs);
  };

  /** ファイルの配置場所 one level deep: a setting's folder created later is listed (and watched) at once. */
  const ensureRootWatches = async (gen: number) => {
    const roots = [...new Set(state.folders.map((f) => dirname(f.path)))];
    for (const root of roots) {
      if (state.rootWatches.has(root) || !isCurrent(state, gen)) continue;
      const exists = await stat(root).then((s) => s.isDirectory(), () => false);
      if (!exists || !isCurrent(state, gen) || state.rootWatches.has(root)) continue;
      const w = watchRoot(
        { path: root, poll: tuning.poll, pollIntervalMs: tuning.pollIntervalMs },
        {
          folderAdded: (name) => {
            for (const folder of state.folders) {
              if (samePath(folder.path, join(root, name)) && folder.targets.some((t) => t.problem !== null)) {
                logger.info('folder created: listing it now', { folder: folder.path });
                rescanSoon(folder, gen);
              }
            }
          },
          error: (e) => logger.warn('root watch error', { root, error: String(e) }),
        },
      );
      state.rootWatches.set(root, w);
      await w.ready;
    }
  };

  const rescanAll = async () => {
    const gen = state.generation;
    let any = false;
    for (const folder of state.folders) if (await rescanFolder(folder, gen)) any = true;
    if (gen !== state.generation) return;
    await ensureRootWatches(gen);
    if (gen !== state.generation) return;
    // A file Excel held at the last look: look again (closing it does not change its mtime).
    for (const ts of allTargets(state)) if (ts.target.arrival && [...ts.files.values()].some((e) => e.locked !== null)) markArrival(state, ts);
    if (any) afterChange();
    else verdicts.kick();
    armLockedLook();
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

  return { rescanAll, armRescan, closeAll, armLockedLook };
}
