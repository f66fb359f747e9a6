// Resume after a crash, a power cut or a stop: every file a previous process left between `found`
// and `importing` is taken up from the state it was persisted in. Nothing that left the PC is sent
// again on a guess: a document caught `sending` becomes 要確認; an import with a stored id is polled,
// never resent; a customer file (an upsert) is simply sent again. Runs left `running` are finished.
import { createHash } from 'node:crypto';
import type { RunSummary } from '../../../shared/run';
import { isClaimedPath } from '../files/claim';
import type { Settings } from '../../../shared/settings/schema';
import type { HistoryReader, StoredFile } from '../history/history-interface';
import type { Logger } from '../ports/logger';
import { ADVICE_API_REJECTED, headlineImportFailed, heldReason, importNameOf } from './clerk-messages';
import type { Claims } from './claims';
import type { FileAway } from './file-away';
import type { FileOps } from './file-ops';
import type { FollowImport } from './follow';
import { StorageStop, type Journal } from './journal';
import { unwatchedContext, type RunContext } from './run-context';
import { addPartRow, type SendParts } from './send';
import { refForFile } from './setting-refs';
import type { StagedParts } from './staged-parts';

export interface ResumeReport {
  /** Files picked up again (polled, resent as customer data, or held). */
  readonly resumed: number;
  /** Document files that became 要確認. */
  readonly held: number;
  /** Runs that a crash had left `running`, now finished. */
  readonly runs: readonly RunSummary[];
}

export interface ResumeDeps {
  readonly settings: () => Settings;
  readonly reader: Pick<HistoryReader, 'findUnfinishedRuns' | 'findUnfinishedFiles' | 'getRun' | 'getFile'>;
  readonly journal: Pick<Journal, 'setState' | 'must' | 'resolveHeld' | 'addFile' | 'finish'>;
  readonly claims: Claims;
  readonly files: Pick<FileOps, 'exists' | 'readStaged' | 'discardStaged'>;
  readonly fileAway: Pick<FileAway, 'fileHeld' | 'fileProcessed' | 'fileFailed' | 'release' | 'settleClaims'>;
  /** Files left in a 処理中 folder that no row accounts for go back to their folders (claim-sweep.ts). */
  readonly sweepClaims?: () => Promise<void>;
  readonly follow: FollowImport;
  readonly send: SendParts;
  readonly stagedParts: StagedParts;
  readonly logger: Logger;
}

export interface Resume {
  /**
   * At start-up: finishes what a crash or a stop left mid-way. Its files are claimed before its
   * first await, so runs may start beside it; `signal` cuts its polling short (取込状況不明).
   */
  resume(signal?: AbortSignal): Promise<ResumeReport>;
  /** Takes up one file from its persisted state; says whether it became 要確認. */
  resumeFile(ctx: RunContext, file: StoredFile): Promise<'held' | 'other'>;
}

const OPEN_STATES = ['found', 'checked', 'sending', 'sent', 'importing'];

export function createResume(deps: ResumeDeps): Resume {
  const { reader, journal, files, fileAway, logger } = deps;

  /** A `sending` file: a document is held (要確認); a customer file goes again (an upsert). */
  async function resumeSending(ctx: RunContext, file: StoredFile, sha256: string): Promise<'held' | 'other'> {
    const ref = refForFile(deps.settings(), file);
    if (file.kind === 'report' || !ref) {
      const importName = importNameOf(file);
      const reason = heldReason(importName, '送信中にアプリが終了しました。');
      await fileAway.fileHeld(journal.setState(ctx, file, { state: 'held', sha256, reason, importName }), reason);
      return 'held';
    }
    // The row passes through held (recorded as the agent's own choice) because `sending` is never
    // re-entered directly.
    const held = journal.setState(ctx, file, { state: 'held', sha256, reason: '送信中にアプリが終了しました。顧客データは上書き登録のため自動で再送します。' });
    journal.must(journal.resolveHeld(held.id, 'resend'), 'resolveHeld');
    const parts = await deps.stagedParts(held, ref);
    if ('problem' in parts) {
      journal.setState(ctx, held, { state: 'sending', sha256 });
      const failed = journal.setState(ctx, reader.getFile(held.id) ?? held, { state: 'failed', problems: [{ message: `再送できませんでした: ${parts.problem} ファイルは元の場所に残してあります。` }] });
      logger.error('customer resend impossible', { fileId: failed.id, problem: parts.problem });
      return 'other';
    }
    await deps.send(ctx, ref, reader.getFile(held.id) ?? held, parts.parts, sha256, held.partIndex - 1);
    return 'other';
  }

  async function resumeFile(ctx: RunContext, file: StoredFile): Promise<'held' | 'other'> {
    switch (file.state.state) {
      case 'found':
      case 'checked':
        // Nothing left the PC; the clerk's file goes back to its folder (if it was claimed) and the
        // next run takes it.
        await fileAway.release(journal.setState(ctx, file, { state: 'skipped', reason: '処理が中断されました。ファイルは元の場所にあり、次回の実行で送ります。', cause: 'interrupted' }));
        return 'other';
      case 'sending':
        return resumeSending(ctx, file, file.state.sha256);
      case 'sent':
      case 'importing':
      case 'unknown': {
        const end = await deps.follow(ctx, file, file.state.importId);
        if (end.state !== 'done') return 'other';
        const done = reader.getFile(file.id) ?? file;
        if (done.partIndex < done.partTotal) await continueParts(ctx, done);
        else await fileAway.fileProcessed(done);
        return 'other';
      }
      default:
        return 'other';
    }
  }

  /** Sends the parts after `done` (a split customer file whose part `done.partIndex` was imported). */
  async function continueParts(ctx: RunContext, done: StoredFile): Promise<void> {
    const ref = refForFile(deps.settings(), done);
    if (!ref || done.sha256 === null) return;
    const parts = await deps.stagedParts(done, ref);
    if ('problem' in parts) {
      logger.error('cannot continue a split file', { fileId: done.id, problem: parts.problem });
      return;
    }
    if (!parts.parts[done.partIndex]) return;
    const next = addPartRow(journal, done.runId, done, parts.parts, done.partIndex, done.sha256);
    await deps.send(ctx, ref, next, parts.parts, done.sha256, done.partIndex);
  }

  /** A crash between `done`/`failed` and the move: finish the move (only if the file is still there). */
  async function finishMoves(runId: string): Promise<void> {
    const run = reader.getRun(runId);
    if (!run) return;
    for (const f of run.files) {
      // A claimed file (in 処理中) is checked against its hash when it is filed (file-away.ts).
      const claimed = f.currentPath !== null && isClaimedPath(f.currentPath);
      const here = claimed || f.currentPath === f.originalPath || f.currentPath === null;
      const at = claimed ? f.currentPath! : f.originalPath;
      if (!here || !(await files.exists(at))) continue;
      // Only the very file that was imported: a new export under the same name must stay to be sent.
      if (!claimed) {
        const bytes = await files.readStaged(f.originalPath);
        if (!bytes.ok || f.sha256 === null || createHash('sha256').update(bytes.value).digest('hex') !== f.sha256) continue;
      }
      const lastPart = f.partIndex === f.partTotal;
      const nextPartRecorded = run.files.some((g) => g.originalPath === f.originalPath && g.sha256 === f.sha256 && g.partIndex === f.partIndex + 1);
      if (f.state.state === 'done' && !lastPart && !nextPartRecorded) {
        // A split customer file stopped between two parts: send the rest (upserts) in the same run.
        await continueParts(unwatchedContext(runId, run.targetName), f);
      } else if (f.state.state === 'done' && lastPart) await fileAway.fileProcessed(f);
      else if (f.state.state === 'failed' && f.importId !== null) {
        await fileAway.fileFailed(runId, f, headlineImportFailed(f.importId), f.problems, ADVICE_API_REJECTED);
      }
    }
  }

  async function resume(signal?: AbortSignal): Promise<ResumeReport> {
    const runs = reader.findUnfinishedRuns();
    // 再送待ち stays 再送待ち across a restart (no POST was in flight): the agent's automatic resend
    // takes it at its time, so resume neither touches nor claims it.
    const pending = reader.findUnfinishedFiles().filter((f) => f.state.state !== 'retry-wait' && !deps.claims.has(f.originalPath));
    let held = 0;
    await deps.claims.hold(pending.map((f) => f.originalPath), async () => {
      for (const file of pending) {
        try {
          if ((await resumeFile({ ...unwatchedContext(file.runId), signal }, file)) === 'held') held++;
          await fileAway.settleClaims(file.runId, file.originalPath);
        } catch (e) {
          if (e instanceof StorageStop) throw e;
          logger.error('resume of a file failed', { fileId: file.id, detail: e instanceof Error ? e.stack : String(e) });
        }
      }
    });
    const finished: RunSummary[] = [];
    for (const run of runs) {
      await finishMoves(run.id);
      for (const f of reader.getRun(run.id)?.files ?? []) await fileAway.settleClaims(run.id, f.originalPath);
      const stillOpen = reader.getRun(run.id)?.files.some((f) => OPEN_STATES.includes(f.state.state));
      if (stillOpen) continue;
      // What happened decides the outcome; that the run was resumed is said, and is not a problem.
      // Files still in 再送待ち go with the automatic resend: the run is not complete yet.
      const waiting = reader.getRun(run.id)?.files.some((f) => f.state.state === 'retry-wait') ?? false;
      finished.push(journal.finish(run.id, run.targetName, false, null, waiting ? '（中断された実行を再開しました）' : '（中断された実行を再開して完了しました）'));
    }
    await deps.sweepClaims?.();
    logger.info('resume finished', { files: pending.length, held, runs: finished.length });
    return { resumed: pending.length, held, runs: finished };
  }

  return { resume, resumeFile };
}
