// One run at a time per account, in arrival order, with duplicate requests refused rather than
// doubled. Progress events from the executor fan out to every subscriber (tray, window, CLI log).
import { appError, err, ok } from '../../../shared/result';
import { targetDisplayName, type RunProgress, type RunSummary } from '../../../shared/run';
import { createListenerSet } from '../ports/listener-set';
import type { Logger } from '../ports/logger';
import { requestKey, targetKey, type QueueSnapshot, type RunExecutor, type RunQueue, type RunRequest } from './types';

export interface RunQueueOptions {
  readonly executor: RunExecutor;
  readonly logger: Logger;
  readonly newRunId: () => string;
  /** The name shown for a target in progress events (帳票名 / 顧客データ); defaults to its key. */
  readonly describeTarget?: (target: RunRequest['target']) => string;
  /** ISO timestamps for summaries the queue has to make up itself (executor crash). */
  readonly now?: () => Date;
}

const BUSY_MESSAGE = '実行中です';

interface ExecuteDeps {
  readonly executor: RunExecutor;
  readonly logger: Logger;
  readonly describe: (target: RunRequest['target']) => string;
  readonly now: () => Date;
  readonly emit: (p: RunProgress) => void;
}

/** What a run that crashed (the executor threw) is recorded as. */
function crashSummary(request: RunRequest, startedAt: string, finishedAt: string, targetName: string, error: unknown): RunSummary {
  return {
    id: request.runId,
    target: request.target,
    targetName,
    trigger: request.trigger,
    startedAt,
    finishedAt,
    outcome: 'failed',
    counts: { files: 0, done: 0, failed: 0, skipped: 0, attention: 0 },
    message: `実行中に予期しないエラーが発生しました（${error instanceof Error ? error.message : String(error)}）。ログを確認してください。`,
  };
}

/** Runs one request: subscribers see exactly one run-started and one run-finished, whatever the executor does. */
async function executeRun(request: RunRequest, controller: AbortController, deps: ExecuteDeps): Promise<void> {
  const { logger, emit } = deps;
  let sawFinished = false;
  const startedAt = deps.now().toISOString();
  emit({ type: 'run-started', runId: request.runId, target: request.target, trigger: request.trigger, targetName: deps.describe(request.target) });
  let summary: RunSummary;
  try {
    summary = await deps.executor({
      runId: request.runId,
      target: request.target,
      trigger: request.trigger,
      signal: controller.signal,
      onProgress: (p) => {
        // The queue already announced the start; a second finish would count the run twice.
        if (p.type === 'run-started' && p.runId === request.runId) return;
        if (p.type === 'run-finished' && p.runId === request.runId) {
          if (sawFinished) return;
          sawFinished = true;
        }
        emit(p);
      },
    });
    logger.info('run finished', { runId: request.runId, target: targetKey(request.target), outcome: summary.outcome });
  } catch (e) {
    logger.error('run executor failed', { runId: request.runId, target: targetKey(request.target), error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    summary = crashSummary(request, startedAt, deps.now().toISOString(), deps.describe(request.target), e);
  }
  if (!sawFinished) emit({ type: 'run-finished', runId: request.runId, summary });
}

export function createRunQueue(options: RunQueueOptions): RunQueue {
  const { executor, newRunId } = options;
  const logger = options.logger.child({ component: 'run-queue' });
  const describe = options.describeTarget ?? ((t) => targetDisplayName(t, []));
  const now = options.now ?? (() => new Date());

  const waiting: RunRequest[] = [];
  let current: { request: RunRequest; controller: AbortController; done: Promise<void> } | null = null;
  let stopped = false;
  const progressListeners = createListenerSet<[RunProgress]>(logger, 'progress listener');
  const changeListeners = createListenerSet<[QueueSnapshot]>(logger, 'change listener');
  let idleWaiters: (() => void)[] = [];

  const snapshot = (): QueueSnapshot => ({ running: current?.request ?? null, queued: [...waiting] });

  const emit = (p: RunProgress) => progressListeners.emit(p);
  const changed = () => {
    changeListeners.emit(snapshot());
    if (!current && waiting.length === 0) {
      const w = idleWaiters;
      idleWaiters = [];
      for (const resolve of w) resolve();
    }
  };

  const execute = (request: RunRequest, controller: AbortController) => executeRun(request, controller, { executor, logger, describe, now, emit });

  const pump = () => {
    if (current || stopped) return;
    const request = waiting.shift();
    if (!request) return;
    const controller = new AbortController();
    const entry = { request, controller, done: Promise.resolve() };
    current = entry;
    entry.done = execute(request, controller).finally(() => {
      current = null;
      pump();
      changed();
    });
    changed();
  };

  const holds = (key: string) => (current !== null && requestKey(current.request) === key) || waiting.some((r) => requestKey(r) === key);
  const isBusy = (target: RunRequest['target']) => holds(targetKey(target));

  return {
    enqueue(target, trigger, options = {}) {
      if (stopped) return err(appError('queue.stopped', 'エージェントを停止しています。再開してから実行してください。'));
      const key = requestKey({ target, trigger, runId: options.runId ?? '' });
      if (holds(key)) return err(appError('queue.busy', BUSY_MESSAGE, `${key} is already running or queued (trigger ${trigger})`));
      const request: RunRequest = { runId: options.runId ?? newRunId(), target, trigger };
      waiting.push(request);
      logger.info('run queued', { runId: request.runId, target: targetKey(target), trigger });
      if (current) changed();
      pump();
      return ok({ runId: request.runId });
    },
    cancel(runId) {
      const i = waiting.findIndex((r) => r.runId === runId);
      if (i >= 0) {
        waiting.splice(i, 1);
        logger.info('queued run cancelled', { runId });
        changed();
        return ok({ state: 'dequeued' as const });
      }
      if (current?.request.runId === runId) {
        logger.info('running run cancelling (after the current file)', { runId });
        current.controller.abort(appError('run.cancelled', '中止しました'));
        return ok({ state: 'cancelling' as const });
      }
      return err(appError('queue.not-found', 'この実行は見つかりません（すでに終わっています）。', runId));
    },
    isBusy,
    snapshot,
    onProgress: (listener) => progressListeners.add(listener),
    onChange: (listener) => changeListeners.add(listener),
    idle() {
      if (!current && waiting.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    async stop({ graceful }) {
      stopped = true;
      if (waiting.length) {
        logger.info('dropping queued runs on stop', { runIds: waiting.map((r) => r.runId) });
        waiting.length = 0;
      }
      const inFlight = current;
      if (inFlight && !graceful) inFlight.controller.abort(appError('run.cancelled', '停止のため中止しました'));
      changed();
      if (inFlight) await inFlight.done;
    },
  };
}
