// The sandbox's timers, kept in one place so that reset() and close() can cut them all: import
// completions scheduled for later, and the waits of the latency and hang faults. Once closed, no
// handler waits on and no completion fires, so nothing outlives the server.

export interface SandboxTimers {
  /** Resolves after `ms`, or at once when closed (now or while waiting). */
  delay(ms: number): Promise<void>;
  /** Runs `fn` after `ms` unless cancelled or closed first. */
  later(ms: number, fn: () => void): void;
  /**
   * Drops every pending timer (reset: the imports they would complete are forgotten) and wakes every
   * `delay` now: a request slowed or held by a fault switched off goes on as the sandbox is now,
   * rather than hanging until close().
   */
  cancelPending(): void;
  /** Cancels everything and wakes every `delay` now. */
  close(): void;
  readonly closed: boolean;
}

export function createSandboxTimers(): SandboxTimers {
  const timers = new Set<NodeJS.Timeout>();
  const wakers = new Set<() => void>();
  let closed = false;

  const cancelPending = () => {
    for (const wake of [...wakers]) wake();
    for (const t of timers) clearTimeout(t);
    timers.clear();
  };

  return {
    delay: (ms) => new Promise<void>((resolve) => {
      if (ms <= 0 || closed) return resolve();
      const wake = () => {
        clearTimeout(t);
        timers.delete(t);
        wakers.delete(wake);
        resolve();
      };
      const t = setTimeout(wake, ms);
      timers.add(t);
      wakers.add(wake);
    }),
    later(ms, fn) {
      const t = setTimeout(() => {
        timers.delete(t);
        if (!closed) fn();
      }, Math.max(0, ms));
      timers.add(t);
    },
    cancelPending,
    close() {
      closed = true;
      cancelPending();
    },
    get closed() {
      return closed;
    },
  };
}
