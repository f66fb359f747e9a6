// The tray app's one agent (queue + scheduler + watcher): made by the engine once settings exist,
// kept for the life of the app, its progress, status and waiting files forwarded to the event hub
// (the window and the tray listen there). 停止中 before the first save.
import type { AgentStatus, RunProgress } from '../../../shared/run';
import type { Settings } from '../../../shared/settings/schema';
import type { Agent } from '../agent/agent';
import type { Engine } from '../engine/engine';
import type { HistoryReader } from '../history/history-interface';
import type { EventHub } from './event-hub';

export interface AgentHost {
  /** null until settings were saved. */
  agent(): Agent | null;
  /** The agent, made for these settings if there is none yet. */
  ensure(settings: Settings): Agent;
  status(): AgentStatus;
  publishStatus(): void;
  /** Run progress to the window, and the finished run to its history. */
  forwardProgress(p: RunProgress): void;
  emitFilesIfChanged(): void;
  dispose(): void;
}

export function createAgentHost(deps: { readonly engine: Pick<Engine, 'createAgent' | 'history' | 'historyLoss'>; readonly events: EventHub }): AgentHost {
  const { engine, events } = deps;
  let agent: Agent | null = null;
  let lastFilesJson = '';
  const unsubscribers: (() => void)[] = [];

  // A lost history waiting for the clerk's confirmation rides along with every status: the window's
  // banner and the tray read it there.
  const withLoss = (s: AgentStatus): AgentStatus => ({ ...s, historyLoss: engine.historyLoss() });
  const status = (): AgentStatus =>
    withLoss(agent === null ? { agent: { state: 'stopped' }, nextRuns: [], attention: engine.history.attentionCount(), ...retryWaitOf(engine.history) } : agent.status());

  const forwardProgress = (p: RunProgress) => {
    events.emit('run:progress', p);
    if (p.type === 'run-finished') events.emit('history:changed', { run: p.summary });
  };

  const emitFilesIfChanged = () => {
    if (agent === null) return;
    const files = agent.waitingFiles();
    const json = JSON.stringify(files);
    if (json === lastFilesJson) return;
    lastFilesJson = json;
    events.emit('files:changed', files);
  };

  return {
    agent: () => agent,
    ensure(settings) {
      if (agent !== null) return agent;
      const a = engine.createAgent(settings);
      unsubscribers.push(a.onProgress(forwardProgress));
      unsubscribers.push(
        a.onStatus((s) => {
          events.emit('agent:status', withLoss(s));
          emitFilesIfChanged();
        }),
      );
      agent = a;
      return a;
    },
    status,
    publishStatus: () => events.emit('agent:status', status()),
    forwardProgress,
    emitFilesIfChanged,
    dispose() {
      for (const u of unsubscribers.splice(0)) u();
    },
  };
}

/** 再送待ち as the header shows it before the agent exists (nothing is resent while it is stopped). */
function retryWaitOf(history: Pick<HistoryReader, 'findRetryWaits'>): Pick<AgentStatus, 'retryWait'> {
  const times = history.findRetryWaits().flatMap((f) => (f.state.state === 'retry-wait' ? [Date.parse(f.state.nextAttemptAt)] : []));
  return times.length === 0 ? {} : { retryWait: { files: times.length, nextAttemptAt: new Date(Math.min(...times)).toISOString() } };
}
