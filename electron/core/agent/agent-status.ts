// The agent's status as the tray and the window show it — its state, the next slots, the files
// waiting for the clerk, the 再送待ち summary — gathered from the rooms that know each part, and
// handed to whoever listens. Listeners are told only when there are some: a status asks the history.
import type { AgentStatus, NextRun, RetryWaitSummary } from '../../../shared/run';
import { createListenerSet } from '../ports/listener-set';
import type { Logger } from '../ports/logger';
import type { QueueSnapshot } from '../queue/types';
import { agentStateOf } from './agent-state';

export interface AgentStatusSources {
  readonly logger: Logger;
  /** Whether the agent was started, and the problem that keeps it from working. */
  readonly lifecycle: () => { readonly started: boolean; readonly problem: string | null };
  readonly queue: () => QueueSnapshot;
  readonly nextRuns: () => NextRun[];
  readonly retryWait: () => RetryWaitSummary | undefined;
  /** Files waiting for the clerk (要確認 / 取込状況不明), from the history; 0 when not given. */
  readonly attentionCount?: () => number;
}

export interface AgentStatusFeed {
  status(): AgentStatus;
  /** Something changed: tells the listeners, if any. */
  notify(): void;
  onStatus(listener: (s: AgentStatus) => void): () => void;
}

export function createAgentStatus(sources: AgentStatusSources): AgentStatusFeed {
  const { logger } = sources;
  const listeners = createListenerSet<[AgentStatus]>(logger, 'status listener');

  const status = (): AgentStatus => {
    let attention = 0;
    try {
      attention = sources.attentionCount?.() ?? 0;
    } catch (e) {
      // A busy history must not hide the agent's state; the count comes back with the next status.
      logger.warn('attention count unavailable', { error: String(e) });
    }
    const retryWait = sources.retryWait();
    return { agent: agentStateOf(sources.lifecycle(), sources.queue()), nextRuns: sources.nextRuns(), attention, ...(retryWait ? { retryWait } : {}) };
  };

  return {
    status,
    notify() {
      if (listeners.size > 0) listeners.emit(status());
    },
    onStatus: (listener) => listeners.add(listener),
  };
}
