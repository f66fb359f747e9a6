// The folder's entries, relisted for the files that will not be sent (ignored-files.ts). Events for
// names no setting takes change only that list; a burst of them (an exporter's temporary files) is
// coalesced into one relisting at a time, run again once if more came meanwhile.
import { listFolderEntries, type FolderEntries } from './ignored-files';
import { isCurrent, type FolderState, type WatcherState } from './watcher-state';

const sameEntries = (a: FolderEntries | null, b: FolderEntries | null): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Relists the folder's entries; true when they changed (and work of generation `gen` may still apply). */
export async function relistEntries(state: WatcherState, folder: FolderState, gen: number): Promise<boolean> {
  const entries = await listFolderEntries(folder.path);
  if (!isCurrent(state, gen) || sameEntries(folder.entries, entries)) return false;
  folder.entries = entries;
  return true;
}

/** Relists a folder soon, coalescing the requests that come while it runs; tells listeners of a change. */
export function createEntriesRelister(state: WatcherState): (folder: FolderState, gen: number) => void {
  const relisting = new Map<FolderState, { again: boolean }>();
  return (folder, gen) => {
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
          if (await relistEntries(state, folder, gen)) any = true;
        } while (mark.again && isCurrent(state, gen));
        relisting.delete(folder);
        if (any) state.changed();
      })(),
    );
  };
}
