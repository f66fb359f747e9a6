// What the sent ledger says about each send, decided per attempt, for the history to take back what
// it no longer knows (after a lost or truncated history.db / WAL). Pure; history-losses.ts compares
// it with the history and writes the outcome.
// - imported (done, or 送信済みにする): its lines go back into the overlap guard;
// - still in flight with an import id (sent, importing, 取込状況不明): a row is made again in
//   取込状況不明, so the next resume polls that import instead of anyone sending it again;
// - a POST that may have left without an answer (sending), or 要確認: a 要確認 row again — never
//   "new";
// - a POST that provably never arrived (再送待ち) and was not sent again since: a 再送待ち row again,
//   with its 72 hours, so the agent sends it by itself (once the clerk confirmed the loss) — never
//   "new", never lost; sent again since without an answer: 要確認, like any POST without an answer;
// - refused, failed, or never sent (the clerk's 再送する, a history that refused `sending`): nothing.
import type { LedgerAttempt, LedgerRetryWait } from './sent-ledger';

export type Recovered = 'imported' | 'polled' | 'held' | 'released' | 'waiting';

/** What a 再送待ち taken back keeps: its 72 hours, its POSTs so far, why it waits. */
export type RecoveredWait = Pick<LedgerRetryWait, 'firstFailedAt' | 'attempts' | 'reason'>;

export interface RecoveryStep {
  readonly attempt: LedgerAttempt;
  readonly as: Recovered;
  /** The import id, when 楽楽明細 answered one. */
  readonly importId: number | null;
  /** Set when `as` is `waiting`. */
  readonly waiting?: RecoveredWait;
}

/** How one attempt ended, as far as its ledger records go. */
export function recoveredAs(attempt: LedgerAttempt): { readonly as: Recovered; readonly importId: number | null; readonly waiting?: RecoveredWait } {
  let as: Recovered | 'sending' | 'sent' = 'sending';
  let importId: number | null = null;
  let waiting: RecoveredWait | null = null;
  for (const o of attempt.outcomes) {
    switch (o.t) {
      case 'retry-wait':
        as = 'waiting';
        importId = null;
        waiting = { firstFailedAt: o.firstFailedAt, attempts: o.attempts, reason: o.reason };
        break;
      case 'sent':
        as = 'sent';
        importId = o.importId;
        break;
      case 'done':
      case 'mark-sent':
        as = 'imported';
        break;
      case 'failed':
      case 'resend':
      case 'not-sent':
        as = 'released';
        break;
      case 'held':
        as = 'held';
        break;
      case 'resending':
        as = 'sending';
        importId = null;
        break;
    }
  }
  if (as === 'sending') return { as: 'held', importId: null };
  if (as === 'sent') return { as: 'polled', importId };
  if (as === 'waiting' && waiting !== null) return { as, importId: null, waiting };
  return { as, importId };
}

/** Each ledger attempt with what to make of it; the history decides which it lacks (history-losses.ts). */
export function planRecovery(attempts: readonly LedgerAttempt[]): RecoveryStep[] {
  return attempts.map((attempt) => ({ attempt, ...recoveredAs(attempt) }));
}
