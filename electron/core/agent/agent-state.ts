// The agent's state as the tray and the window show it (停止中 / 稼働中 / 実行中 / エラーあり), from what the
// agent knows: whether it was started, a problem that keeps it from working, and the queue. Pure.
import type { AgentState } from '../../../shared/run';
import type { QueueSnapshot } from '../queue/types';

export function agentStateOf(agent: { readonly started: boolean; readonly problem: string | null }, queue: QueueSnapshot): AgentState {
  if (!agent.started) return { state: 'stopped' };
  if (agent.problem) return { state: 'error', message: agent.problem };
  const ids = [...(queue.running ? [queue.running.runId] : []), ...queue.queued.map((r) => r.runId)];
  return ids.length ? { state: 'running', runIds: ids } : { state: 'idle' };
}
