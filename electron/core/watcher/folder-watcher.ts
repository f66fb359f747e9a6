// Keeps a live list of the files waiting in every watched folder (Step 3 and each Step 4 setting)
// and starts 「ファイル配置時」 runs once a burst of files has settled. This file composes the rooms:
//   folder-listing.ts    which files each setting would send, from a listing or one stat
//   entry-stability.ts   the list's own "stable" flag (size and time unchanged), pure
//   chokidar-adapter.ts  the only module importing chokidar: events as hints
//   folder-sync.ts       rescans, watches and settle timers keep the listings in step with the disk
//   arrival.ts           one 「ファイル配置時」 run per settled burst (after the customer folder's)
//   waiting-verdicts.ts  lazy pre-flight verdicts for the list, cached
//   ignored-files.ts     the files in the folder that will NOT be sent, and why
//   watcher-state.ts     the state they share, named
//
// Bounded by design, for a folder of 10,000 files: start-up lists names and stats only the files
// whose names match (no reading, no hashing); verdicts are computed lazily for the oldest
// `verdictLimit` settled files per setting; a folder with more than `liveWatchLimit` matching files
// is not handed to chokidar (one OS watch per file) but rescanned every minute instead.
import type { WaitingFile, WaitingFiles } from '../../../shared/run';
import { isCandidateName } from '../files/list-candidates';
import type { ExclusiveOpener } from '../files/stability';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { createListenerSet } from '../ports/listener-set';
import { compareEntries, isStable } from './entry-stability';
import { createFolderSync, type FolderSync } from './folder-sync';
import { ignoredFor } from './ignored-files';
import { createWaitingVerdicts } from './waiting-verdicts';
import { watchFolder, watchRoot } from './chokidar-adapter';
import { groupByFolder, newTracker, type VerdictJudge, type WatchAdapter, type WatchTuning, type WatcherState } from './watcher-state';

const CHOKIDAR: WatchAdapter = { watchFolder, watchRoot };
import type { WatchTarget } from './watch-targets';

export type { VerdictJudge } from './watcher-state';

export interface FolderWatcherOptions {
  readonly targets: readonly WatchTarget[];
  readonly clock: Clock;
  readonly logger: Logger;
  /** 設定「フォルダを定期的に確認する」 (network drives): chokidar polls instead of OS events. */
  readonly poll?: boolean;
  /** Omit (or null) to list files without verdicts. */
  readonly judge?: VerdictJudge | null;
  /** The watches opened (default: chokidar's); a test hands in one that holds them at a chosen moment. */
  readonly adapter?: WatchAdapter;
  /** A 「ファイル配置時」 target's files have settled. Return true when a run was accepted. */
  readonly onArrival?: (key: string) => boolean;
  /** Full rescan interval (default 3 minutes). */
  readonly rescanIntervalMs?: number;
  /** Debounce: no change for this long before an arrival run (default 5 s). */
  readonly quietMs?: number;
  /** A file is stable once its size and modified time have not changed for this long (default 3 s). */
  readonly stableMs?: number;
  /** chokidar's polling interval when `poll` (default 5 s). */
  readonly pollIntervalMs?: number;
  /** Verdicts per target, oldest files first (default 200). */
  readonly verdictLimit?: number;
  readonly verdictCacheSize?: number;
  /** Larger files get no verdict in the list (the runner still checks them). Default 32 MB. */
  readonly maxVerdictBytes?: number;
  /** Above this many matching files a folder is rescanned every minute instead of watched (default 2,000). */
  readonly liveWatchLimit?: number;
  /** Wait before retrying an arrival run the queue refused (it was busy). Default 30 s. */
  readonly arrivalRetryMs?: number;
  /** A document arrival run starts no sooner than this after its files arrived, for the customer file (default 30 s). */
  readonly companionMs?: number;
  /** A file another program holds is looked at again this often (default 12 s). */
  readonly lockedLookMs?: number;
  /** The lock probe of StabilityTracker (tests simulate Excel's lock on Linux). */
  readonly opener?: ExclusiveOpener;
}

export interface FolderWatcher {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Settings changed: closes every watch and starts over with the new targets. */
  update(targets: readonly WatchTarget[]): Promise<void>;
  /** Rescans every folder now. */
  rescan(): Promise<void>;
  /** Sleep/resume: events may have been lost, rescan. */
  resume(): Promise<void>;
  waitingFiles(): WaitingFiles[];
  onChange(listener: () => void): () => void;
  /** Resolves when no rescan, arrival check or verdict is in flight (tests, benchmarks, shutdown). */
  settled(): Promise<void>;
}

function tuningOf(options: FolderWatcherOptions): WatchTuning {
  return {
    rescanIntervalMs: options.rescanIntervalMs ?? 3 * 60 * 1000,
    crowdedRescanMs: 60_000,
    quietMs: options.quietMs ?? 5000,
    stableMs: options.stableMs ?? 3000,
    poll: options.poll ?? false,
    pollIntervalMs: options.pollIntervalMs ?? 5000,
    verdictLimit: options.verdictLimit ?? 200,
    verdictCacheSize: options.verdictCacheSize ?? 1000,
    maxVerdictBytes: options.maxVerdictBytes ?? 32 * 1024 * 1024,
    liveWatchLimit: options.liveWatchLimit ?? 2000,
    arrivalRetryMs: options.arrivalRetryMs ?? 30_000,
    companionMs: options.companionMs ?? 30_000,
    lockedLookMs: options.lockedLookMs ?? 12_000,
  };
}

export function createFolderWatcher(options: FolderWatcherOptions): FolderWatcher {
  const logger = options.logger.child({ component: 'watcher' });
  const listeners = createListenerSet<[]>(logger, 'watcher listener');
  const inFlight = new Set<Promise<unknown>>();
  const state: WatcherState = {
    tuning: tuningOf(options),
    adapter: options.adapter ?? CHOKIDAR,
    clock: options.clock,
    logger,
    onArrival: options.onArrival ?? null,
    folders: [],
    running: false,
    generation: 0,
    rescanTimer: null,
    settleTimer: null,
    lockedTimer: null,
    rootWatches: new Map(),
    track(work) {
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work)).catch(() => undefined);
      return work;
    },
    changed: () => {
      listeners.emit();
      // A change may be a file found held by another program: it is looked at again soon.
      sync?.armLockedLook();
    },
  };
  let sync: FolderSync | null = null;
  const verdicts = createWaitingVerdicts(state, options.judge ?? null);
  sync = createFolderSync(state, verdicts);
  const folderSync = sync;
  const tracker = newTracker(options.clock, state.tuning.stableMs, options.opener);
  let targets: readonly WatchTarget[] = options.targets;

  const restart = async (fired: ReadonlyMap<string, Set<string>>) => {
    await folderSync.closeAll();
    state.folders = groupByFolder(targets, tracker);
    for (const f of state.folders) for (const ts of f.targets) ts.fired = fired.get(ts.target.key) ?? new Set();
    if (!state.running) return;
    await folderSync.rescanAll();
    folderSync.armRescan();
    state.changed();
  };

  const waitingFile = (e: Parameters<typeof isStable>[0], now: number): WaitingFile => ({
    fileName: e.name,
    bytes: e.bytes,
    modifiedAt: new Date(e.mtimeMs).toISOString(),
    stable: isStable(e, now, state.tuning.stableMs),
    locked: e.locked,
    verdict: verdicts.verdictFor(e),
  });

  return {
    async start() {
      if (state.running) return;
      state.running = true;
      await restart(new Map());
    },
    async stop() {
      state.running = false;
      await folderSync.closeAll();
      await Promise.allSettled([...inFlight, verdicts.work()]);
    },
    async update(next) {
      targets = next;
      // Keep what was already handed to arrival runs, so a settings save does not resend.
      await restart(new Map(state.folders.flatMap((f) => f.targets.map((t) => [t.target.key, t.fired] as const))));
    },
    async rescan() {
      if (state.running) await folderSync.rescanAll();
    },
    async resume() {
      if (!state.running) return;
      await folderSync.rescanAll();
      folderSync.armRescan();
    },
    waitingFiles() {
      const now = state.clock.now().getTime();
      return state.folders.flatMap((f) => {
        return f.targets.map((ts): WaitingFiles => {
          // A name another setting of the folder takes, or would take by its name (a link named for
          // it is that setting's to explain), is not "ignored" by this one.
          const taken = (name: string) => f.targets.some((t) => t.files.has(name) || (t !== ts && isCandidateName(name, t.target.prefix)));
          return {
            target: ts.target.key,
            folder: ts.target.folderPath,
            folderProblem: ts.problem,
            files: [...ts.files.values()].sort(compareEntries).map((e) => waitingFile(e, now)),
            ...ignoredFor(ts.problem === null ? f.entries : null, ts.target.prefix, taken),
            schedule: null,
          };
        });
      });
    },
    onChange: (listener) => listeners.add(listener),
    async settled() {
      while (inFlight.size > 0 || verdicts.work()) {
        await Promise.allSettled([...inFlight, verdicts.work()]);
      }
    },
  };
}
