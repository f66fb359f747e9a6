// Wires the core for a headless run (the CLI commands `run` and `demo`): history database, the
// 楽楽明細 client behind the shared request budget, the file operations and the runner. The tray app
// has its own composition root in electron/main; this one is for the terminal.
import { randomUUID } from 'node:crypto';
import { err, ok, type Result } from '../../shared/result';
import type { RunSummary, RunTarget, RunTrigger, RunProgress } from '../../shared/run';
import type { Settings } from '../../shared/settings/schema';
import { createMeisaiClient } from '../core/api/meisai-client';
import { createRequestBudget, withRequestBudget } from '../core/api/request-budget';
import type { MeisaiApi } from '../core/api/types';
import { openHistoryDatabase, type HistoryDatabase } from '../core/history';
import { acquireDataDirLock } from '../core/instance-lock/data-dir-lock';
import type { Clock } from '../core/ports/clock';
import { systemClock } from '../core/ports/clock';
import type { Logger } from '../core/ports/logger';
import { preflight } from '../core/preflight';
import type { DataPaths } from '../core/settings/data-paths';
import { createDefaultFileOps } from '../core/runner/default-file-ops';
import type { FileOps } from '../core/runner/file-ops';
import { createRunner, type Runner, type RunnerOptions } from '../core/runner/runner';

export interface EngineInput {
  readonly settings: Settings;
  readonly token: string;
  readonly paths: DataPaths;
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly runnerOptions?: RunnerOptions;
  /** How long a file's size and time must stay unchanged before it is picked up. */
  readonly stableForMs?: number;
  readonly files?: FileOps;
  readonly timeouts?: { readonly connectMs?: number; readonly responseMs?: number };
  /** 楽楽明細 allows 20 a minute per account (default). null: no budget (tests against the sandbox). */
  readonly requestsPerMinute?: number | null;
  /** Named in the message another process gets while this one holds the data folder. */
  readonly purpose?: string;
}

export interface Engine {
  readonly runner: Runner;
  readonly db: HistoryDatabase;
  readonly api: MeisaiApi;
  /** Runs one target to its end, with a fresh run id. */
  run(target: RunTarget, trigger?: RunTrigger, onProgress?: (p: RunProgress) => void, signal?: AbortSignal): Promise<RunSummary>;
  close(): void;
}

export function openEngine(input: EngineInput): Result<Engine> {
  const clock = input.clock ?? systemClock;
  // The tray app or another `run` / `agent` on the same data folder would list and send the same
  // files: one holder only (a holder that died is taken over).
  const lock = acquireDataDirLock(input.paths.dataDir, input.purpose ?? `meisai-connector ${process.argv[2] ?? ''}`.trim());
  if (!lock.ok) return err(lock.error);
  const opened = openHistoryDatabase(input.paths.historyDb, { logger: input.logger, clock });
  if (!opened.ok) {
    lock.value.release();
    return err(opened.error);
  }
  const db = opened.value;
  const client = createMeisaiClient({
    baseUrl: input.settings.meisai.url,
    token: input.token,
    logger: input.logger,
    ...(input.timeouts ? { timeouts: input.timeouts } : {}),
  });
  const perMinute = input.requestsPerMinute === undefined ? 20 : input.requestsPerMinute;
  const api = perMinute === null ? client : withRequestBudget(client, createRequestBudget({ clock, perMinute }));
  const files = input.files ?? createDefaultFileOps({ stagingDir: input.paths.stagingDir, clock, stableForMs: input.stableForMs ?? 2_000, logger: input.logger });
  const runner = createRunner({
    settings: () => input.settings,
    api,
    history: { reader: db.reader, writer: db.writer },
    clock,
    logger: input.logger,
    files,
    preflight,
    ...(input.runnerOptions ? { options: input.runnerOptions } : {}),
  });
  return ok({
    runner,
    db,
    api,
    run: (target, trigger = 'manual', onProgress = () => {}, signal = new AbortController().signal) =>
      runner.execute({ runId: randomUUID(), target, trigger, signal, onProgress }),
    close: () => {
      db.close();
      lock.value.release();
    },
  });
}
