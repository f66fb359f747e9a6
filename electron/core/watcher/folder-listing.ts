// Listing: which files of a watched folder each setting would send, kept up to date from a full
// listing (rescan) or from one name an event pointed at (a stat). The name test is the files
// module's, the one place that decides what "waiting" means; a listing step is where the files that
// will NOT be sent (and why) can be gathered too.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { AppError } from '../../../shared/result';
import { isCandidateName, listCandidates } from '../files/list-candidates';
import { observe, type Sighting } from './entry-stability';
import { isCurrent, type FolderState, type TargetState, type WatcherState } from './watcher-state';

/** What a listing step changed: the list (tell listeners), and whether something arrived (a new or changed file). */
export interface ListingChange {
  readonly changed: boolean;
  readonly arrived: boolean;
}

const NO_CHANGE: ListingChange = { changed: false, arrived: false };

/** The clerk's sentence for a folder that cannot be listed. */
function folderProblemText(error: AppError): string {
  return error.code === 'files.folder-missing'
    ? `${error.message}。フォルダを作成するか、設定のフォルダ名とファイルの配置場所を確認してください。`
    : error.message;
}

/** Would any setting reading this folder send a file of this name? (The chokidar filter.) */
export const wantedIn = (folder: FolderState) => (name: string): boolean => folder.targets.some((t) => isCandidateName(name, t.target.prefix));

function put(state: WatcherState, ts: TargetState, seen: Sighting, now: number): boolean {
  const old = ts.files.get(seen.name);
  const next = observe(old, seen, now, state.tuning.stableMs);
  if (next === null) return false;
  // Our own observation now times the new size+mtime; the tracker starts afresh after it settles.
  if (old) ts.tracker.forget(seen.path);
  ts.files.set(seen.name, next);
  return true;
}

function clearWithProblem(state: WatcherState, folder: FolderState, ts: TargetState, error: AppError): boolean {
  const problem = folderProblemText(error);
  const changed = ts.problem !== problem || ts.files.size > 0;
  if (ts.problem !== problem) state.logger.warn('folder problem', { target: ts.target.key, folder: folder.path, code: error.code, detail: error.detail });
  ts.problem = problem;
  for (const e of ts.files.values()) ts.tracker.forget(e.path);
  ts.files.clear();
  return changed;
}

/** Lists the folder for one setting and brings its entries in line (nothing applied when the generation moved on). */
export async function rescanTarget(state: WatcherState, folder: FolderState, ts: TargetState, gen: number): Promise<ListingChange> {
  const listed = await listCandidates(folder.path, ts.target.prefix);
  if (gen !== state.generation) return NO_CHANGE;
  const now = state.clock.now().getTime();
  if (!listed.ok) return { changed: clearWithProblem(state, folder, ts, listed.error), arrived: false };
  let changed = ts.problem !== null;
  if (ts.problem !== null) state.logger.info('folder available again', { target: ts.target.key, folder: folder.path });
  ts.problem = null;
  let arrived = false;
  const seen = new Set<string>();
  for (const c of listed.value) {
    seen.add(c.name);
    if (put(state, ts, c, now)) changed = arrived = true;
  }
  for (const [name, e] of [...ts.files]) {
    if (seen.has(name)) continue;
    ts.files.delete(name);
    ts.tracker.forget(e.path);
    changed = true;
  }
  return { changed, arrived };
}

/**
 * An event named a file: stat it (the event itself is only a hint) and update every setting that
 * would send it. Returns the settings whose list changed, and those to which something arrived.
 */
export async function refreshName(state: WatcherState, folder: FolderState, name: string, gen: number): Promise<{ readonly changed: boolean; readonly arrivedAt: readonly TargetState[] }> {
  const path = resolve(folder.path, name);
  const s = await stat(path).catch(() => null);
  if (!isCurrent(state, gen)) return { changed: false, arrivedAt: [] };
  const now = state.clock.now().getTime();
  let changed = false;
  const arrivedAt: TargetState[] = [];
  for (const ts of folder.targets) {
    if (!isCandidateName(name, ts.target.prefix)) continue;
    if (s && s.isFile()) {
      if (put(state, ts, { name, path, size: s.size, mtimeMs: s.mtimeMs }, now)) {
        changed = true;
        arrivedAt.push(ts);
      }
    } else if (ts.files.delete(name)) {
      ts.tracker.forget(path);
      changed = true;
    }
  }
  return { changed, arrivedAt };
}
