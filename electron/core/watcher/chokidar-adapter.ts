// The one module that imports chokidar: a watch on one folder (its files, not its subfolders — the
// 処理済み and エラー folders live inside it), narrowed to the names worth a look, turned into plain
// callbacks; and a watch on ファイルの配置場所 itself, one level deep and folders only, so a setting's
// folder the clerk creates later is seen at once. Events are only hints ("look at this name again");
// the listing decides. Polling instead of OS events for network drives, where change events are not
// delivered reliably.
import { watch } from 'chokidar';
import { basename, dirname, resolve } from 'node:path';

export interface FolderWatchOptions {
  /** The folder, resolved. */
  readonly path: string;
  /** 設定「フォルダを定期的に確認する」: poll instead of OS events. */
  readonly poll: boolean;
  readonly pollIntervalMs: number;
  /** Names worth an event: other files cost nothing. Subfolders never are. */
  readonly accepts: (name: string) => boolean;
}

export interface FolderWatchEvents {
  /** A file of an accepted name was added, changed or removed. */
  readonly file: (name: string) => void;
  /** The folder itself was removed. */
  readonly folderGone: () => void;
  readonly error: (error: unknown) => void;
}

export interface FolderWatch {
  /**
   * Resolves once chokidar is ready: until then its events are not delivered (a file dropped in that
   * gap is found by the next rescan, but callers wait for it to keep the gap short).
   */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

type Stats = { isDirectory(): boolean };

/**
 * One level of `root`, watched: its direct children that `keep` accepts (called again with stats
 * once chokidar has them), nothing deeper. The handle exists at once, so nobody opens a second one
 * while it gets ready.
 */
function watchOneLevel(root: string, poll: { readonly poll: boolean; readonly pollIntervalMs: number }, keep: (name: string, stats: Stats | undefined) => boolean) {
  const w = watch(root, {
    depth: 0,
    ignoreInitial: true,
    persistent: true,
    usePolling: poll.poll,
    interval: poll.pollIntervalMs,
    binaryInterval: poll.pollIntervalMs,
    ignored: (p: string, stats?: Stats) => {
      const full = resolve(p);
      if (full === root) return false;
      if (dirname(full) !== root) return true;
      return !keep(basename(full), stats);
    },
  });
  const ready = new Promise<void>((done) => {
    w.once('ready', () => done());
    w.once('error', () => done());
  });
  return { w, handle: { ready, close: () => w.close().catch(() => undefined) } satisfies FolderWatch };
}

/** Starts watching at once (the handle exists before it is ready, so nobody opens a second one meanwhile). */
export function watchFolder(options: FolderWatchOptions, events: FolderWatchEvents): FolderWatch {
  const root = options.path;
  const { w, handle } = watchOneLevel(root, options, (name, stats) => !stats?.isDirectory() && options.accepts(name));
  const onFile = (p: string) => events.file(basename(p));
  w.on('add', onFile);
  w.on('change', onFile);
  w.on('unlink', onFile);
  w.on('unlinkDir', (p: string) => {
    if (resolve(p) === root) events.folderGone();
  });
  w.on('error', (e: unknown) => events.error(e));
  return handle;
}

export interface RootWatchOptions {
  /** ファイルの配置場所, resolved. */
  readonly path: string;
  readonly poll: boolean;
  readonly pollIntervalMs: number;
}

export interface RootWatchEvents {
  /** A folder appeared directly under the root (created, renamed into place, copied in). */
  readonly folderAdded: (name: string) => void;
  readonly error: (error: unknown) => void;
}

/** Watches the root one level deep for new folders; its files and deeper levels cost nothing. */
export function watchRoot(options: RootWatchOptions, events: RootWatchEvents): FolderWatch {
  const root = options.path;
  const { w, handle } = watchOneLevel(root, options, (_name, stats) => stats === undefined || stats.isDirectory());
  w.on('addDir', (p: string) => {
    const full = resolve(p);
    if (full !== root && dirname(full) === root) events.folderAdded(basename(full));
  });
  w.on('error', (e: unknown) => events.error(e));
  return handle;
}
