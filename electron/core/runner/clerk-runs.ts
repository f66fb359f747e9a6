// What the clerk starts from 実行履歴 for one file: 再送する and 送信済みにする for a 要確認 file,
// 同じ内容でも送信する for a file set aside as 同一内容, and for a file held because some of its lines
// went before (要確認（一部送信済み）): 送信しない, 差替発行として送信, すべて新規発行で送信. The sends
// are runs of their own (a manual run of the file's setting, the file claimed meanwhile, the staged
// copy that was checked sent as it is); 送信済みにする and 送信しない record the choice and settle the
// run they came from. The window reaches these through HeldFileResolver and ClerkRuns, never through
// the history writer.
import { join } from 'node:path';
import { appError, err, ok, type Result } from '../../../shared/result';
import { awaitsClerkChoice, awaitsOverlapChoice, NOT_AWAITING_CHOICE_MESSAGE, NOT_AWAITING_OVERLAP_MESSAGE, type IssueKind, type RunProgress, type RunSummary } from '../../../shared/run';
import type { Settings } from '../../../shared/settings/schema';
import type { HistoryReader, StoredFile } from '../history/history-interface';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { Claims } from './claims';
import { OVERLAP_SKIPPED_MESSAGE } from './clerk-messages';
import type { ProcessFile } from './file-pipeline';
import type { FileAway } from './file-away';
import type { FileOps } from './file-ops';
import { stopMessage, type Journal } from './journal';
import { progressEmitter, type FileEnd, type RunContext } from './run-context';
import type { SendParts } from './send';
import { refForFile, targetOfRef, type SettingRef } from './setting-refs';
import type { StagedParts } from './staged-parts';
import type { CsvPart } from '../preflight/types';

export interface ResendRequest {
  /** The file the clerk chose (要確認 for 再送する, 同一内容 for 同じ内容でも送信する). */
  readonly fileId: number;
  /** The new run's id (a UUID); its importProcessName tells the two attempts apart in 楽楽明細. */
  readonly runId: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: RunProgress) => void;
}

/** The clerk's answer to a 要確認 file: the window's history handlers get this, not the writer. */
export interface HeldFileResolver {
  /**
   * 再送する: records the choice, then sends the staged copy (the exact bytes that were checked) in
   * a new run, and files the clerk's file under 処理済み on success.
   */
  resendHeld(request: ResendRequest): Promise<Result<RunSummary>>;
  /** 送信済みにする: the clerk saw the import in 楽楽明細; its run is settled (revised, or null). */
  markSent(fileId: number): Result<{ readonly revised: RunSummary | null }>;
}

/** The clerk's answer to a file held for overlapping lines (要確認（一部送信済み）). */
export interface OverlapResolver {
  /**
   * 差替発行として送信 (`replace`, isNewIssues 2) or すべて新規発行で送信 (`new`, isNewIssues 1):
   * records the answer, then sends the staged copy in a new run like 再送する.
   */
  sendOverlap(request: ResendRequest & { readonly issue: IssueKind }): Promise<Result<RunSummary>>;
  /** 送信しない: the file stays in エラー with a note saying so; its run is settled (revised, or null). */
  skipOverlap(fileId: number): Promise<Result<{ readonly revised: RunSummary | null }>>;
}

export interface ClerkRuns extends HeldFileResolver, OverlapResolver {
  /**
   * 同じ内容でも送信する: a file set aside as 同一内容 goes back to its folder and is sent in a new
   * run without the content guard. Everything else (pre-flight, states) as usual.
   */
  forceSend(request: ResendRequest): Promise<Result<RunSummary>>;
}

export interface ClerkRunsDeps {
  readonly settings: () => Settings;
  readonly reader: Pick<HistoryReader, 'getFile' | 'findImportedBySha'>;
  readonly journal: Pick<Journal, 'must' | 'addFile' | 'resolveHeld' | 'resolveOverlap' | 'revisitOutcome' | 'createRun' | 'finish' | 'fail' | 'setState'>;
  readonly claims: Claims;
  readonly files: Pick<FileOps, 'exists' | 'restore' | 'reclaim' | 'list' | 'writeInfo' | 'discardStaged'>;
  readonly fileAway: Pick<FileAway, 'moveAside' | 'settleClaims'>;
  readonly stagedParts: StagedParts;
  readonly send: SendParts;
  readonly processFile: ProcessFile;
  readonly clock: Clock;
  readonly logger: Logger;
}

const settingMissing = (fileName: string) =>
  err(appError('runner.setting-missing', `「${fileName}」の帳票データ連携設定が見つかりません。設定が削除されていないか確認してください。`));
const busy = () => err(appError('queue.busy', '実行中です。終わってからもう一度選んでください。'));

export function createClerkRuns(deps: ClerkRunsDeps): ClerkRuns {
  const { reader, journal, claims, files, logger } = deps;

  /**
   * A run the clerk started for one file: recorded as a manual run of that file's setting, the file
   * claimed for its duration, a storage failure finishing it as failed.
   */
  async function clerkRun(request: ResendRequest, ref: SettingRef, path: string, what: string, body: (ctx: RunContext) => Promise<FileEnd | null>): Promise<Result<RunSummary>> {
    const { target, name: targetName } = targetOfRef(ref);
    const created = journal.createRun({ id: request.runId, target, targetName, trigger: 'manual', startedAt: deps.clock.now() });
    if (!created.ok) return created;
    const emit = progressEmitter(request.onProgress, logger);
    const ctx: RunContext = { runId: request.runId, targetName, signal: request.signal, emit };
    emit({ type: 'run-started', runId: request.runId, target, trigger: 'manual', targetName });
    return claims.hold([path], async () => {
      try {
        const end = await body(ctx);
        // A claim the run did not file (not sent after all) goes back to the clerk's folder.
        await deps.fileAway.settleClaims(request.runId, path);
        const summary = journal.finish(request.runId, targetName, false, end?.end === 'stop-run' ? end.notice : null);
        emit({ type: 'run-finished', runId: request.runId, summary });
        return ok(summary);
      } catch (e) {
        const message = stopMessage(e);
        logger.error(`${what} stopped`, { detail: e instanceof Error ? e.stack : String(e) });
        const finished = journal.fail(request.runId, targetName, message);
        return finished.ok ? ok(finished.value) : err(appError('runner.storage', message));
      }
    });
  }

  /**
   * Sends the staged copy of a file the clerk decided on (要確認 → 再送する, 一部送信済み → 差替発行 /
   * 新規発行) in the clerk's run: the clerk's file is claimed again into its setting's 処理中, so that
   * success files it under that folder's 処理済み, and a new row carries the attempt.
   */
  function sendAgain(request: ResendRequest, ref: SettingRef, file: StoredFile, sha256: string, parts: readonly CsvPart[], issue: IssueKind, what: string) {
    return clerkRun(request, ref, file.originalPath, what, async (ctx) => {
      // Claimed again (its setting's 処理中), so that success files it under that folder's 処理済み
      // and nothing writes into it under its name meanwhile.
      let currentPath = file.currentPath ?? file.originalPath;
      if (currentPath !== file.originalPath && (await files.exists(currentPath))) {
        const back = await files.reclaim(currentPath, file.originalPath);
        if (back.ok) currentPath = back.value;
        else logger.warn('cannot take the file back, it stays in エラー', { fileId: file.id, detail: back.error.detail });
      }
      const first = parts[0]!;
      const row = journal.addFile({
        runId: request.runId, kind: file.kind, fileName: file.fileName, originalPath: file.originalPath, currentPath, stagedPath: file.stagedPath,
        settingKey: file.settingKey, partIndex: 1, partTotal: parts.length, issue,
        state: { state: 'checked', sha256, lines: first.dataLines, bytes: first.bytes.length },
      }, `addFile ${what}`);
      return deps.send(ctx, ref, row, parts, sha256, 0);
    });
  }

  /** What a clerk's send needs before the choice is recorded: the setting, the file not in work, its staged copy. */
  async function readyToSend(file: StoredFile, verb: string): Promise<Result<{ readonly ref: SettingRef; readonly parts: readonly CsvPart[] }>> {
    const ref = refForFile(deps.settings(), file);
    if (!ref) return settingMissing(file.fileName);
    if (claims.has(file.originalPath)) return busy();
    const staged = await deps.stagedParts(file, ref);
    if ('problem' in staged) return err(appError('runner.staged-missing', `${verb}できません: ${staged.problem} 元のファイルをフォルダに置き直してください。`));
    return ok({ ref, parts: staged.parts });
  }

  async function resendHeld(request: ResendRequest): Promise<Result<RunSummary>> {
    const file = reader.getFile(request.fileId);
    if (!file || !awaitsClerkChoice(file) || file.sha256 === null) {
      return err(appError('runner.not-held', NOT_AWAITING_CHOICE_MESSAGE, `file ${request.fileId}`));
    }
    const ready = await readyToSend(file, '再送');
    if (!ready.ok) return ready;
    const resolved = journal.resolveHeld(file.id, 'resend');
    if (!resolved.ok) return resolved;
    journal.revisitOutcome(file.runId);
    // A 差替発行 that became 要確認 is resent as 差替発行.
    return sendAgain(request, ready.value.ref, file, file.sha256, ready.value.parts, file.issue, 'resend');
  }

  async function sendOverlap(request: ResendRequest & { readonly issue: IssueKind }): Promise<Result<RunSummary>> {
    const file = reader.getFile(request.fileId);
    if (!file || !awaitsOverlapChoice(file) || file.sha256 === null) {
      return err(appError('runner.not-overlap', NOT_AWAITING_OVERLAP_MESSAGE, `file ${request.fileId}`));
    }
    const ready = await readyToSend(file, '送信');
    if (!ready.ok) return ready;
    const answered = journal.resolveOverlap(file.id, request.issue === 'replace' ? 'replace' : 'new-issue');
    if (!answered.ok) return answered;
    journal.revisitOutcome(file.runId);
    return sendAgain(request, ready.value.ref, file, file.sha256, ready.value.parts, request.issue, request.issue === 'replace' ? 'replacement send' : 'new-issue send');
  }

  async function skipOverlap(fileId: number): Promise<Result<{ readonly revised: RunSummary | null }>> {
    const file = reader.getFile(fileId);
    if (!file || !awaitsOverlapChoice(file)) return err(appError('runner.not-overlap', NOT_AWAITING_OVERLAP_MESSAGE, `file ${fileId}`));
    if (claims.has(file.originalPath)) return busy();
    const answered = journal.resolveOverlap(fileId, 'skip');
    if (!answered.ok) return answered;
    let failed = journal.setState(null, answered.value, { state: 'failed', problems: [{ message: OVERLAP_SKIPPED_MESSAGE }] });
    // Usually in エラー since the overlap was found; a file that could not be moved then goes now.
    const here = failed.currentPath ?? failed.originalPath;
    if (here === failed.originalPath) failed = await deps.fileAway.moveAside(failed, 'error', null);
    const where = failed.currentPath ?? failed.originalPath;
    const noted = await files.writeInfo(where, '送信しない', `${OVERLAP_SKIPPED_MESSAGE}\r\n（実行 ${failed.runId}、ファイル「${failed.fileName}」）`);
    if (!noted.ok) logger.warn('cannot write the 送信しない note', { fileId, detail: noted.error.detail });
    if (failed.stagedPath) await files.discardStaged(failed.stagedPath);
    return ok({ revised: journal.revisitOutcome(failed.runId) });
  }

  async function forceSend(request: ResendRequest): Promise<Result<RunSummary>> {
    const file = reader.getFile(request.fileId);
    if (!file || file.state.state !== 'duplicate') {
      return err(appError('runner.not-duplicate', 'このファイルは「同一内容」ではありません。画面を更新してください。', `file ${request.fileId}`));
    }
    const settings = deps.settings();
    const ref = refForFile(settings, file);
    if (!ref) return settingMissing(file.fileName);
    if (claims.has(file.originalPath)) return busy();
    // Forced once already: a newer import of these bytes exists (row ids only grow).
    const newer = file.sha256 === null ? null : reader.findImportedBySha(file.settingKey, file.sha256);
    if (newer && newer.fileId > file.id) {
      return err(appError('runner.already-forced', `「${file.fileName}」はすでに送信し直しました（実行 ${newer.runId}）。`));
    }
    const from = file.currentPath ?? file.originalPath;
    if (from !== file.originalPath) {
      const back = await files.restore(from, file.originalPath);
      if (!back.ok) return err(appError(back.error.code, `${back.error.message}（同じ名前のファイルがフォルダにある場合は、先に送るか移動してください）`, back.error.detail));
    }
    const listed = await files.list(join(settings.agent.root, ref.setting.folder), ref.setting.filePrefix);
    const candidate = listed.ok ? listed.value.find((c) => c.path === file.originalPath) : undefined;
    if (!candidate) return err(appError('runner.file-missing', `「${file.fileName}」が見つかりません。`));

    return clerkRun(request, ref, file.originalPath, 'forced send', (ctx) => deps.processFile(ctx, ref, candidate, true));
  }

  function markSent(fileId: number): Result<{ readonly revised: RunSummary | null }> {
    const resolved = journal.resolveHeld(fileId, 'mark-sent');
    if (!resolved.ok) return resolved;
    return ok({ revised: journal.revisitOutcome(resolved.value.runId) });
  }

  return { resendHeld, forceSend, markSent, sendOverlap, skipOverlap };
}
