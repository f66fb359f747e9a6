// The newest run of each setting, kept fresh by `history:changed`: what the header's エラーあり badge
// counts (settings whose latest run ended in エラー or 一部エラー). The badge clears by itself when
// the next run of that setting succeeds, so it never shows a problem that is over.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { MeisaiApi } from '../../../shared/ipc/contract';
import type { RunSummary } from '../../../shared/run';
import { targetKey } from '../form/file-progress';

/** Recent enough to hold the latest run of every setting a clerk has. */
const RECENT = 100;

export interface LatestRunsState {
  /** Newest first, one per setting. */
  readonly latest: readonly RunSummary[];
  load(): Promise<void>;
  dispose(): void;
}

export const hasErrors = (run: RunSummary): boolean => run.outcome === 'failed' || run.outcome === 'partial';

/** The first (newest) run of each setting. */
export function latestPerSetting(runs: readonly RunSummary[]): readonly RunSummary[] {
  const seen = new Set<string>();
  return runs.filter((run) => {
    const key = targetKey(run.target);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function createLatestRunsStore(api: MeisaiApi): StoreApi<LatestRunsState> {
  let unsubscribe: (() => void) | null = null;
  return createStore<LatestRunsState>()((set, get) => ({
    latest: [],
    async load() {
      unsubscribe ??= api.on('history:changed', () => void get().load());
      const r = await api.invoke('history:list', { limit: RECENT });
      if (r.ok) set({ latest: latestPerSetting(r.value.runs) });
    },
    dispose() {
      unsubscribe?.();
      unsubscribe = null;
    },
  }));
}
