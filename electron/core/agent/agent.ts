// The agent: scheduler + watcher + run queue behind one object, used alike by the tray app (main
// process) and the headless `meisai-connector agent` command. Scheduled slots, 「ファイル配置時」
// arrivals and the clerk's 「今すぐ実行」 all become requests to the one queue, so two runs never
// overlap and a duplicate request is answered 「実行中です」.
import { randomUUID } from 'node:crypto';
import { appError, err, type Result } from '../../../shared/result';
import { targetDisplayName, type AgentState, type AgentStatus, type NextRun, type RunProgress, type RunTarget, type WaitingFiles } from '../../../shared/run';
import type { Settings } from '../../../shared/settings/schema';
import type { ScheduleStateStore } from '../history/history-interface';
import type { Clock, TimerHandle } from '../ports/clock';
import { createListenerSet } from '../ports/listener-set';
import type { Logger } from '../ports/logger';
import { createRunQueue } from '../queue/run-queue';
import { targetKey, type QueueSnapshot, type RunExecutor, type RunQueue } from '../queue/types';
import { createScheduler, type Scheduler } from '../schedule/scheduler';
import { createFolderWatcher, type FolderWatcher, type FolderWatcherOptions, type VerdictJudge } from '../watcher/folder-watcher';
import { preflightJudge } from '../watcher/preflight-judge';
import { watchTargetsFromSettings } from '../watcher/watch-targets';

/** Watcher tuning (tests and benchmarks shorten it; the app uses the defaults). */
export type AgentWatchOptions = Omit<FolderWatcherOptions, 'targets' | 'clock' | 'logger' | 'poll' | 'judge' | 'onArrival'>;

/** Watcher changes within this window are reported as one status update. */
export const FILE_CHANGE_COALESCE_MS = 500;

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
  const { clock, executor } = options;
  const logger = options.logger.child({ component: 'agent' });
  const newRunId = options.newRunId ?? (() => randomUUID());
  const judge = options.judge === undefined ? preflightJudge : options.judge;

  let settings = options.settings;
  let started = false;
  let problem: string | null = null;
  const progressListeners = createListenerSet<[RunProgress]>(logger, 'progress listener');
  const statusListeners = createListenerSet<[AgentStatus]>(logger, 'status listener');

  const targetName = (t: RunTarget) => targetDisplayName(t, settings.reports);

  let queue: RunQueue = makeQueue();
  let unsubscribeQueue: (() => void)[] = [];

  function makeQueue(): RunQueue {
    return createRunQueue({ executor, logger: options.logger, newRunId, describeTarget: targetName, now: () => clock.now() });
  }

  const wireQueue = (q: RunQueue) => {
    for (const u of unsubscribeQueue) u();
    unsubscribeQueue = [
      q.onProgress((p) => progressListeners.emit(p)),
      q.onChange(() => notify()),
    ];
  };
  wireQueue(queue);

  const request = (target: RunTarget, trigger: Parameters<RunQueue['enqueue']>[1]) => {
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
    onFire: (reportId, _slot, trigger) => {
      // A run of this setting already in flight or waiting will send whatever is in the folder.
      request({ kind: 'report', reportId }, trigger);
    },
  });
  scheduler.update(settings.reports);

  const makeWatcher = (s: Settings): FolderWatcher =>
    createFolderWatcher({
      ...options.watch,
      targets: watchTargetsFromSettings(s),
      clock,
      logger: options.logger,
      poll: s.agent.pollFolders,
      judge,
      onArrival: (key) => key !== 'customers' && request({ kind: 'report', reportId: key }, 'arrival').ok,
    });
  // A burst of file events (hundreds of files copied at once) becomes one status update, not one per
  // file: listeners such as the window re-read the whole waiting list on each.
  let pendingNotify: TimerHandle | null = null;
  const notifySoon = () => {
    if (pendingNotify) return;
    pendingNotify = clock.setTimeout(() => {
      pendingNotify = null;
      notify();
    }, FILE_CHANGE_COALESCE_MS);
  };
  let watcher = makeWatcher(settings);
  let unsubscribeWatcher = watcher.onChange(notifySoon);

  const agentState = (snap: QueueSnapshot): AgentState => {
    if (!started) return { state: 'stopped' };
    if (problem) return { state: 'error', message: problem };
    const ids = [...(snap.running ? [snap.running.runId] : []), ...snap.queued.map((r) => r.runId)];
    return ids.length ? { state: 'running', runIds: ids } : { state: 'idle' };
  };

  const status = (): AgentStatus => {
    let attention = 0;
    try {
      attention = options.attentionCount?.() ?? 0;
    } catch (e) {
      logger.warn('attention count unavailable', { error: String(e) });
    }
    const nextRuns: NextRun[] = scheduler.nextRuns();
    return { agent: agentState(queue.snapshot()), nextRuns, attention };
  };

  const notify = () => {
    if (statusListeners.size === 0) return;
    statusListeners.emit(status());
  };

  return {
    async start() {
      if (started) return;
      started = true;
      problem = null;
      logger.info('agent starting', { reports: settings.reports.length });
      // After a stop the old queue refuses work; a fresh one serves the new session.
      if (queue.snapshot().running === null) {
        queue = makeQueue();
        wireQueue(queue);
      }
      try {
        await watcher.start();
      } catch (e) {
        problem = 'フォルダの監視を開始できませんでした。ログを確認してください。';
        logger.error('watcher failed to start', { error: String(e) });
      }
      scheduler.start();
      notify();
    },
    async stop({ graceful }) {
      if (!started) return;
      logger.info('agent stopping', { graceful });
      scheduler.stop();
      await watcher.stop();
      await queue.stop({ graceful });
      pendingNotify?.cancel();
      pendingNotify = null;
      started = false;
      notify();
    },
    async updateSettings(next) {
      const pollChanged = next.agent.pollFolders !== settings.agent.pollFolders;
      settings = next;
      scheduler.update(next.reports);
      const targets = watchTargetsFromSettings(next);
      if (pollChanged) {
        // Polling is a chokidar construction option: a new watcher, started if the agent runs.
        await watcher.stop();
        unsubscribeWatcher();
        watcher = makeWatcher(next);
        unsubscribeWatcher = watcher.onChange(notifySoon);
        if (started) await watcher.start();
      } else {
        await watcher.update(targets);
      }
      logger.info('settings applied', { reports: next.reports.length, pollFolders: next.agent.pollFolders });
      notify();
    },
    status,
    runNow(target) {
      if (!started) return err(appError('agent.stopped', 'エージェントが停止しています。開始してから実行してください。'));
      if (target.kind === 'report' && !settings.reports.some((r) => r.id === target.reportId)) {
        return err(appError('agent.unknown-target', 'この帳票データ連携設定は見つかりません。設定を保存し直してください。', target.reportId));
      }
      return request(target, 'manual');
    },
    cancel: (runId) => queue.cancel(runId),
    onProgress: (listener) => progressListeners.add(listener),
    onStatus: (listener) => statusListeners.add(listener),
    waitingFiles: () => watcher.waitingFiles(),
    async resume() {
      if (!started) return;
      logger.info('resumed from sleep: checking missed slots and rescanning folders');
      scheduler.resume();
      await watcher.resume();
      notify();
    },
    idle: () => queue.idle(),
    async settled() {
      await watcher.settled();
      await queue.idle();
    },
  };
}
