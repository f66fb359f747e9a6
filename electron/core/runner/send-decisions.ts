// What a failed import POST means, as pure decisions with a table test beside them. The line this
// agent never crosses: a document whose POST may have reached 楽楽明細 is not sent again without the
// clerk (要確認), because a second import would issue every invoice in it twice. What provably never
// arrived waits as 再送待ち and is sent again by the agent itself (README: what the agent guarantees).
import type { FileKind, FileProblem } from '../../../shared/run';
import type { ApiError } from '../api/types';

/**
 * Errors after which the POST is sent again at once, within the run (a blip: a few quick tries).
 * Only what provably never reached 楽楽明細 (a refused connection, DNS, a deadline before the body
 * was sent); a customer import is an upsert, so an answer that may hide an import is tried again too.
 * Maintenance and 429 are not hammered: they wait as 再送待ち, honouring Retry-After.
 */
export function safeToResend(kind: FileKind, error: ApiError): boolean {
  if (error.kind === 'unreachable') return true;
  if (kind === 'customers') return error.kind === 'uncertain' || (error.kind === 'server' && !error.apiAnswer) || error.kind === 'malformed';
  return false;
}

/** What a POST that failed (after any quick resends) means for the file. */
export type PostErrorMeaning =
  /** 楽楽明細 read the file and refused it: エラー, with its messages. */
  | { readonly kind: 'refused'; readonly problems: readonly FileProblem[] }
  /** A document that may have been imported: 要確認, never resent on its own. */
  | { readonly kind: 'held' }
  /**
   * 再送待ち: nothing was imported (maintenance, 429, unreachable, the API's own refusal of a 5xx),
   * or a customer upsert that may simply go again: the agent sends the staged copy again by itself.
   * `reason` is the clerk's sentence for why it waits.
   */
  | { readonly kind: 'retry-wait'; readonly reason: string; readonly retryAfter?: string }
  /**
   * Refused for a reason time does not fix (wrong token, wrong URL): the file stays in its folder and
   * goes with the next run once the settings are right.
   */
  | { readonly kind: 'next-run' };

/** The one table (README's guarantees follow it). */
export function postErrorMeaning(kind: FileKind, error: ApiError): PostErrorMeaning {
  const retry = (reason: string): PostErrorMeaning =>
    'retryAfter' in error && error.retryAfter !== undefined ? { kind: 'retry-wait', reason, retryAfter: error.retryAfter } : { kind: 'retry-wait', reason };
  switch (error.kind) {
    case 'rejected':
      return { kind: 'refused', problems: error.problems.length > 0 ? error.problems : [{ message: error.message }] };
    case 'maintenance':
      return retry('楽楽明細がメンテナンス中でした（データは届いていません）。');
    case 'rate-limited':
      return retry('楽楽明細への要求が一時的に多すぎると断られました（HTTP 429。データは届いていません）。');
    case 'unreachable':
      return retry(error.message);
    case 'server':
      // The service's own JSON refusal without an importId: it said it did not take the file.
      if (error.apiAnswer) return retry(`楽楽明細が一時的に受け付けませんでした（HTTP ${error.status}。データは取り込まれていません）。`);
      return kind === 'report' ? { kind: 'held' } : retry(CUSTOMER_UPSERT_REASON);
    case 'uncertain':
    case 'malformed':
      // May have arrived: a document is 要確認; a customer file (an upsert) may go again.
      return kind === 'report' ? { kind: 'held' } : retry(CUSTOMER_UPSERT_REASON);
    case 'auth':
    case 'not-found':
      return { kind: 'next-run' };
  }
}

const CUSTOMER_UPSERT_REASON = '楽楽明細から確かな応答が得られませんでした。顧客データは上書き登録のため、そのまま自動で再送します。';
