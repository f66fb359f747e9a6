// The one-way events main sends to the window (EventPayloads in shared/ipc/contract.ts), as a small
// typed emitter: the Electron main forwards each to the window's webContents, the settings-window
// test host forwards them to the browser page, and the tray listens to the same stream.
import type { EventChannel, EventPayloads } from '../../../shared/ipc/contract';
import { createListenerSet, type ListenerSet } from '../ports/listener-set';
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
  // One broken listener (a closed window) must not stop the others.
  const byChannel = new Map<EventChannel, ListenerSet<[unknown]>>();
  const any = createListenerSet<[EventChannel, unknown]>(logger, 'event listener', (channel) => ({ channel }));
  const setOf = (channel: EventChannel) => {
    let set = byChannel.get(channel);
    if (!set) byChannel.set(channel, (set = createListenerSet<[unknown]>(logger, 'event listener', () => ({ channel }))));
    return set;
  };
  return {
    on: (channel, listener) => setOf(channel).add(listener as (payload: unknown) => void),
    onAny: (listener) => any.add(listener as (channel: EventChannel, payload: unknown) => void),
    emit(channel, payload) {
      byChannel.get(channel)?.emit(payload);
      any.emit(channel, payload);
    },
    clear() {
      byChannel.clear();
      any.clear();
    },
  };
}
