// Keeps the agent under 楽楽明細's request rate (20 per minute per account, as 楽楽精算 documents):
// a sliding 60-second window per account that makes a caller wait for a slot instead of failing.
// Every call counts, import POSTs and state polls alike, because the server counts them all.
import type { Clock, TimerHandle } from '../ports/clock';
import type { ApiResult, MeisaiApi } from './types';

export const DEFAULT_REQUESTS_PER_MINUTE = 20;
const WINDOW_MS = 60_000;

export interface RequestBudget {
  /** Resolves when a request may be sent now (and counts it); rejects with the signal's reason when aborted. */
  take(signal?: AbortSignal): Promise<void>;
  /** Requests counted in the last 60 s. */
  used(): number;
}

export function createRequestBudget(options: { clock: Clock; perMinute?: number }): RequestBudget {
  const { clock } = options;
  const perMinute = options.perMinute ?? DEFAULT_REQUESTS_PER_MINUTE;
  if (!Number.isInteger(perMinute) || perMinute < 1) throw new RangeError(`perMinute must be a positive integer: ${perMinute}`);
  /** Grant times on the `elapsed` scale below, oldest first. */
  const granted: number[] = [];
  // Waiters are served in arrival order, so a burst of polls cannot starve an import.
  const waiters: { resolve: () => void }[] = [];
  let timer: TimerHandle | null = null;

  // The window is measured on time that really passed, not on the wall clock: its forward moves, and
  // at least the delay of each of our timers that ran (timers run on the monotonic clock). A clock set
  // back by time synchronisation then neither holds a waiter for the size of the jump nor forgets
  // requests the server still counts. A jump forward counts as time passed (a PC that slept).
  let elapsed = 0;
  let lastWall = clock.now().getTime();
  const tick = (atLeast = 0): number => {
    const wall = clock.now().getTime();
    elapsed = Math.max(elapsed + Math.max(0, wall - lastWall), atLeast);
    lastWall = wall;
    return elapsed;
  };

  const prune = (now: number) => {
    while (granted.length > 0 && (granted[0] ?? 0) <= now - WINDOW_MS) granted.shift();
  };

  // Synchronous on purpose: grants happen in the same tick as the timer, in order.
  function pump(atLeast?: number): void {
    const now = tick(atLeast);
    prune(now);
    while (waiters.length > 0 && granted.length < perMinute) {
      granted.push(now);
      waiters.shift()?.resolve();
    }
    if (waiters.length > 0 && timer === null) {
      // Due when the oldest grant leaves the window; a timer that runs early (by the wall clock) still
      // proves its delay passed, so it grants rather than re-arming for another window.
      const due = (granted[0] ?? now) + WINDOW_MS;
      timer = clock.setTimeout(() => {
        timer = null;
        pump(due);
      }, due - now);
    }
  }

  return {
    take(signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const onAbort = () => {
          const index = waiters.indexOf(waiter);
          if (index >= 0) waiters.splice(index, 1);
          reject(signal?.reason);
        };
        const waiter = {
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        waiters.push(waiter);
        signal?.addEventListener('abort', onAbort, { once: true });
        pump();
      });
    },
    used() {
      prune(tick());
      return granted.length;
    },
  };
}

/** One budget per account (key: the normalised base URL), shared by every client of that account. */
export function createRequestBudgets(options: { clock: Clock; perMinute?: number }): { forBaseUrl(baseUrl: string): RequestBudget } {
  const budgets = new Map<string, RequestBudget>();
  return {
    forBaseUrl(baseUrl) {
      const key = baseUrl.trim().toLowerCase();
      let budget = budgets.get(key);
      if (!budget) {
        budget = createRequestBudget(options);
        budgets.set(key, budget);
      }
      return budget;
    },
  };
}

/** The API with every call waiting for a slot of `budget` first. */
export function withRequestBudget(api: MeisaiApi, budget: RequestBudget): MeisaiApi {
  async function gated<T>(signal: AbortSignal | undefined, send: () => Promise<ApiResult<T>>): Promise<ApiResult<T>> {
    try {
      await budget.take(signal);
    } catch (reason) {
      // Aborted while waiting for a slot: the request never left this PC, so it is safe to resend.
      return {
        ok: false,
        error: { kind: 'unreachable', message: '送信の順番待ちの間に中断しました。データは送信されていません。', detail: `aborted while waiting for a request slot: ${String(reason)}` },
      };
    }
    return send();
  }
  return {
    importCustomers: (request, signal) => gated(signal, () => api.importCustomers(request, signal)),
    importReports: (request, signal) => gated(signal, () => api.importReports(request, signal)),
    customerImportState: (importId, signal) => gated(signal, () => api.customerImportState(importId, signal)),
    reportImportState: (importId, signal) => gated(signal, () => api.reportImportState(importId, signal)),
    deleteReportImport: (importId, signal) => gated(signal, () => api.deleteReportImport(importId, signal)),
    lookupCustomers: (keyword, signal) => gated(signal, () => api.lookupCustomers(keyword, signal)),
  };
}
