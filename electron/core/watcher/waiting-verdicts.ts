// Pre-flight verdicts for the waiting list, computed lazily in the background: one file at a time, for
// the oldest `verdictLimit` settled files of each setting, never for a file another program is still
// writing or holding, and kept in a bounded cache (LRU) keyed by path and size + modified time, and by
// the judge's epoch (the history it foresaw from). The runner checks every file again before
// sending: these verdicts only tell the clerk early.
import type { PreflightVerdict } from '../../../shared/run';
import type { TimerHandle } from '../ports/clock';
import { compareEntries, isSettled, signatureOf, type Entry } from './entry-stability';
import { isCurrent, type TargetState, type VerdictJudge, type WatcherState } from './watcher-state';

export interface WaitingVerdicts {
  /** Something may need a verdict: start (or repeat) a pass. */
  kick(): void;
  /** The cached verdict for this version of the file, if any. */
  verdictFor(entry: Entry): PreflightVerdict | null;
  /** The pass in flight, if any (for `settled()` and shutdown). */
  work(): Promise<void> | null;
  /** Stops a pending retry (the watcher is closing). */
  cancel(): void;
}

export function createWaitingVerdicts(state: WatcherState, judge: VerdictJudge | null): WaitingVerdicts {
  const { tuning, logger } = state;
  /** path → verdict for one signature; Map order is the LRU order. */
  const cache = new Map<string, { sig: string; verdict: PreflightVerdict }>();
  let work: Promise<void> | null = null;
  let again = false;
  let retry: TimerHandle | null = null;

  const retryIn = (ms: number) => {
    if (retry || !state.running) return;
    retry = state.clock.setTimeout(() => {
      retry = null;
      kick();
    }, Math.max(250, ms));
  };

  const epoch = () => judge?.epoch?.() ?? '';
  const sigOf = (e: Entry, at: string) => `${signatureOf(e)}|${at}`;

  const remember = (e: Entry, verdict: PreflightVerdict, at: string) => {
    cache.delete(e.path);
    cache.set(e.path, { sig: sigOf(e, at), verdict });
    while (cache.size > tuning.verdictCacheSize) cache.delete(cache.keys().next().value as string);
  };

  const judgeOne = async (ts: TargetState, e: Entry, judgeFile: VerdictJudge): Promise<PreflightVerdict> => {
    try {
      return await judgeFile({ key: ts.target.key, path: e.path, fileName: e.name, kind: ts.target.kind, hasHeader: ts.target.hasHeader, bytes: e.bytes });
    } catch (error) {
      logger.warn('verdict failed', { file: e.path, error: String(error) });
      return { verdict: 'unreadable', message: `ファイルを確認できませんでした: ${e.name}` };
    }
  };

  /** One setting's oldest files; true when the list changed. null: the generation moved on. */
  const passTarget = async (ts: TargetState, gen: number, judgeFile: VerdictJudge): Promise<boolean | null> => {
    const now = state.clock.now().getTime();
    const oldest = [...ts.files.values()].sort(compareEntries).slice(0, tuning.verdictLimit);
    const at = epoch();
    let any = false;
    for (const e of oldest) {
      if (!isCurrent(state, gen)) return null;
      if (!isSettled(e, now, tuning.stableMs) || e.bytes > tuning.maxVerdictBytes) continue;
      if (cache.get(e.path)?.sig === sigOf(e, at)) continue;
      // Never read a file another program is still writing or holding.
      const st = await ts.tracker.check(e.path);
      if (!isCurrent(state, gen)) return null;
      if (st.state === 'locked') {
        if (e.locked !== st.error.message) any = true;
        e.locked = st.error.message;
        continue;
      }
      if (st.state === 'changing') {
        retryIn(st.waitMs);
        continue;
      }
      if (st.state !== 'stable') continue;
      if (e.locked !== null) any = true;
      e.locked = null;
      remember(e, await judgeOne(ts, e, judgeFile), at);
      any = true;
    }
    return any;
  };

  const pass = async (gen: number, judgeFile: VerdictJudge) => {
    for (const folder of state.folders) {
      for (const ts of folder.targets) {
        const any = await passTarget(ts, gen, judgeFile);
        if (any === null) return;
        if (any) state.changed();
      }
    }
  };

  function kick() {
    if (!judge || !state.running) return;
    if (work) {
      again = true;
      return;
    }
    const judgeFile = judge;
    work = state
      .track(
        (async () => {
          do {
            again = false;
            await pass(state.generation, judgeFile);
          } while (again && state.running);
        })(),
      )
      .finally(() => {
        work = null;
      });
  }

  return {
    kick,
    verdictFor(e) {
      const cached = cache.get(e.path);
      return cached && cached.sig === sigOf(e, epoch()) ? cached.verdict : null;
    },
    work: () => work,
    cancel() {
      retry?.cancel();
      retry = null;
    },
  };
}
