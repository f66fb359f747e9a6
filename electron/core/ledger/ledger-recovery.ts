// What the sent ledger says about each send, decided per attempt, for the history to take back what
// it no longer knows (after a lost or truncated history.db / WAL). Pure; history-losses.ts compares
// it with the history and writes the outcome.
// - imported (done, or 送信済みにする): its lines go back into the overlap guard;
// - still in flight with an import id (sent, importing, 取込状況不明): a row is made again in
//   取込状況不明, so the next resume polls that import instead of anyone sending it again;
// - a POST that may have left without an answer (sending), or 要確認: a 要確認 row again — never
//   "new";
// - refused, failed, or never sent (the clerk's 再送する, a history that refused `sending`): nothing.
import type { LedgerAttempt } from './sent-ledger';

export type Recovered = 'imported' | 'polled' | 'held' | 'released';

export interface RecoveryStep {
  readonly attempt: LedgerAttempt;
  readonly as: Recovered;
  /** The import id, when 楽楽明細 answered one. */
  readonly importId: number | null;
}

/** How one attempt ended, as far as its ledger records go. */
export function recoveredAs(attempt: LedgerAttempt): { readonly as: Recovered; readonly importId: number | null } {
  let as: Recovered | 'sending' | 'sent' = 'sending';
  let importId: number | null = null;
  for (const o of attempt.outcomes) {
    switch (o.t) {
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
  return { as, importId };
}

/** Each ledger attempt with what to make of it; the history decides which it lacks (history-losses.ts). */
export function planRecovery(attempts: readonly LedgerAttempt[]): RecoveryStep[] {
  return attempts.map((attempt) => ({ attempt, ...recoveredAs(attempt) }));
}
