// The live watch on one folder (chokidar, one per folder however many settings read it): opened for a
// folder that exists and is not crowded, closed when it is gone or becomes crowded. Its events only
// say where to look again; what the look finds is folder-listing.ts's business.
import { wantedIn } from './folder-listing';
import type { FolderEntries } from './ignored-files';
import type { FolderState, TargetState, WatcherState } from './watcher-state';

/**
 * Whether a folder gets a live watch: not while no setting can list it (missing), nor when a setting
 * has more than `liveWatchLimit` matching files (one OS watch per file) — that folder is rescanned.
 * A folder crowded with files no setting takes (an ERP's own output beside the exports) is watched
 * narrowly: only the names some setting takes, so a new export is still seen at once, while the list
 * of files that will not be sent follows at the rescans instead of by event.
 */
export function watchPlan(
  folder: { readonly targets: readonly Pick<TargetState, 'problem' | 'files'>[]; readonly entries?: FolderEntries | null },
  liveWatchLimit: number,
): { readonly watch: boolean; readonly crowded: boolean; readonly narrow: boolean; readonly files: number } {
  const missing = folder.targets.every((t) => t.problem !== null);
  const files = Math.max(0, ...folder.targets.map((t) => t.files.size));
  const crowded = files > liveWatchLimit;
  const narrow = (folder.entries?.entries.length ?? 0) > liveWatchLimit;
  return { watch: !missing && !crowded, crowded, narrow, files };
}

/** What the watch's events ask for, in generation `gen` of the watcher. */
export interface LiveWatchEvents {
  /** A name some setting takes was added, changed or removed: look at that file. */
  file(folder: FolderState, name: string, gen: number): void;
  /** A name no setting takes: only the list of files that will not be sent changes. */
  otherName(folder: FolderState, gen: number): void;
  /** The folder went away or the watch failed: rescan it. */
  lost(folder: FolderState, gen: number): void;
}

/**
 * Opens, keeps or closes the folder's watch as its plan says; resolves once a new watch is ready,
 * with true when it opened one — files written while it opened raised no event (chokidar takes what
 * is there when it starts as known), so the caller lists the folder once more.
 */
export async function ensureLiveWatch(state: WatcherState, folder: FolderState, gen: number, events: LiveWatchEvents): Promise<boolean> {
  const { tuning, logger } = state;
  const plan = watchPlan(folder, tuning.liveWatchLimit);
  if (plan.crowded !== folder.crowded) {
    folder.crowded = plan.crowded;
    if (plan.crowded) logger.info('folder has many files: rescanning every minute instead of watching each file', { folder: folder.path, files: plan.files });
  }
  // Closed when no longer wanted, or to be reopened wider or narrower.
  if (folder.watch && (!plan.watch || plan.narrow !== folder.watchNarrow)) {
    const w = folder.watch;
    folder.watch = null;
    await w.close();
  }
  if (!plan.watch || folder.watch || gen !== state.generation) return false;
  const wanted = wantedIn(folder);
  const watch = state.adapter.watchFolder(
    // Polling looks at every accepted file on its own, and chokidar keeps state for each: there, and
    // in a folder crowded with other files, only names some setting takes.
    { path: folder.path, poll: tuning.poll, pollIntervalMs: tuning.pollIntervalMs, accepts: tuning.poll || plan.narrow ? wanted : () => true },
    {
      file: (name) => {
        if (wanted(name)) events.file(folder, name, gen);
        else events.otherName(folder, gen);
      },
      folderGone: () => events.lost(folder, gen),
      error: (e) => {
        logger.warn('watch error; rescanning', { folder: folder.path, error: String(e) });
        events.lost(folder, gen);
      },
    },
  );
  folder.watch = watch;
  folder.watchNarrow = plan.narrow;
  await watch.ready;
  return true;
}
