// The one way the core keeps subscribers: add returns its own unsubscribe, and emit calls every
// listener even when one throws — a closed window or a broken subscriber must not stop the others
// (or the run that emitted) — logging what threw. Agent, queue, watcher and event hub all use it.
import type { LogFields, Logger } from './logger';

export interface ListenerSet<A extends unknown[]> {
  /** Adds a listener; the returned function removes it again. */
  add(listener: (...args: A) => void): () => void;
  emit(...args: A): void;
  readonly size: number;
  clear(): void;
}

/**
 * @param what names the listeners in the log line (`<what> threw`).
 * @param context extra log fields from the emitted values (e.g. the event's channel).
 */
export function createListenerSet<A extends unknown[]>(logger: Logger, what: string, context: (...args: A) => LogFields = () => ({})): ListenerSet<A> {
  const listeners = new Set<(...args: A) => void>();
  return {
    add(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit(...args) {
      // A copy: a listener may unsubscribe (itself or another) while we go round.
      for (const listener of [...listeners]) {
        try {
          listener(...args);
        } catch (e) {
          logger.warn(`${what} threw`, { ...context(...args), error: String(e) });
        }
      }
    },
    get size() {
      return listeners.size;
    },
    clear: () => listeners.clear(),
  };
}
