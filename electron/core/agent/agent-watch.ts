// The folder watcher as the agent holds it: built from the settings, rebuilt when 「フォルダを定期的に
// 確認する」 changes (polling is a chokidar construction option), otherwise updated in place; and a burst
// of file events (hundreds of files copied at once) reported as ONE status update, not one per file —
// listeners such as the window re-read the whole waiting list on each.
import type { WaitingFiles } from '../../../shared/run';
import type { Settings } from '../../../shared/settings/schema';
import type { Clock, TimerHandle } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { createFolderWatcher, type FolderWatcher, type FolderWatcherOptions, type VerdictJudge } from '../watcher/folder-watcher';
import { watchTargetsFromSettings } from '../watcher/watch-targets';

/** Watcher changes within this window are reported as one status update. */
export const FILE_CHANGE_COALESCE_MS = 500;

/** Watcher tuning (tests and benchmarks shorten it; the app uses the defaults). */
export type AgentWatchOptions = Omit<FolderWatcherOptions, 'targets' | 'clock' | 'logger' | 'poll' | 'judge' | 'onArrival'>;

export interface AgentWatchDeps {
  readonly tuning: AgentWatchOptions | undefined;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly judge: VerdictJudge | null;
  /** A 「ファイル配置時」 setting's files have settled; true when a run was accepted. */
  readonly onArrival: (key: string) => boolean;
  /** The waiting list changed (coalesced). */
  readonly onChange: () => void;
}

export interface AgentWatch {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** New settings; `running` says whether a rebuilt watcher must be started. */
  apply(previous: Settings, next: Settings, running: boolean): Promise<void>;
  resume(): Promise<void>;
  waitingFiles(): WaitingFiles[];
  settled(): Promise<void>;
}

export function createAgentWatch(settings: Settings, deps: AgentWatchDeps): AgentWatch {
  let pending: TimerHandle | null = null;
  const changedSoon = () => {
    if (pending) return;
    pending = deps.clock.setTimeout(() => {
      pending = null;
      deps.onChange();
    }, FILE_CHANGE_COALESCE_MS);
  };

  const make = (s: Settings): FolderWatcher =>
    createFolderWatcher({
      ...deps.tuning,
      targets: watchTargetsFromSettings(s),
      clock: deps.clock,
      logger: deps.logger,
      poll: s.agent.pollFolders,
      judge: deps.judge,
      onArrival: deps.onArrival,
    });

  let watcher = make(settings);
  let unsubscribe = watcher.onChange(changedSoon);

  return {
    start: () => watcher.start(),
    async stop() {
      await watcher.stop();
      pending?.cancel();
      pending = null;
    },
    async apply(previous, next, running) {
      if (next.agent.pollFolders === previous.agent.pollFolders) {
        await watcher.update(watchTargetsFromSettings(next));
        return;
      }
      await watcher.stop();
      unsubscribe();
      watcher = make(next);
      unsubscribe = watcher.onChange(changedSoon);
      if (running) await watcher.start();
    },
    resume: () => watcher.resume(),
    waitingFiles: () => watcher.waitingFiles(),
    settled: () => watcher.settled(),
  };
}
