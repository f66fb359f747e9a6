// The runner: one run of one setting, from the clerk's folder to 楽楽明細 and back into 処理済み /
// エラー. Exactly once is built from one rule: every file state is persisted in SQLite BEFORE the
// outside effect it announces (the POST, the move), so after a SIGKILL `resume()` knows how far each
// file got. A document file whose POST may have reached 楽楽明細 is never resent without the clerk
// (要確認); a customer file may be (imports are upserts).
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { appError, err, ok, type Result } from '../../../shared/result';
import { awaitsClerkChoice, CUSTOMERS_TARGET_NAME, FILE_KIND_LABELS, NOT_AWAITING_CHOICE_MESSAGE, type FileKind, type FileProblem, type FileState, type FileStateName, type RunProgress, type RunSummary, type RunTarget } from '../../../shared/run';
import type { CustomerSetting, ReportSetting, Settings } from '../../../shared/settings/schema';
import type { ApiError, ApiResult, ImportAccepted, MeisaiApi } from '../api/types';
import type { HistoryReader, HistoryWriter, StoredFile } from '../history/history-interface';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { Candidate } from '../files/list-candidates';
import { MEISAI_LIMITS, type CsvPart, type PreflightInput, type PreflightLimits, type PreflightResult } from '../preflight/types';
import type { RunExecutor } from '../queue/types';
import {
  ADVICE_API_REJECTED,
  ADVICE_FIX_AND_RETRY,
  ADVICE_HELD,
  DUPLICATE_MESSAGE,
  duplicateNote,
  heldReason,
  importProcessName,
} from './clerk-messages';
import type { FileOps } from './file-ops';
import { pollImport, type PollOutcome } from './import-poller';
import { POLL_RETRY, retryDelay, SEND_RETRY, type RetryPolicy } from './retry-delay';
import { decideOutcome } from './run-outcome';

export const CUSTOMERS_KEY = 'customers';
export const CUSTOMERS_NAME = CUSTOMERS_TARGET_NAME;

export interface RunnerOptions {
  /** Jitter source; Math.random by default. */
  readonly random?: () => number;
  readonly firstPollMs?: number;
  readonly maxPollMs?: number;
  /** How long one run follows an `active` import before leaving it as 取込状況不明. */
  readonly activeLimitMs?: number;
  readonly pollRetry?: RetryPolicy;
  readonly sendRetry?: RetryPolicy;
  readonly limits?: PreflightLimits;
  /** Called after every persisted file state: the crash tests print a marker and get killed on it. */
  readonly onPersisted?: (file: StoredFile) => void;
}

export interface RunnerDeps {
  /** The settings, or a getter so that a long-lived agent always runs with the latest saved ones. */
  readonly settings: Settings | (() => Settings);
  readonly api: MeisaiApi;
  readonly history: HistoryWriter & HistoryReader;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly files: FileOps;
  readonly preflight: (input: PreflightInput) => PreflightResult;
  readonly options?: RunnerOptions;
}

export interface ResumeReport {
  /** Files picked up again (polled, resent as customer data, or held). */
  readonly resumed: number;
  /** Document files that became 要確認. */
  readonly held: number;
  /** Runs that a crash had left `running`, now finished. */
  readonly runs: readonly RunSummary[];
}

export interface ResendRequest {
  /** The held (要確認) file the clerk chose to send again. */
  readonly fileId: number;
  /** The new run's id (a UUID); its importProcessName tells the two attempts apart in 楽楽明細. */
  readonly runId: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: RunProgress) => void;
}

export interface Runner {
  readonly execute: RunExecutor;
  /** At start-up, before any run: finishes what a crash or a stop left mid-way. */
  resume(): Promise<ResumeReport>;
  /**
   * The clerk's 「再送する」 for a 要確認 file: records the choice, then sends the staged copy (the
   * exact bytes that were checked) in a new run, and files the clerk's file under 処理済み on success.
   * 「送信済みにする」 needs no runner: history.resolveHeld(fileId, 'mark-sent'), then revisitOutcome.
   */
  resendHeld(request: ResendRequest): Promise<Result<RunSummary>>;
  /**
   * The clerk forces a file that was set aside as 同一内容 (duplicate): it goes back to its folder and
   * is sent in a new run without the 同一内容 check. Everything else (pre-flight, states) as usual.
   */
  forceSend(request: ResendRequest): Promise<Result<RunSummary>>;
  /**
   * A finished run marked 要確認 whose held / unknown files have all been settled since (polled to
   * their end by a later run, or decided by the clerk): its outcome and summary are decided again,
   * so the history stops asking for attention that is no longer needed. No-op otherwise.
   */
  revisitOutcome(runId: string): RunSummary | null;
}

/** The history could not record a state: stop before the outside effect it was meant to announce. */
class StorageStop extends Error {
  constructor(readonly clerkMessage: string) {
    super(clerkMessage);
  }
}

type SettingRef =
  | { readonly kind: 'customers'; readonly key: string; readonly setting: CustomerSetting }
  | { readonly kind: 'report'; readonly key: string; readonly setting: ReportSetting };

/** How a file's processing ended, as far as the rest of the run is concerned. */
type FileEnd =
  | { readonly end: 'final'; readonly state: FileState['state'] }
  /** Nothing more can be sent this run (maintenance, wrong token…): the message says why. */
  | { readonly end: 'stop-run'; readonly state: FileState['state']; readonly notice: string };

/** The .txt left beside a moved file: an error note (files module format) or a plain notice. */
type ClerkNote =
  | { readonly kind: 'error'; readonly summary: string; readonly problems: readonly FileProblem[]; readonly whatToDo: string }
  | { readonly kind: 'info'; readonly suffix: string; readonly text: string };

interface RunContext {
  readonly runId: string;
  readonly targetName: string;
  readonly signal: AbortSignal | undefined;
  readonly emit: (p: Parameters<Parameters<RunExecutor>[0]['onProgress']>[0]) => void;
}

export function createRunner(deps: RunnerDeps): Runner {
  const { api, history, clock, logger, files } = deps;
  const opts = deps.options ?? {};
  const random = opts.random ?? Math.random;
  const limits = opts.limits ?? MEISAI_LIMITS;
  const settingsNow = (): Settings => (typeof deps.settings === 'function' ? deps.settings() : deps.settings);
  // Files this process is working on; a second run never picks them up (the queue serialises runs,
  // this guards resume() against a run started at the same moment).
  const claimed = new Set<string>();

  // ---- persistence: every write checked; a failed write stops before the effect --------------

  function must<T>(result: Result<T>, what: string): T {
    if (result.ok) return result.value;
    logger.error('history write failed', { what, code: result.error.code, detail: result.error.detail });
    throw new StorageStop(`実行履歴を保存できないため中断しました（${result.error.message}）。ファイルは元の場所に残してあります。`);
  }

  function setState(ctx: RunContext | null, file: StoredFile, state: FileState, extra?: Parameters<HistoryWriter['setFileState']>[2]): StoredFile {
    const next = must(history.setFileState(file.id, state, extra), `setFileState ${state.state}`);
    opts.onPersisted?.(next);
    ctx?.emit({ type: 'file-state', runId: file.runId, fileName: file.fileName, kind: file.kind, state });
    return next;
  }

  function setPath(file: StoredFile, paths: { currentPath?: string | null; stagedPath?: string | null }): StoredFile {
    const r = history.setFilePath(file.id, paths);
    if (!r.ok) {
      // The move already happened; the row keeps the old path. Logged, not fatal.
      logger.error('history: cannot record new path', { fileId: file.id, detail: r.error.detail });
      return file;
    }
    return r.value;
  }

  // ---- settings ----------------------------------------------------------------------------

  function resolveTarget(settings: Settings, target: RunTarget): { name: string; refs: SettingRef[] } | { error: string } {
    const customers: SettingRef = { kind: 'customers', key: CUSTOMERS_KEY, setting: settings.customers };
    if (target.kind === 'customers') return { name: CUSTOMERS_NAME, refs: [customers] };
    const report = settings.reports.find((r) => r.id === target.reportId);
    if (!report) return { error: `帳票データ連携設定（ID ${target.reportId}）が見つかりません。設定が削除されていないか確認してください。` };
    return { name: report.name, refs: [customers, { kind: 'report', key: report.id, setting: report }] };
  }

  function refForFile(settings: Settings, file: StoredFile): SettingRef | null {
    if (file.kind === 'customers') return { kind: 'customers', key: CUSTOMERS_KEY, setting: settings.customers };
    const report = settings.reports.find((r) => r.id === file.settingKey);
    return report ? { kind: 'report', key: report.id, setting: report } : null;
  }

  // ---- the API calls -------------------------------------------------------------------------

  /**
   * The POST is deliberately not tied to the run's AbortSignal: cancelling mid-request would turn a
   * clean send into 要確認. Cancellation takes effect between files.
   */
  async function post(ref: SettingRef, runId: string, fileName: string, part: CsvPart): Promise<ApiResult<ImportAccepted>> {
    const name = importProcessName(runId);
    if (ref.kind === 'customers') {
      const s = ref.setting;
      return api.importCustomers(
        { settingId: s.settingId, overwriteInUse: s.overwriteInUse, overwriteWithBlank: s.overwriteWithBlank, skipFirst: s.firstLine === 'skip', importProcessName: name, fileName, csv: part.bytes },
      );
    }
    const s = ref.setting;
    return api.importReports(
      { reportTypeId: s.reportTypeId, skipFirst: s.firstLine === 'skip', approve: s.approve, approvalFlowId: s.approvalFlowId, importProcessName: name, fileName, csv: part.bytes },
    );
  }

  /**
   * Errors after which the POST is sent again within the run. A document only when the request
   * provably never reached 楽楽明細 (connection refused, DNS); a customer import is an upsert, so
   * any transient failure may be retried. (A document refused with 429 was not accepted either: it
   * stays in its folder for the next run, see afterPostError.)
   */
  function safeToResend(kind: FileKind, error: ApiError): boolean {
    if (error.kind === 'unreachable') return true;
    if (kind === 'customers') return error.kind === 'uncertain' || error.kind === 'server' || error.kind === 'malformed' || error.kind === 'rate-limited';
    return false;
  }

  async function postWithRetry(ref: SettingRef, runId: string, fileName: string, part: CsvPart, signal?: AbortSignal): Promise<ApiResult<ImportAccepted>> {
    const policy = opts.sendRetry ?? SEND_RETRY;
    for (let attempt = 0; ; attempt++) {
      const result = await post(ref, runId, fileName, part);
      if (result.ok || !safeToResend(ref.kind, result.error)) return result;
      const delay = retryDelay(attempt, random(), policy);
      logger.warn('import POST failed, safe to resend', { fileName, kind: result.error.kind, detail: result.error.detail, retryInMs: delay });
      if (delay === null) return result;
      try {
        await clock.sleep(delay, signal);
      } catch {
        return result;
      }
    }
  }

  function poll(kind: FileKind, importId: number, signal: AbortSignal | undefined, onActive: () => void): Promise<PollOutcome> {
    return pollImport(api, kind, importId, {
      clock,
      logger,
      random,
      retry: opts.pollRetry ?? POLL_RETRY,
      firstPollMs: opts.firstPollMs ?? 1_000,
      maxPollMs: opts.maxPollMs ?? 15_000,
      activeLimitMs: opts.activeLimitMs ?? 10 * 60_000,
      onActive,
      ...(signal ? { signal } : {}),
    });
  }

  // ---- moving the clerk's file -------------------------------------------------------------

  /** Moves the clerk's file and records where it went; a failure leaves it in place, with a log line. */
  async function moveAside(file: StoredFile, kind: 'processed' | 'error', note: ClerkNote | null): Promise<StoredFile> {
    const from = file.currentPath ?? file.originalPath;
    const moved = await files.archive(from, kind);
    if (!moved.ok) {
      logger.error('cannot move file', { fileId: file.id, path: from, code: moved.error.code, detail: moved.error.detail });
      return file;
    }
    const updated = setPath(file, { currentPath: moved.value });
    if (note !== null) {
      const written = note.kind === 'error'
        ? await files.writeNote(moved.value, { fileName: file.fileName, summary: note.summary, problems: note.problems, whatToDo: note.whatToDo })
        : await files.writeInfo(moved.value, note.suffix, note.text);
      if (!written.ok) logger.error('cannot write note', { fileId: file.id, detail: written.error.detail });
    }
    return updated;
  }

  async function discard(file: StoredFile): Promise<void> {
    if (file.stagedPath) await files.discardStaged(file.stagedPath);
  }

  async function archiveFailed(ctx: RunContext | { runId: string }, file: StoredFile, headline: string, problems: readonly FileProblem[], advice: string): Promise<StoredFile> {
    const moved = await moveAside(file, 'error', { kind: 'error', summary: `${headline}（実行 ${ctx.runId}）`, problems, whatToDo: advice });
    await discard(moved);
    return moved;
  }

  function heldNote(reason: string): ClerkNote {
    return { kind: 'error', summary: `【要確認】${reason}`, problems: [], whatToDo: ADVICE_HELD };
  }

  // ---- one file ----------------------------------------------------------------------------

  /** The hash is already in flight or imported: do not send it again. */
  function alreadyImported(ref: SettingRef, sha256: string): { runId: string; at: string } | null {
    const match = history.findImportedBySha(ref.key, sha256);
    if (!match) return null;
    if (ref.kind === 'customers') {
      // A split customer file counts as imported only when every part of it was.
      const run = history.getRun(match.runId);
      const rows = run?.files.filter((f) => f.sha256 === sha256 && f.settingKey === ref.key) ?? [];
      const total = rows[0]?.partTotal ?? 1;
      const done = new Set(rows.filter((f) => f.state.state === 'done' || f.resolution?.action === 'mark-sent').map((f) => f.partIndex));
      if (done.size < total) return null;
    }
    return { runId: match.runId, at: match.at };
  }

  /** Same content still on its way (sent / importing / unknown / held) from an earlier run. */
  function inFlight(ref: SettingRef, sha256: string): StoredFile | null {
    const open = [...history.findUnfinishedFiles(), ...history.findHeldFiles()];
    return open.find((f) => f.settingKey === ref.key && f.sha256 === sha256 && ['sending', 'sent', 'importing', 'unknown', 'held'].includes(f.state.state)) ?? null;
  }

  async function processCandidate(ctx: RunContext, ref: SettingRef, candidate: Candidate, force: boolean): Promise<FileEnd | null> {
    const stability = await files.stability(candidate);
    if (stability.status === 'gone') return null;
    if (stability.status === 'changing') {
      logger.info('file still being written, left for a later run', { path: candidate.path });
      return null;
    }
    const base = { runId: ctx.runId, kind: ref.kind, fileName: candidate.name, originalPath: candidate.path, settingKey: ref.key } as const;
    ctx.emit({ type: 'file-found', runId: ctx.runId, fileName: candidate.name, kind: ref.kind });
    if (stability.status === 'locked') {
      const row = must(history.addFile({ ...base, state: { state: 'skipped', reason: stability.message } }), 'addFile');
      opts.onPersisted?.(row);
      ctx.emit({ type: 'file-state', runId: ctx.runId, fileName: row.fileName, kind: row.kind, state: row.state });
      return { end: 'final', state: 'skipped' };
    }

    let file = must(history.addFile(base), 'addFile');
    opts.onPersisted?.(file);
    ctx.emit({ type: 'file-state', runId: ctx.runId, fileName: file.fileName, kind: file.kind, state: file.state });

    const staged = await files.stage(candidate.path);
    if (!staged.ok) {
      setState(ctx, file, { state: 'skipped', reason: staged.error.message });
      return { end: 'final', state: 'skipped' };
    }
    const { bytes, sha256, stagedPath } = staged.value;
    // Recorded at once, so a crash before `checked` still lets resume() remove the copy.
    file = setPath(file, { stagedPath });

    const verdict = deps.preflight({ fileName: candidate.name, bytes, kind: ref.kind, hasHeader: ref.setting.firstLine === 'skip', limits });
    if (verdict.verdict === 'invalid') {
      file = setState(ctx, file, { state: 'failed', problems: verdict.problems }, { stagedPath });
      await archiveFailed(ctx, file, '送信前の確認で問題が見つかったため、楽楽明細には送信していません。', verdict.problems, ADVICE_FIX_AND_RETRY);
      return { end: 'final', state: 'failed' };
    }
    if (verdict.verdict === 'no-data') {
      file = setState(ctx, file, { state: 'no-data' }, { stagedPath });
      file = await moveAside(file, 'processed', null);
      await discard(file);
      return { end: 'final', state: 'no-data' };
    }

    const open = inFlight(ref, sha256);
    if (open && !force) {
      // The same bytes are still being imported or wait for the clerk (要確認): sending them again
      // is exactly the double invoice this agent exists to prevent. Leave the file where it is.
      setState(ctx, file, {
        state: 'skipped',
        reason: `同じ内容のファイル「${open.fileName}」（実行 ${open.runId}）が${open.state.state === 'held' ? '要確認' : '取込確認中'}のため、送信していません。`,
      }, { stagedPath });
      await files.discardStaged(stagedPath);
      return { end: 'final', state: 'skipped' };
    }
    const previous = force ? null : alreadyImported(ref, sha256);
    if (previous) {
      file = setState(ctx, file, { state: 'duplicate', sha256, previousRunId: previous.runId }, { stagedPath });
      file = await moveAside(file, 'processed', { kind: 'info', suffix: '同一内容', text: duplicateNote(file.fileName, previous.runId, previous.at) });
      await discard(file);
      logger.info(DUPLICATE_MESSAGE, { fileName: file.fileName, previousRunId: previous.runId });
      return { end: 'final', state: 'duplicate' };
    }

    const parts = verdict.parts;
    file = setState(ctx, file, { state: 'checked', sha256, lines: verdict.dataLines, bytes: bytes.length }, { stagedPath, partIndex: 1, partTotal: parts.length });
    return sendParts(ctx, ref, file, parts, sha256, 0);
  }

  /**
   * Sends parts[from…] of one file, each as its own import, waiting for each to complete before the
   * next. `first` is the row of parts[from], already in `checked` (or `held` with a resend choice).
   */
  async function sendParts(ctx: RunContext, ref: SettingRef, first: StoredFile, parts: readonly CsvPart[], sha256: string, from: number): Promise<FileEnd> {
    let row = first;
    for (let i = from; i < parts.length; i++) {
      const part = parts[i]!;
      if (i > from) {
        row = must(history.addFile({
          runId: ctx.runId, kind: ref.kind, fileName: row.fileName, originalPath: row.originalPath, stagedPath: row.stagedPath, currentPath: row.currentPath,
          settingKey: ref.key, partIndex: i + 1, partTotal: parts.length,
          state: { state: 'checked', sha256, lines: part.dataLines, bytes: part.bytes.length },
        }), 'addFile part');
        opts.onPersisted?.(row);
      }
      const end = await sendOne(ctx, ref, row, part, sha256);
      if (end.end === 'stop-run' || end.state !== 'done') return end;
      if (i < parts.length - 1) continue;
      // Last part imported: the clerk's file goes to 処理済み.
      const moved = await moveAside(history.getFile(row.id) ?? row, 'processed', null);
      await discard(moved);
    }
    return { end: 'final', state: 'done' };
  }

  /** One POST and its polling. `row` is in `checked` or (resend) `held`. */
  async function sendOne(ctx: RunContext, ref: SettingRef, row: StoredFile, part: CsvPart, sha256: string): Promise<FileEnd> {
    let file = setState(ctx, row, { state: 'sending', sha256 });
    const result = await postWithRetry(ref, ctx.runId, file.fileName, part, ctx.signal);
    if (!result.ok) return afterPostError(ctx, ref, file, sha256, result.error);
    file = setState(ctx, file, { state: 'sent', importId: result.value.importId });
    return followImport(ctx, file, result.value.importId);
  }

  async function afterPostError(ctx: RunContext, ref: SettingRef, file: StoredFile, sha256: string, error: ApiError): Promise<FileEnd> {
    logger.warn('import POST failed', { fileId: file.id, kind: error.kind, detail: error.detail });
    if (error.kind === 'rejected') {
      const problems = error.problems.length > 0 ? error.problems : [{ message: error.message }];
      const failed = setState(ctx, file, { state: 'failed', problems });
      await archiveFailed(ctx, failed, '楽楽明細が取込を受け付けませんでした。', problems, ADVICE_API_REJECTED);
      return { end: 'final', state: 'failed' };
    }
    const mayHaveArrived = error.kind === 'uncertain' || error.kind === 'server' || error.kind === 'malformed';
    if (mayHaveArrived && ref.kind === 'report') {
      const reason = heldReason(ctx.runId, `送信中に通信が途切れました（${error.message}）。`);
      const held = setState(ctx, file, { state: 'held', sha256, reason });
      await moveAside(held, 'error', heldNote(reason));
      return { end: 'final', state: 'held' };
    }
    // Provably not imported (maintenance, wrong token or URL, unreachable after retries, or a
    // customer upsert that can simply be sent again): the file stays where it is for the next run.
    const message = `${error.message} ファイルは元の場所に残してあり、次回の実行で送ります。`;
    setState(ctx, file, { state: 'failed', problems: [{ message }] });
    await discard(file);
    return { end: 'stop-run', state: 'failed', notice: error.message };
  }

  /** Polls an import (whose row is in sent / importing / unknown) to its end and files the result. */
  async function followImport(ctx: RunContext, row: StoredFile, importId: number): Promise<FileEnd> {
    let file = row;
    let recordedImporting = false;
    const outcome = await poll(file.kind, importId, ctx.signal, () => {
      // One `importing` row per import is enough to show progress; repeating it on every poll
      // would only churn the database.
      if (recordedImporting) return;
      recordedImporting = true;
      file = setState(ctx, file, { state: 'importing', importId });
    });
    switch (outcome.kind) {
      case 'complete':
        setState(ctx, file, { state: 'done', importId });
        return { end: 'final', state: 'done' };
      case 'failed': {
        const problems = outcome.problems.length > 0 ? outcome.problems : [{ message: '楽楽明細での取込に失敗しました。' }];
        const failed = setState(ctx, file, { state: 'failed', importId, problems });
        await archiveFailed(ctx, failed, `楽楽明細での取込に失敗しました（取込ID ${importId}）。`, problems, ADVICE_API_REJECTED);
        return { end: 'final', state: 'failed' };
      }
      case 'unknown':
        setState(ctx, file, { state: 'unknown', importId });
        logger.warn('取込状況不明', { fileId: file.id, importId, reason: outcome.reason });
        return { end: 'final', state: 'unknown' };
    }
  }

  // ---- resuming what a crash left ------------------------------------------------------------

  async function partsOf(file: StoredFile, ref: SettingRef): Promise<{ parts: readonly CsvPart[] } | { problem: string }> {
    if (!file.stagedPath) return { problem: '送信用のコピーが記録されていません。' };
    const bytes = await files.readStaged(file.stagedPath);
    if (!bytes.ok) return { problem: bytes.error.message };
    const verdict = deps.preflight({ fileName: file.fileName, bytes: bytes.value, kind: file.kind, hasHeader: ref.setting.firstLine === 'skip', limits });
    if (verdict.verdict !== 'ready' || verdict.sha256 !== file.sha256) return { problem: '送信用のコピーが記録と一致しません。' };
    return { parts: verdict.parts };
  }

  /** Resumes one file; returns whether it became held. */
  async function resumeFile(ctx: RunContext, file: StoredFile): Promise<'held' | 'other'> {
    const settings = settingsNow();
    const ref = refForFile(settings, file);
    switch (file.state.state) {
      case 'found':
      case 'checked':
        // Nothing left the PC; the clerk's file is still in its folder and the next run takes it.
        setState(ctx, file, { state: 'skipped', reason: '処理が中断されました。ファイルは元の場所にあり、次回の実行で送ります。' });
        if (file.stagedPath) await files.discardStaged(file.stagedPath);
        return 'other';
      case 'sending': {
        const sha256 = file.state.sha256;
        if (file.kind === 'report' || !ref) {
          const reason = heldReason(file.runId, '送信中にアプリが終了しました。');
          const held = setState(ctx, file, { state: 'held', sha256, reason });
          await moveAside(held, 'error', heldNote(reason));
          return 'held';
        }
        // Customer data: an upsert, safe to send again. The row passes through held (recorded as
        // the agent's own choice) because `sending` is never re-entered directly.
        const held = setState(ctx, file, { state: 'held', sha256, reason: '送信中にアプリが終了しました。顧客データは上書き登録のため自動で再送します。' });
        must(history.resolveHeld(held.id, 'resend'), 'resolveHeld');
        const parts = await partsOf(held, ref);
        if ('problem' in parts) {
          setState(ctx, held, { state: 'sending', sha256 });
          const failed = setState(ctx, history.getFile(held.id) ?? held, { state: 'failed', problems: [{ message: `再送できませんでした: ${parts.problem} ファイルは元の場所に残してあります。` }] });
          logger.error('customer resend impossible', { fileId: failed.id, problem: parts.problem });
          return 'other';
        }
        await sendParts(ctx, ref, history.getFile(held.id) ?? held, parts.parts, sha256, held.partIndex - 1);
        return 'other';
      }
      case 'sent':
      case 'importing':
      case 'unknown': {
        const importId = file.state.importId;
        const end = await followImport(ctx, file, importId);
        if (end.state !== 'done') return 'other';
        const done = history.getFile(file.id) ?? file;
        if (done.partIndex < done.partTotal) {
          await continueParts(ctx, done);
          return 'other';
        }
        const moved = await moveAside(done, 'processed', null);
        await discard(moved);
        return 'other';
      }
      default:
        return 'other';
    }
  }

  /** Sends the parts after `done` (a split customer file whose part `done.partIndex` was imported). */
  async function continueParts(ctx: RunContext, done: StoredFile): Promise<void> {
    const ref = refForFile(settingsNow(), done);
    if (!ref || done.sha256 === null) return;
    const parts = await partsOf(done, ref);
    if ('problem' in parts) {
      logger.error('cannot continue a split file', { fileId: done.id, problem: parts.problem });
      return;
    }
    const part = parts.parts[done.partIndex];
    if (!part) return;
    const next = must(history.addFile({
      runId: done.runId, kind: done.kind, fileName: done.fileName, originalPath: done.originalPath, stagedPath: done.stagedPath, currentPath: done.currentPath,
      settingKey: done.settingKey, partIndex: done.partIndex + 1, partTotal: done.partTotal,
      state: { state: 'checked', sha256: done.sha256, lines: part.dataLines, bytes: part.bytes.length },
    }), 'addFile part');
    opts.onPersisted?.(next);
    await sendParts(ctx, ref, next, parts.parts, done.sha256, done.partIndex);
  }

  /** A crash between `done`/`failed` and the move: finish the move (only if the file is still there). */
  async function finishMoves(runId: string): Promise<void> {
    const run = history.getRun(runId);
    if (!run) return;
    for (const f of run.files) {
      const here = f.currentPath === f.originalPath || f.currentPath === null;
      if (!here || !(await files.exists(f.originalPath))) continue;
      // Only the very file that was imported: a new export under the same name must stay to be sent.
      const bytes = await files.readStaged(f.originalPath);
      if (!bytes.ok || f.sha256 === null || createHash('sha256').update(bytes.value).digest('hex') !== f.sha256) continue;
      const lastPart = f.partIndex === f.partTotal;
      const nextPartRecorded = run.files.some((g) => g.originalPath === f.originalPath && g.sha256 === f.sha256 && g.partIndex === f.partIndex + 1);
      if (f.state.state === 'done' && !lastPart && !nextPartRecorded) {
        // A split customer file stopped between two parts: send the rest (upserts) in the same run.
        await continueParts({ runId, targetName: run.targetName, signal: undefined, emit: () => {} }, f);
      } else if (f.state.state === 'done' && lastPart) await discard(await moveAside(f, 'processed', null));
      else if (f.state.state === 'failed' && f.importId !== null) {
        await archiveFailed({ runId }, f, '楽楽明細での取込に失敗しました。', f.problems, ADVICE_API_REJECTED);
      }
    }
  }

  function revisitOutcome(runId: string): RunSummary | null {
    const run = history.getRun(runId);
    if (!run || run.outcome !== 'attention') return null;
    let resent = 0;
    const states: FileStateName[] = [];
    for (const f of run.files) {
      if (f.state.state === 'held' && f.resolution) {
        // 送信済みにする: the clerk saw it imported. 再送する: a later run carries it.
        if (f.resolution.action === 'mark-sent') states.push('done');
        else resent++;
      } else states.push(f.state.state);
    }
    if (states.some((s) => s === 'held' || s === 'unknown')) return null;
    const decided = decideOutcome({ targetName: run.targetName, states, resent });
    const revised = history.reviseOutcome(runId, decided.outcome, decided.message);
    if (!revised.ok) {
      logger.warn('run outcome not revised', { runId, code: revised.error.code });
      return null;
    }
    logger.info('run outcome revised', { runId, outcome: decided.outcome });
    return revised.value;
  }

  function finish(runId: string, targetName: string, cancelled: boolean, notice: string | null): RunSummary {
    const run = history.getRun(runId);
    const states = run?.files.map((f) => f.state.state) ?? [];
    const decided = decideOutcome({ targetName, states, cancelled, notice });
    return must(history.finishRun(runId, decided.outcome, decided.message), 'finishRun');
  }

  async function resume(): Promise<ResumeReport> {
    const runs = history.findUnfinishedRuns();
    const pending = history.findUnfinishedFiles().filter((f) => !claimed.has(f.originalPath));
    let held = 0;
    for (const f of pending) claimed.add(f.originalPath);
    try {
      for (const file of pending) {
        const ctx: RunContext = { runId: file.runId, targetName: '', signal: undefined, emit: () => {} };
        try {
          if ((await resumeFile(ctx, file)) === 'held') held++;
        } catch (e) {
          if (e instanceof StorageStop) throw e;
          logger.error('resume of a file failed', { fileId: file.id, detail: e instanceof Error ? e.stack : String(e) });
        }
      }
    } finally {
      for (const f of pending) claimed.delete(f.originalPath);
    }
    const finished: RunSummary[] = [];
    for (const run of runs) {
      await finishMoves(run.id);
      const stillOpen = history.getRun(run.id)?.files.some((f) => ['found', 'checked', 'sending', 'sent', 'importing'].includes(f.state.state));
      if (stillOpen) continue;
      finished.push(finish(run.id, run.targetName, false, '（中断された実行を再開して完了しました）'));
    }
    logger.info('resume finished', { files: pending.length, held, runs: finished.length });
    return { resumed: pending.length, held, runs: finished };
  }

  // ---- one run -----------------------------------------------------------------------------

  const execute: RunExecutor = async ({ runId, target, trigger, signal, onProgress }) => {
    const settings = settingsNow();
    const resolved = resolveTarget(settings, target);
    const targetName = 'error' in resolved ? '不明な設定' : resolved.name;
    const emit: RunContext['emit'] = (p) => {
      try {
        onProgress(p);
      } catch (e) {
        logger.warn('progress listener threw', { detail: String(e) });
      }
    };
    const ctx: RunContext = { runId, targetName, signal, emit };
    const log = logger.child({ runId });
    const created = history.createRun({ id: runId, target, targetName, trigger, startedAt: clock.now() });
    if (!created.ok) {
      log.error('cannot create run', { detail: created.error.detail });
      const now = clock.now().toISOString();
      const summary: RunSummary = {
        id: runId, target, targetName, trigger, startedAt: now, finishedAt: now, outcome: 'failed',
        counts: { files: 0, done: 0, failed: 0, skipped: 0, attention: 0 },
        message: `${targetName}: 実行履歴を保存できないため実行しませんでした（${created.error.message}）`,
      };
      emit({ type: 'run-finished', runId, summary });
      return summary;
    }
    emit({ type: 'run-started', runId, target, trigger, targetName });

    let notice: string | null = 'error' in resolved ? resolved.error : null;
    let summary: RunSummary;
    try {
      if (!('error' in resolved)) notice = await runPhases(ctx, settings, resolved.refs);
      summary = finish(runId, targetName, signal.aborted, notice);
    } catch (e) {
      const message = e instanceof StorageStop ? e.clerkMessage : '予期しないエラーで中断しました。ログを確認してください。';
      log.error('run stopped', { detail: e instanceof Error ? e.stack : String(e) });
      const finished = history.finishRun(runId, 'failed', `${targetName}: ${message}`);
      const now = clock.now().toISOString();
      summary = finished.ok ? finished.value : {
        id: runId, target, targetName, trigger, startedAt: now, finishedAt: now, outcome: 'failed',
        counts: { files: 0, done: 0, failed: 0, skipped: 0, attention: 0 }, message: `${targetName}: ${message}`,
      };
    }
    emit({ type: 'run-finished', runId, summary });
    log.info('run finished', { outcome: summary.outcome, message: summary.message });
    return summary;
  };

  /** Customers first, then documents (only when every customer file of this run was imported). */
  async function runPhases(ctx: RunContext, settings: Settings, refs: readonly SettingRef[]): Promise<string | null> {
    // 取込状況不明 from earlier runs of these settings: ask again before sending anything new.
    const keys = new Set(refs.map((r) => r.key));
    for (const f of history.findUnfinishedFiles()) {
      if (f.state.state !== 'unknown' || !keys.has(f.settingKey) || claimed.has(f.originalPath)) continue;
      claimed.add(f.originalPath);
      try {
        await resumeFile({ ...ctx, runId: f.runId }, f);
      } finally {
        claimed.delete(f.originalPath);
      }
      revisitOutcome(f.runId);
    }

    for (const ref of refs) {
      const folder = join(settings.agent.root, ref.setting.folder);
      const listed = await files.list(folder, ref.setting.filePrefix);
      if (!listed.ok) {
        if (ref.kind === 'customers' && refs.length > 1 && listed.error.code === 'files.folder-missing') {
          // Not every office exports customer data: no folder means no customer file to send first.
          logger.info('customer folder missing, documents only', { folder });
          continue;
        }
        const label = FILE_KIND_LABELS[ref.kind];
        return `${label}のフォルダを読めませんでした: ${listed.error.message}`;
      }
      const candidates = listed.value.filter((c) => !claimed.has(c.path));
      let total = 0;
      let allImported = true;
      for (const candidate of candidates) {
        if (ctx.signal?.aborted) return null;
        ctx.emit({ type: 'file-importing', runId: ctx.runId, fileName: candidate.name, index: total + 1, total: candidates.length });
        claimed.add(candidate.path);
        let end: FileEnd | null;
        try {
          end = await processCandidate(ctx, ref, candidate, false);
        } finally {
          claimed.delete(candidate.path);
        }
        if (end === null) continue;
        total++;
        if (end.end === 'stop-run') return `${end.notice} 残りのファイルは次回の実行で送ります。`;
        if (!['done', 'no-data', 'duplicate'].includes(end.state)) allImported = false;
      }
      if (ref.kind === 'customers' && !allImported && refs.length > 1) {
        // Document lines name customers by 顧客コード; sending them before the customers exist in
        // 楽楽明細 would fail line by line. They wait in their folder for the next run.
        return '顧客データの取込が完了しなかったため、帳票データは送信していません（ファイルはそのままです）。';
      }
    }
    return null;
  }

  async function resendHeld(request: ResendRequest): Promise<Result<RunSummary>> {
    const file = history.getFile(request.fileId);
    if (!file || !awaitsClerkChoice(file) || file.sha256 === null) {
      return err(appError('runner.not-held', NOT_AWAITING_CHOICE_MESSAGE, `file ${request.fileId}`));
    }
    const sha256 = file.sha256;
    const ref = refForFile(settingsNow(), file);
    if (!ref) return err(appError('runner.setting-missing', `「${file.fileName}」の帳票データ連携設定が見つかりません。設定が削除されていないか確認してください。`));
    if (claimed.has(file.originalPath)) return err(appError('queue.busy', '実行中です。終わってからもう一度選んでください。'));
    const parts = await partsOf(file, ref);
    if ('problem' in parts) return err(appError('runner.staged-missing', `再送できません: ${parts.problem} 元のファイルをフォルダに置き直してください。`));
    const resolved = history.resolveHeld(file.id, 'resend');
    if (!resolved.ok) return resolved;
    revisitOutcome(file.runId);

    return clerkRun(request, ref, file.originalPath, 'resend', async (ctx) => {
      // Back beside its setting's folder, so that success files it under that folder's 処理済み.
      let currentPath = file.currentPath ?? file.originalPath;
      if (currentPath !== file.originalPath && (await files.exists(currentPath))) {
        const back = await files.restore(currentPath, file.originalPath);
        if (back.ok) currentPath = file.originalPath;
        else logger.warn('cannot put held file back, it stays in エラー', { fileId: file.id, detail: back.error.detail });
      }
      const first = parts.parts[0]!;
      const row = must(history.addFile({
        runId: request.runId, kind: file.kind, fileName: file.fileName, originalPath: file.originalPath, currentPath, stagedPath: file.stagedPath,
        settingKey: file.settingKey, partIndex: 1, partTotal: parts.parts.length,
        state: { state: 'checked', sha256, lines: first.dataLines, bytes: first.bytes.length },
      }), 'addFile resend');
      opts.onPersisted?.(row);
      return sendParts(ctx, ref, row, parts.parts, sha256, 0);
    });
  }

  async function forceSend(request: ResendRequest): Promise<Result<RunSummary>> {
    const file = history.getFile(request.fileId);
    if (!file || file.state.state !== 'duplicate') {
      return err(appError('runner.not-duplicate', 'このファイルは「同一内容」ではありません。画面を更新してください。', `file ${request.fileId}`));
    }
    const ref = refForFile(settingsNow(), file);
    if (!ref) return err(appError('runner.setting-missing', `「${file.fileName}」の帳票データ連携設定が見つかりません。設定が削除されていないか確認してください。`));
    if (claimed.has(file.originalPath)) return err(appError('queue.busy', '実行中です。終わってからもう一度選んでください。'));
    // Forced once already: a newer import of these bytes exists (row ids only grow).
    const newer = file.sha256 === null ? null : history.findImportedBySha(file.settingKey, file.sha256);
    if (newer && newer.fileId > file.id) {
      return err(appError('runner.already-forced', `「${file.fileName}」はすでに送信し直しました（実行 ${newer.runId}）。`));
    }
    const from = file.currentPath ?? file.originalPath;
    if (from !== file.originalPath) {
      const back = await files.restore(from, file.originalPath);
      if (!back.ok) return err(appError(back.error.code, `${back.error.message}（同じ名前のファイルがフォルダにある場合は、先に送るか移動してください）`, back.error.detail));
    }
    const listed = await files.list(join(settingsNow().agent.root, ref.setting.folder), ref.setting.filePrefix);
    const candidate = listed.ok ? listed.value.find((c) => c.path === file.originalPath) : undefined;
    if (!candidate) return err(appError('runner.file-missing', `「${file.fileName}」が見つかりません。`));

    return clerkRun(request, ref, file.originalPath, 'forced send', (ctx) => processCandidate(ctx, ref, candidate, true));
  }

  /**
   * A run the clerk started for one file (再送する, 同じ内容でも送信する): recorded as a manual run of
   * that file's setting, the file claimed for its duration, a storage failure finishing it as failed.
   */
  async function clerkRun(
    request: ResendRequest,
    ref: SettingRef,
    path: string,
    what: string,
    body: (ctx: RunContext) => Promise<FileEnd | null>,
  ): Promise<Result<RunSummary>> {
    const target: RunTarget = ref.kind === 'customers' ? { kind: 'customers' } : { kind: 'report', reportId: ref.key };
    const targetName = ref.kind === 'customers' ? CUSTOMERS_NAME : ref.setting.name;
    const created = history.createRun({ id: request.runId, target, targetName, trigger: 'manual', startedAt: clock.now() });
    if (!created.ok) return created;
    const emit: RunContext['emit'] = (p) => {
      try {
        request.onProgress?.(p);
      } catch (e) {
        logger.warn('progress listener threw', { detail: String(e) });
      }
    };
    const ctx: RunContext = { runId: request.runId, targetName, signal: request.signal, emit };
    emit({ type: 'run-started', runId: request.runId, target, trigger: 'manual', targetName });
    claimed.add(path);
    try {
      const end = await body(ctx);
      const summary = finish(request.runId, targetName, false, end?.end === 'stop-run' ? end.notice : null);
      emit({ type: 'run-finished', runId: request.runId, summary });
      return ok(summary);
    } catch (e) {
      const message = e instanceof StorageStop ? e.clerkMessage : '予期しないエラーで中断しました。ログを確認してください。';
      logger.error(`${what} stopped`, { detail: e instanceof Error ? e.stack : String(e) });
      const finished = history.finishRun(request.runId, 'failed', `${targetName}: ${message}`);
      return finished.ok ? ok(finished.value) : err(appError('runner.storage', message));
    } finally {
      claimed.delete(path);
    }
  }

  return { execute, resume, resendHeld, forceSend, revisitOutcome };
}
