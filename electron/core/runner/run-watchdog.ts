// The last line of defence against a run that never ends. Every request already has a deadline and
// every answer a cap, but a file system call on a dead network share can still hang, and a run that
// hangs holds the queue — every later scheduled and arrival run — and agent.lock. A run that reports
// no progress for a generous while is asked to stop (its signal aborts: polls end, no new file
// starts); if it still has not returned after a grace period it is abandoned, so the caller can
// record it as failed, tell the clerk and free the queue. Time is the injected clock's.
import type { Clock, TimerHandle } from '../ports/clock';
import type { Logger } from '../ports/logger';

export interface WatchdogLimits {
  /** No progress for this long: the run is asked to stop. Above the longest legitimate silence (a 10-minute import poll). */
  readonly stallMs: number;
  /** Then this long to stop by itself before it is abandoned. */
  readonly graceMs: number;
}

export const RUN_WATCHDOG: WatchdogLimits = { stallMs: 30 * 60_000, graceMs: 2 * 60_000 };

/** What the clerk reads when the watchdog stopped a run. */
export const STALLED_NOTICE = '処理が長い間進まなかったため、実行を中断しました（ネットワークやフォルダの状態を確認してください）。残りのファイルは次回の実行で送ります。';

export type Watched<T> =
  | { readonly kind: 'done'; readonly value: T; readonly stalled: boolean }
  /** It did not stop within the grace period: left running, its result ignored. */
  | { readonly kind: 'abandoned' };

/**
 * Runs `work` under the watchdog. `work` gets the signal to honour (aborted by `outer` too) and
 * `touch`, to call on every sign of progress.
 */
export async function watchRun<T>(
  clock: Clock,
  limits: WatchdogLimits,
  outer: AbortSignal,
  logger: Logger,
  work: (signal: AbortSignal, touch: () => void) => Promise<T>,
): Promise<Watched<T>> {
  const controller = new AbortController();
  const forward = () => controller.abort(outer.reason);
  if (outer.aborted) forward();
  else outer.addEventListener('abort', forward, { once: true });

  let stalled = false;
  const timers: { stall: TimerHandle | null; grace: TimerHandle | null } = { stall: null, grace: null };
  let abandon: (() => void) | null = null;
  const abandoned = new Promise<'abandoned'>((resolve) => {
    abandon = () => resolve('abandoned');
  });

  const arm = () => {
    timers.stall?.cancel();
    timers.stall = clock.setTimeout(() => {
      stalled = true;
      logger.error('run made no progress: stopping it', { stallMs: limits.stallMs });
      controller.abort(new Error('watchdog: no progress'));
      timers.grace = clock.setTimeout(() => abandon?.(), limits.graceMs);
    }, limits.stallMs);
  };
  const touch = () => {
    if (!stalled) arm();
  };
  arm();

  const running = work(controller.signal, touch);
  try {
    const first = await Promise.race([running.then((value) => ({ value })), abandoned]);
    if (first === 'abandoned') {
      logger.error('run did not stop after the watchdog asked: abandoned', { graceMs: limits.graceMs });
      // Whatever it does later is not this run's result any more; an error is only logged.
      running.catch((e: unknown) => logger.warn('abandoned run ended with an error', { error: String(e) }));
      return { kind: 'abandoned' };
    }
    return { kind: 'done', value: first.value, stalled };
  } finally {
    timers.stall?.cancel();
    timers.grace?.cancel();
    outer.removeEventListener('abort', forward);
  }
}
