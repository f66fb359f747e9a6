// 待機中のファイル: per setting, the files waiting in its folder with their pre-flight verdict, and
// 「今すぐ連携」 with live progress from `run:progress` events, n / m files, 中止, and a refusal shown
// beside its button only while it is true (the agent stopped → cleared once it runs again; any
// refusal → cleared once that setting's run starts).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { MeisaiApi } from '../../../shared/ipc/contract';
import type { RunTarget, WaitingFiles } from '../../../shared/run';
import { applyProgress, markCancelling, targetKey, type ProgressByTarget } from '../form/file-progress';

/** Refusals that describe a stopped agent: they end when the agent runs. */
const AGENT_STOPPED_CODES = new Set(['agent.stopped', 'queue.stopped']);

export interface RunRefusal {
  readonly message: string;
  readonly code: string;
}

export interface WaitingState {
  readonly groups: readonly WaitingFiles[];
  readonly loading: boolean;
  readonly error: string | null;
  readonly progress: ProgressByTarget;
  /** Per target: a refusal of 「今すぐ連携」 or 中止 (e.g. 実行中です) to show beside its button. */
  readonly runErrors: Readonly<Record<string, RunRefusal>>;
  load(): Promise<void>;
  runNow(target: RunTarget): Promise<void>;
  /** 中止: the run stops before its next file. */
  cancel(key: string): Promise<void>;
  dispose(): void;
}

/** The files a run of `target` will take: its own folder's, and the customer files a document run sends first. */
export function expectedFiles(groups: readonly WaitingFiles[], target: RunTarget): number {
  const count = (key: string) => groups.find((g) => g.target === key)?.files.length ?? 0;
  return target.kind === 'customers' ? count('customers') : count('customers') + count(target.reportId);
}

function without<T>(record: Readonly<Record<string, T>>, drop: (key: string, value: T) => boolean): Readonly<Record<string, T>> {
  return Object.fromEntries(Object.entries(record).filter(([k, v]) => !drop(k, v)));
}

export function createWaitingStore(api: MeisaiApi): StoreApi<WaitingState> {
  const unsubscribes: Array<() => void> = [];
  return createStore<WaitingState>()((set, get) => ({
    groups: [],
    loading: false,
    error: null,
    progress: {},
    runErrors: {},
    async load() {
      if (unsubscribes.length === 0) {
        unsubscribes.push(
          api.on('files:changed', (groups) => set({ groups })),
          api.on('run:progress', (event) => {
            if (event.type === 'run-started') {
              const key = targetKey(event.target);
              set({
                progress: applyProgress(get().progress, event, expectedFiles(get().groups, event.target)),
                runErrors: without(get().runErrors, (k) => k === key),
              });
              return;
            }
            set({ progress: applyProgress(get().progress, event) });
            // A finished run moved its files: the list is stale now.
            if (event.type === 'run-finished') void get().load();
          }),
          api.on('agent:status', (status) => {
            if (status.agent.state === 'stopped') return;
            set({ runErrors: without(get().runErrors, (_, e) => AGENT_STOPPED_CODES.has(e.code)) });
          }),
        );
      }
      set({ loading: true });
      const r = await api.invoke('files:waiting', undefined);
      if (r.ok) set({ groups: r.value, loading: false, error: null });
      else set({ loading: false, error: r.error.message });
    },
    async runNow(target) {
      const key = targetKey(target);
      set({ runErrors: without(get().runErrors, (k) => k === key) });
      const r = await api.invoke('run:now', { target });
      if (!r.ok) set({ runErrors: { ...get().runErrors, [key]: { message: r.error.message, code: r.error.code } } });
    },
    async cancel(key) {
      const run = get().progress[key];
      if (run === undefined || run.finished !== null) return;
      set({ progress: markCancelling(get().progress, key) });
      const r = await api.invoke('run:cancel', { runId: run.runId });
      if (!r.ok) set({ runErrors: { ...get().runErrors, [key]: { message: r.error.message, code: r.error.code } } });
    },
    dispose() {
      for (const u of unsubscribes.splice(0)) u();
    },
  }));
}
