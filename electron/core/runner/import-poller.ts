// Follows one import to its end with the state call. An `active` import is polled at a slowing
// pace; a call that fails for a reason that may pass (network, timeout, 5xx, maintenance, rate
// limit) is retried with backoff and jitter up to a bound. After that the answer is "unknown"
// (取込状況不明): the import id is kept and the next run polls again. Never resends anything.
import type { FileKind, FileProblem } from '../../../shared/run';
import type { ApiError, MeisaiApi } from '../api/types';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { activePollDelay, POLL_RETRY, retryDelay, type RetryPolicy } from './retry-delay';

export type PollOutcome =
  | { readonly kind: 'complete' }
  | { readonly kind: 'failed'; readonly problems: readonly FileProblem[] }
  /** Gave up for now (errors past the retry bound, still active past the time bound, or cancelled). */
  | { readonly kind: 'unknown'; readonly reason: string };

export interface PollOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly random: () => number;
  readonly retry?: RetryPolicy;
  /** First wait before asking again about an `active` import. */
  readonly firstPollMs: number;
  readonly maxPollMs: number;
  /** How long an import may stay `active` before this run leaves it to the next (取込状況不明). */
  readonly activeLimitMs: number;
  readonly signal?: AbortSignal;
  /** Called on each `active` answer, so the runner can record `importing`. */
  readonly onActive?: () => void;
}

/** Errors of the state call that may pass by themselves: worth another try after a pause. */
export function isTransientPollError(error: ApiError): boolean {
  switch (error.kind) {
    case 'unreachable':
    case 'uncertain':
    case 'server':
    case 'maintenance':
    case 'rate-limited':
    case 'malformed':
      return true;
    case 'auth':
    case 'not-found':
    case 'rejected':
      return false;
  }
}

export async function pollImport(api: Pick<MeisaiApi, 'customerImportState' | 'reportImportState'>, kind: FileKind, importId: number, options: PollOptions): Promise<PollOutcome> {
  const { clock, logger, signal } = options;
  const policy = options.retry ?? POLL_RETRY;
  // The active limit counts the waits this poll asked for, not the wall clock: a PC that slept
  // through a wait (or a clock set forward) must not turn a finished import into 取込状況不明, and a
  // clock set back must not stretch the polling (timer finding 6).
  let waitedActiveMs = 0;
  let activePolls = 0;
  let errorAttempt = 0;
  for (;;) {
    if (signal?.aborted) return { kind: 'unknown', reason: '実行が中止されたため、取込状況の確認を次回に回しました。' };
    const result = kind === 'customers' ? await api.customerImportState(importId, signal) : await api.reportImportState(importId, signal);
    let wait: number;
    if (result.ok) {
      errorAttempt = 0;
      const state = result.value;
      if (state.processStatus === 'complete') return { kind: 'complete' };
      if (state.processStatus === 'failed') return { kind: 'failed', problems: state.problems };
      options.onActive?.();
      if (waitedActiveMs >= options.activeLimitMs) {
        return { kind: 'unknown', reason: '取込に時間がかかっているため、取込状況の確認を次回の実行に回しました。' };
      }
      wait = activePollDelay(activePolls++, options.firstPollMs, options.maxPollMs);
      waitedActiveMs += wait;
    } else {
      const error = result.error;
      if (!isTransientPollError(error)) {
        // A wrong token or URL will not fix itself within this run; keep the id for the next one.
        logger.warn('import state call refused', { importId, kind: error.kind, detail: error.detail });
        return { kind: 'unknown', reason: `取込状況を確認できませんでした: ${error.message}` };
      }
      const delay = retryDelay(errorAttempt++, options.random(), policy);
      logger.warn('import state call failed', { importId, kind: error.kind, attempt: errorAttempt, detail: error.detail, retryInMs: delay });
      if (delay === null) return { kind: 'unknown', reason: `取込状況を確認できませんでした（${error.message}）。次回の実行で確認します。` };
      wait = delay;
    }
    try {
      await clock.sleep(wait, signal);
    } catch {
      return { kind: 'unknown', reason: '実行が中止されたため、取込状況の確認を次回に回しました。' };
    }
  }
}
