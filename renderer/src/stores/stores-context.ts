// The stores of one window, handed to components through context so that components only ever call
// store actions (never window.api), and a host can build the stores around any bridge.
import { createContext, useContext } from 'react';
import { useStore, type StoreApi } from 'zustand';
import type { MeisaiApi } from '../../../shared/ipc/contract';
import { createAgentStore, type AgentStoreState } from './agent-store';
import { createHistoryStore, type HistoryState } from './history-store';
import { createLatestRunsStore, type LatestRunsState } from './latest-runs-store';
import { createSettingsStore, type SettingsState } from './settings-store';
import { createSupportStore, type SupportState } from './support-store';
import { createWaitingStore, type WaitingState } from './waiting-store';

export interface Stores {
  readonly settings: StoreApi<SettingsState>;
  readonly agent: StoreApi<AgentStoreState>;
  readonly history: StoreApi<HistoryState>;
  readonly waiting: StoreApi<WaitingState>;
  readonly latest: StoreApi<LatestRunsState>;
  readonly support: StoreApi<SupportState>;
}

export function createStores(api: MeisaiApi): Stores {
  return {
    settings: createSettingsStore(api),
    agent: createAgentStore(api),
    history: createHistoryStore(api),
    waiting: createWaitingStore(api),
    latest: createLatestRunsStore(api),
    support: createSupportStore(api),
  };
}

export const StoresContext = createContext<Stores | null>(null);

function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (stores === null) throw new Error('StoresContext が設定されていません。');
  return stores;
}

export const useSettings = <T>(select: (s: SettingsState) => T): T => useStore(useStores().settings, select);
export const useAgent = <T>(select: (s: AgentStoreState) => T): T => useStore(useStores().agent, select);
export const useHistory = <T>(select: (s: HistoryState) => T): T => useStore(useStores().history, select);
export const useWaiting = <T>(select: (s: WaitingState) => T): T => useStore(useStores().waiting, select);
export const useLatestRuns = <T>(select: (s: LatestRunsState) => T): T => useStore(useStores().latest, select);
export const useSupport = <T>(select: (s: SupportState) => T): T => useStore(useStores().support, select);
