// Replaces Electron's IPC transport, and nothing else: the page gets a `window.api` shaped exactly
// like the preload's (invoke + on with unsubscribe), whose invoke crosses to Node through a
// Playwright binding into the app service's real dispatch (the same validation the packaged app's
// ipcMain handler runs), and main's events are pushed into the page in the order they happen.
import type { Page } from 'playwright-core';
import type { EventChannel, EventPayloads } from '../../../shared/ipc/contract';

export type Dispatch = (channel: string, payload: unknown, senderOk: boolean) => Promise<unknown>;
export type SubscribeAll = (listener: <E extends EventChannel>(channel: E, payload: EventPayloads[E]) => void) => () => void;

const INVOKE_BINDING = '__meisaiInvoke';
const EMIT_FUNCTION = '__meisaiEmit';

// Runs in the page before any of its scripts (as the preload does). A string, because the host is
// compiled without DOM types.
const PAGE_SCRIPT = `(() => {
  const listeners = new Map();
  Object.defineProperty(window, '${EMIT_FUNCTION}', {
    value: (channel, payload) => {
      for (const listener of [...(listeners.get(channel) || [])]) listener(payload);
    },
  });
  const api = Object.freeze({
    invoke: (channel, request) => window.${INVOKE_BINDING}(channel, request),
    on: (channel, listener) => {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
      return () => { set.delete(listener); };
    },
  });
  Object.defineProperty(window, 'api', { value: api });
})();`;

export interface BridgeHandle {
  /** Events delivered so far, by channel (for assertions that the window was told). */
  readonly delivered: Map<EventChannel, number>;
  /** Waits until every event emitted so far has reached the page. */
  flush(): Promise<void>;
  detach(): void;
}

export async function installBridge(page: Page, dispatch: Dispatch, subscribeAll: SubscribeAll): Promise<BridgeHandle> {
  await page.exposeBinding(INVOKE_BINDING, async (source, channel: unknown, payload: unknown) => {
    // Only our own page may call main, as the Electron side checks the sender frame.
    const senderOk = source.page === page && source.frame === page.mainFrame();
    return dispatch(String(channel), payload, senderOk);
  });
  await page.addInitScript(PAGE_SCRIPT);
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
    flush: () => chain,
    detach: unsubscribe,
  };
}
