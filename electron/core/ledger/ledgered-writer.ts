// The history writer with the sent ledger beside it. A document file's `sending` (with the lines it
// carries) is recorded by the history first, then appended to the ledger and fsynced, and only then
// may the POST go: so the ledger is never ahead of a healthy history, and a ledger record the
// history lacks can only mean the history lost it (history-losses.ts relies on that). A ledger that
// cannot be written stops the send before anything leaves: the row is closed as not sent (failed,
// 「次回の実行で送ります」, its lines released) and the runner's StorageStop ends the run. What
// followed (the import id, imported, refused, 要確認, 再送待ち, the clerk's answer) is appended after
// the history has it, best effort: a missing outcome only ever makes the ledger more careful. An
// automatic resend of a 再送待ち row writes its `sending` again (read back as "on its way again").
// Customer files are upserts: they are not in the ledger.
import { NOT_SENT_SENTENCE } from '../../../shared/clerk-advice';
import { appError, err, type Result } from '../../../shared/result';
import type { FileState } from '../../../shared/run';
import type { FileStateExtra, HeldAction, HistoryReader, HistoryWriter, StoredFile } from '../history/history-interface';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { attemptId, encodeLines, type LedgerOutcome, type LedgerRecord, type SentLedger } from './sent-ledger';

export interface LedgeredWriterDeps {
  readonly writer: HistoryWriter;
  readonly reader: Pick<HistoryReader, 'getFile'>;
  readonly ledger: SentLedger;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** States after which a document row has an attempt in the ledger. */
const ATTEMPTED = ['sending', 'sent', 'importing', 'unknown', 'held', 'retry-wait'];

function outcomeOf(state: FileState): 'sent' | 'done' | 'failed' | 'held' | 'not-sent' | null {
  switch (state.state) {
    case 'sent':
    case 'done':
    case 'failed':
    case 'held':
      return state.state;
    // A 再送待ち given up because the clerk's file changed or vanished: it never arrived.
    case 'skipped':
      return 'not-sent';
    default:
      return null;
  }
}

export function withSentLedger(deps: LedgeredWriterDeps): HistoryWriter {
  const { writer, reader, ledger, clock, logger } = deps;
  const now = () => clock.now().toISOString();

  function appendRecord(file: StoredFile, record: LedgerRecord): void {
    const r = ledger.append(file.settingKey, record);
    if (!r.ok) logger.warn('sent ledger: outcome not recorded', { fileId: file.id, outcome: record.t, detail: r.error.detail });
  }

  function appendOutcome(file: StoredFile, outcome: Exclude<LedgerOutcome['t'], 'retry-wait'>, importId?: number): void {
    const a = attemptId(file.runId, file.id);
    appendRecord(file, outcome === 'sent' ? { v: 1, t: 'sent', a, at: now(), importId: importId ?? 0 } : { v: 1, t: outcome, a, at: now() });
  }

  function setFileState(fileId: number, state: FileState, extra?: FileStateExtra): Result<StoredFile> {
    const before = reader.getFile(fileId);
    const tracked = before !== null && before.kind === 'report';
    if (tracked && state.state === 'sending' && extra?.sentLines !== undefined) {
      const written = writer.setFileState(fileId, state, extra);
      if (!written.ok) return written;
      const row = written.value;
      const appended = ledger.append(row.settingKey, {
        v: 1, t: 'sending', a: attemptId(row.runId, row.id), at: now(), run: row.runId, file: row.id,
        name: row.fileName, path: row.originalPath, staged: row.stagedPath, sha: state.sha256,
        part: row.partIndex, parts: row.partTotal, issue: row.issue, lines: encodeLines(extra.sentLines),
        ...(state.importName !== undefined ? { importName: state.importName } : {}),
        ...(row.currentPath !== null && row.currentPath !== row.originalPath ? { current: row.currentPath } : {}),
      });
      if (appended.ok) return written;
      // Not in the ledger, so it must not leave: closed as not sent, the clerk's file where it is.
      logger.error('sent ledger: cannot record a send, not sending', { fileId, detail: appended.error.detail });
      const closed = writer.setFileState(fileId, { state: 'failed', problems: [{ message: `${appended.error.message} ${NOT_SENT_SENTENCE}` }] });
      if (!closed.ok) logger.error('history: cannot close the unsent file', { fileId, detail: closed.error.detail });
      return err(appError('ledger.write', appended.error.message, appended.error.detail));
    }
    const written = writer.setFileState(fileId, state, extra);
    if (written.ok && tracked && before.state.state === 'sending' && state.state === 'retry-wait') {
      // Provably never arrived: after a loss of the history the row waits again, it is not 要確認.
      const row = written.value;
      appendRecord(row, { v: 1, t: 'retry-wait', a: attemptId(row.runId, row.id), at: now(), firstFailedAt: state.firstFailedAt, attempts: state.attempts, reason: state.reason });
      return written;
    }
    if (written.ok && tracked && ATTEMPTED.includes(before.state.state)) {
      const outcome = outcomeOf(state);
      if (outcome !== null) appendOutcome(written.value, outcome, written.value.importId ?? undefined);
    }
    return written;
  }

  function resolveHeld(fileId: number, action: HeldAction): Result<StoredFile> {
    const resolved = writer.resolveHeld(fileId, action);
    if (resolved.ok && resolved.value.kind === 'report') appendOutcome(resolved.value, action);
    return resolved;
  }

  return { ...writer, setFileState, resolveHeld };
}
