// `meisai-connector agent --config FILE`: the resident agent without a window (a server, or Windows
// Task Scheduler at log-on). Scheduler, folder watcher and run queue run in the foreground, progress
// goes to stdout and the log to stderr; SIGINT/SIGTERM stop it cleanly: the run in flight is
// cancelled between files (the file being sent finishes, or stays recorded where it stopped, and
// the next start resumes it), then the history database is closed. As the tray app does, it makes
// the settings' missing folders, lists the files it will not send (and why), and says when a
// scheduled run found nothing — in lines of its output instead of notifications.
import { formatLocal } from '../../../shared/local-time';
import { TRIGGER_LABELS, FILE_STATE_LABELS, targetDisplayName, type RunProgress, type WaitingFiles } from '../../../shared/run';
import type { Settings } from '../../../shared/settings/schema';
import { ignoredReasonText } from '../../../shared/waiting-words';
import type { Agent, AgentWatchOptions } from '../../core/agent/agent';
import type { LogLevel } from '../../core/ports/logger';
import { systemClock, type Clock } from '../../core/ports/clock';
import { createMissingFolders } from '../../core/watcher/setting-folders';
import { watchTargetsFromSettings } from '../../core/watcher/watch-targets';
import { describeTiming } from '../../../shared/settings/describe-timing';
import type { CliIo } from '../cli-io';
import { historyLossText } from '../history-loss-text';
import { CONFIG_HELP, CONFIG_OPTIONS, loadCommandConfig, openCommandEngine, openCommandLog, type CommandEngineTuning } from '../command-config';
import { parseCommandArgs } from '../command-args';

export const AGENT_HELP = `使い方: meisai-connector agent --config 設定ファイル [オプション]

常駐エージェントをウィンドウなしで動かします（スケジュール実行・ファイル配置時・フォルダ監視）。
Ctrl+C（SIGINT）または SIGTERM で、送信中のファイルを終えてから停止します。

${CONFIG_HELP}
  --log-level LEVEL      debug / info / warn / error（省略時: info）

プロキシは設定ファイルの agent.proxyUrl、なければ環境変数 HTTPS_PROXY / NO_PROXY に従います。
社内の証明書は環境変数 NODE_EXTRA_CA_CERTS（PEMファイル）で追加できます。

起動時に、設定のフォルダ名のフォルダがなければ作成します。フォルダにあっても送信しないファイルは、
起動時とスケジュール実行で対象のファイルがなかった時に、理由とともに表示します。

終了コード: 停止の指示で止まったとき 0、設定の誤り（スケジュール実行・ファイル配置時の帳票データ
連携設定が一つもない場合を含む）は 2、起動できなかったときは 1。
`;

/** A headless agent runs only what runs by itself: without such a setting it would sit there sending nothing. */
export const NOTHING_TO_RUN_MESSAGE =
  'スケジュール実行・ファイル配置時の帳票データ連携設定がありません。このままではエージェントは何も送信しないため、起動しませんでした。手動で送る場合は meisai-connector run を使ってください。';

export interface AgentCommandDeps {
  /** Aborting it stops the agent like SIGINT does (tests; an embedding process). */
  readonly stopSignal?: AbortSignal;
  /** Whether to listen to SIGINT/SIGTERM (default true; tests turn it off). */
  readonly handleProcessSignals?: boolean;
  readonly clock?: Clock;
  /** Called once the agent has started (tests look at it; e.g. waitingFiles()). */
  readonly onStarted?: (agent: Agent) => void;
  /** Watcher tuning (tests shorten the debounce). */
  readonly watch?: AgentWatchOptions;
  /** Engine overrides (tests: no request budget, short stability). */
  readonly engine?: CommandEngineTuning;
}

export async function agentCommand(argv: readonly string[], io: CliIo, deps: AgentCommandDeps = {}): Promise<number> {
  const parsed = parseCommandArgs(argv, { ...CONFIG_OPTIONS, 'log-level': { type: 'string', default: 'info' } }, AGENT_HELP, io);
  if ('exit' in parsed) return parsed.exit;
  const { values } = parsed;
  const level = values['log-level'] as LogLevel;
  if (!['debug', 'info', 'warn', 'error'].includes(level)) {
    io.stderr(`--log-level は debug / info / warn / error のどれかです。\n\n${AGENT_HELP}`);
    return 2;
  }
  const config = await loadCommandConfig(values, io, AGENT_HELP);
  if ('exit' in config) return config.exit;
  const { settings } = config;
  if (!settings.reports.some((r) => r.timing.mode === 'schedule' || r.timing.mode === 'arrival')) {
    io.stderr(`${NOTHING_TO_RUN_MESSAGE}\n`);
    return 2;
  }
  const clock = deps.clock ?? systemClock;
  // Progress on stderr for whoever watches the terminal, and the same lines in the agent's log file.
  const logger = openCommandLog(config, io, { file: level, terminal: level }, clock);
  const engine = openCommandEngine(config, 'meisai-connector agent', logger, clock, { ...deps.engine, ...(deps.watch ? { watch: deps.watch } : {}) });
  if (!engine.ok) {
    io.stderr(`${engine.error.message}\n`);
    logger.close();
    return 1;
  }
  const { runner } = engine.value;
  let agent: Agent | null = null;
  let stopRequested: ReturnType<typeof waitForStop> | null = null;
  const stopResume = new AbortController();
  let resuming: Promise<void> = Promise.resolve();
  try {
    const loss = engine.value.historyLoss();
    if (loss !== null) io.stderr(historyLossText(loss));

    // The settings' folders, before the watcher looks at them (as a save in the window does).
    const folders = await createMissingFolders(watchTargetsFromSettings(settings));
    for (const f of folders.created) io.stdout(`フォルダを作成しました: ${f}\n`);
    for (const f of folders.failed) io.stderr(`${f.message}\n`);

    const running = engine.value.createAgent(settings);
    agent = running;
    // Listen before starting: a Ctrl+C during start-up stops the agent as soon as it is up.
    stopRequested = waitForStop(deps);
    running.onProgress((p) => {
      const line = progressLine(p);
      if (line) io.stdout(`${line}\n`);
      for (const l of emptyRunLines(p, settings, () => running.waitingFiles())) io.stdout(`${l}\n`);
    });
    // What a crash or a forced stop left mid-way is finished beside the agent, not before it: resume
    // claims its files at once, and a slot (or a new setting's first one) does not wait for its polling.
    resuming = runner
      .resume(stopResume.signal)
      .then((resumed) => {
        if (resumed.resumed > 0) io.stdout(`前回中断した ${resumed.resumed} 件を再開しました（要確認 ${resumed.held} 件）。\n`);
      })
      .catch((e: unknown) => io.stderr(`前回中断したファイルの再開に失敗しました: ${e instanceof Error ? e.message : String(e)}\n`));
    await agent.start();
    io.stdout(startBanner(settings, agent));
    deps.onStarted?.(agent);

    const signalName = await stopRequested.promise;
    io.stdout(`${signalName ? `${signalName} を受け取りました。` : ''}停止しています（処理中のファイルは、送信を終えるか状態を記録してから止まります）…\n`);
    await agent.stop({ graceful: false });
    stopResume.abort();
    await resuming;
    io.stdout('エージェントを停止しました。\n');
    return 0;
  } catch (e) {
    stopRequested?.dispose();
    io.stderr(`エージェントが異常終了しました: ${e instanceof Error ? e.message : String(e)}\n`);
    await agent?.stop({ graceful: false }).catch(() => undefined);
    stopResume.abort();
    await resuming;
    return 1;
  } finally {
    engine.value.close();
    logger.close();
  }
}

/**
 * `promise` resolves with the signal's name (or null for the stop signal) on the first request to
 * stop; `dispose` removes the listeners (also when start-up failed, so Ctrl+C keeps its default).
 */
function waitForStop(deps: AgentCommandDeps): { promise: Promise<string | null>; dispose: () => void } {
  const listen = deps.handleProcessSignals ?? true;
  let dispose = () => {};
  const promise = new Promise<string | null>((done) => {
    const onInt = () => finish('SIGINT');
    const onTerm = () => finish('SIGTERM');
    const onAbort = () => finish(null);
    dispose = () => {
      // After the first signal Node's default applies again: a second Ctrl+C terminates. Each file
      // state is persisted before its POST and move, so the next start resumes it safely.
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      deps.stopSignal?.removeEventListener('abort', onAbort);
    };
    const finish = (name: string | null) => {
      dispose();
      done(name);
    };
    if (listen) {
      process.once('SIGINT', onInt);
      process.once('SIGTERM', onTerm);
    }
    if (deps.stopSignal?.aborted) onAbort();
    else deps.stopSignal?.addEventListener('abort', onAbort, { once: true });
  });
  return { promise, dispose: () => dispose() };
}

/** Files named in a line about the files a setting will not send (the rest are counted). */
const IGNORED_NAMED = 5;

/** The setting's ファイル名, for the reason a file is not sent. */
const prefixOf = (target: string, settings: Settings): string =>
  target === 'customers' ? settings.customers.filePrefix : (settings.reports.find((r) => r.id === target)?.filePrefix ?? '');

/** 「送信しないファイル」 for one setting, each with why; nothing when there are none. */
function ignoredLines(w: WaitingFiles, settings: Settings, indent: string): string[] {
  if (w.ignoredTotal === 0) return [];
  const prefix = prefixOf(w.target, settings);
  const named = w.ignored.slice(0, IGNORED_NAMED).map((f) => `${indent}  ${f.fileName}: ${ignoredReasonText(f.reason, prefix)}`);
  const more = w.ignoredTotal - named.length;
  return [`${indent}フォルダにあっても送信しないファイル ${w.ignoredTotal} 件:`, ...named, ...(more > 0 ? [`${indent}  ほか ${more} 件`] : [])];
}

/**
 * A scheduled run that found nothing says so (unless 「対象のファイルがない時も通知する」 is off),
 * with the files in the folder it did not take and why — the tray app's notification, as lines.
 */
export function emptyRunLines(p: RunProgress, settings: Settings, waiting: () => readonly WaitingFiles[]): string[] {
  if (p.type !== 'run-finished') return [];
  const run = p.summary;
  if (run.outcome !== 'nothing' || run.counts.files > 0 || (run.trigger !== 'schedule' && run.trigger !== 'catch-up') || !settings.agent.notifyEmptyRuns) return [];
  const key = run.target.kind === 'customers' ? 'customers' : run.target.reportId;
  const group = waiting().find((w) => w.target === key);
  return [
    `[${p.runId.slice(0, 8)}] 対象のファイルがありませんでした: ${run.targetName}（${TRIGGER_LABELS[run.trigger]}）。ファイル名とフォルダが設定と合っているか確認してください。`,
    ...(group ? ignoredLines(group, settings, '  ') : []),
  ];
}

function startBanner(settings: Settings, agent: Agent): string {
  const status = agent.status();
  const lines = ['エージェントを起動しました（停止: Ctrl+C）'];
  for (const r of settings.reports) {
    const next = status.nextRuns.find((n) => n.reportId === r.id)?.at;
    lines.push(`  ${r.name}: ${describeTiming(r.timing)}${next ? `（次回 ${formatLocal(new Date(next), 'date-time')}）` : ''}`);
  }
  for (const w of agent.waitingFiles()) {
    const name = targetDisplayName(w.target, settings.reports);
    lines.push(w.folderProblem ? `  ${name}: ${w.folderProblem}` : `  ${name}: 待機中のファイル ${w.files.length} 件（${w.folder}）`);
    lines.push(...ignoredLines(w, settings, '    '));
  }
  if (status.attention > 0) lines.push(`  要確認・取込状況不明のファイルが ${status.attention} 件あります（meisai-connector history で確認できます）。`);
  if (status.retryWait) lines.push(`  再送待ちのファイルが ${status.retryWait.files} 件あります（次回の自動送信 ${formatLocal(new Date(status.retryWait.nextAttemptAt), 'date-time')}）。`);
  return `${lines.join('\n')}\n`;
}

function progressLine(p: RunProgress): string | null {
  switch (p.type) {
    case 'run-started':
      return `[${p.runId.slice(0, 8)}] 開始: ${p.targetName}（${TRIGGER_LABELS[p.trigger]}）`;
    case 'file-found':
      return `[${p.runId.slice(0, 8)}] 検出: ${p.fileName}`;
    case 'file-state':
      return `[${p.runId.slice(0, 8)}] ${p.fileName}: ${FILE_STATE_LABELS[p.state.state]}`;
    case 'file-importing':
      return `[${p.runId.slice(0, 8)}] 取込中 ${p.index}/${p.total}: ${p.fileName}`;
    case 'run-finished':
      return `[${p.runId.slice(0, 8)}] 終了: ${p.summary.targetName} — ${p.summary.message}`;
  }
}

