// Replaces Electron's IPC transport, and nothing else: the page's `window.api` is built by the
// preload's own buildApi (bundled from electron/preload/build-api.ts by preload-bundle.ts, so its
// channel whitelist runs in the browser exactly as in the app), over an ipcRenderer stand-in whose
// invoke crosses to Node through a Playwright binding into the app service's real dispatch (the same
// validation the packaged app's ipcMain handler runs), and main's events are pushed into the page in
// the order they happen, to the listeners the preload registered.
import type { Page } from 'playwright-core';
import type { EventChannel, EventPayloads } from '../../../shared/ipc/contract';
import { PRELOAD_GLOBAL, preloadBundle } from './preload-bundle';

export type Dispatch = (channel: string, payload: unknown, senderOk: boolean) => Promise<unknown>;
export type SubscribeAll = (listener: <E extends EventChannel>(channel: E, payload: EventPayloads[E]) => void) => () => void;

const INVOKE_BINDING = '__meisaiInvoke';
const EMIT_FUNCTION = '__meisaiEmit';

/**
 * Runs in the page before any of its scripts (as the preload does): the ipcRenderer stand-in, then the
 * bundled preload module, then `window.api = buildApi(ipcRenderer)`. A string, because the host is
 * compiled without DOM types.
 */
function pageScript(bundle: string): string {
  return `(() => {
  const listeners = new Map();
  const ipcRenderer = {
    invoke: (channel, ...args) => window.${INVOKE_BINDING}(channel, ...args),
    on: (channel, listener) => {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
    },
    removeListener: (channel, listener) => { listeners.get(channel)?.delete(listener); },
  };
  Object.defineProperty(window, '${EMIT_FUNCTION}', {
    value: (channel, payload) => {
      // Electron passes the IPC event first; the preload must never hand it to the page.
      for (const listener of [...(listeners.get(channel) || [])]) listener({ sender: 'ipc-event' }, payload);
    },
  });
${bundle}
  Object.defineProperty(window, 'api', { value: Object.freeze(${PRELOAD_GLOBAL}.buildApi(ipcRenderer)) });
})();`;
}

export interface BridgeHandle {
  /** Events delivered so far, by channel (for assertions that the window was told). */
  readonly delivered: Map<EventChannel, number>;
  /** Every channel the page's calls actually reached main with, in order. */
  readonly invoked: string[];
  /** Waits until every event emitted so far has reached the page. */
  flush(): Promise<void>;
  detach(): void;
}

export async function installBridge(page: Page, dispatch: Dispatch, subscribeAll: SubscribeAll): Promise<BridgeHandle> {
  const invoked: string[] = [];
  await page.exposeBinding(INVOKE_BINDING, async (source, channel: unknown, payload: unknown) => {
    invoked.push(String(channel));
    // Only our own page may call main, as the Electron side checks the sender frame.
    const senderOk = source.page === page && source.frame === page.mainFrame();
    return dispatch(String(channel), payload, senderOk);
  });
  await page.addInitScript(pageScript(await preloadBundle()));
  const delivered = new Map<EventChannel, number>();
  let chain: Promise<void> = Promise.resolve();
  const unsubscribe = subscribeAll((channel, payload) => {
    chain = chain.then(async () => {
      if (page.isClosed()) return;
      try {
        await page.evaluate(
          ([fn, c, p]) => {
            const emit = (globalThis as unknown as Record<string, (c: string, p: unknown) => void>)[fn as string];
            // The page may be between two loads; a reload reads fresh state anyway.
            if (typeof emit === 'function') emit(c as string, p);
          },
          [EMIT_FUNCTION, channel, payload] as const,
        );
        delivered.set(channel, (delivered.get(channel) ?? 0) + 1);
      } catch {
        // Navigation destroyed the context mid-delivery: same as an event sent to a closing window.
      }
    });
  });
  return {
    delivered,
    invoked,
    flush: () => chain,
    detach: unsubscribe,
  };
}
