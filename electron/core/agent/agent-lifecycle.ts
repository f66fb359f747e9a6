// Starting, stopping and waking the agent: the order its parts come up and go down in, and the
// session count that keeps a start still waiting for the watcher from bringing back what a stop
// meanwhile took down. The state it keeps (started, a problem) is what 停止中 / エラーあり are made of.
import type { Logger } from '../ports/logger';
import type { Scheduler } from '../schedule/scheduler';
import type { AgentQueue } from './agent-queue';
import type { AgentWatch } from './agent-watch';
import type { RetryTimer } from './retry-timer';

export interface AgentLifecycleDeps {
  readonly logger: Logger;
  readonly scheduler: Pick<Scheduler, 'start' | 'stop' | 'resume'>;
  readonly retries: Pick<RetryTimer, 'start' | 'stop' | 'arm'>;
  readonly watch: Pick<AgentWatch, 'start' | 'stop' | 'resume'>;
  readonly queue: Pick<AgentQueue, 'current' | 'renew'>;
  /** How many report settings are in force (for the log). */
  readonly reportCount: () => number;
  /** The status changed. */
  readonly notify: () => void;
}

export interface AgentLifecycle {
  /** Starts the scheduler (catching up a missed slot), the resend timer and the watcher (initial scan). */
  start(): Promise<void>;
  /** Stops scheduling and watching; `graceful` lets the run in flight finish, else it is cancelled between files. */
  stop(options: { graceful: boolean }): Promise<void>;
  /** The PC woke up: catch up a missed slot and a due resend, rescan folders. */
  resume(): Promise<void>;
  state(): { readonly started: boolean; readonly problem: string | null };
}

export function createAgentLifecycle(deps: AgentLifecycleDeps): AgentLifecycle {
  const { logger, scheduler, retries, watch, queue, notify } = deps;
  let started = false;
  /** Counts start() and stop() calls: a start that finds it moved on while it waited stops there. */
  let session = 0;
  let problem: string | null = null;

  return {
    async start() {
      if (started) return;
      started = true;
      problem = null;
      // A stop() while this start still waits for the watcher ends this session: what the start
      // does after its await must not bring back what the stop took down.
      const mine = ++session;
      logger.info('agent starting', { reports: deps.reportCount() });
      if (queue.current().snapshot().running === null) queue.renew();
      // The scheduler first: a slow first scan (a network share) must not delay a slot by its length;
      // so is the resend of 再送待ち files (they are in the history, not in the folders).
      scheduler.start();
      retries.start();
      notify();
      try {
        await watch.start();
      } catch (e) {
        if (mine === session) problem = 'フォルダの監視を始められませんでした。ログを確認してください。';
        logger.error('watcher failed to start', { error: String(e) });
      }
      if (mine !== session) {
        // Stopped meanwhile; the watcher may have finished opening after the stop closed it.
        if (!started) await watch.stop();
        return;
      }
      notify();
    },
    async stop({ graceful }) {
      if (!started) return;
      session++;
      logger.info('agent stopping', { graceful });
      scheduler.stop();
      retries.stop();
      await watch.stop();
      await queue.current().stop({ graceful });
      started = false;
      notify();
    },
    async resume() {
      if (!started) return;
      logger.info('resumed from sleep: checking missed slots and rescanning folders');
      scheduler.resume();
      retries.arm();
      await watch.resume();
      notify();
    },
    state: () => ({ started, problem }),
  };
}
