// Sending a checked file: part by part (a customer file over a limit has several), each part's
// state persisted as `sending` before its POST; a POST refused before it reached 楽楽明細 is resent
// at once where that is safe (send-decisions.ts); each accepted import is followed to its end
// before the next part; the clerk's file goes to 処理済み when the last part is imported. What a
// POST that finally failed means for the file is decided in send-decisions.ts and applied here: a
// POST that never arrived makes the row 再送待ち (the file stays claimed in 処理中, the staged copy
// is kept for the automatic resend) and parks the rest of the run behind it (send-gate.ts).
import type { RetryWaitState } from '../../../shared/run';
import type { ApiError, ApiResult, ImportAccepted, MeisaiApi } from '../api/types';
import type { HistoryReader, StoredFile } from '../history/history-interface';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { CsvPart } from '../preflight/types';
import { documentLines } from './content-guard';
import { ADVICE_API_REJECTED, HEADLINE_REJECTED, heldReason, importNameOf, NOT_SENT_SENTENCE } from './clerk-messages';
import type { FileAway } from './file-away';
import type { FollowImport } from './follow';
import type { Journal } from './journal';
import { nextRetryAttempt, RETRY_WAIT, retryDelay, SEND_RETRY, type RetryPolicy, type RetryWaitPolicy } from './retry-delay';
import type { RunContext, SentEnd } from './run-context';
import { postErrorMeaning, safeToResend } from './send-decisions';
import type { Parked } from './send-gate';
import { settingRefusal } from './setting-errors';
import type { SettingRef } from './setting-refs';

export interface SendDeps {
  readonly api: Pick<MeisaiApi, 'importCustomers' | 'importReports'>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly random: () => number;
  readonly sendRetry?: RetryPolicy | undefined;
  readonly retryWait?: RetryWaitPolicy | undefined;
  readonly reader: Pick<HistoryReader, 'getFile'>;
  readonly journal: Pick<Journal, 'setState' | 'addFile' | 'importName'>;
  readonly fileAway: Pick<FileAway, 'fileFailed' | 'fileHeld' | 'fileProcessed' | 'discardStaged'>;
  readonly follow: FollowImport;
}

/**
 * Sends parts[from…] of one file. `first` is the row of parts[from], already in `checked`, `held`
 * with the clerk's resend choice, or `retry-wait` (the automatic resend).
 */
export type SendParts = (ctx: RunContext, ref: SettingRef, first: StoredFile, parts: readonly CsvPart[], sha256: string, from: number) => Promise<SentEnd>;

/** The code on the problem of a file whose 再送待ち ran out (72 hours): the notification counts them. */
export const RETRY_EXPIRED_CODE = 'retry-expired';

/** The clerk's sentence for a file that gave up waiting; it goes back to its folder. */
export function retryExpiredMessage(lastReason: string): string {
  return `楽楽明細に送信できないまま72時間が過ぎたため、自動の再送をやめました（最後の理由: ${lastReason}） ファイルは元のフォルダに戻しました。次回の実行で送ります。`;
}

/** The history row of part `index` (0-based) of a file whose previous part's row is `previous`. */
export function addPartRow(journal: Pick<Journal, 'addFile'>, runId: string, previous: StoredFile, parts: readonly CsvPart[], index: number, sha256: string): StoredFile {
  const part = parts[index]!;
  return journal.addFile({
    runId, kind: previous.kind, fileName: previous.fileName, originalPath: previous.originalPath, stagedPath: previous.stagedPath, currentPath: previous.currentPath,
    settingKey: previous.settingKey, partIndex: index + 1, partTotal: parts.length,
    state: { state: 'checked', sha256, lines: part.dataLines, bytes: part.bytes.length },
  }, 'addFile part');
}

export function createSend(deps: SendDeps): SendParts {
  const { api, journal, fileAway, logger } = deps;

  /**
   * The POST is deliberately not tied to the run's AbortSignal: cancelling mid-request would turn a
   * clean send into 要確認. Cancellation takes effect between files.
   */
  function post(ref: SettingRef, name: string, fileName: string, part: CsvPart, issue: StoredFile['issue']): Promise<ApiResult<ImportAccepted>> {
    const skipFirst = ref.setting.firstLine === 'skip';
    if (ref.kind === 'customers') {
      const s = ref.setting;
      return api.importCustomers({ settingId: s.settingId, overwriteInUse: s.overwriteInUse, overwriteWithBlank: s.overwriteWithBlank, skipFirst, importProcessName: name, fileName, csv: part.bytes });
    }
    const s = ref.setting;
    return api.importReports({ reportTypeId: s.reportTypeId, skipFirst, approve: s.approve, approvalFlowId: s.approvalFlowId, importProcessName: name, fileName, csv: part.bytes, issue });
  }

  async function postWithRetry(ref: SettingRef, importName: string, fileName: string, part: CsvPart, issue: StoredFile['issue'], signal?: AbortSignal): Promise<ApiResult<ImportAccepted>> {
    const policy = deps.sendRetry ?? SEND_RETRY;
    for (let attempt = 0; ; attempt++) {
      const result = await post(ref, importName, fileName, part, issue);
      if (result.ok || !safeToResend(ref.kind, result.error)) return result;
      const delay = retryDelay(attempt, deps.random(), policy);
      logger.warn('import POST failed, safe to resend', { fileName, kind: result.error.kind, detail: result.error.detail, retryInMs: delay });
      if (delay === null) return result;
      try {
        await deps.clock.sleep(delay, signal);
      } catch {
        return result;
      }
    }
  }

  /** Parks a row (checked, or still 再送待ち) behind the run's gate: 再送待ち without a POST. */
  function park(ctx: RunContext, row: StoredFile, sha256: string, parked: Parked): SentEnd {
    const waited = row.state.state === 'retry-wait' ? row.state : null;
    journal.setState(ctx, row, {
      state: 'retry-wait', sha256,
      attempts: waited?.attempts ?? 0,
      nextAttemptAt: parked.until.toISOString(),
      firstFailedAt: waited?.firstFailedAt ?? deps.clock.now().toISOString(),
      reason: parked.reason,
    });
    return { end: 'final', state: 'retry-wait' };
  }

  /** A POST that never arrived: 再送待ち for the next attempt, or failed once 72 hours have passed. */
  async function waitToRetry(ctx: RunContext, file: StoredFile, sha256: string, waited: RetryWaitState | null, reason: string, retryAfter: string | undefined): Promise<SentEnd> {
    const now = deps.clock.now();
    const attempts = (waited?.attempts ?? 0) + 1;
    const firstFailedAt = waited?.firstFailedAt ?? now.toISOString();
    const next = nextRetryAttempt({ attempts, firstFailedAt: new Date(firstFailedAt), now, retryAfter, random: deps.random(), policy: deps.retryWait ?? RETRY_WAIT });
    if (next.kind === 'expired') {
      journal.setState(ctx, file, { state: 'failed', problems: [{ message: retryExpiredMessage(reason), code: RETRY_EXPIRED_CODE }], cause: 'not-sent' });
      // Nothing reached 楽楽明細: the claim goes back to the folder (the caller settles it) and a
      // later run sends the file as new content, through the usual guards.
      await fileAway.discardStaged(file);
      logger.warn('再送待ち expired after 72 hours', { fileId: file.id, attempts });
      return { end: 'final', state: 'failed' };
    }
    journal.setState(ctx, file, { state: 'retry-wait', sha256, attempts, nextAttemptAt: next.at.toISOString(), firstFailedAt, reason });
    // The rest of this run waits for the same moment rather than meeting the same wall.
    ctx.gate?.park(next.at, reason);
    logger.info('再送待ち', { fileId: file.id, attempts, nextAttemptAt: next.at.toISOString() });
    return { end: 'final', state: 'retry-wait' };
  }

  async function afterPostError(ctx: RunContext, ref: SettingRef, file: StoredFile, sha256: string, error: ApiError, waited: RetryWaitState | null): Promise<SentEnd> {
    logger.warn('import POST failed', { fileId: file.id, kind: error.kind, detail: error.detail });
    const meaning = postErrorMeaning(ref.kind, error);
    switch (meaning.kind) {
      case 'retry-wait':
        return waitToRetry(ctx, file, sha256, waited, meaning.reason, meaning.retryAfter);
      case 'refused': {
        const setting = settingRefusal(ref, meaning.problems);
        if (setting !== null) {
          // The CSV is fine, a setting is wrong: the file stays where the clerk put it, and the
          // setting's other files would be refused the same way.
          journal.setState(ctx, file, { state: 'failed', problems: [{ message: `${setting.message}。${setting.whatToDo}` }], cause: 'setting' });
          await fileAway.discardStaged(file);
          return { end: 'stop-run', state: 'failed', notice: `${setting.message}。設定を直してください。` };
        }
        const failed = journal.setState(ctx, file, { state: 'failed', problems: meaning.problems, cause: 'rejected' });
        await fileAway.fileFailed(ctx.runId, failed, HEADLINE_REJECTED, meaning.problems, ADVICE_API_REJECTED);
        return { end: 'final', state: 'failed' };
      }
      case 'held': {
        const importName = importNameOf(file);
        // An answer that is not the documented one is not a broken connection: say which it was.
        const why = error.kind === 'malformed' ? `${error.message}` : `送信中に通信が途切れました（${error.message}）。`;
        const reason = heldReason(importName, why);
        await fileAway.fileHeld(journal.setState(ctx, file, { state: 'held', sha256, reason, importName }), reason);
        return { end: 'final', state: 'held' };
      }
      case 'next-run': {
        const message = `${error.message} ${NOT_SENT_SENTENCE}`;
        journal.setState(ctx, file, { state: 'failed', problems: [{ message }], cause: 'not-sent' });
        await fileAway.discardStaged(file);
        return { end: 'stop-run', state: 'failed', notice: error.message };
      }
    }
  }

  /** One POST and its polling. `row` is in `checked`, (resend) `held` or (automatic resend) `retry-wait`. */
  async function sendOne(ctx: RunContext, ref: SettingRef, row: StoredFile, part: CsvPart, sha256: string): Promise<SentEnd> {
    const parked = ctx.gate?.parked ?? null;
    if (parked !== null) return park(ctx, row, sha256, parked);
    const waited = row.state.state === 'retry-wait' ? row.state : null;
    // A document's lines are recorded with `sending` (the overlap guard sees them in flight); an
    // automatic resend of the same row records nothing twice (its lines are still held from the first).
    const sentLines = documentLines(ref, part);
    const importName = journal.importName(ctx.runId);
    let file = journal.setState(ctx, row, { state: 'sending', sha256, importName }, sentLines === undefined ? undefined : { sentLines });
    const result = await postWithRetry(ref, importName, file.fileName, part, file.issue, ctx.signal);
    if (!result.ok) return afterPostError(ctx, ref, file, sha256, result.error, waited);
    file = journal.setState(ctx, file, { state: 'sent', importId: result.value.importId });
    return deps.follow(ctx, file, result.value.importId);
  }

  return async (ctx, ref, first, parts, sha256, from) => {
    let row = first;
    for (let i = from; i < parts.length; i++) {
      if (i > from) row = addPartRow(journal, ctx.runId, row, parts, i, sha256);
      const end = await sendOne(ctx, ref, row, parts[i]!, sha256);
      if (end.end === 'stop-run' || end.state !== 'done') return end;
      // Last part imported: the clerk's file goes to 処理済み.
      if (i === parts.length - 1) await fileAway.fileProcessed(deps.reader.getFile(row.id) ?? row);
    }
    return { end: 'final', state: 'done' };
  };
}
