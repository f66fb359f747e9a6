// 待機中のファイル: what each watched folder holds now, with its pre-flight verdict, the files it
// will not send (and why) and, for a schedule, when its files go — from the running watcher, or
// (停止中) from one listing, so the screen is never falsely empty.
import type { InvokeHandlers } from '../../../shared/ipc/contract';
import { ok } from '../../../shared/result';
import type { WaitingFiles } from '../../../shared/run';
import type { Settings } from '../../../shared/settings/schema';
import { withSchedules } from '../agent/waiting-schedule';
import type { Clock } from '../ports/clock';
import { snapshotWaitingFiles } from '../watcher/waiting-snapshot';
import { watchTargetsFromSettings } from '../watcher/watch-targets';
import type { AgentHost } from './agent-host';

/** While stopped, a file counts as stable once untouched this long (the watcher's own window). */
const STOPPED_STABLE_MS = 3_000;

export interface WaitingFilesHandlersDeps {
  readonly settings: () => Settings | null;
  readonly agents: Pick<AgentHost, 'agent'>;
  readonly clock: Clock;
}

export function waitingFilesHandlers(deps: WaitingFilesHandlersDeps): Pick<InvokeHandlers, 'files:waiting'> {
  return {
    async 'files:waiting'() {
      const current = deps.settings();
      if (current === null) return ok([] as readonly WaitingFiles[]);
      const agent = deps.agents.agent();
      if (agent === null || agent.status().agent.state === 'stopped') {
        const now = deps.clock.now();
        return ok(withSchedules(await snapshotWaitingFiles(watchTargetsFromSettings(current), now, STOPPED_STABLE_MS), current.reports, now));
      }
      return ok(agent.waitingFiles());
    },
  };
}
