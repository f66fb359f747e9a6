// Times each store operation and logs the slow ones, so a history that grew too large (or a disk that
// stalls) shows up in the log before a clerk notices a frozen window.
import { performance } from 'node:perf_hooks';
import type { Logger } from '../ports/logger';

export type Timed = <T>(operation: string, fn: () => T) => T;

export function slowQueryLogger(logger: Logger, thresholdMs: number): Timed {
  return <T>(operation: string, fn: () => T): T => {
    const start = performance.now();
    try {
      return fn();
    } finally {
      const ms = performance.now() - start;
      if (ms > thresholdMs) logger.warn('history: slow query', { operation, ms: Math.round(ms), thresholdMs });
    }
  };
}
