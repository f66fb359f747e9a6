// The composition root of the tray app, with Electron passed in (index.ts hands over the real module,
// the wiring test a stand-in). It builds the core and connects the rooms of the main process, each a
// module a newcomer can name:
//   lifecycle.ts        single instance, app events, login item, sleep/resume, quit
//   app-protocol.ts     the app:// scheme the window is served from, the CSP, no permissions
//   settings-window.ts  the window's life, locked down, the unsaved-changes question
//   ipc-wiring.ts       the only module that touches ipcMain: contract channels and events
//   app-tray.ts         the tray icon and menu; tray-actions.ts carries out its clicks
//   notifier.ts         notifications, and a click that opens the run
// Every decision is a pure module beside them; this file only connects them.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Result } from '../../shared/result';
import { createAppService, type AppService, type AppServiceDeps } from '../core/app/app-service';
import { systemCaCertificates } from '../core/engine/trusted-certificates';
import { systemClock, type Clock } from '../core/ports/clock';
import type { Logger } from '../core/ports/logger';
import { createFileSecretStore } from '../core/secrets/file-secret-store';
import { createSafeStorageEncryptor } from '../core/secrets/safe-storage-encryptor';
import type { SecretStore } from '../core/secrets/secret-store';
import type { DataPaths } from '../core/settings/data-paths';
import { registerAppScheme, serveAppProtocol } from './app-protocol';
import { createAppTray, type AppTray } from './app-tray';
import type { BrowserWindowLike, ElectronLike, SessionLike } from './electron-like';
import { wireIpc } from './ipc-wiring';
import { createLifecycle, type Lifecycle } from './lifecycle';
import { APP_TITLE, stoppedSlotNotification, type NotificationText } from './notification-text';
import { createNotifier, type Notifier } from './notifier';
import { createSettingsWindow } from './settings-window';
import type { TrayController } from './tray-controller';
import type { TrayAction } from './tray-menu';
import { appIconFile } from './tray-icons';
import { APP_ENTRY_URL, APP_ORIGIN, contentSecurityPolicy } from './window-security';
import { supportBundleSavedNotification } from './update-text';
import { createUpdateController, fileMarksStore, type UpdateController, type UpdateDisabledReason, type UpdaterLike } from './updater';

export interface MainOptions {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: string;
  readonly execPath: string;
  readonly version: string;
  readonly dataPaths: DataPaths;
  readonly logger: Logger;
  readonly logFile: string;
  /** The built renderer (out/renderer) served as app://meisai/. */
  readonly rendererDir: string;
  /** out/preload/index.cjs */
  readonly preloadFile: string;
  readonly iconsDir: string;
  /** electron-vite dev server (ELECTRON_RENDERER_URL), development only. */
  readonly devServerUrl?: string | undefined;
  /** ~/.config (Linux autostart). */
  readonly configHome: string;
  readonly clock?: Clock;
  readonly newId?: () => string;
  /** Runs against the built-in sandbox (demo, tests). */
  readonly sandbox?: boolean;
  /** The token store; default: a file in the data folder encrypted with safeStorage. */
  readonly secretStore?: SecretStore;
  /** The core; default createAppService. */
  readonly createService?: (deps: AppServiceDeps) => Promise<Result<AppService>>;
  readonly tuning?: AppServiceDeps['tuning'];
  /** The updater (update-feed.ts): the library's, a stand-in, or off with why. Default: off (development). */
  readonly openUpdater?: () => Promise<{ readonly updater: UpdaterLike | null; readonly disabledReason?: UpdateDisabledReason }>;
}

export interface MainHandle {
  /** Resolves once the app is ready (or has given up: second instance, database error). */
  readonly ready: Promise<'running' | 'second-instance' | 'failed'>;
  service(): AppService | null;
  tray(): TrayController | null;
  window(): BrowserWindowLike | null;
  openWindow(hash?: string): BrowserWindowLike;
  requestQuit(options?: { readonly confirm?: boolean }): Promise<boolean>;
  /** What a click on that tray menu item does (the end-to-end test cannot click a native menu). */
  trayAction(action: TrayAction): Promise<void>;
  updates(): UpdateController | null;
  /** Notifications shown so far (texts), newest last. */
  notifications(): readonly NotificationText[];
  /**
   * An uncaught exception or unhandled rejection anywhere in main: logged with its stack, the tray
   * shows エラーあり and the clerk is told once per 10 minutes — the agent is never silently broken.
   */
  reportFault(error: unknown): void;
}

const describeError = (e: unknown) => (e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e));

/** The core, on this machine's real collaborators: the token encrypted by the OS, Chromium's proxy answer, the OS certificate store. */
function createCoreService(electron: ElectronLike, options: MainOptions, session: SessionLike, clock: Clock): Promise<Result<AppService>> {
  const secretStore =
    options.secretStore ??
    createFileSecretStore({
      file: options.dataPaths.tokenFile,
      encryptor: createSafeStorageEncryptor(electron.safeStorage, options.platform),
      logger: options.logger,
    });
  return (options.createService ?? createAppService)({
    dataPaths: options.dataPaths,
    clock,
    logger: options.logger,
    secretStore,
    pickFolder: async (current) => {
      const r = await electron.dialog.showOpenDialog({
        title: 'ファイルの配置場所を選択',
        properties: ['openDirectory', 'createDirectory'],
        ...(current ? { defaultPath: current } : {}),
      });
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    openPath: (path) => electron.shell.openPath(path),
    showItemInFolder: (path) => electron.shell.showItemInFolder(path),
    pickSaveFile: async (suggestedName) => {
      const r = await electron.dialog.showSaveDialog({ title: 'サポート用情報を保存', defaultPath: suggestedName, filters: [{ name: 'ZIP', extensions: ['zip'] }] });
      return r.canceled || !r.filePath ? null : r.filePath;
    },
    runtimeVersions: process.versions,
    newId: options.newId ?? (() => randomUUID()),
    version: options.version,
    platform: options.platform,
    resolveProxy: (url) => session.resolveProxy(url),
    caCertificates: systemCaCertificates(),
    logFile: options.logFile,
    env: options.env,
    ...(options.sandbox ? { sandbox: true } : {}),
    ...(options.tuning ? { tuning: options.tuning } : {}),
    // requestSingleInstanceLock succeeded: no earlier tray app can still be running.
    singleInstance: true,
  });
}

/** What the core tells, and what the system asks, reach the tray, the notifier and the quit path. */
function connectRooms(svc: AppService, tray: AppTray, lifecycle: Lifecycle, notifier: Notifier, clock: Clock, updates: UpdateController): void {
  lifecycle.setQuitHooks({
    busy: () => svc.busy(),
    stop: async () => {
      try {
        await svc.dispose({ graceful: false });
        // The agent has stopped: a downloaded update may install now, never during a run.
        updates.installOnQuit();
      } finally {
        updates.dispose();
        tray.controller.destroy();
      }
    },
  });

  svc.events.on('agent:status', (status) => {
    notifier.agentState(status.agent.state);
    updates.agentChanged();
    tray.refresh();
  });
  svc.events.on('history:changed', ({ run }) => {
    if (run.outcome === 'running') return;
    tray.runFinished(run);
    notifier.runFinished(run);
  });
  // Nothing runs while stopped: a slot that passes says so, once, so the clerk is never left unaware.
  svc.onSlotWhileStopped((slots) => {
    notifier.show(stoppedSlotNotification(slots, clock.now()));
    tray.refresh();
  });
  svc.events.on('settings:changed', (view) => {
    void lifecycle.applyLoginItem(view.agent.startAtLogin);
    tray.refresh();
  });
  lifecycle.wireSystemEvents({
    resumed: () => {
      void svc.resume();
      // Explorer is often restarted around sleep: make sure the icon is there.
      tray.controller.recreate();
    },
    refresh: () => tray.refresh(),
  });
}

/**
 * The first look at the core, the agent started whenever the settings are complete (launched at
 * login or by the clerk: a launch by hand that left it 停止中 was how scheduled runs silently did not
 * happen), and the window when the clerk launched us.
 */
async function startUp(svc: AppService, tray: AppTray, lifecycle: Lifecycle, notifier: Notifier, updates: UpdateController, openWindow: (hash: string) => unknown, logger: Logger): Promise<void> {
  notifier.agentState(svc.status().agent.state);
  tray.refresh();
  const atLogin = lifecycle.startedAtLogin();
  // Started again by our own update restart: the agent comes back as it was, without the window.
  const updated = updates.takeRestartState();
  const settings = svc.settings();
  // After our own update restart the agent comes back as it was (a clerk's 停止 stays); otherwise
  // it starts whenever the settings are complete.
  await svc.start({ autoStart: updated !== null ? updated.agentWasRunning : true });
  if (settings !== null) await lifecycle.applyLoginItem(settings.agent.startAtLogin);
  tray.refresh();
  // A start by the clerk (not at login) shows the window; the first start always does.
  if ((!atLogin && updated === null) || settings === null) openWindow(settings === null ? '#/settings' : '');
  updates.start();
  logger.info('ready', { atLogin, updated: updated !== null, configured: settings !== null });
}

export function createMain(electron: ElectronLike, options: MainOptions): MainHandle {
  const { app } = electron;
  const logger = options.logger.child({ module: 'main' });
  const clock = options.clock ?? systemClock;
  const origin = options.devServerUrl ? new URL(options.devServerUrl).origin : APP_ORIGIN;
  const csp = contentSecurityPolicy(options.devServerUrl ? { devServer: options.devServerUrl } : {});
  const appIcon = appIconFile(options.iconsDir);

  let service: AppService | null = null;
  let tray: AppTray | null = null;
  let updates: UpdateController | null = null;
  let faultBeforeTray = false;

  const lifecycle = createLifecycle({
    electron,
    argv: options.argv,
    env: options.env,
    platform: options.platform,
    execPath: options.execPath,
    configHome: options.configHome,
    dataDir: options.dataPaths.dataDir,
    logger,
  });
  const settingsWindow = createSettingsWindow({
    electron,
    entryUrl: options.devServerUrl ?? APP_ENTRY_URL,
    origin,
    preloadFile: options.preloadFile,
    icon: appIcon,
    devTools: !app.isPackaged,
    logger,
  });
  const openWindow = (hash = ''): BrowserWindowLike => settingsWindow.open(hash);
  const notifier = createNotifier({
    electron,
    icon: appIcon,
    clock,
    enabled: () => service?.settings()?.agent.notifications !== false,
    openRun: (runId) => {
      tray?.markFailuresSeen();
      openWindow(`#/history/${encodeURIComponent(runId)}`);
    },
    openWindow: (hash) => void openWindow(hash),
    runNotices: () => ({ notifyEmptyRuns: service?.settings()?.agent.notifyEmptyRuns !== false }),
  });

  // ---- before ready ---------------------------------------------------------------------------

  if (!lifecycle.claimSingleInstance()) return handle(Promise.resolve('second-instance'));
  registerAppScheme(electron.protocol);
  // Before `ready` a BrowserWindow cannot exist yet, and the first start opens one anyway.
  lifecycle.wireAppEvents({
    showWindow: () => {
      if (service !== null) openWindow();
    },
  });

  // ---- ready ----------------------------------------------------------------------------------

  async function whenReady(): Promise<'running' | 'failed'> {
    await app.whenReady();
    app.dock?.hide();
    const session = electron.session.defaultSession;
    serveAppProtocol(electron.protocol, session, { rendererDir: options.rendererDir, csp });

    const created = await createCoreService(electron, options, session, clock);
    if (!created.ok) {
      logger.error('app service failed to start', { code: created.error.code, detail: created.error.detail });
      electron.dialog.showErrorBox(APP_TITLE, `起動できませんでした。\n${created.error.message}`);
      lifecycle.abandon();
      return 'failed';
    }
    const svc = created.value;
    service = svc;

    wireIpc({ electron, dispatch: svc.dispatch, events: svc.events, window: settingsWindow.current, origin });
    const feed = options.openUpdater ? await options.openUpdater() : { updater: null, disabledReason: 'development' as const };
    const u = createUpdateController({
      updater: feed.updater,
      ...(feed.disabledReason ? { disabledReason: feed.disabledReason } : {}),
      currentVersion: options.version,
      busy: () => svc.busy(),
      agentStarted: () => svc.status().agent.state !== 'stopped',
      marks: fileMarksStore(join(options.dataPaths.dataDir, 'update.json'), logger),
      notify: (text) => notifier.show(text),
      changed: () => tray?.refresh(),
      quit: () => lifecycle.requestQuit({ confirm: false }),
      clock,
      logger,
    });
    updates = u;
    const t = createAppTray({
      electron,
      iconsDir: options.iconsDir,
      platform: options.platform,
      clock,
      service: svc,
      openWindow: (hash) => void openWindow(hash),
      quit: () => lifecycle.requestQuit({ confirm: true }),
      refused: (error) => notifier.show({ title: APP_TITLE, body: error.message, runId: null, urgent: true }),
      updates: u,
      told: (file) => notifier.show(supportBundleSavedNotification(file)),
    });
    tray = t;
    if (faultBeforeTray) t.faulted();
    connectRooms(svc, t, lifecycle, notifier, clock, u);

    await startUp(svc, t, lifecycle, notifier, u, openWindow, logger);
    return 'running';
  }

  function reportFault(error: unknown) {
    logger.error('unexpected error', { error: describeError(error) });
    try {
      if (tray === null) faultBeforeTray = true;
      else tray.faulted();
      notifier.fault(options.logFile);
    } catch (e) {
      logger.error('fault report failed', { error: String(e) });
    }
  }

  function handle(ready: Promise<'running' | 'second-instance' | 'failed'>): MainHandle {
    return {
      ready,
      service: () => service,
      tray: () => tray?.controller ?? null,
      updates: () => updates,
      window: () => settingsWindow.current(),
      openWindow: (hash) => openWindow(hash),
      requestQuit: (o) => lifecycle.requestQuit(o),
      trayAction: async (a) => {
        await tray?.perform(a);
      },
      notifications: () => notifier.shown(),
      reportFault,
    };
  }

  return handle(
    whenReady().catch((e: unknown) => {
      logger.error('start-up failed', { error: describeError(e) });
      electron.dialog.showErrorBox(APP_TITLE, `起動できませんでした。\n${e instanceof Error ? e.message : String(e)}`);
      lifecycle.abandon();
      return 'failed' as const;
    }),
  );
}
