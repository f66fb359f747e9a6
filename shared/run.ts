// The vocabulary of a run, shared by the core (which records it), the tray (which summarises it)
// and the window (which shows it). States are discriminated unions, never bags of booleans. What the
// window may send back (a target, a history filter, an outcome to filter by) is declared once as a
// zod schema, which the IPC contract validates with, and its type is inferred from it.
import { z } from 'zod';

/** A report setting's stable id (shared/settings/schema.ts gives it the same shape). */
export const reportIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** What a run sends: one document setting (customers first), or customer data alone. */
export const runTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('report'), reportId: reportIdSchema }),
  z.object({ kind: z.literal('customers') }),
]);
export type RunTarget = z.infer<typeof runTargetSchema>;

/**
 * Why a run started. `catch-up` is 遅延実行: a scheduled slot missed while the PC slept or was off.
 * `retry` is 自動再送: the agent continuing a run whose files wait in 再送待ち (the run keeps its own
 * trigger; `retry` only names the queued continuation).
 */
export type RunTrigger = 'manual' | 'schedule' | 'catch-up' | 'arrival' | 'resume' | 'retry';

export const TRIGGER_LABELS: Record<RunTrigger, string> = {
  manual: '手動',
  schedule: 'スケジュール',
  'catch-up': '遅延実行',
  arrival: 'ファイル配置時',
  resume: '再開',
  retry: '自動再送',
};

export type FileKind = 'customers' | 'report';

/** What each kind of file is called wherever it is named (the manual's words). */
export const FILE_KIND_LABELS: Record<FileKind, string> = { customers: '顧客データ', report: '帳票データ' };

/** The customer target's display name: history, tray, notifications and the CLI all say 顧客データ. */
export const CUSTOMERS_TARGET_NAME = FILE_KIND_LABELS.customers;

/**
 * The name a target is shown by: 顧客データ, or the setting's 帳票名 (its id when the setting is gone).
 * A string is a target key as the waiting list has it (`customers` or a report id).
 */
export function targetDisplayName(target: RunTarget | string, reports: readonly { readonly id: string; readonly name: string }[]): string {
  const reportId = typeof target === 'string' ? (target === 'customers' ? null : target) : target.kind === 'customers' ? null : target.reportId;
  if (reportId === null) return CUSTOMERS_TARGET_NAME;
  return reports.find((r) => r.id === reportId)?.name ?? reportId;
}

/** A problem found in a file, before sending (pre-flight) or reported by 楽楽明細 after. */
export interface FileProblem {
  /** 1-based physical line in the clerk's file, when known. */
  readonly line?: number;
  /** Column header name (or 1-based number as text) when known. */
  readonly column?: string;
  readonly message: string;
  /** The API's own code, when the problem came from 楽楽明細. */
  readonly code?: string;
}

/**
 * One data line of a file that the overlap guard found already sent (or on its way) for the same
 * document setting: where it is in this file, and which earlier file carried it, when.
 */
export interface OverlapLine {
  /** 1-based physical line in this file (the line the clerk sees in Excel or a text editor). */
  readonly line: number;
  readonly runId: string;
  readonly fileName: string;
  /** ISO 8601 UTC: when the earlier file was sent (its `sending`). */
  readonly sentAt: string;
}

/** How a document import issues its documents: 新規発行 (isNewIssues 1) or 差替発行 (isNewIssues 2). */
export type IssueKind = 'new' | 'replace';

/**
 * How a failed file failed, recorded with it (the window's advice and the run's wording follow it):
 * refused before sending (pre-flight), refused by 楽楽明細 at the POST, failed while importing, never
 * reached 楽楽明細 (left in its folder), or refused because a setting is wrong (left in its folder).
 */
export type FailureCause = 'preflight' | 'rejected' | 'import-failed' | 'not-sent' | 'setting';

/**
 * Why a file was left where it is, when that is not a problem of the run: the run was interrupted
 * (the next run sends it), or the file changed after it was sent (its new content is new work).
 */
export type SkipCause = 'interrupted' | 'changed';

/**
 * The persisted life of one file in a run. Each state is written before the outside effect it
 * announces, so after a crash the agent knows exactly how far it got.
 */
export type FileState =
  | { readonly state: 'found' }
  | { readonly state: 'checked'; readonly sha256: string; readonly lines: number; readonly bytes: number }
  /** `importName`: the name the POST carries to 楽楽明細's 取込履歴 (absent in rows older than it). */
  | { readonly state: 'sending'; readonly sha256: string; readonly importName?: string }
  | { readonly state: 'sent'; readonly importId: number }
  | { readonly state: 'importing'; readonly importId: number }
  | { readonly state: 'done'; readonly importId: number }
  /** The API or pre-flight refused it; the file is in the error folder with a .txt beside it. */
  | { readonly state: 'failed'; readonly importId?: number; readonly problems: readonly FileProblem[]; readonly cause?: FailureCause }
  /** Header only or empty: nothing to send, nothing called. */
  | { readonly state: 'no-data' }
  /**
   * 要確認（一部送信済み）: a document file some of whose data lines were already sent (or are on
   * their way) for the same setting. Never sent without the clerk's choice (送信しない, 差替発行,
   * 新規発行). `sample` is bounded; `overlapping` counts them all.
   */
  | {
      readonly state: 'overlap';
      readonly sha256: string;
      readonly lines: number;
      readonly overlapping: number;
      readonly sample: readonly OverlapLine[];
    }
  /** Same content already imported for this setting: 同一内容のため送信しませんでした. */
  | { readonly state: 'duplicate'; readonly sha256: string; readonly previousRunId: string }
  /**
   * 要確認: the POST may or may not have reached 楽楽明細. Never resent without the clerk's choice.
   * `importName` is the name to look for in 楽楽明細's 取込履歴 (absent in rows older than it).
   */
  | { readonly state: 'held'; readonly sha256: string; readonly reason: string; readonly importName?: string }
  /** 取込状況不明: state polling gave up for now; the next run polls again with the stored id. */
  | { readonly state: 'unknown'; readonly importId: number }
  /** Could not be read or moved (locked, permissions, disk full): left where it was. */
  | { readonly state: 'skipped'; readonly reason: string; readonly cause?: SkipCause }
  /**
   * 再送待ち: the POST provably never reached 楽楽明細 (maintenance, refused connection, 429…), or the
   * file was parked behind one that did not (or behind its customers). The agent sends the staged
   * copy again by itself at `nextAttemptAt`, until it is sent or 72 hours after `firstFailedAt`.
   */
  | RetryWaitState;

export interface RetryWaitState {
  readonly state: 'retry-wait';
  readonly sha256: string;
  /** POSTs made so far (0: parked, never sent). */
  readonly attempts: number;
  /** ISO 8601. */
  readonly nextAttemptAt: string;
  /** ISO 8601: the 72 hours are counted from here. */
  readonly firstFailedAt: string;
  /** Why it waits, in Japanese for the clerk (never holds the token). */
  readonly reason: string;
}

export type FileStateName = FileState['state'];

export const FILE_STATE_LABELS: Record<FileStateName, string> = {
  found: '検出',
  checked: '検証済み',
  sending: '送信中',
  sent: '送信済み',
  importing: '取込中',
  done: '完了',
  failed: 'エラー',
  'no-data': 'データなし',
  duplicate: '同一内容',
  held: '要確認',
  overlap: '要確認（一部送信済み）',
  unknown: '取込状況不明',
  skipped: '保留',
  'retry-wait': '再送待ち',
};

/**
 * How a run ended: `success` every file sent was imported; `nothing` nothing to send (no files, or
 * only header-only files); `partial` some files done, some failed; `attention` a file is 要確認 or
 * 取込状況不明, so the clerk or the next run must look; `retry-wait` 再送待ち: files wait for the agent's
 * automatic resend (the run is continued, and its outcome revised, when they go).
 */
export const runOutcomeSchema = z.enum(['running', 'success', 'nothing', 'partial', 'failed', 'attention', 'cancelled', 'retry-wait']);
export type RunOutcome = z.infer<typeof runOutcomeSchema>;

export const OUTCOME_LABELS: Record<RunOutcome, string> = {
  running: '実行中',
  success: '成功',
  nothing: '対象なし',
  partial: '一部エラー',
  failed: 'エラー',
  attention: '要確認',
  cancelled: '中止',
  'retry-wait': '再送待ち',
};

export interface RunCounts {
  readonly files: number;
  readonly done: number;
  readonly failed: number;
  readonly skipped: number;
  readonly attention: number;
  /** Data lines of the run's files (header excluded), as far as they were counted. */
  readonly lines?: number;
}

export interface RunSummary {
  readonly id: string;
  readonly target: RunTarget;
  /** The setting's name at the time of the run (帳票名, or 顧客データ). */
  readonly targetName: string;
  readonly trigger: RunTrigger;
  /** ISO 8601 with offset. */
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly outcome: RunOutcome;
  readonly counts: RunCounts;
  /** A one-line Japanese summary for lists and notifications. */
  readonly message: string;
  /**
   * Only on the summary an automatic resend (自動再送) reports as it ends, never stored: that the run
   * was continued (its first 再送待ち was told already), how many files gave up after 72 hours, and
   * how many still wait — so the clerk is told when something changed, not at every attempt.
   */
  readonly retry?: { readonly continued: true; readonly expired: number; readonly waiting: number };
}

/** How the clerk settles a 要確認 (held) file: 再送する, or 送信済みにする after finding it in 楽楽明細. */
export const heldActionSchema = z.enum(['resend', 'mark-sent']);
export type HeldAction = z.infer<typeof heldActionSchema>;

/**
 * The clerk's answer to a file held for overlapping lines: 送信しない (to エラー with a note),
 * 差替発行として送信 (isNewIssues 2), or すべて新規発行で送信 (isNewIssues 1, after a warning).
 */
export const overlapChoiceSchema = z.enum(['skip', 'replace', 'new-issue']);
export type OverlapChoice = z.infer<typeof overlapChoiceSchema>;

export interface FileRecord {
  readonly id: number;
  readonly runId: string;
  readonly kind: FileKind;
  readonly fileName: string;
  /** Where the file is now (processed / error folder, or where it was left). */
  readonly currentPath: string | null;
  readonly state: FileState;
  readonly updatedAt: string;
  /**
   * How the clerk settled a 要確認 (held) file, once they did: the state stays `held` (that is what
   * happened), this records the decision so the window stops offering it.
   */
  readonly resolution?: { readonly action: HeldAction; readonly at: string } | null;
  /** Data lines (header excluded), kept from `checked` on so that the history can count lines. */
  readonly lines?: number | null;
  /** 差替発行 when the clerk chose to send the file as a replacement; absent or `new` otherwise. */
  readonly issue?: IssueKind;
  /** The clerk's answer to an `overlap` file, once given: the state stays `overlap` unless 送信しない. */
  readonly overlapChoice?: { readonly choice: OverlapChoice; readonly at: string } | null;
}

/**
 * The 要確認 precondition, in one place: a file awaits the clerk's choice (送信済みにする / 再送する)
 * only while it is held and not yet settled. Everything that offers or carries out the choice asks this.
 */
export function awaitsClerkChoice(file: Pick<FileRecord, 'state' | 'resolution'> | null | undefined): boolean {
  return file != null && file.state.state === 'held' && (file.resolution ?? null) === null;
}

/** A file held for overlapping lines that still waits for the clerk's 送信しない / 差替発行 / 新規発行. */
export function awaitsOverlapChoice(file: Pick<FileRecord, 'state' | 'overlapChoice'> | null | undefined): boolean {
  return file != null && file.state.state === 'overlap' && (file.overlapChoice ?? null) === null;
}

/** 「一部が送信済みです（7行中6行）」: the overlap in the clerk's words. */
export function overlapMessage(lines: number, overlapping: number): string {
  const counts = `（${lines.toLocaleString('ja-JP')}行中${overlapping.toLocaleString('ja-JP')}行）`;
  return overlapping >= lines ? `すべての行が送信済みです${counts}` : `一部が送信済みです${counts}`;
}

/** Said when a choice arrives for a file that no longer awaits one (two windows, a double click). */
/** Said when an answer arrives for a file that no longer waits for 送信しない / 差替発行 / 新規発行. */
export const NOT_AWAITING_OVERLAP_MESSAGE = 'このファイルは「要確認（一部送信済み）」ではありません（すでに対応済みか、見つかりません）。画面を更新してください。';

export const NOT_AWAITING_CHOICE_MESSAGE = 'このファイルは要確認ではありません（すでに対応済みか、見つかりません）。画面を更新してください。';

export interface RunDetail extends RunSummary {
  readonly files: readonly FileRecord[];
}

const localDateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const historyFilterSchema = z
  .object({
    /** `customers` or a report id. */
    target: z.string().max(64).optional(),
    outcome: runOutcomeSchema.optional(),
    /** Inclusive, YYYY-MM-DD in local time. */
    from: localDateText.optional(),
    to: localDateText.optional(),
    limit: z.number().int().min(1).max(500).optional(),
    offset: z.number().int().min(0).optional(),
  })
  .strict();
export type HistoryFilter = z.infer<typeof historyFilterSchema>;

export interface HistoryPage {
  readonly runs: readonly RunSummary[];
  readonly total: number;
}

/** Progress events: the tray and window subscribe; nothing in them is needed to recover. */
export type RunProgress =
  | { readonly type: 'run-started'; readonly runId: string; readonly target: RunTarget; readonly trigger: RunTrigger; readonly targetName: string }
  | { readonly type: 'file-found'; readonly runId: string; readonly fileName: string; readonly kind: FileKind }
  | { readonly type: 'file-state'; readonly runId: string; readonly fileName: string; readonly kind: FileKind; readonly state: FileState }
  | { readonly type: 'file-importing'; readonly runId: string; readonly fileName: string; readonly index: number; readonly total: number }
  | { readonly type: 'run-finished'; readonly runId: string; readonly summary: RunSummary };

/**
 * What the content guards will do with a document file that passes pre-flight, foreseen from the
 * history for the waiting list, so that 「送信できます」 is never said of a file the run will set
 * aside as 同一内容 or hold as 要確認（一部送信済み）. The run decides again when it sends.
 */
export type ContentForesight =
  | { readonly kind: 'same-content'; readonly runId: string; readonly at: string }
  | { readonly kind: 'overlap'; readonly lines: number; readonly overlapping: number };

/** Pre-flight verdict as shown in lists of waiting files. */
export type PreflightVerdict =
  | {
      readonly verdict: 'ok';
      readonly encoding: 'cp932' | 'utf8' | 'utf8-bom';
      readonly lines: number;
      readonly bytes: number;
      readonly parts: number;
      /** Absent when nothing like it went before (or the list was not told the history). */
      readonly foresight?: ContentForesight;
    }
  | { readonly verdict: 'no-data'; readonly message: string }
  | { readonly verdict: 'invalid'; readonly problems: readonly FileProblem[] }
  | { readonly verdict: 'unreadable'; readonly message: string };

export interface WaitingFile {
  readonly fileName: string;
  readonly bytes: number;
  /** ISO 8601. */
  readonly modifiedAt: string;
  /** Still being written (size or time changed recently, or locked). */
  readonly stable: boolean;
  /** Held by another program (Excel, the exporter) at the last look: the clerk's sentence; null when free. */
  readonly locked: string | null;
  readonly verdict: PreflightVerdict | null;
}

/**
 * Why a file in a watched folder will NOT be sent: its name does not start with the setting's
 * ファイル名, it is not a `.csv`, it is a temporary file (Excel's `~$…`, `….tmp`, `….part`), a link or
 * shortcut, or not a regular file at all.
 */
export type IgnoredReason = 'other-prefix' | 'not-csv' | 'temporary' | 'link' | 'not-a-file';

export interface IgnoredFile {
  readonly fileName: string;
  readonly reason: IgnoredReason;
  /** ISO 8601; null when not looked at (a very crowded folder). */
  readonly modifiedAt: string | null;
}

/** When a 「スケジュール実行」 setting ran last and runs next, as the schedule says (not the history). */
export interface WaitingSchedule {
  /** ISO 8601: the last slot at or before now. */
  readonly previous: string;
  /** ISO 8601: the next slot. */
  readonly next: string;
}

export interface WaitingFiles {
  /** `customers` or a report id. */
  readonly target: string;
  readonly folder: string;
  /** Set when the folder is missing or unreadable. */
  readonly folderProblem: string | null;
  readonly files: readonly WaitingFile[];
  /** Files in the folder this setting will not send, newest first (at most a screenful). */
  readonly ignored: readonly IgnoredFile[];
  /** How many such files there are in all (more than `ignored` holds in a crowded folder). */
  readonly ignoredTotal: number;
  /** Set for a 「スケジュール実行」 setting: its files go at `next`. */
  readonly schedule: WaitingSchedule | null;
}

export type AgentState =
  | { readonly state: 'stopped' }
  | { readonly state: 'idle' }
  | { readonly state: 'running'; readonly runIds: readonly string[] }
  | { readonly state: 'error'; readonly message: string };

/** What 次回の実行 says (window, tray) for a setting while the agent is stopped: nothing runs. */
export const NOT_RUN_WHILE_STOPPED = '停止中のため実行されません';

export interface NextRun {
  readonly reportId: string;
  readonly name: string;
  /** ISO 8601, or null when the setting is not scheduled. */
  readonly at: string | null;
}

/** Files in 再送待ち, for the header badge and the tray. */
export interface RetryWaitSummary {
  readonly files: number;
  /** ISO 8601: the earliest next automatic attempt. */
  readonly nextAttemptAt: string;
}

/**
 * The run history was found lost at start (history.db missing or unreadable, or rows gone with a
 * deleted / truncated WAL) while traces of earlier sends exist. Document files are held until the
 * clerk confirms; the damaged files were kept aside.
 */
export interface HistoryLossNotice {
  readonly id: number;
  /** ISO 8601 UTC. */
  readonly detectedAt: string;
  readonly kind: 'missing' | 'unreadable' | 'rows-gone';
  /** The Japanese account for the clerk: what was found, what was kept, what happens next. */
  readonly message: string;
  /** Where the damaged files were kept (a folder in the data folder), or null when there were none. */
  readonly keptAt: string | null;
  /**
   * Sends taken back from the sent ledger: imported, still in flight (polled), 要確認, 再送待ち
   * (`waiting`, absent in losses recorded before it).
   */
  readonly recovered: { readonly imported: number; readonly polled: number; readonly held: number; readonly waiting?: number };
}

export interface AgentStatus {
  readonly agent: AgentState;
  readonly nextRuns: readonly NextRun[];
  /** Files waiting for the clerk's decision (要確認) or in 取込状況不明. */
  readonly attention: number;
  /** Files in 再送待ち; absent when none wait. */
  readonly retryWait?: RetryWaitSummary;
  /** Set while a detected loss of the run history waits for the clerk's confirmation. */
  readonly historyLoss?: HistoryLossNotice | null;
}
