// Following an import to its end: polls its state (import-poller.ts), records `importing` once, and
// files the result — done, refused by 楽楽明細 (エラー with the API's messages), or 取込状況不明
// (the import id is kept and the next run asks again; nothing is ever resent from here).
import type { StoredFile } from '../history/history-interface';
import type { MeisaiApi } from '../api/types';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { ADVICE_API_REJECTED, headlineImportFailed } from './clerk-messages';
import type { FileAway } from './file-away';
import { pollImport } from './import-poller';
import type { Journal } from './journal';
import { POLL_RETRY, type RetryPolicy } from './retry-delay';
import type { RunContext, SentEnd } from './run-context';

export interface FollowDeps {
  readonly api: Pick<MeisaiApi, 'customerImportState' | 'reportImportState'>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly random: () => number;
  readonly pacing: {
    readonly pollRetry?: RetryPolicy | undefined;
    readonly firstPollMs?: number | undefined;
    readonly maxPollMs?: number | undefined;
    readonly activeLimitMs?: number | undefined;
  };
  readonly journal: Pick<Journal, 'setState'>;
  readonly fileAway: Pick<FileAway, 'fileFailed'>;
}

/** Polls an import (whose row is in sent / importing / unknown) to its end and records the result. */
export type FollowImport = (ctx: RunContext, row: StoredFile, importId: number) => Promise<SentEnd>;

export function createFollow(deps: FollowDeps): FollowImport {
  const { journal, fileAway, logger, pacing } = deps;

  return async (ctx, row, importId) => {
    let file = row;
    let recordedImporting = false;
    const outcome = await pollImport(deps.api, file.kind, importId, {
      clock: deps.clock,
      logger,
      random: deps.random,
      retry: pacing.pollRetry ?? POLL_RETRY,
      firstPollMs: pacing.firstPollMs ?? 1_000,
      maxPollMs: pacing.maxPollMs ?? 15_000,
      activeLimitMs: pacing.activeLimitMs ?? 10 * 60_000,
      onActive: () => {
        // One `importing` row per import is enough to show progress; repeating it on every poll
        // would only churn the database.
        if (recordedImporting) return;
        recordedImporting = true;
        file = journal.setState(ctx, file, { state: 'importing', importId });
      },
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    switch (outcome.kind) {
      case 'complete':
        journal.setState(ctx, file, { state: 'done', importId });
        return { end: 'final', state: 'done' };
      case 'failed': {
        const problems = outcome.problems.length > 0 ? outcome.problems : [{ message: '楽楽明細での取込に失敗しました。' }];
        const failed = journal.setState(ctx, file, { state: 'failed', importId, problems, cause: 'import-failed' });
        await fileAway.fileFailed(ctx.runId, failed, headlineImportFailed(importId), problems, ADVICE_API_REJECTED);
        return { end: 'final', state: 'failed' };
      }
      case 'unknown':
        journal.setState(ctx, file, { state: 'unknown', importId });
        logger.warn('取込状況不明', { fileId: file.id, importId, reason: outcome.reason });
        return { end: 'final', state: 'unknown' };
    }
  };
}
