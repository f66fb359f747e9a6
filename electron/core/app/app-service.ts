// The tray app's main-side service, without Electron: the engine (composition root in
// electron/core/engine) plus what is the tray app's own — the encrypted token store, the event hub
// the window and the tray listen to, and every channel of the IPC contract, answered by handlers per
// area (settings, agent, history, waiting files, shell, support) behind one dispatch gate: the engine
// is opened by app-engine.ts, the handlers put together by app-handlers.ts. The Electron main
// wires it to ipcMain and the tray; the settings-window browser tests run this very object in plain
// Node with only the transport replaced.
import type { FolderChoice, InvokeHandlers } from '../../../shared/ipc/contract';
import { ok, type Result } from '../../../shared/result';
import type { AgentStatus, RunTarget } from '../../../shared/run';
import type { Settings } from '../../../shared/settings/schema';
import type { AgentWatchOptions } from '../agent/agent';
import type { StoppedSlot } from '../agent/stopped-watch';
import type { ResolveProxy } from '../engine/proxy';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { RunnerOptions } from '../runner/runner';
import type { SecretStore } from '../secrets/secret-store';
import type { DataPaths } from '../settings';
import { createAgentHost } from './agent-host';
import { openAppEngine } from './app-engine';
import { composeAppHandlers } from './app-handlers';
import { createAppSettings } from './app-settings';
import { createAppToken } from './app-token';
import { createDispatch, type Dispatch } from './dispatch';
import { createEventHub, type EventHub } from './event-hub';
import { settingsReadiness } from './settings-readiness';
import { watchStoppedSlots } from './stopped-slots';

export { APP_ERRORS } from './app-errors';

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
  /** Shows a file selected in Explorer / Finder (shell.showItemInFolder). */
  readonly showItemInFolder: (path: string) => void;
  readonly newId: () => string;
  readonly version: string;
  readonly platform: string;
  /** Chromium's proxy answer for a URL (session.resolveProxy), e.g. "PROXY p:8080; DIRECT"; null: direct. */
  readonly resolveProxy: ResolveProxy | null;
  /** Trusted TLS roots (OS store + runtime); null: the runtime's defaults. See engine/trusted-certificates.ts. */
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
  /** A save dialog for 「サポート用情報を保存」; resolves null when cancelled. Default: none (refused). */
  readonly pickSaveFile?: (suggestedName: string) => Promise<string | null>;
  /** process.versions of the app, for the support bundle. Default: this process's. */
  readonly runtimeVersions?: Readonly<Record<string, string | undefined>>;
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
  /**
   * Start scheduler, watcher and queue now if the settings are complete (URL, token, root, a setting
   * that is not 連携しない): the tray app does at every launch, whether at login or by hand.
   */
  readonly autoStart: boolean;
}

/** What the tray (any face but the window) asks of the core, by name rather than through the window's channel table. */
export interface AppCommands {
  startAgent(): Promise<Result<AgentStatus>>;
  stopAgent(): Promise<Result<AgentStatus>>;
  runNow(target: RunTarget): Promise<Result<{ readonly runId: string }>>;
  openFolder(which: FolderChoice): Promise<Result<null>>;
  /** 「サポート用情報を保存」: null when the clerk cancelled the dialog. */
  saveSupportBundle(): Promise<Result<{ readonly saved: string } | null>>;
}

export interface AppService {
  readonly handlers: InvokeHandlers;
  readonly commands: AppCommands;
  readonly events: EventHub;
  /** The IPC gate: sender check, channel check, zod validation, errors as values. */
  readonly dispatch: Dispatch;
  /**
   * Starts the agent if asked, with what a crash left mid-way being finished beside it (resume claims
   * its files first, so nothing is taken twice). Call once, after construction. Resolves once the
   * agent is up, not when resume is done: a slot must not wait for minutes of polling.
   */
  start(options: StartOptions): Promise<void>;
  /** Resolves when the resume begun by start() has finished (tests; quitting waits for it). */
  resumed(): Promise<void>;
  status(): AgentStatus;
  settings(): Settings | null;
  /** A run is running or queued: 終了 asks before stopping it. */
  busy(): boolean;
  /** The PC woke up (powerMonitor): catch up a missed slot, rescan folders. */
  resume(): Promise<void>;
  /** Stops the agent (graceful: the file in flight finishes) and closes the database. */
  dispose(options?: { readonly graceful?: boolean }): Promise<void>;
  /** A scheduled slot passed while the agent was stopped (told once per slot): the tray says so. */
  onSlotWhileStopped(listener: (slots: readonly StoppedSlot[]) => void): () => void;
}

/**
 * Opens the engine (data-folder lock, history database) and builds the service. Fails (as a value)
 * only when the engine cannot be opened — the app cannot keep its exactly-once promise without it.
 */
export async function createAppService(deps: AppServiceDeps): Promise<Result<AppService>> {
  const logger = deps.logger.child({ module: 'app' });
  const token = createAppToken(deps.secretStore, deps.env ?? {});
  const settings = createAppSettings({ path: deps.dataPaths.settingsFile, newId: deps.newId, logger: deps.logger, sandbox: deps.sandbox === true });

  const opened = openAppEngine(deps, settings, token);
  if (!opened.ok) return opened;
  const engine = opened.value;
  // Read only now that the data folder is ours: loading may write the ids it assigns.
  settings.load();

  const events = createEventHub(logger);
  const agents = createAgentHost({ engine, events });
  const current = () => settings.current();
  if (current() !== null) agents.ensure(current()!);

  // While stopped, something must still notice the slots — only to tell, never to run.
  const stoppedSlots = watchStoppedSlots({ clock: deps.clock, logger, agents, events, configured: () => current() !== null });
  const handlers = composeAppHandlers(deps, { settings, token, agents, engine, events, logger });
  const dispatch = createDispatch(handlers, deps.logger);
  let disposed = false;
  let resuming: Promise<void> = Promise.resolve();
  const stopResume = new AbortController();
  let finalStatus: AgentStatus | null = null;

  const commands: AppCommands = {
    startAgent: () => handlers['agent:start'](undefined),
    stopAgent: () => handlers['agent:stop'](undefined),
    runNow: (target) => handlers['run:now']({ target }),
    openFolder: (which) => handlers['shell:open-folder']({ which }),
    saveSupportBundle: () => handlers['support:save-bundle'](undefined),
  };

  return ok({
    handlers,
    commands,
    events,
    dispatch,
    async start({ autoStart }) {
      // Called before the agent starts and not awaited: resume claims its files synchronously, then
      // polls beside the agent (timer finding 8: ten minutes of polling must not delay a slot).
      resuming = engine.runner
        .resume(stopResume.signal)
        .then((resumed) => {
          if (resumed.resumed > 0) logger.info('resumed unfinished files', { resumed: resumed.resumed, held: resumed.held });
          for (const run of resumed.runs) events.emit('history:changed', { run });
          agents.publishStatus();
        })
        .catch((e: unknown) => {
          // Without settings (first start) there is nothing to resume; anything else is logged.
          if (current() !== null) logger.error('resume failed', { error: String(e) });
        });
      const saved = await token.read();
      const readiness = settingsReadiness(current(), saved.ok && saved.value !== null);
      if (autoStart && readiness.complete) {
        const started = await handlers['agent:start'](undefined);
        if (!started.ok) logger.warn('agent not started at launch', { code: started.error.code });
      } else if (autoStart) {
        logger.info('agent left stopped at launch: settings incomplete', { missing: readiness.complete ? [] : readiness.missing });
      }
      agents.publishStatus();
    },
    resumed: () => resuming,
    // After dispose the history is closed: the quit path (the updater's never-during-a-run check)
    // still asks, and gets the status as it was when the agent stopped.
    status: () => finalStatus ?? agents.status(),
    settings: current,
    busy: () => (finalStatus ?? agents.status()).agent.state === 'running',
    async resume() {
      await agents.agent()?.resume();
    },
    onSlotWhileStopped: (listener) => stoppedSlots.onSlots(listener),
    async dispose(options = {}) {
      if (disposed) return;
      disposed = true;
      stoppedSlots.dispose();
      try {
        await agents.agent()?.stop({ graceful: options.graceful ?? false });
        // Resume's polling is cut short (its files stay 取込状況不明 for the next start).
        stopResume.abort();
        await resuming;
      } finally {
        finalStatus = { ...agents.status(), agent: { state: 'stopped' } };
        agents.dispose();
        events.clear();
        engine.close();
      }
    },
  });
}
