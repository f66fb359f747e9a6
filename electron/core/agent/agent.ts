// The agent: scheduler + watcher + run queue behind one object, used alike by the tray app (main
// process) and the headless `meisai-connector agent` command. Scheduled slots, 「ファイル配置時」
// arrivals and the clerk's 「今すぐ実行」 all become requests to the one queue, so two runs never
// overlap and a duplicate request is answered 「実行中です」. Its parts: agent-watch.ts (the watcher,
// rebuilt with the settings, changes coalesced), agent-state.ts (停止中 / 稼働中 / 実行中 / エラーあり),
// retry-timer.ts (the automatic resend of 再送待ち files, re-armed after every run and on wake-up).
import { randomUUID } from 'node:crypto';
import { appError, err, type Result } from '../../../shared/result';
import { targetDisplayName, type AgentStatus, type RunProgress, type RunTarget, type RunTrigger, type WaitingFiles } from '../../../shared/run';
import type { Settings } from '../../../shared/settings/schema';
import type { ScheduleStateStore } from '../history/history-interface';
import type { Clock } from '../ports/clock';
import { createListenerSet } from '../ports/listener-set';
import type { Logger } from '../ports/logger';
import { createRunQueue } from '../queue/run-queue';
import { targetKey, type RunExecutor, type RunQueue } from '../queue/types';
import { createScheduler, type Scheduler } from '../schedule/scheduler';
import type { VerdictJudge } from '../watcher/folder-watcher';
import { preflightJudge } from '../watcher/preflight-judge';
import { agentStateOf } from './agent-state';
import { createAgentWatch, type AgentWatch, type AgentWatchDeps, type AgentWatchOptions } from './agent-watch';
import { createRetryTimer, type PendingRetry } from './retry-timer';
import { withSchedules } from './waiting-schedule';

export { FILE_CHANGE_COALESCE_MS, type AgentWatchOptions } from './agent-watch';

export interface AgentOptions {
  readonly settings: Settings;
  /** The runner's `execute`. */
  readonly executor: RunExecutor;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The last fired slot per setting (history database; in memory for a throw-away run). */
  readonly scheduleStore: ScheduleStateStore;
  readonly newRunId?: () => string;
  /** Verdicts for the waiting-file list; default: the pre-flight on the file. null: no verdicts. */
  readonly judge?: VerdictJudge | null;
  readonly watch?: AgentWatchOptions;
  readonly scheduler?: { readonly maxSleepMs?: number; readonly onTimeGraceMs?: number };
  /** Files waiting for the clerk (要確認 / 取込状況不明), from the history; 0 when not given. */
  readonly attentionCount?: () => number;
  /** Files in 再送待ち, from the history: the agent resends them at their time (retry-timer.ts). */
  readonly retryWaits?: () => readonly PendingRetry[];
  /** Builds the folder watch (tests hold its start open); default createAgentWatch. */
  readonly createWatch?: (settings: Settings, deps: AgentWatchDeps) => AgentWatch;
}

export interface Agent {
  /** Starts the scheduler (catching up a missed slot) and the watcher (initial scan). */
  start(): Promise<void>;
  /** Stops scheduling and watching; `graceful` lets the run in flight finish, else it is cancelled between files. */
  stop(options: { graceful: boolean }): Promise<void>;
  /** Rebuilds schedule jobs and folder watches for new settings, without a restart. */
  updateSettings(settings: Settings): Promise<void>;
  status(): AgentStatus;
  /** 今すぐ実行 (manual). Refused 「実行中です」 when that target is running or queued. */
  runNow(target: RunTarget): Result<{ runId: string }>;
  cancel(runId: string): Result<{ state: 'dequeued' | 'cancelling' }>;
  onProgress(listener: (p: RunProgress) => void): () => void;
  onStatus(listener: (s: AgentStatus) => void): () => void;
  waitingFiles(): WaitingFiles[];
  /** The PC woke up (powerMonitor 'resume'): catch up a missed slot, rescan folders. */
  resume(): Promise<void>;
  /** Resolves when no run is running or queued. */
  idle(): Promise<void>;
  /** Resolves when no folder scan, arrival check or verdict is in flight and the queue is idle. */
  settled(): Promise<void>;
}

export function createAgent(options: AgentOptions): Agent {
  const { clock } = options;
  const logger = options.logger.child({ component: 'agent' });
  const newRunId = options.newRunId ?? (() => randomUUID());

  let settings = options.settings;
  let started = false;
  /** Counts start() and stop() calls: a start that finds it moved on while it waited stops there. */
  let session = 0;
  let problem: string | null = null;
  const progressListeners = createListenerSet<[RunProgress]>(logger, 'progress listener');
  const statusListeners = createListenerSet<[AgentStatus]>(logger, 'status listener');

  // After a stop the old queue refuses work; start() gives the new session a fresh one.
  let queue: RunQueue;
  let unsubscribeQueue: (() => void)[] = [];
  const renewQueue = () => {
    for (const u of unsubscribeQueue) u();
    queue = createRunQueue({ executor: options.executor, logger: options.logger, newRunId, describeTarget: (t) => targetDisplayName(t, settings.reports), now: () => clock.now() });
    unsubscribeQueue = [
      queue.onProgress((p) => {
        progressListeners.emit(p);
        // A run may have left files in 再送待ち, or sent some: the next automatic resend moves.
        if (p.type === 'run-finished') retries.arm();
      }),
      queue.onChange(() => notify()),
    ];
  };
  const retries = createRetryTimer({
    clock,
    logger,
    pending: options.retryWaits ?? (() => []),
    enqueue: (runId, target) => queue.enqueue(target, 'retry', { runId }),
  });
  renewQueue();

  const request = (target: RunTarget, trigger: RunTrigger) => {
    const r = queue.enqueue(target, trigger);
    if (!r.ok) logger.info('run not queued', { target: targetKey(target), trigger, code: r.error.code });
    return r;
  };

  const scheduler: Scheduler = createScheduler({
    clock,
    store: options.scheduleStore,
    logger: options.logger,
    maxSleepMs: options.scheduler?.maxSleepMs,
    onTimeGraceMs: options.scheduler?.onTimeGraceMs,
    // A run of this setting already in flight or waiting will send whatever is in the folder.
    onFire: (reportId, _slot, trigger) => void request({ kind: 'report', reportId }, trigger),
  });
  scheduler.update(settings.reports);

  const watch = (options.createWatch ?? createAgentWatch)(settings, {
    tuning: options.watch,
    clock,
    logger: options.logger,
    judge: options.judge === undefined ? preflightJudge : options.judge,
    onArrival: (key) => key !== 'customers' && request({ kind: 'report', reportId: key }, 'arrival').ok,
    onChange: () => notify(),
  });

  const status = (): AgentStatus => {
    let attention = 0;
    try {
      attention = options.attentionCount?.() ?? 0;
    } catch (e) {
      logger.warn('attention count unavailable', { error: String(e) });
    }
    const retryWait = retries.summary();
    return { agent: agentStateOf({ started, problem }, queue.snapshot()), nextRuns: scheduler.nextRuns(), attention, ...(retryWait ? { retryWait } : {}) };
  };

  const notify = () => {
    if (statusListeners.size > 0) statusListeners.emit(status());
  };

  return {
    async start() {
      if (started) return;
      started = true;
      problem = null;
      // A stop() while this start still waits for the watcher ends this session: what the start
      // does after its await must not bring back what the stop took down.
      const mine = ++session;
      logger.info('agent starting', { reports: settings.reports.length });
      if (queue.snapshot().running === null) renewQueue();
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
      await queue.stop({ graceful });
      started = false;
      notify();
    },
    async updateSettings(next) {
      const previous = settings;
      settings = next;
      scheduler.update(next.reports);
      await watch.apply(previous, next, started);
      logger.info('settings applied', { reports: next.reports.length, pollFolders: next.agent.pollFolders });
      notify();
    },
    status,
    runNow(target) {
      if (!started) return err(appError('agent.stopped', 'エージェントが停止しています。「起動」してから実行してください。'));
      if (target.kind === 'report' && !settings.reports.some((r) => r.id === target.reportId)) {
        return err(appError('agent.unknown-target', 'この帳票データ連携設定は見つかりません。設定を保存し直してください。', target.reportId));
      }
      return request(target, 'manual');
    },
    cancel: (runId) => queue.cancel(runId),
    onProgress: (listener) => progressListeners.add(listener),
    onStatus: (listener) => statusListeners.add(listener),
    waitingFiles: () => withSchedules(watch.waitingFiles(), settings.reports, clock.now()),
    async resume() {
      if (!started) return;
      logger.info('resumed from sleep: checking missed slots and rescanning folders');
      scheduler.resume();
      retries.arm();
      await watch.resume();
      notify();
    },
    idle: () => queue.idle(),
    async settled() {
      await watch.settled();
      await queue.idle();
    },
  };
}
