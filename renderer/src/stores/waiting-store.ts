// 待機中のファイル: per setting, the files waiting in its folder with their pre-flight verdict, and
// 「今すぐ連携」 with live progress from `run:progress` events.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { MeisaiApi } from '../../../shared/ipc/contract';
import type { RunTarget, WaitingFiles } from '../../../shared/run';
import { applyProgress, targetKey, type ProgressByTarget } from '../form/file-progress';

export interface WaitingState {
  readonly groups: readonly WaitingFiles[];
  readonly loading: boolean;
  readonly error: string | null;
  readonly progress: ProgressByTarget;
  /** Per target: a refusal of 「今すぐ連携」 (e.g. 実行中です) to show beside its button. */
  readonly runErrors: Readonly<Record<string, string>>;
  load(): Promise<void>;
  runNow(target: RunTarget): Promise<void>;
  dispose(): void;
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
            set({ progress: applyProgress(get().progress, event) });
            // A finished run moved its files: the list is stale now.
            if (event.type === 'run-finished') void get().load();
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
      set({ runErrors: { ...get().runErrors, [key]: '' } });
      const r = await api.invoke('run:now', { target });
      if (!r.ok) set({ runErrors: { ...get().runErrors, [key]: r.error.message } });
    },
    dispose() {
      for (const u of unsubscribes.splice(0)) u();
    },
  }));
}
