// Keeps a live list of the files waiting in every watched folder (Step 3 and each Step 4 setting)
// and starts 「ファイル配置時」 runs once a burst of files has settled. Change events (chokidar) only
// say "look again soon": the truth is a rescan of the folder, done at start, on resume, every few
// minutes, and for the file an event names — so a lost event on a network drive costs minutes, not
// a missed file.
//
// Bounded by design, for a folder of 10,000 files: start-up lists names and stats only the files
// whose names match (no reading, no hashing); pre-flight verdicts are computed lazily in the
// background, one file at a time, for the oldest `verdictLimit` stable files per setting, and kept in
// a bounded cache keyed by size + modified time; a folder with more than `liveWatchLimit` matching
// files is not handed to chokidar (one OS watch per file) but rescanned every minute instead.
//
// Two views of "stable": the list's flag comes from what rescans and events observed (size and
// mtime unchanged for `stableMs`; cheap, so it covers 10,000 files), while every DECISION — pre-flight
// a file for the list, start a 「ファイル配置時」 run — asks the files module's StabilityTracker,
// which also probes whether another program (Excel) still holds the file.
import { watch, type FSWatcher } from 'chokidar';
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { PreflightVerdict, WaitingFile, WaitingFiles, FileKind } from '../../../shared/run';
import type { Clock, TimerHandle } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { isCandidateName, listCandidates } from '../files/list-candidates';
import { StabilityTracker, type ExclusiveOpener } from '../files/stability';
import type { WatchTarget } from './watch-targets';

/** Pre-flight of one waiting file, for the list (not for sending: the runner checks again). */
export type VerdictJudge = (file: { path: string; fileName: string; kind: FileKind; hasHeader: boolean; bytes: number }) => Promise<PreflightVerdict>;

export interface FolderWatcherOptions {
  readonly targets: readonly WatchTarget[];
  readonly clock: Clock;
  readonly logger: Logger;
  /** 設定「フォルダを定期的に確認する」 (network drives): chokidar polls instead of OS events. */
  readonly poll?: boolean;
  /** Omit (or null) to list files without verdicts. */
  readonly judge?: VerdictJudge | null;
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

interface Entry {
  readonly name: string;
  readonly path: string;
  readonly bytes: number;
  readonly mtimeMs: number;
  /** Clock time since which this exact size + mtime has been seen. */
  readonly since: number;
  /** Set when the last StabilityTracker check found it held by another program. */
  locked: string | null;
}

interface TargetState {
  readonly target: WatchTarget;
  readonly files: Map<string, Entry>;
  problem: string | null;
  arrivalTimer: TimerHandle | null;
  arrivalDirty: boolean;
  changeSeq: number;
  /** Signatures (name|size|mtime) already handed to an arrival run: they do not start another. */
  fired: Set<string>;
  readonly tracker: StabilityTracker;
}

interface FolderState {
  readonly path: string;
  readonly targets: TargetState[];
  watcher: FSWatcher | null;
  crowded: boolean;
}

const sig = (e: { name: string; bytes: number; mtimeMs: number }) => `${e.name}|${e.bytes}|${e.mtimeMs}`;

export function createFolderWatcher(options: FolderWatcherOptions): FolderWatcher {
  const { clock } = options;
  const logger = options.logger.child({ component: 'watcher' });
  const rescanIntervalMs = options.rescanIntervalMs ?? 3 * 60 * 1000;
  const quietMs = options.quietMs ?? 5000;
  const stableMs = options.stableMs ?? 3000;
  const verdictLimit = options.verdictLimit ?? 200;
  const verdictCacheSize = options.verdictCacheSize ?? 1000;
  const maxVerdictBytes = options.maxVerdictBytes ?? 32 * 1024 * 1024;
  const liveWatchLimit = options.liveWatchLimit ?? 2000;
  const arrivalRetryMs = options.arrivalRetryMs ?? 30_000;
  const crowdedRescanMs = 60_000;

  let folders: FolderState[] = [];
  let running = false;
  let generation = 0;
  let rescanTimer: TimerHandle | null = null;
  let settleTimer: TimerHandle | null = null;
  const listeners = new Set<() => void>();
  /** path → verdict for one size+mtime; Map order is the LRU order. */
  const verdicts = new Map<string, { sig: string; verdict: PreflightVerdict }>();
  let verdictWork: Promise<void> | null = null;
  let verdictAgain = false;
  const inFlight = new Set<Promise<unknown>>();
  /** Timer and event callbacks start async work nobody awaits: remember it for `settled()`. */
  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
  };

  const changed = () => {
    for (const l of listeners) {
      try {
        l();
      } catch (e) {
        logger.warn('watcher listener threw', { error: String(e) });
      }
    }
  };

  const build = (targets: readonly WatchTarget[]): FolderState[] => {
    const byFolder = new Map<string, FolderState>();
    for (const target of targets) {
      const path = resolve(target.folderPath);
      // Windows folder names do not differ by case; one watch per folder either way.
      const key = process.platform === 'win32' ? path.toLowerCase() : path;
      let folder = byFolder.get(key);
      if (!folder) byFolder.set(key, (folder = { path, targets: [], watcher: null, crowded: false }));
      folder.targets.push({
        target, files: new Map(), problem: null, arrivalTimer: null, arrivalDirty: false, changeSeq: 0, fired: new Set(),
        tracker: new StabilityTracker({ clock, stableMs, ...(options.opener ? { opener: options.opener } : {}) }),
      });
    }
    return [...byFolder.values()];
  };

  const isStable = (e: Entry, now: number) => e.locked === null && now - e.since >= stableMs;
  const isSettled = (e: Entry, now: number) => now - e.since >= stableMs;

  /** A newly seen size+mtime: already stable if the file was last written long enough ago. */
  const sinceFor = (mtimeMs: number, now: number) => (now - mtimeMs >= stableMs ? now - stableMs : now);

  const markArrival = (ts: TargetState) => {
    if (!ts.target.arrival) return;
    ts.arrivalDirty = true;
    ts.changeSeq++;
    armArrival(ts, quietMs);
  };

  const armArrival = (ts: TargetState, ms: number) => {
    ts.arrivalTimer?.cancel();
    if (!running) return;
    ts.arrivalTimer = clock.setTimeout(() => void track(checkArrival(ts)), ms);
  };

  const putEntry = (ts: TargetState, c: { name: string; path: string; size: number; mtimeMs: number }, now: number): boolean => {
    const old = ts.files.get(c.name);
    if (old && old.bytes === c.size && old.mtimeMs === c.mtimeMs) return false;
    // Our own observation now times the new size+mtime; the tracker starts afresh after it settles.
    if (old) ts.tracker.forget(c.path);
    ts.files.set(c.name, { name: c.name, path: c.path, bytes: c.size, mtimeMs: c.mtimeMs, since: old ? now : sinceFor(c.mtimeMs, now), locked: null });
    return true;
  };

  const rescanTarget = async (folder: FolderState, ts: TargetState, gen: number): Promise<boolean> => {
    const listed = await listCandidates(folder.path, ts.target.prefix);
    if (gen !== generation) return false;
    const now = clock.now().getTime();
    if (!listed.ok) {
      const problem =
        listed.error.code === 'files.folder-missing'
          ? `${listed.error.message}。フォルダを作成するか、設定のフォルダ名とファイルの配置場所を確認してください。`
          : listed.error.message;
      const wasChanged = ts.problem !== problem || ts.files.size > 0;
      if (ts.problem !== problem) logger.warn('folder problem', { target: ts.target.key, folder: folder.path, code: listed.error.code, detail: listed.error.detail });
      ts.problem = problem;
      for (const e of ts.files.values()) ts.tracker.forget(e.path);
      ts.files.clear();
      return wasChanged;
    }
    let any = ts.problem !== null;
    if (ts.problem !== null) logger.info('folder available again', { target: ts.target.key, folder: folder.path });
    ts.problem = null;
    const seen = new Set<string>();
    for (const c of listed.value) {
      seen.add(c.name);
      if (putEntry(ts, c, now)) {
        any = true;
        markArrival(ts);
      }
    }
    for (const [name, e] of [...ts.files]) {
      if (!seen.has(name)) {
        ts.files.delete(name);
        ts.tracker.forget(e.path);
        any = true;
      }
    }
    return any;
  };

  const rescanFolder = async (folder: FolderState, gen: number) => {
    let any = false;
    for (const ts of folder.targets) if (await rescanTarget(folder, ts, gen)) any = true;
    if (gen !== generation || !running) return any;
    await ensureWatch(folder, gen);
    return any;
  };

  /** chokidar for a folder that exists and is not crowded; closed when the folder is gone. */
  const ensureWatch = async (folder: FolderState, gen: number) => {
    const missing = folder.targets.every((t) => t.problem !== null);
    const count = Math.max(0, ...folder.targets.map((t) => t.files.size));
    const crowded = count > liveWatchLimit;
    if (crowded !== folder.crowded) {
      folder.crowded = crowded;
      if (crowded) logger.info('folder has many files: rescanning every minute instead of watching each file', { folder: folder.path, files: count });
    }
    if ((missing || crowded) && folder.watcher) {
      const w = folder.watcher;
      folder.watcher = null;
      await w.close().catch(() => undefined);
    }
    if (missing || crowded || folder.watcher || gen !== generation) return;
    const root = folder.path;
    const w = watch(root, {
      depth: 0,
      ignoreInitial: true,
      persistent: true,
      usePolling: options.poll ?? false,
      interval: options.pollIntervalMs ?? 5000,
      binaryInterval: options.pollIntervalMs ?? 5000,
      // Only names some setting would send: other files (and the 処理済み/エラー folders) cost nothing.
      ignored: (p: string, stats?: { isDirectory(): boolean }) => {
        const full = resolve(p);
        if (full === root) return false;
        if (dirname(full) !== root) return true;
        if (stats?.isDirectory()) return true;
        const name = basename(full);
        return !folder.targets.some((t) => isCandidateName(name, t.target.prefix));
      },
    });
    folder.watcher = w;
    const onFile = (p: string) => void track(refreshFile(folder, basename(p), gen));
    w.on('add', onFile);
    w.on('change', onFile);
    w.on('unlink', onFile);
    w.on('unlinkDir', (p: string) => {
      if (resolve(p) === root) void track(rescanFolder(folder, gen).then((any) => any && changed()));
    });
    w.on('error', (e: unknown) => {
      logger.warn('watch error; rescanning', { folder: root, error: String(e) });
      void track(rescanFolder(folder, gen).then((any) => any && changed()));
    });
    // Until chokidar is ready its events are not delivered (ignoreInitial); a file dropped in that
    // gap is found by the next rescan, but start() returning only once events flow keeps it short.
    await new Promise<void>((done) => {
      w.once('ready', () => done());
      w.once('error', () => done());
    });
  };

  /** An event named a file: stat it (the event itself is only a hint). */
  const refreshFile = async (folder: FolderState, name: string, gen: number) => {
    const path = resolve(folder.path, name);
    let s: { size: number; mtimeMs: number; isFile(): boolean } | null = null;
    try {
      s = await stat(path);
    } catch {
      s = null;
    }
    if (gen !== generation || !running) return;
    const now = clock.now().getTime();
    let any = false;
    for (const ts of folder.targets) {
      if (!isCandidateName(name, ts.target.prefix)) continue;
      if (s && s.isFile()) {
        if (putEntry(ts, { name, path, size: s.size, mtimeMs: s.mtimeMs }, now)) {
          any = true;
          markArrival(ts);
        }
      } else if (ts.files.delete(name)) {
        ts.tracker.forget(path);
        any = true;
      }
    }
    if (any) afterChange();
  };

  const afterChange = () => {
    changed();
    armSettle();
    kickVerdicts();
  };

  /** While some file is still settling, look at it again when it should have become stable. */
  const armSettle = () => {
    if (!running || settleTimer) return;
    const now = clock.now().getTime();
    let soonest = Infinity;
    for (const f of folders) for (const ts of f.targets) for (const e of ts.files.values()) if (!isSettled(e, now)) soonest = Math.min(soonest, e.since + stableMs - now);
    if (soonest === Infinity) return;
    settleTimer = clock.setTimeout(() => {
      settleTimer = null;
      void track(settle(generation));
    }, Math.max(250, soonest));
  };

  const settle = async (gen: number) => {
    const now = clock.now().getTime();
    for (const folder of folders) {
      for (const ts of folder.targets) {
        for (const e of [...ts.files.values()]) {
          if (isSettled(e, now)) continue;
          await refreshFile(folder, e.name, gen);
          if (gen !== generation) return;
        }
      }
    }
    changed();
    armSettle();
    kickVerdicts();
  };

  const checkArrival = async (ts: TargetState) => {
    ts.arrivalTimer = null;
    if (!running || !ts.arrivalDirty) return;
    const gen = generation;
    const folder = folders.find((f) => f.targets.includes(ts));
    if (!folder) return;
    const seq = ts.changeSeq;
    // Look again before deciding: a file still being copied must not be sent half-written.
    if (await rescanTarget(folder, ts, gen)) changed();
    if (gen !== generation || !running) return;
    if (ts.changeSeq !== seq) return; // something changed: markArrival re-armed the debounce
    const files = [...ts.files.values()];
    if (files.length === 0) {
      ts.arrivalDirty = false;
      return;
    }
    // The decisive look: still for stableMs and not held by another program (StabilityTracker).
    let waitMs = 0;
    const ready: Entry[] = [];
    for (const e of files) {
      const st = await ts.tracker.check(e.path);
      if (gen !== generation || !running) return;
      if (st.state === 'changing') waitMs = Math.max(waitMs, st.waitMs);
      else if (st.state === 'locked') e.locked = st.error.message;
      else if (st.state === 'stable') {
        e.locked = null;
        if (st.size === e.bytes && st.mtimeMs === e.mtimeMs) ready.push(e);
        else waitMs = Math.max(waitMs, stableMs); // changed since the scan: the next look settles it
      }
    }
    if (waitMs > 0) {
      armArrival(ts, Math.max(quietMs, waitMs));
      return;
    }
    // Locked files wait for the next rescan (they are looked at again then); the others may go.
    const sigs = new Set(ready.map(sig));
    if ([...sigs].every((s) => ts.fired.has(s))) {
      ts.arrivalDirty = false;
      return;
    }
    const accepted = options.onArrival ? options.onArrival(ts.target.key) : false;
    if (accepted) {
      logger.info('files settled: arrival run requested', { target: ts.target.key, files: ready.length, locked: files.length - ready.length });
      ts.fired = sigs; // only current files: bounded by the folder's size
      ts.arrivalDirty = false;
    } else {
      logger.info('arrival run not accepted now; retrying', { target: ts.target.key });
      armArrival(ts, arrivalRetryMs);
    }
  };

  let verdictRetry: TimerHandle | null = null;
  const retryVerdictsIn = (ms: number) => {
    if (verdictRetry || !running) return;
    verdictRetry = clock.setTimeout(() => {
      verdictRetry = null;
      kickVerdicts();
    }, Math.max(250, ms));
  };

  const kickVerdicts = () => {
    if (!options.judge || !running) return;
    if (verdictWork) {
      verdictAgain = true;
      return;
    }
    verdictWork = track((async () => {
      do {
        verdictAgain = false;
        await verdictPass(generation);
      } while (verdictAgain && running);
    })()).finally(() => {
      verdictWork = null;
    });
  };

  const verdictPass = async (gen: number) => {
    const judge = options.judge;
    if (!judge) return;
    for (const folder of folders) {
      for (const ts of folder.targets) {
        const now = clock.now().getTime();
        const oldest = [...ts.files.values()].sort(compareEntries).slice(0, verdictLimit);
        let any = false;
        for (const e of oldest) {
          if (gen !== generation || !running) return;
          if (!isSettled(e, now) || e.bytes > maxVerdictBytes) continue;
          const cached = verdicts.get(e.path);
          if (cached?.sig === sig(e)) continue;
          // Never read a file another program is still writing or holding.
          const st = await ts.tracker.check(e.path);
          if (gen !== generation || !running) return;
          if (st.state === 'locked') {
            if (e.locked !== st.error.message) any = true;
            e.locked = st.error.message;
            continue;
          }
          if (st.state === 'changing') {
            retryVerdictsIn(st.waitMs);
            continue;
          }
          if (st.state !== 'stable') continue;
          if (e.locked !== null) any = true;
          e.locked = null;
          let verdict: PreflightVerdict;
          try {
            verdict = await judge({ path: e.path, fileName: e.name, kind: ts.target.kind, hasHeader: ts.target.hasHeader, bytes: e.bytes });
          } catch (error) {
            verdict = { verdict: 'unreadable', message: `ファイルを確認できませんでした: ${e.name}`, };
            logger.warn('verdict failed', { file: e.path, error: String(error) });
          }
          verdicts.delete(e.path);
          verdicts.set(e.path, { sig: sig(e), verdict });
          while (verdicts.size > verdictCacheSize) verdicts.delete(verdicts.keys().next().value as string);
          any = true;
        }
        if (any) changed();
      }
    }
  };

  const armRescan = () => {
    rescanTimer?.cancel();
    if (!running) return;
    const crowded = folders.some((f) => f.crowded);
    rescanTimer = clock.setTimeout(() => void track(rescanAll().then(armRescan)), crowded ? Math.min(crowdedRescanMs, rescanIntervalMs) : rescanIntervalMs);
  };

  const rescanAll = async () => {
    const gen = generation;
    let any = false;
    for (const folder of folders) if (await rescanFolder(folder, gen)) any = true;
    if (gen !== generation) return;
    // A file Excel held at the last look: look again (closing it does not change its mtime).
    for (const f of folders) for (const ts of f.targets) if (ts.target.arrival && [...ts.files.values()].some((e) => e.locked !== null)) markArrival(ts);
    if (any) afterChange();
    else kickVerdicts();
  };

  const closeAll = async () => {
    generation++;
    rescanTimer?.cancel();
    rescanTimer = null;
    settleTimer?.cancel();
    settleTimer = null;
    verdictRetry?.cancel();
    verdictRetry = null;
    const closing: Promise<void>[] = [];
    for (const f of folders) {
      for (const ts of f.targets) ts.arrivalTimer?.cancel();
      if (f.watcher) closing.push(f.watcher.close().catch(() => undefined));
      f.watcher = null;
    }
    await Promise.all(closing);
  };

  let folderTargets: readonly WatchTarget[] = options.targets;

  return {
    async start() {
      if (running) return;
      running = true;
      await closeAll();
      folders = build(folderTargets);
      await rescanAll();
      armRescan();
      changed();
    },
    async stop() {
      running = false;
      await closeAll();
      await Promise.allSettled([...inFlight, verdictWork]);
    },
    async update(targets) {
      folderTargets = targets;
      // Keep what was already handed to arrival runs, so a settings save does not resend.
      const firedBefore = new Map(folders.flatMap((f) => f.targets.map((t) => [t.target.key, t.fired] as const)));
      await closeAll();
      folders = build(targets);
      for (const f of folders) for (const ts of f.targets) ts.fired = firedBefore.get(ts.target.key) ?? new Set();
      if (!running) return;
      await rescanAll();
      armRescan();
      changed();
    },
    async rescan() {
      if (running) await rescanAll();
    },
    async resume() {
      if (!running) return;
      await rescanAll();
      armRescan();
    },
    waitingFiles() {
      const now = clock.now().getTime();
      return folders.flatMap((f) =>
        f.targets.map(
          (ts): WaitingFiles => ({
            target: ts.target.key,
            folder: ts.target.folderPath,
            folderProblem: ts.problem,
            files: [...ts.files.values()].sort(compareEntries).map((e): WaitingFile => {
              const cached = verdicts.get(e.path);
              return {
                fileName: e.name,
                bytes: e.bytes,
                modifiedAt: new Date(e.mtimeMs).toISOString(),
                stable: isStable(e, now),
                verdict: cached && cached.sig === sig(e) ? cached.verdict : null,
              };
            }),
          }),
        ),
      );
    },
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async settled() {
      while (inFlight.size > 0 || verdictWork) {
        await Promise.allSettled([...inFlight, verdictWork]);
      }
    },
  };
}

/** Oldest first, as the runner sends them. */
function compareEntries(a: Entry, b: Entry): number {
  if (a.mtimeMs !== b.mtimeMs) return a.mtimeMs - b.mtimeMs;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
