// 「サポート用情報を保存」 as the window sees it: main asks where (its save dialog) and writes the zip;
// the window shows where it went, or why it could not. A cancelled dialog leaves nothing to say.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { MeisaiApi } from '../../../shared/ipc/contract';

export type SupportOutcome = { readonly kind: 'saved'; readonly file: string } | { readonly kind: 'failed'; readonly message: string } | null;

export interface SupportState {
  readonly saving: boolean;
  readonly outcome: SupportOutcome;
  save(): Promise<void>;
}

export function createSupportStore(api: MeisaiApi): StoreApi<SupportState> {
  return createStore<SupportState>()((set, get) => ({
    saving: false,
    outcome: null,
    async save() {
      if (get().saving) return;
      set({ saving: true, outcome: null });
      const r = await api.invoke('support:save-bundle', undefined);
      set({ saving: false, outcome: !r.ok ? { kind: 'failed', message: r.error.message } : r.value === null ? null : { kind: 'saved', file: r.value.saved } });
    },
  }));
}
