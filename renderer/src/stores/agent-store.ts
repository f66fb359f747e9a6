// The agent's status (running / idle, next runs, files awaiting the clerk) and the app's info,
// mirrored from main: loaded once, then kept fresh by `agent:status` events. 起動 from the window
// goes through here too.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppInfo, MeisaiApi } from '../../../shared/ipc/contract';
import type { AgentStatus, NextRun } from '../../../shared/run';

export interface AgentStoreState {
  readonly status: AgentStatus | null;
  readonly info: AppInfo | null;
  readonly error: string | null;
  /** Why 起動 was refused (no token, no settings); cleared once the agent runs. */
  readonly startError: string | null;
  /** Why the confirmation of a lost history was refused, if it was. */
  readonly lossError: string | null;
  load(): Promise<void>;
  start(): Promise<void>;
  /** The clerk read that the run history was lost: document files go again. */
  confirmHistoryLoss(): Promise<void>;
  nextRunOf(reportId: string | undefined): NextRun | null;
  dispose(): void;
}

export function createAgentStore(api: MeisaiApi): StoreApi<AgentStoreState> {
  let unsubscribe: (() => void) | null = null;
  const adopt = (status: AgentStatus) => ({ status, ...(status.agent.state === 'stopped' ? {} : { startError: null }) });
  return createStore<AgentStoreState>()((set, get) => ({
    status: null,
    info: null,
    error: null,
    startError: null,
    lossError: null,
    async load() {
      unsubscribe ??= api.on('agent:status', (status) => set(adopt(status)));
      const [status, info] = await Promise.all([api.invoke('agent:status', undefined), api.invoke('app:info', undefined)]);
      set({
        ...(status.ok ? adopt(status.value) : {}),
        info: info.ok ? info.value : get().info,
        error: !status.ok ? status.error.message : !info.ok ? info.error.message : null,
      });
    },
    async start() {
      const r = await api.invoke('agent:start', undefined);
      if (r.ok) set(adopt(r.value));
      else set({ startError: r.error.message });
    },
    async confirmHistoryLoss() {
      const r = await api.invoke('history:confirm-loss', undefined);
      if (r.ok) {
        set({ ...adopt(r.value), lossError: null });
        return;
      }
      // Confirmed meanwhile (another window, the CLI): the status says so.
      set({ lossError: r.error.message });
      await get().load();
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
