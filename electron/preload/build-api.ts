// window.api (MeisaiApi) built over an ipcRenderer-like object: only the contract's channels pass,
// answers to unknown ones are error values, `on` returns its own unsubscribe, and the IPC event
// object (with its `sender`) never reaches the page. Kept apart from index.ts so it is testable, and so
// the browser tests build the page's bridge from this very file. It imports the channel names from
// channels.ts and only types from the contract: the sandboxed preload bundles no zod.
import { EVENT_CHANNELS, INVOKE_CHANNELS, IPC_ERROR_CODES, UNKNOWN_CHANNEL_MESSAGE } from '../../shared/ipc/channels';
import type { MeisaiApi } from '../../shared/ipc/contract';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const invokeChannels = new Set<string>(INVOKE_CHANNELS);
const eventChannels = new Set<string>(EVENT_CHANNELS);

export function buildApi(ipc: IpcRendererLike): MeisaiApi {
  return {
    invoke(channel, request) {
      if (!invokeChannels.has(channel)) {
        // Errors cross as values, like every answer from main.
        return Promise.resolve({ ok: false, error: { code: IPC_ERROR_CODES.unknownChannel, message: UNKNOWN_CHANNEL_MESSAGE, detail: String(channel) } } as never);
      }
      return ipc.invoke(channel, request) as Promise<never>;
    },
    on(channel, listener) {
      if (!eventChannels.has(channel)) throw new Error(`unknown event channel: ${String(channel)}`);
      const wrapped = (_event: unknown, payload: unknown) => listener(payload as never);
      ipc.on(channel, wrapped);
      return () => {
        ipc.removeListener(channel, wrapped);
      };
    },
  };
}
