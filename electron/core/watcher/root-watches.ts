// The watch on each ファイルの配置場所, one level deep: a setting's folder that does not exist yet (a
// share not mounted, a folder the clerk creates later) is listed and watched the moment it appears,
// not at the next rescan.
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isCurrent, type FolderState, type WatcherState } from './watcher-state';

/** Windows folder names do not differ by case. */
const samePath = (a: string, b: string): boolean => (process.platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b);

/** Watches every parent of a setting's folder that exists and is not watched yet. */
export async function ensureRootWatches(state: WatcherState, gen: number, created: (folder: FolderState) => void): Promise<void> {
  const { tuning, logger } = state;
  const roots = [...new Set(state.folders.map((f) => dirname(f.path)))];
  for (const root of roots) {
    if (state.rootWatches.has(root) || !isCurrent(state, gen)) continue;
    const exists = await stat(root).then((s) => s.isDirectory(), () => false);
    if (!exists || !isCurrent(state, gen) || state.rootWatches.has(root)) continue;
    const w = state.adapter.watchRoot(
      { path: root, poll: tuning.poll, pollIntervalMs: tuning.pollIntervalMs },
      {
        folderAdded: (name) => {
          for (const folder of state.folders) {
            if (samePath(folder.path, join(root, name)) && folder.targets.some((t) => t.problem !== null)) {
              logger.info('folder created: listing it now', { folder: folder.path });
              created(folder);
            }
          }
        },
        error: (e) => logger.warn('root watch error', { root, error: String(e) }),
      },
    );
    state.rootWatches.set(root, w);
    await w.ready;
    // A folder made while the watch opened raised no event (chokidar knows it as already there).
    for (const folder of state.folders) {
      if (!isCurrent(state, gen) || dirname(folder.path) !== root || folder.targets.every((t) => t.problem === null)) continue;
      if (await stat(folder.path).then((s) => s.isDirectory(), () => false)) created(folder);
    }
  }
}
