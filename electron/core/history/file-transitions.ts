// The legal moves of a file's persisted state (shared/run.ts FileState). A pure table, so the runner's
// crash-safety argument can be read in one place: every state is reachable only from the states that
// the runner writes just before it.
import type { FileStateName } from '../../../shared/run';

const NEXT: Record<FileStateName, readonly FileStateName[]> = {
  // Pre-flight: hashed and checked, or refused, empty, already imported, or unreadable/unmovable.
  found: ['checked', 'no-data', 'failed', 'duplicate', 'skipped'],
  // `overlap`: some data lines went before for this setting; the clerk decides (送信しない → failed).
  // retry-wait: parked behind a file of the same run that did not reach 楽楽明細, or behind its customers.
  checked: ['sending', 'failed', 'no-data', 'duplicate', 'skipped', 'overlap', 'retry-wait'],
  // `sending` is written before the POST. After it the request may have reached 楽楽明細, so the only
  // ways out are an answer (sent / failed), 要確認 (held), or 再送待ち when the answer proves that
  // nothing arrived (maintenance, refused connection…); never back to a state that resends unasked.
  sending: ['sent', 'failed', 'held', 'retry-wait'],
  sent: ['importing', 'done', 'failed', 'unknown'],
  // Polling again records the same state again (progress), so importing/unknown may repeat.
  importing: ['importing', 'done', 'failed', 'unknown'],
  unknown: ['importing', 'done', 'failed', 'unknown'],
  // Only the clerk's choice 「再送する」 leads out of held, back into sending.
  held: ['sending'],
  // 再送待ち: the automatic resend (the same row), a new time (still blocked), 72 hours passed
  // (failed), the clerk's file changed or vanished meanwhile (skipped), or — for a file parked before
  // its first POST — lines another run sent meanwhile (overlap, the clerk decides).
  'retry-wait': ['sending', 'retry-wait', 'failed', 'skipped', 'overlap'],
  // Only the clerk's answer leads out: 送信しない files it under エラー (failed). The two sends go in a
  // run of their own (a new row), like 再送する, so the row keeps `overlap` with the answer beside it.
  overlap: ['sending', 'failed'],
  done: [],
  failed: [],
  'no-data': [],
  duplicate: [],
  skipped: [],
};

export function canTransition(from: FileStateName, to: FileStateName): boolean {
  return NEXT[from].includes(to);
}

export function nextStates(from: FileStateName): readonly FileStateName[] {
  return NEXT[from];
}

/** States a crash or a stop can leave a file in, that a later run must pick up. */
export const UNFINISHED_STATES: readonly FileStateName[] = ['found', 'checked', 'sending', 'sent', 'importing', 'unknown', 'retry-wait'];

export const TERMINAL_STATES: readonly FileStateName[] = ['done', 'failed', 'no-data', 'duplicate', 'skipped'];
