// What a failed import POST means, as pure decisions with a table test beside them. The line this
// agent never crosses: a document whose POST may have reached 楽楽明細 is not sent again without the
// clerk (要確認), because a second import would issue every invoice in it twice.
import type { FileKind, FileProblem } from '../../../shared/run';
import type { ApiError } from '../api/types';

/**
 * Errors after which the POST is sent again within the run. A document only when the request
 * provably never reached 楽楽明細 (connection refused, DNS); a customer import is an upsert, so any
 * transient failure may be retried. (A document refused with 429 was not accepted either: it stays
 * in its folder for the next run, see postErrorMeaning.)
 */
export function safeToResend(kind: FileKind, error: ApiError): boolean {
  if (error.kind === 'unreachable') return true;
  if (kind === 'customers') return error.kind === 'uncertain' || error.kind === 'server' || error.kind === 'malformed' || error.kind === 'rate-limited';
  return false;
}

/** What a POST that failed (after any safe resends) means for the file. */
export type PostErrorMeaning =
  /** 楽楽明細 read the file and refused it: エラー, with its messages. */
  | { readonly kind: 'refused'; readonly problems: readonly FileProblem[] }
  /** A document that may have been imported: 要確認, never resent on its own. */
  | { readonly kind: 'held' }
  /**
   * Not imported (maintenance, wrong token or URL, unreachable after retries), or a customer upsert
   * that may simply be sent again: the file stays in its folder for the next run.
   */
  | { readonly kind: 'next-run' };

export function postErrorMeaning(kind: FileKind, error: ApiError): PostErrorMeaning {
  if (error.kind === 'rejected') return { kind: 'refused', problems: error.problems.length > 0 ? error.problems : [{ message: error.message }] };
  const mayHaveArrived = error.kind === 'uncertain' || error.kind === 'server' || error.kind === 'malformed';
  return { kind: mayHaveArrived && kind === 'report' ? 'held' : 'next-run' };
}
