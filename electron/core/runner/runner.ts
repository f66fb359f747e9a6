// The runner: one run of one setting, from the clerk's folder to 楽楽明細 and back into 処理済み /
// エラー. Exactly once is built from one rule: every file state is persisted in SQLite BEFORE the
// outside effect it announces (journal.ts), so after a SIGKILL resume knows how far each file got.
// A document file whose POST may have reached 楽楽明細 is never resent without the clerk (要確認);
// a customer file may be (imports are upserts).
//
// This file only wires the rooms, in the order a file meets them:
//   run-phases → file-pipeline: stage → content-guard → send (→ follow) → file-away
// with journal (persisted states), resume (after a crash), send-retry (the automatic resend of
// 再送待ち files: their run continued) and clerk-runs (再送する, 同じ内容でも送信する, 送信済みにする,
// 顧客データを待たずに送信する) beside them.
import type { Settings } from '../../../shared/settings/schema';
import type { MeisaiApi } from '../api/types';
import type { HistoryReader, HistoryWriter, StoredFile } from '../history/history-interface';
import type { SentLinesReader } from '../history/sent-lines';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { MEISAI_LIMITS, type PreflightInput, type PreflightLimits, type PreflightResult } from '../preflight/types';
import type { RunExecutor } from '../queue/types';
import { createClaimSweep } from './claim-sweep';
import { createClaims } from './claims';
import { createClerkRuns, type ClerkRuns } from './clerk-runs';
import { createContentGuard, createOverlapGuard } from './content-guard';
import { createReleaseCustomerHold, type ReleaseCustomerHold } from './customers-first';
import { createExecute } from './execute';
import { createFileAway } from './file-away';
import type { FileOps } from './file-ops';
import { createFilePipeline } from './file-pipeline';
import { createFollow } from './follow';
import { createJournal } from './journal';
import { createResume, type ResumeReport } from './resume';
import type { RetryPolicy, RetryWaitPolicy } from './retry-delay';
import { createRunPhases, type SettleWait } from './run-phases';
import type { WatchdogLimits } from './run-watchdog';
import { createSend } from './send';
import { createRetryRun } from './send-retry';
import { createStage, NO_DATA_QUIET_MS } from './stage';
import { createStagedParts } from './staged-parts';
import { createSweepGuard } from './sweep-guard';

export type { ResumeReport } from './resume';
export type { ClerkRuns, HeldFileResolver, OverlapResolver, ResendRequest } from './clerk-runs';
export { CUSTOMERS_KEY } from './setting-refs';

export interface RunnerOptions {
  /** Jitter source; Math.random by default. */
  readonly random?: () => number;
  readonly firstPollMs?: number;
  readonly maxPollMs?: number;
  /** How long one run follows an `active` import before leaving it as 取込状況不明. */
  readonly activeLimitMs?: number;
  readonly pollRetry?: RetryPolicy;
  readonly sendRetry?: RetryPolicy;
  /** 再送待ち: first wait, longest wait, 72-hour limit (tests shorten them). */
  readonly retryWait?: RetryWaitPolicy;
  /** How long a run keeps looking at a file still being written. */
  readonly settle?: SettleWait;
  /** When a run that stopped making progress is ended. */
  readonly watchdog?: WatchdogLimits;
  readonly limits?: PreflightLimits;
  /** Called after every persisted file state: the crash tests print a marker and get killed on it. */
  readonly onPersisted?: (file: StoredFile) => void;
  /** How long a header-only or empty file must be untouched before it is データなし (default 60 s). */
  readonly noDataQuietMs?: number;
}

export interface RunnerDeps {
  /** The settings in force: a long-lived agent always runs with the latest saved ones. */
  readonly settings: () => Settings;
  readonly api: MeisaiApi;
  /** Read and write kept apart: most rooms only read. `lines`: what the overlap guard asks. */
  readonly history: { readonly reader: HistoryReader; readonly writer: HistoryWriter; readonly lines: SentLinesReader };
  readonly clock: Clock;
  readonly logger: Logger;
  readonly files: FileOps;
  readonly preflight: (input: PreflightInput) => PreflightResult;
  readonly options?: RunnerOptions;
  /**
   * Why document files must wait this run (a loss of the history the clerk has not confirmed), or
   * null. Customer files go regardless (upserts).
   */
  readonly documentHold?: () => string | null;
}

export interface Runner extends ClerkRuns {
  readonly execute: RunExecutor;
  /** 顧客データを待たずに送信する: a refused customer file stops holding the documents back. */
  readonly releaseCustomerHold: ReleaseCustomerHold;
  /**
   * At start-up: finishes what a crash or a stop left mid-way. It claims its files at once (before
   * its first await), so the agent may start beside it; `signal` stops its polling (取込状況不明).
   */
  resume(signal?: AbortSignal): Promise<ResumeReport>;
}

export function createRunner(deps: RunnerDeps): Runner {
  const { api, clock, logger, preflight, settings } = deps;
  const { reader, writer } = deps.history;
  const opts = deps.options ?? {};
  const random = opts.random ?? Math.random;
  const limits = opts.limits ?? MEISAI_LIMITS;
  const claims = createClaims();
  // Every room works through the guarded file operations: the start-up sweep never takes a file this
  // process has just claimed (resume, and so the sweep, runs beside the agent).
  const sweepGuard = createSweepGuard();
  const files = sweepGuard.guard(deps.files);

  const journal = createJournal({ reader, writer, logger, clock, onPersisted: opts.onPersisted });
  const fileAway = createFileAway({ files, journal, reader, logger });
  const follow = createFollow({ api, clock, logger, random, pacing: opts, journal, fileAway });
  const send = createSend({ api, clock, logger, random, sendRetry: opts.sendRetry, retryWait: opts.retryWait, reader, journal, fileAway, follow });
  const stage = createStage({ files, journal, fileAway, preflight, limits, clock, noDataQuietMs: opts.noDataQuietMs ?? NO_DATA_QUIET_MS, logger });
  const guard = createContentGuard({ reader, journal, fileAway, files, logger });
  const overlap = createOverlapGuard({ lines: deps.history.lines, journal, fileAway, logger });
  const processFile = createFilePipeline({ stage, guard, overlap, journal, send, fileAway });
  const stagedParts = createStagedParts({ files, preflight, limits });
  const sweepClaims = createClaimSweep({ settings, reader, files, guard: sweepGuard, logger });
  const { resume, resumeFile } = createResume({ settings, reader, journal, claims, files, fileAway, follow, send, stagedParts, logger, sweepClaims });
  const runPhases = createRunPhases({
    files, reader, journal, claims, processFile, resumeFile, clock, logger, settle: opts.settle, recheckMs: opts.retryWait?.firstMs,
    documentHold: deps.documentHold ?? (() => null),
  });
  const retryRun = createRetryRun({
    settings, reader, journal, claims, files, fileAway, stagedParts, send, overlap, processFile, clock, logger, retryWait: opts.retryWait, documentHold: deps.documentHold,
  });
  const execute = createExecute({ settings, journal, runPhases, retryRun, clock, logger, watchdog: opts.watchdog });
  const clerkRuns = createClerkRuns({ settings, reader, journal, claims, files, fileAway, stagedParts, send, processFile, clock, logger });

  const releaseCustomerHold = createReleaseCustomerHold({ reader, journal });

  return { execute, resume, releaseCustomerHold, ...clerkRuns };
}
