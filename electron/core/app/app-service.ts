// The tray app's main-side service, without Electron: every channel of the IPC contract implemented
// against the real core (settings store, encrypted token, history database, runner, agent, the
// 楽楽明細 client through the office proxy). The Electron main wires it to ipcMain and the tray; the
// settings-window browser tests run this very object in plain Node with only the transport replaced.
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppInfo, FolderChoice, InvokeHandlers, SettingsView, TokenView } from '../../../shared/ipc/contract';
import { formatLocal } from '../../../shared/local-time';
import { appError, err, ok, type AppError, type Result } from '../../../shared/result';
import { awaitsClerkChoice, NOT_AWAITING_CHOICE_MESSAGE, type AgentStatus, type RunProgress, type RunSummary, type RunTarget, type WaitingFiles } from '../../../shared/run';
import { parseSettings, type FieldError } from '../../../shared/settings/parse';
import type { Settings } from '../../../shared/settings/schema';
import { createAgent, type Agent, type AgentWatchOptions } from '../agent/agent';
import { openHistoryDatabase, type HistoryDatabase } from '../history';
import { acquireDataDirLock, TRAY_APP_PURPOSE } from '../instance-lock/data-dir-lock';
import { checkRootFolder } from '../settings/root-folder-check';
import { snapshotWaitingFiles } from '../watcher/waiting-snapshot';
import { watchTargetsFromSettings } from '../watcher/watch-targets';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { preflight } from '../preflight';
import { createDefaultFileOps } from '../runner/default-file-ops';
import { createRunner, type Runner, type RunnerOptions } from '../runner/runner';
import type { SecretStore } from '../secrets/secret-store';
import { withEnvironmentToken } from '../secrets/environment-token';
import { createSettingsStore, type DataPaths, type SettingsStore } from '../settings';
import { testConnection } from './connection-test';
import { createDispatch, type Dispatch } from './dispatch';
import { createEventHub, type EventHub } from './event-hub';
import { createClientFactory, createLiveApi, type LiveApi } from './live-api';
import type { ResolveProxy } from './proxy';

export interface AppServiceDeps {
  /** Where settings.json, history.db, logs and staging live (electron/core/settings dataPathsFor). */
  readonly dataPaths: DataPaths;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The token store: file + safeStorage in the app, createMemorySecretStore() in tests. */
  readonly secretStore: SecretStore;
  /** Shows a folder picker (Electron's dialog); resolves null when cancelled. */
  readonly pickFolder: (current: string | null) => Promise<string | null>;
  /** Opens a folder in Explorer / Finder; resolves '' on success or an error text (shell.openPath's contract). */
  readonly openPath: (path: string) => Promise<string>;
  readonly newId: () => string;
  readonly version: string;
  readonly platform: string;
  /** Chromium's proxy answer for a URL (session.resolveProxy), e.g. "PROXY p:8080; DIRECT"; null: direct. */
  readonly resolveProxy: ResolveProxy | null;
  /** Trusted TLS roots (OS store + runtime); null: the runtime's defaults. See proxy.ts systemCaCertificates. */
  readonly caCertificates?: readonly string[] | null;
  /** The current log file, shown in app:info. */
  readonly logFile: string;
  /** Runs against the built-in sandbox: a loopback 「楽楽明細」URL is accepted. */
  readonly sandbox?: boolean;
  /**
   * This process holds the app's single-instance lock (Electron): a data-folder lock left by an
   * earlier tray app is stale even if its PID now belongs to another program.
   */
  readonly singleInstance?: boolean;
  /** Process environment (MEISAI_API_TOKEN wins over the saved token). Default: none. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Tuning for tests (short stability waits and polls); the app uses the defaults. */
  readonly tuning?: {
    readonly stableForMs?: number;
    readonly runner?: RunnerOptions;
    readonly watch?: AgentWatchOptions;
    /** null: no request budget (sandbox tests). */
    readonly requestsPerMinute?: number | null;
  };
}

export interface StartOptions {
  /** Start scheduler, watcher and queue now (launched at login with 「ログイン時に起動」 on). */
  readonly autoStart: boolean;
}

/** What the tray (any face but the window) asks of the core, by name rather than through the window's channel table. */
export interface AppCommands {
  startAgent(): Promise<Result<AgentStatus>>;
  stopAgent(): Promise<Result<AgentStatus>>;
  runNow(target: RunTarget): Promise<Result<{ readonly runId: string }>>;
  openFolder(which: FolderChoice): Promise<Result<null>>;
}

export interface AppService {
  readonly handlers: InvokeHandlers;
  readonly commands: AppCommands;
  readonly events: EventHub;
  /** The IPC gate: sender check, channel check, zod validation, errors as values. */
  readonly dispatch: Dispatch;
  /** Finishes what a crash left mid-way, then starts the agent if asked. Call once, after construction. */
  start(options: StartOptions): Promise<void>;
  status(): AgentStatus;
  settings(): Settings | null;
  /** A run is running or queued: 終了 asks before stopping it. */
  busy(): boolean;
  /** The PC woke up (powerMonitor): catch up a missed slot, rescan folders. */
  resume(): Promise<void>;
  /** Stops the agent (graceful: the file in flight finishes) and closes the database. */
  dispose(options?: { readonly graceful?: boolean }): Promise<void>;
}

export const APP_ERRORS = {
  noSettings: 'app.no-settings',
  invalidSettings: 'settings.invalid',
  folder: 'app.folder',
} as const;

/** While stopped, a file counts as stable once untouched this long (the watcher's own window). */
const STOPPED_STABLE_MS = 3_000;

const NO_SETTINGS = (): AppError => appError(APP_ERRORS.noSettings, 'まだ設定が保存されていません。「設定を開く」からStep1〜4を入力して保存してください。');

function stripToken(raw: unknown): unknown {
  // The token never travels inside the settings object: only as `newToken`, and never into settings.json.
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const r = raw as Record<string, unknown>;
  const meisai = r.meisai;
  if (typeof meisai !== 'object' || meisai === null || Array.isArray(meisai)) return raw;
  const { apiToken: _a, token: _t, ...rest } = meisai as Record<string, unknown>;
  return { ...r, meisai: rest };
}

/**
 * Opens the history database and builds the service. Fails (as a value) only when the database
 * cannot be opened — the app cannot keep its exactly-once promise without it.
 */
export async function createAppService(deps: AppServiceDeps): Promise<Result<AppService>> {
  const { clock, dataPaths } = deps;
  const logger = deps.logger.child({ module: 'app' });
  const sandbox = deps.sandbox === true;
  const secrets: SecretStore = withEnvironmentToken(deps.secretStore, deps.env?.MEISAI_API_TOKEN);

  await mkdir(dataPaths.dataDir, { recursive: true });
  // A CLI `run` / `agent` on the same data folder would send the same files: one holder only.
  const lock = acquireDataDirLock(dataPaths.dataDir, TRAY_APP_PURPOSE, {
    supersedes: (owner) => deps.singleInstance === true && owner.purpose === TRAY_APP_PURPOSE,
  });
  if (!lock.ok) return lock;
  const opened = openHistoryDatabase(dataPaths.historyDb, { logger: deps.logger, clock });
  if (!opened.ok) {
    lock.value.release();
    return opened;
  }
  const db: HistoryDatabase = opened.value;

  const store: SettingsStore = createSettingsStore({
    path: dataPaths.settingsFile,
    env: {},
    newId: deps.newId,
    logger: deps.logger,
    tokenStorage: 'elsewhere',
    allowLoopbackUrl: sandbox,
  });

  const events = createEventHub(logger);
  let current: Settings | null = null;
  let loadProblem: AppError | null = null;
  const loaded = store.load();
  if (loaded.ok) current = loaded.value;
  else {
    loadProblem = loaded.error;
    logger.error('settings file unreadable', { code: loaded.error.code, file: loaded.error.file });
  }

  // ---- the token and the API -------------------------------------------------------------------

  let tokenCache: Result<string | null> | null = null;
  const readToken = async (): Promise<Result<string | null>> => (tokenCache ??= await secrets.get());

  const factory = createClientFactory({
    clock,
    logger: deps.logger,
    resolveProxy: deps.resolveProxy,
    ca: deps.caCertificates ?? null,
    ...(deps.tuning?.requestsPerMinute !== undefined ? { requestsPerMinute: deps.tuning.requestsPerMinute } : {}),
  });

  const api: LiveApi = createLiveApi({
    factory,
    logger,
    connection: async () => {
      if (current === null) return err(NO_SETTINGS());
      const token = await readToken();
      if (!token.ok) return token;
      if (token.value === null) return err(appError('app.no-token', 'APIトークンが保存されていません。Step1でAPIトークンを入力して保存してください。'));
      return ok({ baseUrl: current.meisai.url, token: token.value, proxyUrl: current.agent.proxyUrl });
    },
  });

  // ---- runner and agent --------------------------------------------------------------------------

  const files = createDefaultFileOps({ stagingDir: dataPaths.stagingDir, clock, logger: deps.logger, stableForMs: deps.tuning?.stableForMs ?? 2_000 });
  const runner: Runner = createRunner({
    settings: () => {
      if (current === null) throw new Error('runner used before settings were saved');
      return current;
    },
    api,
    history: { ...db.reader, ...db.writer },
    clock,
    logger: deps.logger,
    files,
    preflight,
    ...(deps.tuning?.runner ? { options: deps.tuning.runner } : {}),
  });

  let agent: Agent | null = null;
  let lastFilesJson = '';
  const unsubscribers: (() => void)[] = [];

  const forwardProgress = (p: RunProgress) => {
    events.emit('run:progress', p);
    if (p.type === 'run-finished') events.emit('history:changed', { run: p.summary });
  };

  /**
   * The clerk's 再送する / 同じ内容でも送信する: a run of its own, answered with its id at once and
   * reported (progress, history) like any other run.
   */
  const startClerkRun = (
    what: string,
    fileId: number,
    start: (request: { fileId: number; runId: string; onProgress: (p: RunProgress) => void }) => Promise<Result<RunSummary>>,
  ): string => {
    const runId = deps.newId();
    void start({ fileId, runId, onProgress: forwardProgress })
      .then((r) => {
        if (!r.ok) logger.warn(`${what} refused`, { fileId, code: r.error.code });
        publishStatus();
      })
      .catch((e: unknown) => logger.error(`${what} crashed`, { fileId, error: String(e) }));
    return runId;
  };

  const emitFilesIfChanged = () => {
    if (agent === null) return;
    const files = agent.waitingFiles();
    const json = JSON.stringify(files);
    if (json === lastFilesJson) return;
    lastFilesJson = json;
    events.emit('files:changed', files);
  };

  const ensureAgent = (settings: Settings): Agent => {
    if (agent !== null) return agent;
    const a = createAgent({
      settings,
      executor: runner.execute,
      clock,
      logger: deps.logger,
      scheduleStore: db.scheduleState,
      newRunId: deps.newId,
      attentionCount: () => db.reader.attentionCount(),
      ...(deps.tuning?.watch ? { watch: deps.tuning.watch } : {}),
    });
    unsubscribers.push(a.onProgress(forwardProgress));
    unsubscribers.push(
      a.onStatus((s) => {
        events.emit('agent:status', s);
        emitFilesIfChanged();
      }),
    );
    agent = a;
    return a;
  };
  if (current !== null) ensureAgent(current);

  const stoppedStatus = (): AgentStatus => ({ agent: { state: 'stopped' }, nextRuns: [], attention: db.reader.attentionCount() });
  const status = (): AgentStatus => (agent === null ? stoppedStatus() : agent.status());
  const publishStatus = () => events.emit('agent:status', status());

  // ---- views ---------------------------------------------------------------------------------------

  async function tokenView(): Promise<TokenView> {
    // Read afresh: the window is where a key that stopped working must show up.
    const r = (tokenCache = await secrets.get());
    const storage = secrets.storage();
    if (!r.ok) return { saved: storage !== 'none', last4: null, storage, problem: r.error.message };
    if (r.value === null) return { saved: false, last4: null, storage: 'none', problem: null };
    return { saved: true, last4: r.value.slice(-4), storage, problem: null };
  }

  async function settingsView(s: Settings): Promise<SettingsView> {
    const { apiToken: _never, ...meisai } = s.meisai;
    return { ...s, meisai: { url: meisai.url, token: await tokenView() } };
  }

  function folderFor(which: 'root' | 'logs' | 'data' | { target: string }): Result<string> {
    if (which === 'logs') return ok(dataPaths.logDir);
    if (which === 'data') return ok(dataPaths.dataDir);
    if (current === null) return err(NO_SETTINGS());
    if (which === 'root') return ok(current.agent.root);
    if (which.target === 'customers') return ok(join(current.agent.root, current.customers.folder));
    const report = current.reports.find((r) => r.id === which.target);
    if (!report) return err(appError(APP_ERRORS.folder, 'この帳票データ連携設定は見つかりません。設定を保存し直してください。', which.target));
    return ok(join(current.agent.root, report.folder));
  }

  const invalid = (fields: readonly FieldError[]) =>
    err({
      ...appError(APP_ERRORS.invalidSettings, `入力内容に誤りがあります（${fields.length}件）。赤く表示された項目を直してから保存してください。`),
      fields,
    });

  // ---- the contract --------------------------------------------------------------------------------

  const handlers: InvokeHandlers = {
    async 'settings:get'() {
      if (loadProblem !== null && current === null) return err(loadProblem);
      return ok(current === null ? null : await settingsView(current));
    },

    async 'settings:save'({ settings, newToken }) {
      const raw = stripToken(settings);
      // Everything is checked before anything is written: a half-saved form is worse than none.
      const parsed = parseSettings(raw, { allowLoopbackUrl: sandbox });
      if (!parsed.ok) return invalid(parsed.error);
      const rootProblem = await checkRootFolder(parsed.value.agent.root);
      if (rootProblem !== null) return invalid([rootProblem]);
      const typed = newToken?.trim() ?? '';
      if (typed !== '' && !/^[A-Za-z0-9]{1,512}$/.test(typed)) {
        return invalid([{ path: 'meisai.apiToken', message: 'APIトークンは英数字だけです。コピーした時に余分な文字が入っていないか確認してください。' }]);
      }
      if (typed !== '') {
        const saved = await secrets.set(typed);
        tokenCache = null;
        if (!saved.ok) return err({ ...saved.error, fields: [{ path: 'meisai.apiToken', message: saved.error.message }] });
      }
      const written = store.save(raw);
      if (!written.ok) {
        return err({ ...appError(written.error.code, written.error.message, written.error.detail), fields: written.error.fields });
      }
      current = written.value;
      loadProblem = null;
      api.invalidate();
      if (agent === null) ensureAgent(current);
      else await agent.updateSettings(current);
      logger.info('settings saved', { reports: current.reports.length, tokenChanged: typed !== '' });
      const view = await settingsView(current);
      events.emit('settings:changed', view);
      publishStatus();
      return ok(view);
    },

    async 'connection:test'({ url, newToken }) {
      const typed = newToken?.trim() ?? '';
      let token: string | null = typed === '' ? null : typed;
      if (token === null) {
        const saved = await readToken();
        if (!saved.ok) return ok({ outcome: 'bad-token', message: saved.error.message, proxy: '（接続していません）' });
        token = saved.value;
      }
      const result = await testConnection({
        url,
        token,
        allowLoopback: sandbox,
        connect: async (baseUrl, t) => {
          const { api: client, proxy } = await factory.connect(baseUrl, t, current?.agent.proxyUrl ?? null);
          return { api: client, proxy: proxy.description };
        },
      });
      logger.info('connection test', { outcome: result.outcome, proxy: result.proxy });
      return ok(result);
    },

    async 'agent:status'() {
      return ok(status());
    },

    async 'agent:start'() {
      if (current === null) return err(NO_SETTINGS());
      // Without a usable token every run would fail: say so now rather than at the first run.
      const token = await readToken();
      if (!token.ok) return token;
      if (token.value === null) return err(appError('app.no-token', 'APIトークンが保存されていません。「設定を開く」のStep1でAPIトークンを入力して保存してから起動してください。'));
      const a = ensureAgent(current);
      await a.start();
      emitFilesIfChanged();
      return ok(a.status());
    },

    async 'agent:stop'() {
      if (agent === null) return ok(status());
      // 停止: the file in flight finishes, nothing new starts.
      await agent.stop({ graceful: true });
      return ok(agent.status());
    },

    async 'run:now'({ target }) {
      if (agent === null) return err(NO_SETTINGS());
      return agent.runNow(target as RunTarget);
    },

    async 'run:cancel'({ runId }) {
      if (agent === null) return err(NO_SETTINGS());
      const r = agent.cancel(runId);
      return r.ok ? ok(null) : r;
    },

    async 'history:list'(filter) {
      return ok(db.reader.listRuns(filter));
    },

    async 'history:get'({ runId }) {
      return ok(db.reader.getRun(runId));
    },

    async 'history:export-csv'(filter) {
      return ok({ fileName: `明細コネクタ_実行履歴_${formatLocal(clock.now(), 'compact-date')}.csv`, csv: db.reader.exportCsv(filter) });
    },

    async 'history:resolve-held'({ fileId, action }) {
      if (action === 'mark-sent') {
        const r = db.writer.resolveHeld(fileId, 'mark-sent');
        if (!r.ok) return r;
        const revised = runner.revisitOutcome(r.value.runId);
        if (revised) events.emit('history:changed', { run: revised });
        publishStatus();
        return ok({ runId: null });
      }
      if (current === null) return err(NO_SETTINGS());
      const file = db.reader.getFile(fileId);
      if (!awaitsClerkChoice(file)) {
        return err(appError('runner.not-held', NOT_AWAITING_CHOICE_MESSAGE, `file ${fileId}`));
      }
      return ok({ runId: startClerkRun('resend', fileId, (request) => runner.resendHeld(request)) });
    },

    async 'history:force-send'({ fileId }) {
      if (current === null) return err(NO_SETTINGS());
      const file = db.reader.getFile(fileId);
      if (!file || file.state.state !== 'duplicate') {
        return err(appError('runner.not-duplicate', 'このファイルは「同一内容」ではありません。画面を更新してください。', `file ${fileId}`));
      }
      return ok({ runId: startClerkRun('force send', fileId, (request) => runner.forceSend(request)) });
    },

    async 'files:waiting'() {
      if (current === null) return ok([] as readonly WaitingFiles[]);
      // 停止中 the watcher is not running: list the folders once so the screen is not falsely empty.
      if (agent === null || agent.status().agent.state === 'stopped') {
        return ok(await snapshotWaitingFiles(watchTargetsFromSettings(current), clock.now(), STOPPED_STABLE_MS));
      }
      return ok(agent.waitingFiles());
    },

    async 'dialog:pick-folder'({ current: start }) {
      return ok(await deps.pickFolder(start));
    },

    async 'shell:open-folder'({ which }) {
      const folder = folderFor(which);
      if (!folder.ok) return folder;
      if (which === 'logs' || which === 'data') await mkdir(folder.value, { recursive: true });
      const exists = await stat(folder.value).then((s) => s.isDirectory(), () => false);
      if (!exists) return err(appError(APP_ERRORS.folder, `フォルダが見つかりません: ${folder.value}\nStep2の「ファイルの配置場所」とフォルダ名を確認してください。`));
      const problem = await deps.openPath(folder.value);
      if (problem !== '') return err(appError(APP_ERRORS.folder, `フォルダを開けませんでした: ${folder.value}`, problem));
      return ok(null);
    },

    async 'app:info'() {
      const info: AppInfo = {
        version: deps.version,
        agentId: current?.agent.id ?? '',
        platform: deps.platform,
        dataDir: dataPaths.dataDir,
        logFile: deps.logFile,
        sandbox,
      };
      return ok(info);
    },
  };

  const dispatch = createDispatch(handlers, deps.logger);
  let disposed = false;

  const commands: AppCommands = {
    startAgent: () => handlers['agent:start'](undefined),
    stopAgent: () => handlers['agent:stop'](undefined),
    runNow: (target) => handlers['run:now']({ target }),
    openFolder: (which) => handlers['shell:open-folder']({ which }),
  };

  return ok({
    handlers,
    commands,
    events,
    dispatch,
    async start({ autoStart }) {
      try {
        const resumed = await runner.resume();
        if (resumed.resumed > 0) logger.info('resumed unfinished files', { resumed: resumed.resumed, held: resumed.held });
        for (const run of resumed.runs) events.emit('history:changed', { run });
      } catch (e) {
        // Without settings (first start) there is nothing to resume; anything else is logged.
        if (current !== null) logger.error('resume failed', { error: String(e) });
      }
      if (autoStart && current !== null) await handlers['agent:start'](undefined);
      publishStatus();
    },
    status,
    settings: () => current,
    busy: () => status().agent.state === 'running',
    async resume() {
      await agent?.resume();
    },
    async dispose(options = {}) {
      if (disposed) return;
      disposed = true;
      try {
        await agent?.stop({ graceful: options.graceful ?? false });
      } finally {
        for (const u of unsubscribers) u();
        events.clear();
        db.close();
        lock.value.release();
      }
    },
  });
}
