// The history writer with the sent ledger beside it: a document file's `sending` (with the lines
// it carries) is appended to the ledger and fsynced BEFORE the history records it, so that whenever
// the history says a POST may have left, the ledger says so too — and a ledger that cannot be
// written stops the send (the runner's StorageStop) before anything leaves. What followed (the
// import id, imported, refused, 要確認, the clerk's answer) is appended after the history has it;
// those are best effort, since a missing outcome only ever makes the ledger more careful.
// Customer files are upserts: they are not in the ledger.
import { appError, err, type Result } from '../../../shared/result';
import type { FileState } from '../../../shared/run';
import type { FileStateExtra, HeldAction, HistoryReader, HistoryWriter, StoredFile } from '../history/history-interface';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { attemptId, encodeLines, type LedgerOutcome, type SentLedger } from './sent-ledger';

export interface LedgeredWriterDeps {
  readonly writer: HistoryWriter;
  readonly reader: Pick<HistoryReader, 'getFile'>;
  readonly ledger: SentLedger;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** States after which a document row has an attempt in the ledger. */
const ATTEMPTED = ['sending', 'sent', 'importing', 'unknown', 'held'];

function outcomeOf(state: FileState): 'sent' | 'done' | 'failed' | 'held' | null {
  switch (state.state) {
    case 'sent':
    case 'done':
    case 'failed':
    case 'held':
      return state.state;
    default:
      return null;
  }
}

export function withSentLedger(deps: LedgeredWriterDeps): HistoryWriter {
  const { writer, reader, ledger, clock, logger } = deps;
  const now = () => clock.now().toISOString();

  function appendOutcome(file: StoredFile, outcome: LedgerOutcome['t'], importId?: number): void {
    const a = attemptId(file.runId, file.id);
    const record: LedgerOutcome = outcome === 'sent' ? { v: 1, t: 'sent', a, at: now(), importId: importId ?? 0 } : { v: 1, t: outcome as Exclude<LedgerOutcome['t'], 'sent'>, a, at: now() };
    const r = ledger.append(file.settingKey, record);
    if (!r.ok) logger.warn('sent ledger: outcome not recorded', { fileId: file.id, outcome, detail: r.error.detail });
  }

  function setFileState(fileId: number, state: FileState, extra?: FileStateExtra): Result<StoredFile> {
    const before = reader.getFile(fileId);
    const tracked = before !== null && before.kind === 'report';
    if (tracked && state.state === 'sending' && extra?.sentLines !== undefined) {
      const appended = ledger.append(before.settingKey, {
        v: 1, t: 'sending', a: attemptId(before.runId, before.id), at: now(), run: before.runId, file: before.id,
        name: before.fileName, path: before.originalPath, staged: extra.stagedPath ?? before.stagedPath, sha: state.sha256,
        part: before.partIndex, parts: before.partTotal, issue: before.issue, lines: encodeLines(extra.sentLines),
      });
      if (!appended.ok) return err(appError('ledger.write', appended.error.message, appended.error.detail));
      const written = writer.setFileState(fileId, state, extra);
      // The history refused: nothing leaves (StorageStop), and the ledger is told so.
      if (!written.ok) appendOutcome(before, 'not-sent');
      return written;
    }
    const written = writer.setFileState(fileId, state, extra);
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
