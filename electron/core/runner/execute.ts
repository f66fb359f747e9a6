// One queued run from start to end (the queue's RunExecutor): opens the run in the history, runs
// its phases, decides its outcome. A run that stops on an exception is still closed, as failed, with
// a message for the clerk; a run the history cannot even open is answered without touching a file.
import type { RunSummary, RunTarget, RunTrigger } from '../../../shared/run';
import type { Settings } from '../../../shared/settings/schema';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { RunExecutor } from '../queue/types';
import { stopMessage, type Journal } from './journal';
import { progressEmitter, type RunContext } from './run-context';
import type { RunPhases } from './run-phases';
import { targetRefs } from './setting-refs';

export interface ExecuteDeps {
  readonly settings: () => Settings;
  readonly journal: Pick<Journal, 'createRun' | 'finish' | 'fail'>;
  readonly runPhases: RunPhases;
  readonly clock: Clock;
  readonly logger: Logger;
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
  return async ({ runId, target, trigger, signal, onProgress }) => {
    const settings = deps.settings();
    const resolved = targetRefs(settings, target);
    const targetName = 'error' in resolved ? '不明な設定' : resolved.name;
    const emit = progressEmitter(onProgress, logger);
    const ctx: RunContext = { runId, targetName, signal, emit };
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

    let notice: string | null = 'error' in resolved ? resolved.error : null;
    let summary: RunSummary;
    try {
      if (!('error' in resolved)) notice = await deps.runPhases(ctx, settings, resolved.refs);
      summary = journal.finish(runId, targetName, signal.aborted, notice);
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
