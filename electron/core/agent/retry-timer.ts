// The agent's one timer for 再送待ち: armed for the earliest next attempt among the waiting files
// (read from the history, so it survives a restart), it queues the automatic resend of each run
// whose files are due — runs with customer files first, since documents wait for them — and arms
// itself again after every run. One timer, however many files wait; never longer than a minute, so
// a clock set back or a PC that slept cannot leave a due file waiting for the old timer.
import type { Result } from '../../../shared/result';
import type { FileKind, RetryWaitSummary, RunTarget } from '../../../shared/run';
import type { HistoryReader } from '../history/history-interface';
import type { Clock, TimerHandle } from '../ports/clock';
import type { Logger } from '../ports/logger';

export interface PendingRetry {
  readonly runId: string;
  /** The waiting run's target: its resend is queued as that target. */
  readonly target: RunTarget;
  readonly kind: FileKind;
  /** ISO 8601. */
  readonly nextAttemptAt: string;
}

export interface RetryTimerDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Every file in 再送待ち (the history). */
  readonly pending: () => readonly PendingRetry[];
  /** Queues the automatic resend of one run (a refusal — already queued — is fine). */
  readonly enqueue: (runId: string, target: RunTarget) => Result<{ runId: string }>;
  /** Longest single sleep (default one minute). */
  readonly maxSleepMs?: number;
}

export interface RetryTimer {
  start(): void;
  stop(): void;
  /** Queues what is due and sleeps until the next; call after every run and on wake-up. */
  arm(): void;
  /** For the header badge and the tray; undefined when nothing waits. */
  summary(): RetryWaitSummary | undefined;
}

export const RETRY_TIMER_MAX_SLEEP_MS = 60_000;

/** Which runs to resend now, in order: those with due customer files first, then by due time. */
export function dueRuns(pending: readonly PendingRetry[], now: Date): { readonly runId: string; readonly target: RunTarget }[] {
  const byRun = new Map<string, { runId: string; target: RunTarget; first: number; customers: boolean }>();
  for (const p of pending) {
    const at = Date.parse(p.nextAttemptAt);
    if (!(at <= now.getTime())) continue;
    const entry = byRun.get(p.runId) ?? { runId: p.runId, target: p.target, first: at, customers: false };
    entry.first = Math.min(entry.first, at);
    entry.customers ||= p.kind === 'customers';
    byRun.set(p.runId, entry);
  }
  return [...byRun.values()]
    .sort((a, b) => Number(b.customers) - Number(a.customers) || a.first - b.first)
    .map(({ runId, target }) => ({ runId, target }));
}

export function createRetryTimer(deps: RetryTimerDeps): RetryTimer {
  const { clock, logger } = deps;
  const maxSleep = deps.maxSleepMs ?? RETRY_TIMER_MAX_SLEEP_MS;
  let running = false;
  let timer: TimerHandle | null = null;

  const read = (): readonly PendingRetry[] => {
    try {
      return deps.pending();
    } catch (e) {
      logger.error('再送待ち: cannot read the waiting files', { error: String(e) });
      return [];
    }
  };

  function arm(): void {
    timer?.cancel();
    timer = null;
    if (!running) return;
    const pending = read();
    if (pending.length === 0) return;
    const now = clock.now();
    for (const { runId, target } of dueRuns(pending, now)) {
      const queued = deps.enqueue(runId, target);
      if (queued.ok) logger.info('再送待ち: automatic resend queued', { runId });
    }
    // The next wake-up: the next file not due yet, or (all due, now queued) a check a minute on.
    const later = pending.map((p) => Date.parse(p.nextAttemptAt)).filter((at) => at > now.getTime());
    const wait = later.length > 0 ? Math.min(...later) - now.getTime() : maxSleep;
    timer = clock.setTimeout(arm, Math.max(1, Math.min(wait, maxSleep)));
  }

  return {
    start() {
      running = true;
      arm();
    },
    stop() {
      running = false;
      timer?.cancel();
      timer = null;
    },
    arm,
    summary() {
      const pending = read();
      if (pending.length === 0) return undefined;
      const first = Math.min(...pending.map((p) => Date.parse(p.nextAttemptAt)));
      return { files: pending.length, nextAttemptAt: new Date(first).toISOString() };
    },
  };
}

/** The waiting files as the timer needs them, from the history (each run's target looked up once). */
export function pendingRetriesFrom(reader: Pick<HistoryReader, 'findRetryWaits' | 'getRun'>): readonly PendingRetry[] {
  const targets = new Map<string, RunTarget | null>();
  const out: PendingRetry[] = [];
  for (const f of reader.findRetryWaits()) {
    if (f.state.state !== 'retry-wait') continue;
    if (!targets.has(f.runId)) targets.set(f.runId, reader.getRun(f.runId)?.target ?? null);
    const target = targets.get(f.runId);
    if (target) out.push({ runId: f.runId, target, kind: f.kind, nextAttemptAt: f.state.nextAttemptAt });
  }
  return out;
}
