// The agent: scheduler + watcher + run queue behind one object, used alike by the tray app (main
// process) and the headless `meisai-connector agent` command. Scheduled slots, 「ファイル配置時」
// arrivals and the clerk's 「今すぐ実行」 all become requests to the one queue, so two runs never
// overlap and a duplicate request is answered 「実行中です」. Its parts: agent-lifecycle.ts (start, stop,
// wake-up), agent-queue.ts (the session's run queue, fed also by retry-timer.ts, the automatic resend
// of 再送待ち files), agent-watch.ts (the watcher, rebuilt with the settings, changes coalesced),
// agent-status.ts with agent-state.ts (停止中 / 稼働中 / 実行中 / エラーあり, what the tray shows).
import { randomUUID } from 'node:crypto';
import { appError, err, type Result } from '../../../shared/result';
import { targetDisplayName, type AgentStatus, type RunProgress, type RunTarget, type WaitingFiles } from '../../../shared/run';
import type { Settings } from '../../../shared/settings/schema';
import type { ScheduleStateStore } from '../history/history-interface';
import type { Clock } from '../ports/clock';
import { createListenerSet } from '../ports/listener-set';
import type { Logger } from '../ports/logger';
import type { RunExecutor } from '../queue/types';
import { createScheduler, type Scheduler } from '../schedule/scheduler';
import type { VerdictJudge } from '../watcher/folder-watcher';
import { preflightJudge } from '../watcher/preflight-judge';
import { createAgentLifecycle } from './agent-lifecycle';
import { createAgentQueue } from './agent-queue';
import { createAgentStatus } from './agent-status';
import { createAgentWatch, type AgentWatch, type AgentWatchDeps, type AgentWatchOptions } from './agent-watch';
import type { PendingRetry } from './retry-timer';
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
  let settings = options.settings;
  const progressListeners = createListenerSet<[RunProgress]>(logger, 'progress listener');

  const queue = createAgentQueue({
    executor: options.executor,
    clock,
    logger,
    queueLogger: options.logger,
    newRunId: options.newRunId ?? (() => randomUUID()),
    describeTarget: (t) => targetDisplayName(t, settings.reports),
    retryWaits: options.retryWaits ?? (() => []),
    onProgress: (p) => progressListeners.emit(p),
    onChange: () => feed.notify(),
  });

  const scheduler: Scheduler = createScheduler({
    clock,
    store: options.scheduleStore,
    logger: options.logger,
    maxSleepMs: options.scheduler?.maxSleepMs,
    onTimeGraceMs: options.scheduler?.onTimeGraceMs,
    // A run of this setting already in flight or waiting will send whatever is in the folder.
    onFire: (reportId, _slot, trigger) => void queue.request({ kind: 'report', reportId }, trigger),
  });
  scheduler.update(settings.reports);

  const watch = (options.createWatch ?? createAgentWatch)(settings, {
    tuning: options.watch,
    clock,
    logger: options.logger,
    judge: options.judge === undefined ? preflightJudge : options.judge,
    onArrival: (key) => key !== 'customers' && queue.request({ kind: 'report', reportId: key }, 'arrival').ok,
    onChange: () => feed.notify(),
  });

  const lifecycle = createAgentLifecycle({
    logger,
    scheduler,
    retries: queue.retries,
    watch,
    queue,
    reportCount: () => settings.reports.length,
    notify: () => feed.notify(),
  });

  const feed = createAgentStatus({
    logger,
    lifecycle: lifecycle.state,
    queue: () => queue.current().snapshot(),
    nextRuns: () => scheduler.nextRuns(),
    retryWait: () => queue.retries.summary(),
    attentionCount: options.attentionCount,
  });

  return {
    start: lifecycle.start,
    stop: lifecycle.stop,
    async updateSettings(next) {
      const previous = settings;
      settings = next;
      scheduler.update(next.reports);
      await watch.apply(previous, next, lifecycle.state().started);
      logger.info('settings applied', { reports: next.reports.length, pollFolders: next.agent.pollFolders });
      feed.notify();
    },
    status: feed.status,
    runNow(target) {
      if (!lifecycle.state().started) return err(appError('agent.stopped', 'エージェントが停止しています。「起動」してから実行してください。'));
      if (target.kind === 'report' && !settings.reports.some((r) => r.id === target.reportId)) {
        return err(appError('agent.unknown-target', 'この帳票データ連携設定は見つかりません。設定を保存し直してください。', target.reportId));
      }
      return queue.request(target, 'manual');
    },
    cancel: (runId) => queue.current().cancel(runId),
    onProgress: (listener) => progressListeners.add(listener),
    onStatus: feed.onStatus,
    waitingFiles: () => withSchedules(watch.waitingFiles(), settings.reports, clock.now()),
    resume: lifecycle.resume,
    idle: () => queue.current().idle(),
    async settled() {
      await watch.settled();
      await queue.current().idle();
    },
  };
}
