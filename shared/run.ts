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
 * The persisted life of one file in a run. Each state is written before the outside effect it
 * announces, so after a crash the agent knows exactly how far it got.
 */
export type FileState =
  | { readonly state: 'found' }
  | { readonly state: 'checked'; readonly sha256: string; readonly lines: number; readonly bytes: number }
  | { readonly state: 'sending'; readonly sha256: string }
  | { readonly state: 'sent'; readonly importId: number }
  | { readonly state: 'importing'; readonly importId: number }
  | { readonly state: 'done'; readonly importId: number }
  /** The API or pre-flight refused it; the file is in the error folder with a .txt beside it. */
  | { readonly state: 'failed'; readonly importId?: number; readonly problems: readonly FileProblem[] }
  /** Header only or empty: nothing to send, nothing called. */
  | { readonly state: 'no-data' }
  /** Same content already imported for this setting: 同一内容のため送信しませんでした. */
  | { readonly state: 'duplicate'; readonly sha256: string; readonly previousRunId: string }
  /** 要確認: the POST may or may not have reached 楽楽明細. Never resent without the clerk's choice. */
  | { readonly state: 'held'; readonly sha256: string; readonly reason: string }
  /** 取込状況不明: state polling gave up for now; the next run polls again with the stored id. */
  | { readonly state: 'unknown'; readonly importId: number }
  /** Could not be read or moved (locked, permissions, disk full): left where it was. */
  | { readonly state: 'skipped'; readonly reason: string }
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
}

/**
 * The 要確認 precondition, in one place: a file awaits the clerk's choice (送信済みにする / 再送する)
 * only while it is held and not yet settled. Everything that offers or carries out the choice asks this.
 */
export function awaitsClerkChoice(file: Pick<FileRecord, 'state' | 'resolution'> | null | undefined): boolean {
  return file != null && file.state.state === 'held' && (file.resolution ?? null) === null;
}

/** Said when a choice arrives for a file that no longer awaits one (two windows, a double click). */
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

/** Pre-flight verdict as shown in lists of waiting files. */
export type PreflightVerdict =
  | { readonly verdict: 'ok'; readonly encoding: 'cp932' | 'utf8' | 'utf8-bom'; readonly lines: number; readonly bytes: number; readonly parts: number }
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
  readonly verdict: PreflightVerdict | null;
}

export interface WaitingFiles {
  /** `customers` or a report id. */
  readonly target: string;
  readonly folder: string;
  /** Set when the folder is missing or unreadable. */
  readonly folderProblem: string | null;
  readonly files: readonly WaitingFile[];
}

export type AgentState =
  | { readonly state: 'stopped' }
  | { readonly state: 'idle' }
  | { readonly state: 'running'; readonly runIds: readonly string[] }
  | { readonly state: 'error'; readonly message: string };

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

export interface AgentStatus {
  readonly agent: AgentState;
  readonly nextRuns: readonly NextRun[];
  /** Files waiting for the clerk's decision (要確認) or in 取込状況不明. */
  readonly attention: number;
  /** Files in 再送待ち; absent when none wait. */
  readonly retryWait?: RetryWaitSummary;
}
