// The automatic resend (自動再送) of a run whose files wait in 再送待ち: the run is continued, not
// repeated, so the clerk sees one run that ends in 完了 once 楽楽明細 takes the files. Each waiting
// row of that run is taken in order — customers first — and sent again from its staged copy (the
// exact bytes that were checked; the clerk's file, claimed in 処理中 meanwhile, is only compared to
// see that it is still the same), the same row going 再送待ち → 送信中 → … . A row that is not due
// yet waits on; one past 72 hours fails and its file goes back to its folder (the clerk is told);
// one whose file changed or vanished is set aside (the new content goes back to the folder and as a
// new file of this run); documents still behind their customers are parked again. A document that
// never left (parked behind another file) meets the overlap guard again first: lines another run
// sent meanwhile must not go twice.
import { dirname, join } from 'node:path';
import { customerHoldReason, NOT_SENT_SENTENCE } from '../../../shared/clerk-advice';
import type { RetryWaitState } from '../../../shared/run';
import type { Settings } from '../../../shared/settings/schema';
import type { HistoryReader, StoredFile } from '../history/history-interface';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { Claims } from './claims';
import { customersSituation, documentsGate } from './customers-first';
import type { OverlapGuard } from './content-guard';
import type { FileAway } from './file-away';
import type { FileOps } from './file-ops';
import type { ProcessFile } from './file-pipeline';
import type { Journal } from './journal';
import { RETRY_WAIT, retryExpired, type RetryWaitPolicy } from './retry-delay';
import type { RunContext } from './run-context';
import { RETRY_EXPIRED_CODE, retryExpiredMessage, type SendParts } from './send';
import { refForFile, type SettingRef } from './setting-refs';
import type { StagedParts } from './staged-parts';

export interface RetryRunDeps {
  readonly settings: () => Settings;
  readonly reader: Pick<HistoryReader, 'getRun' | 'getFile' | 'findRetryWaits' | 'blockingCustomerFile' | 'findUnfinishedFiles'>;
  readonly journal: Pick<Journal, 'setState'>;
  readonly claims: Claims;
  readonly files: Pick<FileOps, 'compare' | 'list'>;
  readonly fileAway: Pick<FileAway, 'discardStaged' | 'release' | 'settleClaims'>;
  readonly stagedParts: StagedParts;
  readonly send: SendParts;
  readonly overlap: OverlapGuard;
  readonly processFile: ProcessFile;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly retryWait?: RetryWaitPolicy | undefined;
  /** Why document files wait (a loss of the history not yet confirmed), or null: resends wait too. */
  readonly documentHold?: (() => string | null) | undefined;
}

/** Why a document's automatic resend waits while a loss of the history is not confirmed. */
export const RESEND_HELD_FOR_LOSS = '実行履歴が失われたため、画面で「確認しました」が選ばれるまで帳票データの再送を止めています。';

export interface RetryRun {
  /** The waiting run's name, or null when it is not in the history (nothing to continue). */
  open(runId: string): { readonly targetName: string } | null;
  /** Takes the run's 再送待ち files once more; answers how many gave up after 72 hours. */
  continueRows(ctx: RunContext): Promise<{ readonly expired: number }>;
  /** The run's files still in 再送待ち. */
  waitingIn(runId: string): number;
}

const IMPORTED: readonly string[] = ['done', 'no-data', 'duplicate'];
const FINAL: readonly string[] = [...IMPORTED, 'failed', 'skipped'];

/** Customers first (documents may need them), then in the order the run met them. */
function byCustomersFirst(a: StoredFile, b: StoredFile): number {
  return (a.kind === 'customers' ? 0 : 1) - (b.kind === 'customers' ? 0 : 1) || a.id - b.id;
}

export function createRetryRun(deps: RetryRunDeps): RetryRun {
  const { reader, journal, files, logger, clock } = deps;
  const policy = deps.retryWait ?? RETRY_WAIT;

  /** Waits on, same attempts and same 72 hours, until a new moment. */
  function reschedule(ctx: RunContext, row: StoredFile, waited: RetryWaitState, until: Date, reason: string): void {
    journal.setState(ctx, row, { ...waited, nextAttemptAt: until.toISOString(), reason });
  }

  /** Nothing reached 楽楽明細: the row fails (not sent) and the caller settles its claim back into the folder. */
  async function giveUp(ctx: RunContext, row: StoredFile, problem: { message: string; code?: string }): Promise<void> {
    journal.setState(ctx, row, { state: 'failed', problems: [problem], cause: 'not-sent' });
    await deps.fileAway.discardStaged(row);
  }

  /**
   * Is the clerk's file (claimed in 処理中, or where it was worked on in place) still the bytes that
   * wait? What is sent is the staged copy either way; a file that cannot be read now (held open) is
   * checked again when it is filed.
   */
  async function sameness(row: StoredFile, sha256: string): Promise<'same' | 'changed' | 'gone'> {
    const now = await files.compare(row.currentPath ?? row.originalPath, { sha256 });
    if (now.status === 'unreadable') logger.warn('cannot check a waiting file before its resend', { fileId: row.id, detail: now.detail });
    return now.status === 'unreadable' ? 'same' : now.status;
  }

  /**
   * The file changed while it waited (written through a handle kept open, or re-exported where no
   * 処理中 could be made): the waiting copy is set aside and the new content goes back into the folder,
   * to be sent as a new file of this run through the usual guards. A file that vanished is only said.
   */
  async function replaced(ctx: RunContext, ref: SettingRef, row: StoredFile, present: boolean): Promise<void> {
    const skipped = journal.setState(ctx, row, present
      ? { state: 'skipped', reason: 'ファイルが再送待ちの間に書き換えられたため、古い内容は送らず、新しい内容を送ります。' }
      : { state: 'skipped', reason: 'ファイルが再送待ちの間に移動または削除されたため、再送をやめました。' });
    if (!present) {
      await deps.fileAway.discardStaged(skipped);
      return;
    }
    const back = await deps.fileAway.release(skipped);
    const listed = await files.list(join(deps.settings().agent.root, ref.setting.folder), ref.setting.filePrefix);
    const at = back.currentPath ?? row.originalPath;
    const candidate = listed.ok && dirname(at) === dirname(row.originalPath) ? listed.value.find((c) => c.path === at) : undefined;
    if (candidate) await deps.processFile(ctx, ref, candidate, false);
  }

  /** This run's own customer files: all in (documents may go), and all settled one way or another. */
  function runCustomers(runId: string): { readonly imported: boolean; readonly settled: boolean } {
    const customers = reader.getRun(runId)?.files.filter((f) => f.kind === 'customers') ?? [];
    return {
      imported: customers.every((f) => IMPORTED.includes(f.state.state)),
      settled: customers.every((f) => FINAL.includes(f.state.state)),
    };
  }

  async function retryOne(ctx: RunContext, row: StoredFile, now: Date): Promise<void> {
    if (row.state.state !== 'retry-wait' || row.sha256 === null) return;
    const waited = row.state;
    // Tried before and not due yet: it keeps its own time (a parked file goes with its run).
    if (waited.attempts > 0 && Date.parse(waited.nextAttemptAt) > now.getTime()) return;
    const expired = retryExpired(new Date(waited.firstFailedAt), now, policy);
    const expire = async (): Promise<void> => {
      await giveUp(ctx, row, { message: retryExpiredMessage(waited.reason), code: RETRY_EXPIRED_CODE });
      logger.warn('再送待ち expired after 72 hours', { fileId: row.id, attempts: waited.attempts });
    };
    const ref = refForFile(deps.settings(), row);
    if (!ref) {
      await giveUp(ctx, row, { message: `帳票データ連携設定が削除されたため、再送をやめました。 ${NOT_SENT_SENTENCE}` });
      return;
    }
    const same = await sameness(row, row.sha256);
    if (same !== 'same') {
      await replaced(ctx, ref, row, same === 'changed');
      return;
    }
    if (row.kind === 'report' && !expired && deps.documentHold?.() != null) {
      // The clerk has not confirmed a lost history: documents wait, this one too (its 72 hours run on).
      reschedule(ctx, row, waited, new Date(now.getTime() + policy.firstMs), RESEND_HELD_FOR_LOSS);
      return;
    }
    if (row.kind === 'report') {
      const customers = runCustomers(row.runId);
      const gate = documentsGate(customersSituation(reader, customers.imported, (path) => deps.claims.has(path)), now, policy.firstMs);
      if (gate.kind === 'hold') {
        journal.setState(ctx, row, { state: 'skipped', reason: customerHoldReason(gate.customerFile.fileName) });
        await deps.fileAway.discardStaged(row);
        return;
      }
      // Behind customers that still wait: their own 72 hours bound this wait (they expire together).
      if (gate.kind === 'wait') {
        reschedule(ctx, row, waited, gate.until, gate.reason);
        return;
      }
      if (gate.kind === 'not-now') {
        // This run's customers gave up (72 hours without 楽楽明細): the documents behind them go with them.
        if (expired || customers.settled) return expire();
        reschedule(ctx, row, waited, new Date(now.getTime() + policy.firstMs), '顧客データの取込の完了を待っています。');
        return;
      }
    }
    if (expired) return expire();
    const parts = await deps.stagedParts(row, ref);
    if ('problem' in parts) {
      await giveUp(ctx, row, { message: `再送できませんでした: ${parts.problem} ${NOT_SENT_SENTENCE}` });
      return;
    }
    // Never sent: its lines were never recorded, so another run may have sent some of them since.
    if (waited.attempts === 0 && (await deps.overlap(ctx, ref, row, parts.parts, false)) !== null) return;
    await deps.send(ctx, ref, row, parts.parts, row.sha256, row.partIndex - 1);
  }

  return {
    waitingIn: (runId) => (reader.getRun(runId)?.files ?? []).filter((f) => f.state.state === 'retry-wait').length,
    open(runId) {
      const run = reader.getRun(runId);
      return run ? { targetName: run.targetName } : null;
    },
    async continueRows(ctx) {
      const waiting = (reader.getRun(ctx.runId)?.files ?? []).filter((f) => f.state.state === 'retry-wait').sort(byCustomersFirst);
      let expired = 0;
      await deps.claims.hold(waiting.map((f) => f.originalPath), async () => {
        for (const listed of waiting) {
          if (ctx.signal?.aborted) return;
          // Read again: an earlier row of this run may have changed what this one should do.
          const row = reader.getFile(listed.id);
          if (!row) continue;
          ctx.emit({ type: 'file-found', runId: ctx.runId, fileName: row.fileName, kind: row.kind });
          await retryOne(ctx, row, clock.now());
          // Waiting still, it stays claimed; given up or held back, the file goes back to its folder.
          await deps.fileAway.settleClaims(ctx.runId, row.originalPath);
          // Given up here, or by the send itself when its last attempt failed past the 72 hours.
          const after = reader.getFile(row.id);
          if (after?.state.state === 'failed' && after.problems.some((p) => p.code === RETRY_EXPIRED_CODE)) expired++;
        }
      });
      return { expired };
    },
  };
}
