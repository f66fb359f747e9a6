// Run bookkeeping: the one rule that makes "exactly once" possible — every file state is persisted
// in the history BEFORE the outside effect it announces (the POST, the move). A write that fails
// throws StorageStop, so the effect never happens unrecorded. Also opens and closes runs, and
// decides a finished run's outcome again once its 要確認 files are settled.
import type { Result } from '../../../shared/result';
import type { FileState, FileStateName, RunSummary } from '../../../shared/run';
import type {
  FilePaths,
  FileStateExtra,
  HeldAction,
  HistoryReader,
  OverlapChoice,
  HistoryWriter,
  NewFile,
  NewRun,
  StoredFile,
} from '../history/history-interface';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { importProcessName, legacyImportProcessName } from './clerk-messages';
import type { RunContext } from './run-context';
import { decideOutcome, outcomeFacts } from './run-outcome';

/** The history could not record a state: stop before the outside effect it was meant to announce. */
export class StorageStop extends Error {
  constructor(readonly clerkMessage: string) {
    super(clerkMessage);
  }
}

/** What the clerk reads when a run stopped on an exception. */
export function stopMessage(e: unknown): string {
  return e instanceof StorageStop ? e.clerkMessage : '予期しないエラーで中断しました。ログを確認してください。';
}

export interface JournalDeps {
  readonly reader: Pick<HistoryReader, 'getRun' | 'runNumber'>;
  readonly writer: HistoryWriter;
  readonly logger: Logger;
  /** The 再送待ち message says when the next automatic resend is, as the clerk's clock reads. */
  readonly clock: Clock;
  /** Called after every persisted file state: the crash tests print a marker and get killed on it. */
  readonly onPersisted?: ((file: StoredFile) => void) | undefined;
}

export interface Journal {
  /** The value, or StorageStop (logged) when the history could not record it. */
  must<T>(result: Result<T>, what: string): T;
  addFile(file: NewFile, what: string): StoredFile;
  /** Persists a state (with the paths moving in the same transaction) and reports it to the run. */
  setState(ctx: RunContext | null, file: StoredFile, state: FileState, extra?: FileStateExtra): StoredFile;
  /** Records where a file is now. The move already happened: a failure is logged, never fatal. */
  setPath(file: StoredFile, paths: FilePaths): StoredFile;
  resolveHeld(fileId: number, action: HeldAction): Result<StoredFile>;
  /** The clerk released a refused customer file's hold on the documents. */
  releaseCustomerHold(customerFileId: number): Result<StoredFile>;
  resolveOverlap(fileId: number, choice: OverlapChoice): Result<StoredFile>;
  createRun(run: NewRun): Result<RunSummary>;
  /**
   * Decides the outcome from the files' states (and where they are) and closes the run. `note` is
   * said but is not a problem (a run finished by resume, files of earlier runs in 再送待ち).
   */
  finish(runId: string, targetName: string, cancelled: boolean, notice: string | null, note?: string | null): RunSummary;
  /**
   * A finished run continued by its automatic resend (再送待ち): its outcome and message decided
   * again from every file's state (and place) now.
   */
  reviseRun(runId: string, notice?: string | null): RunSummary;
  /** Closes a run that stopped on an exception. */
  fail(runId: string, targetName: string, message: string): Result<RunSummary>;
  /**
   * A finished run marked 要確認 whose held / unknown files have all been settled since: its outcome
   * and summary are decided again, so the history stops asking for attention. null otherwise.
   */
  revisitOutcome(runId: string): RunSummary | null;
  /** The name a POST of this run carries to 楽楽明細's 取込履歴: 「明細コネクタ 11/30 09:00 #123」. */
  importName(runId: string): string;
}

export function createJournal(deps: JournalDeps): Journal {
  const { reader, writer, logger } = deps;

  function must<T>(result: Result<T>, what: string): T {
    if (result.ok) return result.value;
    logger.error('history write failed', { what, code: result.error.code, detail: result.error.detail });
    throw new StorageStop(`実行履歴を保存できないため中断しました（${result.error.message}）。ファイルは元の場所に残してあります。`);
  }

  /** The earliest automatic resend among a run's 再送待ち files. */
  function nextRetryOf(files: readonly { readonly state: FileState }[]): Date | null {
    const times = files.flatMap((f) => (f.state.state === 'retry-wait' ? [Date.parse(f.state.nextAttemptAt)] : []));
    return times.length === 0 ? null : new Date(Math.min(...times));
  }

  /** The files a finished run is judged by now: a settled 要確認 counts as what the clerk chose. */
  function settledFiles(files: readonly StoredFile[]): { settled: StoredFile[]; resent: number } {
    let resent = 0;
    const settled: StoredFile[] = [];
    for (const f of files) {
      if (f.state.state === 'held' && f.resolution) {
        // 送信済みにする: the clerk saw it imported. 再送する: a later run carries it.
        if (f.resolution.action === 'mark-sent') settled.push({ ...f, state: { state: 'done', importId: f.importId ?? 0 } });
        else resent++;
      } else if (f.state.state === 'overlap' && f.overlapChoice) {
        // 差替発行 / 新規発行: a later run of the clerk's carries it (送信しない leaves it failed).
        resent++;
      } else settled.push(f);
    }
    return { settled, resent };
  }

  function revisitOutcome(runId: string): RunSummary | null {
    const run = reader.getRun(runId);
    if (!run || run.outcome !== 'attention') return null;
    const { settled, resent } = settledFiles(run.files);
    const facts = outcomeFacts(settled);
    if (facts.states.some((s: FileStateName) => s === 'held' || s === 'unknown' || s === 'overlap')) return null;
    const decided = decideOutcome({ targetName: run.targetName, ...facts, resent, nextRetryAt: nextRetryOf(run.files), now: deps.clock.now() });
    const revised = writer.reviseOutcome(runId, decided.outcome, decided.message);
    if (!revised.ok) {
      logger.warn('run outcome not revised', { runId, code: revised.error.code });
      return null;
    }
    logger.info('run outcome revised', { runId, outcome: decided.outcome });
    return revised.value;
  }

  return {
    must,
    addFile(file, what) {
      const row = must(writer.addFile(file), what);
      deps.onPersisted?.(row);
      return row;
    },
    setState(ctx, file, state, extra) {
      const next = must(writer.setFileState(file.id, state, extra), `setFileState ${state.state}`);
      deps.onPersisted?.(next);
      ctx?.emit({ type: 'file-state', runId: file.runId, fileName: file.fileName, kind: file.kind, state });
      return next;
    },
    setPath(file, paths) {
      const r = writer.setFilePath(file.id, paths);
      if (!r.ok) {
        // The move already happened; the row keeps the old path. Logged, not fatal.
        logger.error('history: cannot record new path', { fileId: file.id, detail: r.error.detail });
        return file;
      }
      return r.value;
    },
    resolveHeld: (fileId, action) => writer.resolveHeld(fileId, action),
    releaseCustomerHold: (customerFileId) => writer.releaseCustomerHold(customerFileId),
    resolveOverlap: (fileId, choice) => writer.resolveOverlap(fileId, choice),
    createRun: (run) => writer.createRun(run),
    finish(runId, targetName, cancelled, notice, note = null) {
      const files = reader.getRun(runId)?.files ?? [];
      const decided = decideOutcome({ targetName, ...outcomeFacts(files), cancelled, notice, note, nextRetryAt: nextRetryOf(files), now: deps.clock.now() });
      return must(writer.finishRun(runId, decided.outcome, decided.message), 'finishRun');
    },
    reviseRun(runId, notice = null) {
      const run = reader.getRun(runId);
      if (!run) throw new Error(`history: no run with id ${runId}`);
      const { settled, resent } = settledFiles(run.files);
      const decided = decideOutcome({ targetName: run.targetName, ...outcomeFacts(settled), resent, notice, nextRetryAt: nextRetryOf(run.files), now: deps.clock.now() });
      return must(writer.reviseOutcome(runId, decided.outcome, decided.message), 'reviseOutcome');
    },
    fail: (runId, targetName, message) => writer.finishRun(runId, 'failed', `${targetName}: ${message}`),
    revisitOutcome,
    importName(runId) {
      const run = reader.getRun(runId);
      const n = reader.runNumber(runId);
      return run && n !== null ? importProcessName(new Date(run.startedAt), n) : legacyImportProcessName(runId);
    },
  };
}
