// The run queue's contract. The runner (electron/core/runner) implements `RunExecutor`; the agent,
// the tray and the headless CLI talk to `RunQueue`. One queue per account: runs are serialised, so the
// API's 20-requests-per-minute budget is never split between two runs.
import type { Result } from '../../../shared/result';
import type { RunProgress, RunSummary, RunTarget, RunTrigger } from '../../../shared/run';

export interface RunRequest {
  readonly runId: string;
  readonly target: RunTarget;
  readonly trigger: RunTrigger;
}

/**
 * Runs one target to the end and resolves with its summary (also when cancelled: outcome
 * `cancelled`). Cancellation arrives through `signal`; the executor checks it BETWEEN files and
 * leaves the file in flight safely (finished, or recorded where it stopped). It may report
 * `run-started` / `run-finished` itself: the queue makes sure subscribers see exactly one of each
 * per run (it emits them when the executor does not). A rejection is a bug or a crash of the
 * executor: the queue logs it and reports the run as failed.
 */
export type RunExecutor = (request: {
  runId: string;
  target: RunTarget;
  trigger: RunTrigger;
  signal: AbortSignal;
  onProgress: (p: RunProgress) => void;
}) => Promise<RunSummary>;

export interface EnqueueOptions {
  /**
   * The run's id instead of a new one: an automatic resend (trigger `retry`) continues the waiting
   * run under its own id. Such a request is refused only while that same run is queued or running,
   * never because its setting is busy (the scheduled run and the resend both go, one after the other).
   */
  readonly runId?: string;
}

export interface QueueSnapshot {
  readonly running: RunRequest | null;
  /** Waiting, oldest first. */
  readonly queued: readonly RunRequest[];
}

export interface RunQueue {
  /**
   * Queues a run. Refused with `queue.busy` 「実行中です」 when the same target is already running
   * or queued (a second click, or a schedule firing during a manual run), and with `queue.stopped`
   * once the queue is stopping.
   */
  enqueue(target: RunTarget, trigger: RunTrigger, options?: EnqueueOptions): Result<{ runId: string }>;
  /** A queued run is dropped; the running one is asked to stop after its current file. */
  cancel(runId: string): Result<{ state: 'dequeued' | 'cancelling' }>;
  /** Is this target running or queued? */
  isBusy(target: RunTarget): boolean;
  snapshot(): QueueSnapshot;
  onProgress(listener: (p: RunProgress) => void): () => void;
  /** Called whenever the running run or the waiting list changes. */
  onChange(listener: (s: QueueSnapshot) => void): () => void;
  /** Resolves when nothing is running or waiting. */
  idle(): Promise<void>;
  /**
   * Stops accepting runs and drops the waiting ones. `graceful`: the run in flight finishes;
   * otherwise it is cancelled between files. Resolves when it has settled.
   */
  stop(options: { graceful: boolean }): Promise<void>;
}

/** The serialisation key of a target: customers-only and each report setting are separate. */
export function targetKey(target: RunTarget): string {
  return target.kind === 'customers' ? 'customers' : `report:${target.reportId}`;
}

/** What makes two requests the same one: the target, or for an automatic resend the run it continues. */
export function requestKey(request: Pick<RunRequest, 'target' | 'trigger' | 'runId'>): string {
  return request.trigger === 'retry' ? `retry:${request.runId}` : targetKey(request.target);
}
