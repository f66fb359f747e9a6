// The window's only way to main: `window.api`, built by the preload from the IPC contract. Stores
// receive it as an argument (so a test host can hand in its own bridge); only main.tsx reads the
// global.
import type { MeisaiApi } from '../../shared/ipc/contract';

declare global {
  interface Window {
    readonly api: MeisaiApi;
  }
}

export function windowApi(): MeisaiApi {
  if (typeof window.api !== 'object' || window.api === null) {
    throw new Error('window.api がありません（プリロードが読み込まれていません）。');
  }
  return window.api;
}
