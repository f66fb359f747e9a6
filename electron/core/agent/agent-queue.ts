// The agent's run queue and what feeds it besides the agent's own requests: the 再送待ち timer. A
// stopped queue refuses work for good, so each start of the agent may renew it; the timer enqueues
// into whichever queue is current and is re-armed after every finished run (a run may have left
// files in 再送待ち, or sent some).
import type { Result } from '../../../shared/result';
import type { RunProgress, RunTarget, RunTrigger } from '../../../shared/run';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { createRunQueue } from '../queue/run-queue';
import { targetKey, type RunExecutor, type RunQueue } from '../queue/types';
import { createRetryTimer, type PendingRetry, type RetryTimer } from './retry-timer';

export interface AgentQueueDeps {
  readonly executor: RunExecutor;
  readonly clock: Clock;
  /** The agent's logger: refused requests and the resend timer. */
  readonly logger: Logger;
  /** The queue's own logger (its run lines carry no component). */
  readonly queueLogger: Logger;
  readonly newRunId: () => string;
  /** The name a target is shown with (帳票名 / 顧客データ), from the settings in force. */
  readonly describeTarget: (target: RunTarget) => string;
  /** Files in 再送待ち, from the history. */
  readonly retryWaits: () => readonly PendingRetry[];
  readonly onProgress: (p: RunProgress) => void;
  /** The running run or the waiting list changed. */
  readonly onChange: () => void;
}

export interface AgentQueue {
  /** The queue of the current session. */
  current(): RunQueue;
  /** A fresh queue for a new session (the previous one has stopped and refuses work). */
  renew(): void;
  /** Queues a run; a refusal (「実行中です」, stopped) is logged and returned. */
  request(target: RunTarget, trigger: RunTrigger): Result<{ runId: string }>;
  /** The automatic resend of 再送待ち files. */
  readonly retries: RetryTimer;
}

export function createAgentQueue(deps: AgentQueueDeps): AgentQueue {
  const { clock, logger } = deps;
  let queue: RunQueue;
  let unsubscribe: (() => void)[] = [];

  const retries = createRetryTimer({
    clock,
    logger,
    pending: deps.retryWaits,
    enqueue: (runId, target) => queue.enqueue(target, 'retry', { runId }),
  });

  const renew = () => {
    for (const u of unsubscribe) u();
    queue = createRunQueue({ executor: deps.executor, logger: deps.queueLogger, newRunId: deps.newRunId, describeTarget: deps.describeTarget, now: () => clock.now() });
    unsubscribe = [
      queue.onProgress((p) => {
        deps.onProgress(p);
        if (p.type === 'run-finished') retries.arm();
      }),
      queue.onChange(() => deps.onChange()),
    ];
  };
  renew();

  return {
    current: () => queue,
    renew,
    request(target, trigger) {
      const r = queue.enqueue(target, trigger);
      if (!r.ok) logger.info('run not queued', { target: targetKey(target), trigger, code: r.error.code });
      return r;
    },
    retries,
  };
}
