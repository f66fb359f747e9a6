// One queued run from start to end (the queue's RunExecutor): opens the run in the history, runs
// its phases, decides its outcome. A run that stops on an exception is still closed, as failed, with
// a message for the clerk; a run the history cannot even open is answered without touching a file.
// An automatic resend (trigger `retry`) continues the waiting run instead of opening a new one. The
// watchdog (run-watchdog.ts) ends a run that stopped making progress, so nothing holds the queue.
import type { RunSummary, RunTarget, RunTrigger } from '../../../shared/run';
import type { Settings } from '../../../shared/settings/schema';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { RunExecutor } from '../queue/types';
import { stopMessage, type Journal } from './journal';
import { progressEmitter, type RunContext } from './run-context';
import type { RunPhases } from './run-phases';
import { RUN_WATCHDOG, STALLED_NOTICE, watchRun, type WatchdogLimits } from './run-watchdog';
import { createSendGate } from './send-gate';
import type { RetryRun } from './send-retry';
import { targetRefs } from './setting-refs';

export interface ExecuteDeps {
  readonly settings: () => Settings;
  readonly journal: Pick<Journal, 'createRun' | 'finish' | 'fail' | 'reviseRun'>;
  readonly runPhases: RunPhases;
  readonly retryRun: RetryRun;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly watchdog?: WatchdogLimits | undefined;
}

/** The summary of a run the history could not record: what the queue and the window still show. */
function unrecordedSummary(run: { id: string; target: RunTarget; targetName: string; trigger: RunTrigger }, at: Date, message: string): RunSummary {
  const now = at.toISOString();
  return {
    ...run, startedAt: now, finishedAt: now, outcome: 'failed',
    counts: { files: 0, done: 0, failed: 0, skipped: 0, attention: 0 }, message,
  };
}

export function createExecute(deps: ExecuteDeps): RunExecutor {
  const { journal, clock, logger } = deps;
  const limits = deps.watchdog ?? RUN_WATCHDOG;

  /** 自動再送: the waiting run is continued under its own id, and its outcome decided again. */
  const continueWaiting: RunExecutor = async ({ runId, target, trigger, signal, onProgress }) => {
    const emit = progressEmitter(onProgress, logger);
    const log = logger.child({ runId, trigger });
    const waiting = deps.retryRun.open(runId);
    if (waiting === null) {
      const summary = unrecordedSummary({ id: runId, target, targetName: '不明な実行', trigger }, clock.now(), '再送待ちの実行が実行履歴に見つかりませんでした。');
      emit({ type: 'run-finished', runId, summary });
      return summary;
    }
    let stalled = false;
    let expired = 0;
    let summary: RunSummary;
    try {
      const watched = await watchRun(clock, limits, signal, log, (runSignal, touch) => {
        const ctx: RunContext = { runId, targetName: waiting.targetName, signal: runSignal, emit: (p) => { touch(); emit(p); }, gate: createSendGate() };
        return deps.retryRun.continueRows(ctx);
      });
      if (watched.kind === 'done') expired = watched.value.expired;
      stalled = watched.kind === 'abandoned' || watched.stalled;
      const revised = journal.reviseRun(runId, stalled ? STALLED_NOTICE : null);
      summary = { ...revised, retry: { continued: true, expired, waiting: deps.retryRun.waitingIn(runId) } };
    } catch (e) {
      log.error('automatic resend stopped', { detail: e instanceof Error ? e.stack : String(e) });
      summary = unrecordedSummary({ id: runId, target, targetName: waiting.targetName, trigger }, clock.now(), `${waiting.targetName}: 自動再送を中断しました（${stopMessage(e)}）`);
    }
    emit({ type: 'run-finished', runId, summary });
    log.info('automatic resend finished', { outcome: summary.outcome, expired, stalled });
    return summary;
  };

  return async (request) => {
    if (request.trigger === 'retry') return continueWaiting(request);
    const { runId, target, trigger, signal, onProgress } = request;
    const settings = deps.settings();
    const resolved = targetRefs(settings, target);
    const targetName = 'error' in resolved ? '不明な設定' : resolved.name;
    const emit = progressEmitter(onProgress, logger);
    const log = logger.child({ runId });
    const run = { id: runId, target, targetName, trigger };
    const created = journal.createRun({ ...run, startedAt: clock.now() });
    if (!created.ok) {
      log.error('cannot create run', { detail: created.error.detail });
      const summary = unrecordedSummary(run, clock.now(), `${targetName}: 実行履歴を保存できないため実行しませんでした（${created.error.message}）`);
      emit({ type: 'run-finished', runId, summary });
      return summary;
    }
    emit({ type: 'run-started', runId, target, trigger, targetName });

    let summary: RunSummary;
    try {
      if ('error' in resolved) {
        summary = journal.finish(runId, targetName, signal.aborted, resolved.error);
      } else {
        const watched = await watchRun(clock, limits, signal, log, (runSignal, touch) => {
          const ctx: RunContext = { runId, targetName, signal: runSignal, emit: (p) => { touch(); emit(p); }, gate: createSendGate() };
          return deps.runPhases(ctx, settings, resolved.refs);
        });
        if (watched.kind === 'abandoned') {
          // Still busy somewhere (a hung file system call): the run is closed as it stands; the
          // file it holds stays claimed, so nothing else picks it up meanwhile.
          const failed = journal.fail(runId, targetName, STALLED_NOTICE);
          summary = failed.ok ? failed.value : unrecordedSummary(run, clock.now(), `${targetName}: ${STALLED_NOTICE}`);
        } else if (watched.stalled) {
          summary = journal.finish(runId, targetName, false, [STALLED_NOTICE, watched.value.notice].filter((x) => x !== null).join(' '), watched.value.info);
        } else {
          summary = journal.finish(runId, targetName, signal.aborted, watched.value.notice, watched.value.info);
        }
      }
    } catch (e) {
      const message = stopMessage(e);
      log.error('run stopped', { detail: e instanceof Error ? e.stack : String(e) });
      const finished = journal.fail(runId, targetName, message);
      summary = finished.ok ? finished.value : unrecordedSummary(run, clock.now(), `${targetName}: ${message}`);
    }
    emit({ type: 'run-finished', runId, summary });
    log.info('run finished', { outcome: summary.outcome, message: summary.message });
    return summary;
  };
}
