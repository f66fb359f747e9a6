// The agent's status (running / idle, next runs, files awaiting the clerk) and the app's info,
// mirrored from main: loaded once, then kept fresh by `agent:status` events.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppInfo, MeisaiApi } from '../../../shared/ipc/contract';
import type { AgentStatus, NextRun } from '../../../shared/run';

export interface AgentStoreState {
  readonly status: AgentStatus | null;
  readonly info: AppInfo | null;
  readonly error: string | null;
  load(): Promise<void>;
  nextRunOf(reportId: string | undefined): NextRun | null;
  dispose(): void;
}

export function createAgentStore(api: MeisaiApi): StoreApi<AgentStoreState> {
  let unsubscribe: (() => void) | null = null;
  return createStore<AgentStoreState>()((set, get) => ({
    status: null,
    info: null,
    error: null,
    async load() {
      unsubscribe ??= api.on('agent:status', (status) => set({ status }));
      const [status, info] = await Promise.all([api.invoke('agent:status', undefined), api.invoke('app:info', undefined)]);
      set({
        status: status.ok ? status.value : get().status,
        info: info.ok ? info.value : get().info,
        error: !status.ok ? status.error.message : !info.ok ? info.error.message : null,
      });
    },
    nextRunOf(reportId) {
      if (reportId === undefined) return null;
      return get().status?.nextRuns.find((n) => n.reportId === reportId) ?? null;
    },
    dispose() {
      unsubscribe?.();
      unsubscribe = null;
    },
  }));
}
