// The one module that touches ipcMain (the lint rule in eslint.config.js keeps it so): every channel of
// the contract is registered here, each call checked for its sender (our window's main frame, our
// origin) before the core's dispatch validates the payload; and the core's events go to the window.
// Everything else in main reaches the core through its typed objects, never through IPC.
import { INVOKE_CHANNELS } from '../../shared/ipc/channels';
import type { Dispatch } from '../core/app/dispatch';
import type { EventHub } from '../core/app/event-hub';
import type { BrowserWindowLike, ElectronLike, IpcInvokeEventLike } from './electron-like';
import { isTrustedSender } from './ipc-sender';

export interface IpcWiringOptions {
  readonly electron: Pick<ElectronLike, 'ipcMain'>;
  readonly dispatch: Dispatch;
  readonly events: Pick<EventHub, 'onAny'>;
  /** The settings window, while one is open: the only sender trusted, and where events go. */
  readonly window: () => BrowserWindowLike | null;
  /** e.g. `app://meisai`, or the dev server's origin under `electron-vite dev`. */
  readonly origin: string;
}

/** Registers the handlers and the event forwarding; the returned function takes both away again. */
export function wireIpc(options: IpcWiringOptions): () => void {
  const { ipcMain } = options.electron;
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, (event: IpcInvokeEventLike, payload: unknown) => {
      const frame = event.senderFrame;
      const window = options.window();
      const trusted = isTrustedSender(
        { webContentsId: event.sender.id, frameUrl: frame?.url ?? null, isMainFrame: frame !== null && frame.parent === null },
        { webContentsId: window !== null ? window.webContents.id : null, origin: options.origin },
      );
      return options.dispatch(channel, payload, trusted);
    });
  }
  const unsubscribe = options.events.onAny((channel, payload) => {
    const window = options.window();
    if (window !== null && !window.webContents.isDestroyed()) window.webContents.send(channel, payload);
  });
  return () => {
    unsubscribe();
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
  };
}
