// The one-time move of the agent's state out of the folder older versions kept everything in
// (Windows: %APPDATA%, roamed at every logon) into the state folder data-paths.ts names
// (%LOCALAPPDATA%, $XDG_STATE_HOME, ~/Library/Logs for the log on macOS).
//
// The history is the proof of what was sent, and a lost history.db makes the next run send every
// document again: the move must lose nothing wherever it is cut off (power cut, kill, full disk).
// One file is the commit point, `data-move.json` in the new folder:
//   - before it exists, the old folder is in force: whatever lies in the new folder's move targets
//     is an unfinished copy of an earlier attempt and is cleared and copied again;
//   - once it exists, the new folder is in force; it is written only after every file was copied,
//     fsynced and read back with the same SHA-256 as its source;
//   - only then are the old files removed, each only while it still has the SHA-256 recorded (a
//     file changed since, say by an older version started in between, is left where it is).
// The move holds the old folder's agent.lock, so no agent of any version writes there meanwhile.
// SQLite's -wal and -shm travel with history.db: committed transactions can sit in the -wal alone.
import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { acquireDataDirLock, retireDataDirLock, type LockDeps } from '../instance-lock/data-dir-lock';
import { dataPathsFor, type DataLayout, type DataPaths } from './data-paths';

export const MOVE_MARKER = 'data-move.json';
export const MOVE_LOCK_PURPOSE = 'データフォルダの移動';

/** What moves, by its name in the old folder, and where it goes. */
interface MoveItem {
  readonly name: string;
  readonly to: string;
}

/** One moved file: its path under the old folder (forward slashes), size and content hash. */
export interface MovedFile {
  readonly rel: string;
  readonly size: number;
  readonly sha256: string;
}

interface Marker {
  readonly version: 1;
  readonly from: string;
  readonly movedAt: string;
  readonly files: readonly MovedFile[];
}

/** A named point in the move, reported to `checkpoint` (the tests cut the move off there). */
export type MoveStep = 'locked' | 'cleared' | `copied:${string}` | 'synced' | 'verified' | 'recorded' | `removed:${string}` | 'done';

export type Settled =
  /** One folder for everything (MEISAI_DATA_DIR, --data-dir): nothing to move. */
  | { readonly kind: 'single'; readonly paths: DataPaths }
  /** The split folders are in force; `moved` tells what this call moved, `kept` the old files left (changed since). */
  | { readonly kind: 'split'; readonly paths: DataPaths; readonly moved: { readonly files: number; readonly bytes: number } | null; readonly kept: readonly string[] }
  /** The old folder is still in force (not moved yet, or the move could not be done now: `reason`). */
  | { readonly kind: 'legacy'; readonly paths: DataPaths; readonly reason: string | null };

export interface SettleOptions {
  readonly layout: DataLayout;
  readonly platform: string;
  /**
   * true: move now if needed (whoever is about to open the history: the tray app, `run`, `agent`).
   * false: only decide which folder is in force (readers such as `history` and `support-bundle`).
   */
  readonly move: boolean;
  readonly now?: () => Date;
  readonly lock?: LockDeps;
  /** Called at each step; a test throws (or kills the process) there to cut the move off. */
  readonly checkpoint?: (step: MoveStep) => void;
}

function itemsOf(legacyDir: string, paths: DataPaths): MoveItem[] {
  const candidates: MoveItem[] = [
    { name: 'history.db', to: paths.historyDb },
    { name: 'history.db-wal', to: `${paths.historyDb}-wal` },
    { name: 'history.db-shm', to: `${paths.historyDb}-shm` },
    { name: 'staging', to: paths.stagingDir },
    { name: 'sent-ledger', to: join(paths.dataDir, 'sent-ledger') },
    { name: 'chromium', to: join(paths.dataDir, 'chromium') },
    { name: 'logs', to: paths.logDir },
  ];
  // macOS keeps the history where it was: only what really changes place moves.
  return candidates.filter((i) => resolve(legacyDir, i.name) !== resolve(i.to));
}

const exists = (path: string): boolean => {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
};

/** Regular files under `path` (itself, if a file), symlinks and sockets left out (Chromium's Singleton* links). */
function filesUnder(path: string): string[] {
  const st = lstatSync(path);
  if (st.isFile()) return [path];
  if (!st.isDirectory()) return [];
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)));
}

function sha256Of(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A directory's entry list on disk (POSIX); Windows cannot open a directory for fsync and needs none. */
function fsyncDir(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // EISDIR / EPERM / EBADF on platforms that do not sync directories.
  } finally {
    closeSync(fd);
  }
}

function writeMarker(file: string, marker: Marker): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, `${JSON.stringify(marker, null, 1)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
  fsyncDir(dirname(file));
}

function readMarker(file: string): Marker | null {
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as Partial<Marker>;
    if (m.version !== 1 || !Array.isArray(m.files)) return null;
    return m as Marker;
  } catch {
    return null;
  }
}

const toRel = (legacyDir: string, path: string) => relative(legacyDir, path).split(sep).join('/');

/** Where a file under the old folder goes. */
function destinationOf(legacyDir: string, items: readonly MoveItem[], rel: string): string | null {
  const top = rel.split('/')[0] ?? '';
  const item = items.find((i) => i.name === top);
  if (!item) return null;
  const rest = rel.slice(top.length + 1);
  return rest === '' ? item.to : join(item.to, ...rest.split('/'));
}

/**
 * Removes old files the marker vouches for, each only if unchanged; then the folders they leave
 * empty. Returns the files kept (changed since the copy).
 */
function removeMoved(legacyDir: string, items: readonly MoveItem[], files: readonly MovedFile[], checkpoint: (s: MoveStep) => void): string[] {
  const kept: string[] = [];
  const byItem = new Map<string, MovedFile[]>();
  for (const f of files) {
    const top = f.rel.split('/')[0] ?? '';
    byItem.set(top, [...(byItem.get(top) ?? []), f]);
  }
  for (const item of items) {
    const moved = byItem.get(item.name) ?? [];
    for (const f of moved) {
      const path = join(legacyDir, ...f.rel.split('/'));
      if (!exists(path)) continue;
      if (lstatSync(path).size === f.size && sha256Of(path) === f.sha256) rmSync(path, { force: true });
      else kept.push(f.rel);
    }
    const top = join(legacyDir, item.name);
    if (exists(top) && lstatSync(top).isDirectory()) removeEmptyDirs(top);
    if (moved.length > 0) checkpoint(`removed:${item.name}`);
  }
  return kept;
}

/** Removes `dir` and the folders under it that hold no file (a kept file keeps its folders). */
function removeEmptyDirs(dir: string): boolean {
  let empty = true;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = lstatSync(path);
    if (st.isDirectory() && removeEmptyDirs(path)) continue;
    // Chromium's Singleton* symlinks point at a process that is gone: not data.
    if (st.isSymbolicLink()) {
      rmSync(path, { force: true });
      continue;
    }
    empty = false;
  }
  if (empty) rmSync(dir, { recursive: true, force: true });
  return empty;
}

/**
 * Decides which folders are in force and, when asked, moves the old folder's state into the new
 * one. Synchronous: it runs before anything opens the history, the log or Chromium's profile.
 */
export function settleDataFolders(options: SettleOptions): Settled {
  const { layout, platform } = options;
  const checkpoint = options.checkpoint ?? (() => undefined);
  const paths = layout.paths;
  if (layout.legacyDir === null) return { kind: 'single', paths };
  const legacyDir = resolve(layout.legacyDir);
  const legacyPaths = dataPathsFor(legacyDir, platform);
  const markerFile = join(paths.dataDir, MOVE_MARKER);
  const items = itemsOf(legacyDir, paths);

  const marker = readMarker(markerFile);
  if (marker !== null) {
    // In force. Finish removing what a cut-off move left in the old folder, if it can be taken now.
    const leftovers = items.some((i) => exists(join(legacyDir, i.name)));
    if (!leftovers || !options.move) return { kind: 'split', paths, moved: null, kept: [] };
    const lock = acquireDataDirLock(legacyDir, MOVE_LOCK_PURPOSE, options.lock ?? {});
    if (!lock.ok) return { kind: 'split', paths, moved: null, kept: [] };
    try {
      return { kind: 'split', paths, moved: null, kept: removeMoved(legacyDir, items, marker.files, () => undefined) };
    } finally {
      lock.value.release();
      retireDataDirLock(legacyDir);
    }
  }

  const present = items.filter((i) => exists(join(legacyDir, i.name)));
  if (present.length === 0) {
    // A new installation, or nothing was ever kept: the new folders are in force from now on.
    if (options.move) writeMarker(markerFile, { version: 1, from: legacyDir, movedAt: (options.now?.() ?? new Date()).toISOString(), files: [] });
    return { kind: 'split', paths, moved: null, kept: [] };
  }
  if (!options.move) return { kind: 'legacy', paths: legacyPaths, reason: null };

  const lock = acquireDataDirLock(legacyDir, MOVE_LOCK_PURPOSE, options.lock ?? {});
  if (!lock.ok) return { kind: 'legacy', paths: legacyPaths, reason: lock.error.detail ?? lock.error.message };
  try {
    checkpoint('locked');
    // Nothing in the new folder's targets is in force yet: an earlier attempt's copies go, so that a
    // stale history.db-wal can never be replayed onto a fresher history.db.
    for (const item of items) rmSync(item.to, { recursive: true, force: true });
    checkpoint('cleared');

    const sources = present.flatMap((i) => filesUnder(join(legacyDir, i.name)));
    const files: MovedFile[] = [];
    const madeDirs = new Set<string>();
    for (const src of sources) {
      const rel = toRel(legacyDir, src);
      const dest = destinationOf(legacyDir, items, rel);
      if (dest === null) continue;
      mkdirSync(dirname(dest), { recursive: true });
      madeDirs.add(dirname(dest));
      copyFileSync(src, dest);
      checkpoint(`copied:${rel}`);
      files.push({ rel, size: lstatSync(src).size, sha256: '' });
    }
    for (const f of files) fsyncPath(destinationOf(legacyDir, items, f.rel)!);
    for (const d of madeDirs) fsyncDir(d);
    for (const d of new Set([...madeDirs].map((d) => dirname(d)))) fsyncDir(d);
    checkpoint('synced');

    const verified: MovedFile[] = files.map((f) => {
      const src = join(legacyDir, ...f.rel.split('/'));
      const dest = destinationOf(legacyDir, items, f.rel)!;
      const sha256 = sha256Of(src);
      const copy = sha256Of(dest);
      if (copy !== sha256 || lstatSync(dest).size !== f.size) throw new Error(`copy of ${f.rel} differs from its source`);
      return { ...f, sha256 };
    });
    checkpoint('verified');

    writeMarker(markerFile, { version: 1, from: legacyDir, movedAt: (options.now?.() ?? new Date()).toISOString(), files: verified });
    checkpoint('recorded');

    const kept = removeMoved(legacyDir, items, verified, checkpoint);
    fsyncDir(legacyDir);
    checkpoint('done');
    return { kind: 'split', paths, moved: { files: verified.length, bytes: verified.reduce((n, f) => n + f.size, 0) }, kept };
  } catch (e) {
    // The marker decides: written, the new folder is complete and in force; not, the old one is.
    if (readMarker(markerFile) !== null) return { kind: 'split', paths, moved: null, kept: [] };
    return { kind: 'legacy', paths: legacyPaths, reason: e instanceof Error ? e.message : String(e) };
  } finally {
    lock.value.release();
    // Moved: the old folder holds only the settings now, and no lock of a data folder.
    if (readMarker(markerFile) !== null) retireDataDirLock(legacyDir);
  }
}

/** For the log: one line saying what happened, or null when nothing worth saying did. */
export function describeSettled(s: Settled): { readonly level: 'info' | 'warn'; readonly message: string; readonly fields: Record<string, unknown> } | null {
  if (s.kind === 'split' && s.moved !== null) {
    return { level: s.kept.length > 0 ? 'warn' : 'info', message: 'data moved to the state folder', fields: { ...s.moved, to: s.paths.dataDir, kept: s.kept } };
  }
  if (s.kind === 'legacy' && s.reason !== null) return { level: 'warn', message: 'data move postponed: the old folder stays in force', fields: { reason: s.reason, dataDir: s.paths.dataDir } };
  return null;
}
