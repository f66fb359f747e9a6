// The one composition root of the engine, for every face: the tray app's app service, and the CLI's
// run, agent and demo. It holds the data folder (agent.lock), opens the history (reader and writer
// kept apart), builds the 楽楽明細 client (proxy, trusted roots, request budget), the file
// operations and the runner, and makes the agent (queue + scheduler + watcher) on request. Each face
// adds only what is its own: the app service its IPC handlers, event hub and encrypted token store;
// the CLI its printing. What differs between the faces comes in as input (how the token and the
// system proxy are found, the logger), never as a second assembly.
import { randomUUID } from 'node:crypto';
import { appError, err, ok, type Result } from '../../../shared/result';
import type { HistoryLossNotice, RunProgress, RunSummary, RunTarget, RunTrigger } from '../../../shared/run';
import type { Settings } from '../../../shared/settings/schema';
import { createAgent, type Agent, type AgentWatchOptions } from '../agent/agent';
import { pendingRetriesFrom } from '../agent/retry-timer';
import type { HistoryReader } from '../history';
import { openCheckedHistory } from '../history/open-checked-history';
import { withSentLedger } from '../ledger/ledgered-writer';
import { acquireDataDirLock, type LockDeps } from '../instance-lock/data-dir-lock';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { preflight } from '../preflight';
import { createDefaultFileOps } from '../runner/default-file-ops';
import type { FileOps } from '../runner/file-ops';
import { contentForesight } from '../runner/content-foresight';
import { createRunner, type Runner, type RunnerOptions } from '../runner/runner';
import type { DataPaths } from '../settings/data-paths';
import { createPreflightJudge } from '../watcher/preflight-judge';
import { createClientFactory, createLiveApi, type ClientFactory, type ClientNetwork, type LiveApi } from './live-api';

export type EngineNetwork = ClientNetwork;

/** Tests, the demo and benchmarks shorten the waits; the product uses the defaults. */
export interface EngineTuning {
  /** How long a file's size and time must stay unchanged before it is picked up (default 2 s). */
  readonly stableForMs?: number;
  readonly runner?: RunnerOptions;
  readonly watch?: AgentWatchOptions;
  /** Wraps the file operations (tests inject a full disk or a permission error). */
  readonly files?: (base: FileOps) => FileOps;
}

export interface EngineInput {
  readonly paths: DataPaths;
  /** Named in the message another process gets while this one holds the data folder. */
  readonly purpose: string;
  /** A holder of agent.lock this process knows is gone although its PID lives (see data-dir-lock.ts). */
  readonly supersedes?: LockDeps['supersedes'];
  /** The settings in force; null until the clerk has saved them (the tray app's first start). */
  readonly settings: () => Settings | null;
  /** The API token in force (secrets/token-source.ts decides which), or why there is none. */
  readonly token: () => Promise<Result<string>>;
  readonly network: EngineNetwork;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Run ids; crypto.randomUUID by default. */
  readonly newId?: () => string;
  readonly tuning?: EngineTuning;
}

export interface Engine {
  /** The run history, read-only: what faces show. Only the runner writes it. */
  readonly history: HistoryReader;
  /** Runs, resume at start-up, and the clerk's runs for one file (再送する, 送信済みにする…). */
  readonly runner: Runner;
  /** The client in force; `invalidate()` after the URL, token or proxy changed. */
  readonly api: LiveApi;
  /** A client for another URL or token through the same proxy, roots and budget (接続テスト). */
  readonly connect: ClientFactory['connect'];
  /** The agent (queue + scheduler + watcher) over this engine's runner and history. */
  createAgent(settings: Settings): Agent;
  /** Runs one target to its end, with a fresh run id. */
  run(target: RunTarget, trigger?: RunTrigger, onProgress?: (p: RunProgress) => void, signal?: AbortSignal): Promise<RunSummary>;
  /**
   * The run history was found lost at start (missing, damaged, or rows gone) and the clerk has not
   * confirmed it yet: document files are held meanwhile. null otherwise.
   */
  historyLoss(): HistoryLossNotice | null;
  /** The clerk confirmed the loss: document files go again. */
  confirmHistoryLoss(): Result<HistoryLossNotice>;
  /** Closes the history and lets go of the data folder. */
  close(): void;
}

/** Why document files wait while a loss of the history is not confirmed (the run's notice). */
export const DOCUMENTS_HELD_FOR_LOSS =
  '実行履歴が失われたため、帳票データの送信を止めています（二重送信を防ぐためです）。明細コネクタの画面で内容を確認し、「確認しました」を選ぶと送信を再開します。ファイルは元の場所に残してあります。';

export function openEngine(input: EngineInput): Result<Engine> {
  const { clock, logger, paths } = input;
  const tuning = input.tuning ?? {};
  const newId = input.newId ?? (() => randomUUID());
  // The tray app and a CLI run / agent on the same data folder would list and send the same files:
  // one holder only (a holder that died is taken over).
  const lock = acquireDataDirLock(paths.dataDir, input.purpose, input.supersedes ? { supersedes: input.supersedes } : {});
  if (!lock.ok) return lock;
  // Opened with the question of whether it was lost (history.db, its WAL), and the sent ledger beside it.
  const opened = openCheckedHistory({ paths, settings: input.settings(), logger, clock });
  if (!opened.ok) {
    lock.value.release();
    return opened;
  }
  const { db, ledger } = opened.value;
  const writer = withSentLedger({ writer: db.writer, reader: db.reader, ledger, clock, logger });

  const factory = createClientFactory({
    clock,
    logger,
    resolveProxy: input.network.resolveProxy,
    ca: input.network.ca,
    ...(input.network.requestsPerMinute !== undefined ? { requestsPerMinute: input.network.requestsPerMinute } : {}),
    ...(input.network.timeouts ? { timeouts: input.network.timeouts } : {}),
    ...(input.network.maxAnswerBytes !== undefined ? { maxAnswerBytes: input.network.maxAnswerBytes } : {}),
  });
  const api = createLiveApi({
    factory,
    logger: logger.child({ module: 'api' }),
    connection: async () => {
      const settings = input.settings();
      if (settings === null) return err(appError('app.no-settings', 'まだ設定が保存されていません。'));
      const token = await input.token();
      if (!token.ok) return token;
      return ok({ baseUrl: settings.meisai.url, token: token.value, proxyUrl: settings.agent.proxyUrl });
    },
  });

  const baseFiles = createDefaultFileOps({ stagingDir: paths.stagingDir, clock, logger, stableForMs: tuning.stableForMs ?? 2_000 });
  const runner = createRunner({
    settings: () => {
      const settings = input.settings();
      if (settings === null) throw new Error('runner used before settings were saved');
      return settings;
    },
    api,
    history: { reader: db.reader, writer, lines: db.sentLines },
    documentHold: () => (db.losses.pending() === null ? null : DOCUMENTS_HELD_FOR_LOSS),
    clock,
    logger,
    files: tuning.files ? tuning.files(baseFiles) : baseFiles,
    preflight,
    ...(tuning.runner ? { options: tuning.runner } : {}),
  });

  return ok({
    history: db.reader,
    runner,
    api,
    connect: (baseUrl, token, proxyUrl) => factory.connect(baseUrl, token, proxyUrl),
    createAgent: (settings) =>
      createAgent({
        settings,
        executor: runner.execute,
        clock,
        logger,
        scheduleStore: db.scheduleState,
        newRunId: newId,
        attentionCount: () => db.reader.attentionCount(),
        retryWaits: () => pendingRetriesFrom(db.reader),
        // The waiting list foresees what the content guards will say (同一内容, lines already sent).
        judge: createPreflightJudge(contentForesight({ reader: db.reader, lines: db.sentLines })),
        ...(tuning.watch ? { watch: tuning.watch } : {}),
      }),
    run: (target, trigger = 'manual', onProgress = () => {}, signal = new AbortController().signal) =>
      runner.execute({ runId: newId(), target, trigger, signal, onProgress }),
    historyLoss: () => db.losses.pending(),
    confirmHistoryLoss: () => {
      const confirmed = db.losses.confirm();
      if (confirmed.ok) logger.info('history loss confirmed by the clerk', { id: confirmed.value.id });
      return confirmed;
    },
    close: () => {
      db.close();
      lock.value.release();
    },
  });
}
