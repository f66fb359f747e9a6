// What the tray app does at Electron's `ready`, after main-app.ts has claimed the single instance and
// wired what must exist before it: the app:// protocol, the core (the app service on this machine's
// real collaborators), the IPC wiring, the tray with its updates, the rooms connected to what the
// core tells, and the first start-up (the agent started when the settings are complete, the window
// when the clerk launched us).
import { randomUUID } from 'node:crypto';
import type { Result } from '../../shared/result';
import { createAppService, type AppService } from '../core/app/app-service';
import { systemCaCertificates } from '../core/engine/trusted-certificates';
import type { Clock } from '../core/ports/clock';
import type { Logger } from '../core/ports/logger';
import { createFileSecretStore } from '../core/secrets/file-secret-store';
import { createSafeStorageEncryptor } from '../core/secrets/safe-storage-encryptor';
import { serveAppProtocol } from './app-protocol';
import type { AppTray } from './app-tray';
import type { ElectronLike, SessionLike } from './electron-like';
import { wireIpc } from './ipc-wiring';
import type { Lifecycle } from './lifecycle';
import type { MainOptions } from './main-app';
import { APP_TITLE, stoppedSlotNotification } from './notification-text';
import type { Notifier } from './notifier';
import type { SettingsWindow } from './settings-window';
import { openTrayAndUpdates } from './tray-and-updates';
import type { UpdateController } from './updater';

export interface AppReadyDeps {
  readonly electron: ElectronLike;
  readonly options: MainOptions;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The window's origin (app://meisai, or the dev server's). */
  readonly origin: string;
  readonly csp: string;
  readonly lifecycle: Lifecycle;
  readonly window: SettingsWindow;
  readonly notifier: Notifier;
  /** Each room as soon as it exists: the notifier and the handle reach them through main-app.ts. */
  readonly opened: {
    service(svc: AppService): void;
    tray(tray: AppTray, updates: UpdateController): void;
  };
}

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

/** Opens the core and the rooms that need it; 'failed' (after telling the clerk) when the core cannot open. */
export async function whenAppReady(deps: AppReadyDeps): Promise<'running' | 'failed'> {
  const { electron, options, clock, logger, lifecycle, notifier } = deps;
  const openWindow = (hash = '') => deps.window.open(hash);
  await electron.app.whenReady();
  electron.app.dock?.hide();
  const session = electron.session.defaultSession;
  serveAppProtocol(electron.protocol, session, { rendererDir: options.rendererDir, csp: deps.csp });

  const created = await createCoreService(electron, options, session, clock);
  if (!created.ok) {
    logger.error('app service failed to start', { code: created.error.code, detail: created.error.detail });
    electron.dialog.showErrorBox(APP_TITLE, `起動できませんでした。\n${created.error.message}`);
    lifecycle.abandon();
    return 'failed';
  }
  const svc = created.value;
  deps.opened.service(svc);

  wireIpc({ electron, dispatch: svc.dispatch, events: svc.events, window: deps.window.current, origin: deps.origin });
  const { tray, updates } = await openTrayAndUpdates({
    electron,
    service: svc,
    notifier,
    lifecycle,
    openWindow: (hash) => void openWindow(hash),
    iconsDir: options.iconsDir,
    platform: options.platform,
    version: options.version,
    dataDir: options.dataPaths.dataDir,
    openUpdater: options.openUpdater,
    clock,
    logger,
  });
  deps.opened.tray(tray, updates);
  connectRooms(svc, tray, lifecycle, notifier, clock, updates);

  await startUp(svc, tray, lifecycle, notifier, updates, openWindow, logger);
  return 'running';
}
