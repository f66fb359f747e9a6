// The state the watcher's rooms share, named: the watched folders (one chokidar watch per folder,
// however many settings read it), each setting's listing and arrival bookkeeping, and the watcher's
// run state. Each room (folder-sync, arrival, waiting-verdicts) takes this and nothing implicit.
import { resolve } from 'node:path';
import type { FileKind, PreflightVerdict } from '../../../shared/run';
import type { Clock, TimerHandle } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { StabilityTracker, type ExclusiveOpener } from '../files/stability';
import type { FolderWatch, watchFolder, watchRoot } from './chokidar-adapter';
import type { Entry } from './entry-stability';
import type { FolderEntries } from './ignored-files';
import type { WatchTarget } from './watch-targets';

/** Pre-flight of one waiting file, for the list (not for sending: the runner checks again). */
export interface VerdictJudge {
  (file: { key: string; path: string; fileName: string; kind: FileKind; hasHeader: boolean; bytes: number }): Promise<PreflightVerdict>;
  /**
   * What a verdict depends on besides the file (the history, for the foresight of the content
   * guards): when it changes, every cached verdict is judged again.
   */
  readonly epoch?: () => string;
}

/** The watcher's tuning with every default applied. */
export interface WatchTuning {
  readonly rescanIntervalMs: number;
  /** A folder too crowded to watch file by file is rescanned this often. */
  readonly crowdedRescanMs: number;
  readonly quietMs: number;
  readonly stableMs: number;
  readonly poll: boolean;
  readonly pollIntervalMs: number;
  readonly verdictLimit: number;
  readonly verdictCacheSize: number;
  readonly maxVerdictBytes: number;
  readonly liveWatchLimit: number;
  readonly arrivalRetryMs: number;
  /**
   * An arrival run that sends another setting's files first (documents after customers) starts no
   * sooner than this after its own files arrived: an exporter may write the customer file a few
   * seconds after the documents, and a document run without it fails on a new 顧客コード.
   */
  readonly companionMs: number;
  /** While a file is held by another program (Excel), it is looked at again this often. */
  readonly lockedLookMs: number;
}

/** One setting's view of its folder. */
export interface TargetState {
  readonly target: WatchTarget;
  /** The waiting files, by name. */
  readonly files: Map<string, Entry>;
  /** Set when the folder is missing or unreadable (the clerk's sentence). */
  problem: string | null;
  readonly tracker: StabilityTracker;
  /** 「ファイル配置時」: a debounce timer, whether something arrived since the last run, and a change counter. */
  arrivalTimer: TimerHandle | null;
  arrivalDirty: boolean;
  changeSeq: number;
  /** Clock time of the last change to this setting's files (an arrival run waiting for it stays quiet). */
  lastChangeAt: number;
  /** Clock time the current arrival burst began (arrivalDirty turned true). */
  burstStartedAt: number;
  /** Signatures (name|size|mtime) already handed to an arrival run: they do not start another. */
  fired: Set<string>;
}

export interface FolderState {
  readonly path: string;
  readonly targets: TargetState[];
  watch: FolderWatch | null;
  /** More matching files than liveWatchLimit: rescanned, not watched. */
  crowded: boolean;
  /** The watch takes only names some setting takes (more entries than liveWatchLimit). */
  watchNarrow: boolean;
  /** The folder's entries at the last listing: what is not sent, and why, comes from them. */
  entries: FolderEntries | null;
}

/** The watches the watcher opens: chokidar's, or a test's that holds them at a chosen moment. */
export interface WatchAdapter {
  readonly watchFolder: typeof watchFolder;
  readonly watchRoot: typeof watchRoot;
}

export interface WatcherState {
  readonly tuning: WatchTuning;
  readonly adapter: WatchAdapter;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly onArrival: ((key: string) => boolean) | null;
  folders: FolderState[];
  running: boolean;
  /** Bumped whenever the folders are rebuilt or closed: work started before it applies nothing. */
  generation: number;
  rescanTimer: TimerHandle | null;
  settleTimer: TimerHandle | null;
  /** Looks again at files another program held (finding 5: not only at the next rescan). */
  lockedTimer: TimerHandle | null;
  /** One watch per ファイルの配置場所 (by path), for folders created later. */
  readonly rootWatches: Map<string, FolderWatch>;
  /** Timer and event callbacks start async work nobody awaits: remember it for `settled()`. */
  track<T>(work: Promise<T>): Promise<T>;
  /** The list changed: tell the watcher's listeners. */
  changed(): void;
}

/** Every setting's view, wherever its folder is. */
export const allTargets = (state: Pick<WatcherState, 'folders'>): TargetState[] => state.folders.flatMap((f) => f.targets);

/** Work started in generation `gen` may still apply its result. */
export const isCurrent = (state: WatcherState, gen: number): boolean => gen === state.generation && state.running;

/** One FolderState per folder (Windows folder names do not differ by case), each with its settings. */
export function groupByFolder(targets: readonly WatchTarget[], tracker: () => StabilityTracker): FolderState[] {
  const byFolder = new Map<string, FolderState>();
  for (const target of targets) {
    const path = resolve(target.folderPath);
    const key = process.platform === 'win32' ? path.toLowerCase() : path;
    let folder = byFolder.get(key);
    if (!folder) byFolder.set(key, (folder = { path, targets: [], watch: null, crowded: false, watchNarrow: false, entries: null }));
    folder.targets.push({
      target,
      files: new Map(),
      problem: null,
      tracker: tracker(),
      arrivalTimer: null,
      arrivalDirty: false,
      changeSeq: 0,
      lastChangeAt: Number.NEGATIVE_INFINITY,
      burstStartedAt: 0,
      fired: new Set(),
    });
  }
  return [...byFolder.values()];
}

export const newTracker = (clock: Clock, stableMs: number, opener: ExclusiveOpener | undefined) => () =>
  new StabilityTracker({ clock, stableMs, ...(opener ? { opener } : {}) });
