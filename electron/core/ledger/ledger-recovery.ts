// What the sent ledger says about sends the history no longer knows (after a lost or truncated
// history.db / WAL), decided per attempt. Pure; history-losses.ts writes the outcome.
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

/** The attempts the history does not know, each with what to make of it. */
export function planRecovery(attempts: readonly LedgerAttempt[], known: (attempt: LedgerAttempt) => boolean): RecoveryStep[] {
  return attempts.filter((a) => !known(a)).map((attempt) => ({ attempt, ...recoveredAs(attempt) }));
}
