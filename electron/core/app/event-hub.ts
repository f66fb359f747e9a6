// The one-way events main sends to the window (EventPayloads in shared/ipc/contract.ts), as a small
// typed emitter: the Electron main forwards each to the window's webContents, the settings-window
// test host forwards them to the browser page, and the tray listens to the same stream.
import type { EventChannel, EventPayloads } from '../../../shared/ipc/contract';
import type { Logger } from '../ports/logger';

export type EventListener<E extends EventChannel> = (payload: EventPayloads[E]) => void;
export type AnyEventListener = <E extends EventChannel>(channel: E, payload: EventPayloads[E]) => void;

export interface EventHub {
  on<E extends EventChannel>(channel: E, listener: EventListener<E>): () => void;
  /** Every event, with its channel: what an IPC transport forwards. */
  onAny(listener: AnyEventListener): () => void;
  emit<E extends EventChannel>(channel: E, payload: EventPayloads[E]): void;
  clear(): void;
}

export function createEventHub(logger: Logger): EventHub {
  const byChannel = new Map<EventChannel, Set<(payload: unknown) => void>>();
  const any = new Set<AnyEventListener>();
  const safely = (fn: () => void, channel: EventChannel) => {
    try {
      fn();
    } catch (e) {
      // One broken listener (a closed window) must not stop the others.
      logger.warn('event listener threw', { channel, error: String(e) });
    }
  };
  return {
    on(channel, listener) {
      let set = byChannel.get(channel);
      if (!set) byChannel.set(channel, (set = new Set()));
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => void set.delete(l);
    },
    onAny(listener) {
      any.add(listener);
      return () => void any.delete(listener);
    },
    emit(channel, payload) {
      for (const l of byChannel.get(channel) ?? []) safely(() => l(payload), channel);
      for (const l of any) safely(() => l(channel, payload), channel);
    },
    clear() {
      byChannel.clear();
      any.clear();
    },
  };
}
