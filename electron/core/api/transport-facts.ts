// The plain facts of a request that failed without an HTTP answer, read off got's error (or any
// other throw) for classifyTransportFailure. got's errors carry the request options, headers — the
// token! — included: only these facts leave here.
import type { GotModule } from './got-loader';
import type { TransportFailure } from './response-classifier';

/** `gotErrors` null: got itself failed to load, and the failure is read like any unknown throw. */
export function transportFacts(thrown: unknown, gotErrors: Pick<GotModule, 'RequestError' | 'TimeoutError'> | null): TransportFailure {
  if (gotErrors !== null && thrown instanceof gotErrors.RequestError) {
    const timings = thrown.timings ?? thrown.request?.timings;
    return {
      name: thrown.name,
      code: thrown.code,
      message: thrown.message,
      timeoutEvent: thrown instanceof gotErrors.TimeoutError ? thrown.event : undefined,
      connected: timings?.connect !== undefined,
      requestWritten: timings?.upload !== undefined,
    };
  }
  const e = thrown as { name?: unknown; code?: unknown; message?: unknown } | null;
  return {
    name: typeof e?.name === 'string' ? e.name : 'Error',
    code: typeof e?.code === 'string' ? e.code : undefined,
    message: typeof e?.message === 'string' ? e.message : String(thrown),
    timeoutEvent: undefined,
    // Unknown failure: assume the worst (may have been sent).
    connected: true,
    requestWritten: true,
  };
}
