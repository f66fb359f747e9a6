// Decides whether a waiting file is finished: an exporting program or Excel may still be writing it.
// A file is taken only when its size and modification time have held still for `stableMs` AND it can
// be opened for writing (on Windows the writer's lock makes that fail with EBUSY/EPERM). It is looked
// at without following links, and something that is not a regular file (a link, a FIFO) is never
// opened by the probe: it is answered `locked` with the reason.
import { lstat, open } from 'node:fs/promises';
import type { Clock } from '../ports/clock';
import { appError, type AppError } from '../../../shared/result';
import { describeFsError, errnoCode } from './fs-errors';
import { entryTypeOf, notRegularError, type EntryType } from './regular-file';

export type FileStability =
  /** Still for long enough and not locked: safe to stage. */
  | { readonly state: 'stable'; readonly size: number; readonly mtimeMs: number }
  /** Changed recently (or first seen just now): look again after `waitMs`. */
  | { readonly state: 'changing'; readonly size: number; readonly mtimeMs: number; readonly waitMs: number }
  /** Held open by another program (Excel, the exporter, antivirus) or not writable. */
  | { readonly state: 'locked'; readonly error: AppError }
  /** Moved or deleted since it was listed. */
  | { readonly state: 'gone' };

/**
 * Tries to open the file for writing without changing it, and closes it again; rejects with the
 * fs error (EBUSY when another program holds it on Windows). Injected so tests can lock a file on
 * Linux, where nothing does.
 */
export type ExclusiveOpener = (path: string) => Promise<void>;

export const probeWritableOpen: ExclusiveOpener = async (path) => {
  // 'r+' opens for read/write without truncating or touching the modification time.
  const handle = await open(path, 'r+');
  await handle.close();
};

/** `type` absent: a regular file (tests' stand-ins need not say). */
export type FileStat = (path: string) => Promise<{ size: number; mtimeMs: number; type?: EntryType }>;

const statFile: FileStat = async (path) => {
  const s = await lstat(path);
  return { size: s.size, mtimeMs: s.mtimeMs, type: entryTypeOf(s) };
};

export interface StabilityDeps {
  readonly clock: Clock;
  /** How long size and time must hold still (a few seconds). */
  readonly stableMs: number;
  readonly opener?: ExclusiveOpener;
  readonly stat?: FileStat;
}

/** Japanese for a file another program holds. */
export function lockedError(path: string, cause: unknown): AppError {
  const code = errnoCode(cause);
  const detail = `open r+ ${path}: ${cause instanceof Error ? cause.message : String(cause)}`;
  if (code === 'EBUSY') {
    return appError('files.locked', `Excelなどで開かれています: ${path}。ファイルを閉じると、次の確認で送信します。`, detail);
  }
  return appError(
    'files.locked',
    `Excelなどで開かれているか、書き込みが許可されていません（読み取り専用など）: ${path}。ファイルを閉じるか、読み取り専用を外してください。`,
    detail,
  );
}

/**
 * Remembers what it saw of each file, so repeated checks (the watcher's polls, a run's waits) can
 * tell "still" from "changing". One tracker per watched folder or run.
 */
export class StabilityTracker {
  private readonly seen = new Map<string, { size: number; mtimeMs: number; since: number }>();
  private readonly opener: ExclusiveOpener;
  private readonly stat: FileStat;

  constructor(private readonly deps: StabilityDeps) {
    this.opener = deps.opener ?? probeWritableOpen;
    this.stat = deps.stat ?? statFile;
  }

  async check(path: string): Promise<FileStability> {
    let s: { size: number; mtimeMs: number; type?: EntryType };
    try {
      s = await this.stat(path);
    } catch (e) {
      this.seen.delete(path);
      if (errnoCode(e) === 'ENOENT') return { state: 'gone' };
      return { state: 'locked', error: describeFsError(e, 'ファイルの状態を確認する', path) };
    }
    if (s.type !== undefined && s.type !== 'file') {
      this.seen.delete(path);
      return { state: 'locked', error: notRegularError(path, s.type) };
    }

    const now = this.deps.clock.now().getTime();
    const prev = this.seen.get(path);
    let since: number;
    if (prev && prev.size === s.size && prev.mtimeMs === s.mtimeMs) {
      since = prev.since;
      if (since > now) {
        // The wall clock was set back since the last look: counting from a moment now in the future
        // would wait for as long as the jump. Count again from now: at most one window more.
        since = now;
        this.seen.set(path, { size: s.size, mtimeMs: s.mtimeMs, since });
      }
    } else {
      // First sight: the file has been still since its modification time (when that is not in the
      // future): a file left overnight need not wait again, and one written 2 s ago waits only the
      // rest of the window, not a whole new one. A file that changed between looks starts again now.
      since = !prev && s.mtimeMs <= now ? s.mtimeMs : now;
      this.seen.set(path, { size: s.size, mtimeMs: s.mtimeMs, since });
    }
    const stillFor = now - since;
    if (stillFor < this.deps.stableMs) {
      return { state: 'changing', size: s.size, mtimeMs: s.mtimeMs, waitMs: this.deps.stableMs - stillFor };
    }

    try {
      await this.opener(path);
    } catch (e) {
      const code = errnoCode(e);
      if (code === 'ENOENT') {
        this.seen.delete(path);
        return { state: 'gone' };
      }
      if (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') return { state: 'locked', error: lockedError(path, e) };
      return { state: 'locked', error: describeFsError(e, 'ファイルを開く', path) };
    }
    return { state: 'stable', size: s.size, mtimeMs: s.mtimeMs };
  }

  /** Drops what was seen of a file (after it was staged, moved or deleted). */
  forget(path: string): void {
    this.seen.delete(path);
  }
}

export interface WaitOptions {
  /** Give up (answering `changing` or `locked`) after this long. */
  readonly maxWaitMs: number;
  /** Time between looks; defaults to a quarter of stableMs, at least 250 ms. */
  readonly pollMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * Looks until the file is stable, gone, or maxWaitMs has passed (then the last answer: changing or
 * locked). Waits on the injected Clock, so tests move time instead of waiting for it.
 */
export async function waitUntilStable(path: string, deps: StabilityDeps, options: WaitOptions): Promise<FileStability> {
  const tracker = new StabilityTracker(deps);
  const poll = options.pollMs ?? Math.max(250, Math.floor(deps.stableMs / 4));
  // Each step counts at least the sleep it asked for, whatever the wall clock says: a clock set back
  // must not stretch maxWaitMs by the size of the jump.
  let elapsed = 0;
  let slept = 0;
  let last = deps.clock.now().getTime();
  for (;;) {
    const r = await tracker.check(path);
    if (r.state === 'stable' || r.state === 'gone') return r;
    const now = deps.clock.now().getTime();
    elapsed += Math.max(now - last, slept);
    last = now;
    if (elapsed >= options.maxWaitMs) return r;
    const wait = r.state === 'changing' ? Math.min(Math.max(r.waitMs, 1), poll) : poll;
    slept = Math.min(wait, options.maxWaitMs - elapsed);
    await deps.clock.sleep(slept, options.signal);
  }
}
