// Errors as values: every failure a clerk can meet carries a Japanese sentence for the window and
// a machine code (plus optional detail for the log). Electron IPC loses Error subclasses, so this is
// also what crosses the bridge.
import type { ErrorCode } from './error-codes';

export type { ErrorCode } from './error-codes';

export interface AppError {
  /** Stable machine-readable code (shared/error-codes.ts), e.g. `queue.busy`, `fs.disk-full`. */
  readonly code: ErrorCode;
  /** Japanese, for the clerk: what happened and what to do. */
  readonly message: string;
  /** For the log only (never shown raw to the clerk, never holds the API token). */
  readonly detail?: string;
}

export type Result<T, E = AppError> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

export const appError = (code: ErrorCode, message: string, detail?: string): AppError =>
  detail === undefined ? { code, message } : { code, message, detail };
