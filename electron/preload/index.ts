// The settings window's only door to main: `window.api` (MeisaiApi in shared/ipc/contract.ts), built
// from the contract's channel lists. Any other channel is refused here, and main checks again.
// Runs sandboxed, so it is bundled to CommonJS with its dependencies inlined.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNELS, INVOKE_CHANNELS, type EventChannel, type InvokeChannel, type MeisaiApi } from '../../shared/ipc/contract';

const invokeChannels = new Set<string>(INVOKE_CHANNELS);
const eventChannels = new Set<string>(EVENT_CHANNELS);

const api: MeisaiApi = {
  invoke(channel, request) {
    if (!invokeChannels.has(channel)) {
      // Errors cross as values, like every answer from main.
      return Promise.resolve({ ok: false, error: { code: 'ipc.unknown-channel', message: '内部エラー: 不明な操作です。', detail: String(channel) } } as never);
    }
    return ipcRenderer.invoke(channel as InvokeChannel, request);
  },
  on(channel, listener) {
    if (!eventChannels.has(channel)) throw new Error(`unknown event channel: ${String(channel)}`);
    // The IpcRendererEvent (with its `sender`) never reaches the page: only the payload does.
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload as never);
    ipcRenderer.on(channel as EventChannel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('api', api);
