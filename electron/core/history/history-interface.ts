// The history store's interface, written once: what the runner may write (HistoryWriter) and what the
// window, the CLI and the CSV export may read (HistoryReader). They are separate types so that reading
// code cannot write. The runner persists each file state BEFORE the outside effect it announces
// (move, POST, poll), so after a SIGKILL the rows say exactly how far a file got.
import type { Result } from '../../../shared/result';
import type {
  FileKind,
  FileProblem,
  FileRecord,
  FileState,
  FileStateName,
  HeldAction,
  HistoryFilter,
  HistoryPage,
  IssueKind,
  OverlapChoice,
  RunDetail,
  RunOutcome,
  RunSummary,
  RunTarget,
  RunTrigger,
} from '../../../shared/run';
import type { LineFingerprint } from '../ledger/line-fingerprints';
import type { HistoryLossStore } from './history-losses';
import type { SentLinesReader } from './sent-lines';

export type { HeldAction, OverlapChoice } from '../../../shared/run';

export interface HeldResolution {
  readonly action: HeldAction;
  /** ISO 8601 UTC. */
  readonly at: string;
}

/** A file row with everything the runner needs to resume it; a superset of shared FileRecord. */
export interface StoredFile extends FileRecord {
  /** Where the clerk put it (the setting's folder). */
  readonly originalPath: string;
  /** Where the runner moved it while working on it (staging), if it did. */
  readonly stagedPath: string | null;
  /** `customers` or the report setting id: the key for 同一内容 checks. */
  readonly settingKey: string;
  /** Kept from `checked`/`sending`/`duplicate`/`held` even after later states drop it. */
  readonly sha256: string | null;
  /** Kept from `sent` onwards. */
  readonly importId: number | null;
  /** A customer file split into several imports: 1-based part and the number of parts. */
  readonly partIndex: number;
  readonly partTotal: number;
  readonly problems: readonly FileProblem[];
  /** Set once the clerk resolved a held file (要確認); it no longer needs attention. */
  readonly resolution: HeldResolution | null;
  readonly createdAt: string;
  /** Data lines, kept from `checked` (or `overlap`) on. */
  readonly lines: number | null;
  /** How a document import issues its documents; `replace` only by the clerk's 差替発行. */
  readonly issue: IssueKind;
  /** The clerk's answer to an `overlap` file. */
  readonly overlapChoice: { readonly choice: OverlapChoice; readonly at: string } | null;
}

export interface StoredRunDetail extends RunDetail {
  readonly files: readonly StoredFile[];
}

export interface NewRun {
  /** A UUID; generated when omitted. */
  readonly id?: string;
  readonly target: RunTarget;
  /** 帳票名 at the time of the run, or 顧客データ. */
  readonly targetName: string;
  readonly trigger: RunTrigger;
  /** Defaults to the clock's now. */
  readonly startedAt?: Date;
}

export interface NewFile {
  readonly runId: string;
  readonly kind: FileKind;
  readonly fileName: string;
  readonly originalPath: string;
  readonly stagedPath?: string | null;
  /** Defaults to originalPath. */
  readonly currentPath?: string | null;
  /** `customers` or the report setting id. */
  readonly settingKey: string;
  /** Defaults to 1 of 1. */
  readonly partIndex?: number;
  readonly partTotal?: number;
  /** Defaults to `{ state: 'found' }`; a later state must be reachable from `found`. */
  readonly state?: FileState;
  /** Defaults to `new`; `replace` for the clerk's 差替発行 (and its 再送する). */
  readonly issue?: IssueKind;
}

/** Written in the same transaction as the state change. */
export interface FileStateExtra {
  readonly currentPath?: string | null;
  readonly stagedPath?: string | null;
  readonly partIndex?: number;
  readonly partTotal?: number;
  /**
   * With a `sending` state of a document file: the fingerprints of the data lines this POST
   * carries, recorded in the same transaction, so the overlap guard sees content in flight.
   */
  readonly sentLines?: readonly LineFingerprint[];
}

export interface FilePaths {
  readonly currentPath?: string | null;
  readonly stagedPath?: string | null;
}

/** What findImportedBySha answers: the earlier import of the same bytes for the same setting. */
export interface ImportedMatch {
  readonly runId: string;
  readonly fileId: number;
  readonly fileName: string;
  readonly importId: number | null;
  /** ISO 8601 UTC of the row's last update (when it became done / was marked sent). */
  readonly at: string;
}

/** Read-only view: the window's 実行履歴, the CLI's `history`, the CSV export, the tray badge. */
export interface HistoryReader {
  /** Newest first. `from`/`to` are the PC's local dates (inclusive); limit defaults to 50. */
  listRuns(filter?: HistoryFilter): HistoryPage;
  getRun(runId: string): StoredRunDetail | null;
  getFile(fileId: number): StoredFile | null;
  /**
   * Files a crash (or a stop) left mid-way, oldest first: states found, checked, sending, sent,
   * importing and unknown. The runner resumes them (a `sending` file becomes held: 要確認).
   */
  findUnfinishedFiles(): readonly StoredFile[];
  /** Runs still marked `running` (the process died before finishRun), oldest first. */
  findUnfinishedRuns(): readonly RunSummary[];
  /** Held (要確認) files the clerk has not resolved yet, oldest first. */
  findHeldFiles(): readonly StoredFile[];
  /** Files in 再送待ち, the earliest next attempt first. */
  findRetryWaits(): readonly StoredFile[];
  /**
   * The customer file that holds document files back (「顧客データのエラーを解決するまで保留」): the
   * latest customer file with a verdict (imported, or refused by the pre-flight or by 楽楽明細) was
   * refused, and the clerk has not released it. null when documents may go.
   */
  blockingCustomerFile(): StoredFile | null;
  /** Files held for overlapping lines (要確認（一部送信済み）) without the clerk's answer, oldest first. */
  findAwaitingOverlap(): readonly StoredFile[];
  /**
   * The newest file with the same sha256 for the same setting that was imported (`done`) or that
   * the clerk marked as sent: 「同一内容のため送信しませんでした」.
   */
  findImportedBySha(settingKey: string, sha256: string): ImportedMatch | null;
  /**
   * Every run matching the filter (limit/offset ignored: the export is the whole filtered list),
   * UTF-8 with BOM, CRLF, quoted for Excel, Japanese headers.
   */
  exportCsv(filter?: HistoryFilter): string;
  /** Unresolved held files plus files in 取込状況不明 (unknown): the tray's badge. */
  attentionCount(): number;
  /**
   * The run's number, 1 for the first run this history recorded: unique and stable, the `#123` of
   * the short name imports carry in 楽楽明細's 取込履歴. null for an unknown run.
   */
  runNumber(runId: string): number | null;
}

/**
 * Writable view, for the runner only. Storage failures (disk full, locked) come back as values so
 * the runner can stop BEFORE the outside effect; an illegal state transition or an unknown id is a
 * programming error and throws (IllegalFileTransitionError / Error).
 */
export interface HistoryWriter {
  createRun(run: NewRun): Result<RunSummary>;
  addFile(file: NewFile): Result<StoredFile>;
  /** Validates the transition (see file-transitions.ts); persists the state, its sha/importId/problems. */
  setFileState(fileId: number, state: FileState, extra?: FileStateExtra): Result<StoredFile>;
  setFilePath(fileId: number, paths: FilePaths): Result<StoredFile>;
  /** Sets outcome, message and finishedAt (the clock's now); counts are kept by the store. */
  finishRun(runId: string, outcome: Exclude<RunOutcome, 'running'>, message: string): Result<RunSummary>;
  /**
   * A finished run's outcome once its 要確認 / 取込状況不明 files were settled later (the next run's
   * poll, the clerk's choice). finishedAt stays the run's own end.
   */
  reviseOutcome(runId: string, outcome: Exclude<RunOutcome, 'running'>, message: string): Result<RunSummary>;
  /**
   * The clerk's choice for a 要確認 file. `mark-sent` makes later identical files 同一内容;
   * `resend` only records the choice (the caller sends it again, in a new run or via
   * setFileState(fileId, { state: 'sending', … }), which is legal from `held`).
   * Refused (as a value) when the file is not held or already resolved.
   */
  resolveHeld(fileId: number, action: HeldAction): Result<StoredFile>;
  /**
   * The clerk's 「顧客データを待たずに送信する」: this refused customer file no longer holds document
   * files back. Idempotent; a file that is not a refused customer file is a programming error.
   */
  releaseCustomerHold(fileId: number): Result<StoredFile>;
  /**
   * The clerk's answer to an `overlap` file, recorded once (the caller then files it under エラー
   * for `skip`, or sends it in a new run). Refused (as a value) when the file awaits no answer.
   */
  resolveOverlap(fileId: number, choice: OverlapChoice): Result<StoredFile>;
}

/** Schedule state for the scheduler: the last slot fired per report setting, surviving restarts. */
export interface ScheduleStateStore {
  lastFiredSlot(reportId: string): Date | null;
  recordFiredSlot(reportId: string, slot: Date): void;
}

export interface HistoryDatabase {
  readonly reader: HistoryReader;
  readonly writer: HistoryWriter;
  readonly scheduleState: ScheduleStateStore;
  /** The lines sent per document setting: what the overlap guard asks. */
  readonly sentLines: SentLinesReader;
  /** Detected losses of the history, until the clerk confirms them (and what the ledger gave back). */
  readonly losses: HistoryLossStore;
  /** The schema version after migrations (PRAGMA user_version). */
  readonly schemaVersion: number;
  close(): void;
}

/** Thrown for a transition the state machine forbids: a bug in the caller, never a clerk's error. */
export class IllegalFileTransitionError extends Error {
  constructor(
    readonly fileId: number,
    readonly from: FileStateName,
    readonly to: FileStateName,
  ) {
    super(`illegal file state transition ${from} -> ${to} (file ${fileId})`);
    this.name = 'IllegalFileTransitionError';
  }
}
