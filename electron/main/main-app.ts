// The composition root of the tray app, with Electron passed in (index.ts hands over the real module,
// the wiring test a stand-in): single instance, tray, settings window, IPC, notifications, login
// item, sleep/resume, proxy and quit. Every decision is made by a pure module next to this file;
// this one only connects them.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { INVOKE_CHANNELS } from '../../shared/ipc/contract';
import type { Result } from '../../shared/result';
import type { RunSummary } from '../../shared/run';
import { createAppService, type AppService, type AppServiceDeps } from '../core/app/app-service';
import { systemCaCertificates } from '../core/engine/trusted-certificates';
import { systemClock, type Clock } from '../core/ports/clock';
import type { Logger } from '../core/ports/logger';
import { createFileSecretStore } from '../core/secrets/file-secret-store';
import { createSafeStorageEncryptor } from '../core/secrets/safe-storage-encryptor';
import type { SecretStore } from '../core/secrets/secret-store';
import type { DataPaths } from '../core/settings/data-paths';
import type { BrowserWindowLike, ElectronLike, IpcInvokeEventLike, NotificationLike } from './electron-like';
import { isTrustedSender } from './ipc-sender';
import { loginItemPlan, startedAtLogin } from './login-item';
import { runFinishedNotification, startedNotification, unexpectedErrorNotification, APP_TITLE, type NotificationText } from './notification-text';
import { createTrayController, type TrayController } from './tray-controller';
import type { TrayAction } from './tray-menu';
import { appIconFile } from './tray-icons';
import {
  APP_ENTRY_URL,
  APP_ORIGIN,
  APP_SCHEME,
  contentSecurityPolicy,
  decideNavigation,
  decideWindowOpen,
  mimeTypeOf,
  resolveAppFile,
} from './window-security';

/** Must equal electron-builder.yml's appId: Windows ties notifications to it. */

/** Asked when the settings window is closed with unsaved changes. Button 0 discards them. */
export const UNSAVED_CHANGES_DIALOG = {
  type: 'question' as const,
  title: '明細コネクタ',
  message: '保存していない変更があります。閉じますか？',
  detail: '閉じると、入力した内容は保存されません。',
  buttons: ['保存せずに閉じる', '戻って保存する'],
  defaultId: 1,
  cancelId: 1,
  noLink: true,
};
export const APP_USER_MODEL_ID = 'jp.meisai-connector.agent';

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
  /** Notifications shown so far (texts), newest last. */
  notifications(): readonly NotificationText[];
  /**
   * An uncaught exception or unhandled rejection anywhere in main: logged with its stack, the tray
   * shows エラーあり and the clerk is told once per 10 minutes — the agent is never silently broken.
   */
  reportFault(error: unknown): void;
}

const FAULT_NOTICE_INTERVAL_MS = 10 * 60 * 1000;

export function createMain(electron: ElectronLike, options: MainOptions): MainHandle {
  const { app } = electron;
  const logger = options.logger.child({ module: 'main' });
  const clock = options.clock ?? systemClock;
  const origin = options.devServerUrl ? new URL(options.devServerUrl).origin : APP_ORIGIN;
  const entryUrl = options.devServerUrl ?? APP_ENTRY_URL;
  const csp = contentSecurityPolicy(options.devServerUrl ? { devServer: options.devServerUrl } : {});
  const appIcon = appIconFile(options.iconsDir);

  let service: AppService | null = null;
  let tray: TrayController | null = null;
  let window: BrowserWindowLike | null = null;
  let quitting = false;
  let unseenFailure = false;
  let lastAgentState: string | null = null;
  // Notifications are kept until clicked or closed: a collected one loses its click handler.
  const liveNotifications = new Set<NotificationLike>();
  const shownTexts: NotificationText[] = [];

  // ---- before ready ---------------------------------------------------------------------------

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return handle(Promise.resolve('second-instance'));
  }
  // Windows shows notifications only for an app with an AppUserModelID (the installer's appId).
  if (options.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
  // Chromium's profile beside our own data, so that everything the app keeps is in one folder.
  app.setPath('userData', join(options.dataPaths.dataDir, 'chromium'));
  electron.protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

  // A second launch (or a Dock click) shows the window — once there is a window to show: before
  // `ready` a BrowserWindow cannot exist yet, and the first start opens one anyway.
  app.on('second-instance', () => {
    if (service !== null) openWindow();
  });
  // Closing the window leaves the agent in the tray: without this listener Electron would quit.
  app.on('window-all-closed', () => {});
  app.on('activate', () => {
    if (service !== null) openWindow();
  });
  app.on('before-quit', (event) => {
    if (quitting) return;
    // Quit from outside (log off, shutdown, Cmd+Q): stop cleanly first, then quit for real.
    event.preventDefault();
    void requestQuit({ confirm: false });
  });

  // ---- window ---------------------------------------------------------------------------------------

  function openWindow(hash = ''): BrowserWindowLike {
    const url = `${entryUrl}${hash}`;
    if (window !== null && !window.isDestroyed()) {
      if (hash !== '') void window.loadURL(url);
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
      return window;
    }
    const w = new electron.BrowserWindow({
      width: 1120,
      height: 820,
      minWidth: 720,
      minHeight: 560,
      show: false,
      title: APP_TITLE,
      icon: appIcon,
      autoHideMenuBar: true,
      webPreferences: {
        preload: options.preloadFile,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        devTools: !app.isPackaged,
      },
    });
    const contents = w.webContents;
    const onNavigate = (event: { preventDefault(): void }, target: string) => {
      const decision = decideNavigation(target, origin);
      if (decision.allow) return;
      event.preventDefault();
      logger.warn('navigation blocked', { url: target.slice(0, 200) });
      if (decision.openExternal) void electron.shell.openExternal(decision.openExternal);
    };
    contents.on('will-navigate', onNavigate);
    contents.on('will-redirect', onNavigate);
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // The window's beforeunload refuses while the form has unsaved changes; Electron then asks us.
    contents.on('will-prevent-unload', (event) => {
      const response = electron.dialog.showMessageBoxSync(UNSAVED_CHANGES_DIALOG);
      if (response === 0) event.preventDefault(); // 破棄して閉じる
    });
    contents.setWindowOpenHandler(({ url: target }) => {
      const decision = decideWindowOpen(target);
      if (decision.openExternal) void electron.shell.openExternal(decision.openExternal);
      return { action: 'deny' };
    });
    w.once('ready-to-show', () => w.show());
    w.on('closed', () => {
      if (window === w) window = null;
    });
    window = w;
    void w.loadURL(url).catch((e: unknown) => logger.error('window load failed', { error: String(e) }));
    return w;
  }

  // ---- notifications -------------------------------------------------------------------------------

  function notify(text: NotificationText) {
    if (service?.settings()?.agent.notifications === false) return;
    if (!electron.Notification.isSupported()) return;
    const n = new electron.Notification({
      title: text.title,
      body: text.body,
      icon: appIcon,
      silent: !text.urgent,
      ...(text.urgent ? { urgency: 'critical' as const, timeoutType: 'never' as const } : {}),
    });
    liveNotifications.add(n);
    n.on('click', () => {
      liveNotifications.delete(n);
      if (text.runId !== null) {
        unseenFailure = false;
        openWindow(`#/history/${encodeURIComponent(text.runId)}`);
        refreshTray();
      }
    });
    n.on('close', () => liveNotifications.delete(n));
    n.show();
    shownTexts.push(text);
    if (shownTexts.length > 50) shownTexts.shift();
  }

  // ---- tray ----------------------------------------------------------------------------------------

  function refreshTray() {
    if (tray === null || service === null) return;
    tray.update({ status: service.status(), settings: service.settings(), unseenFailure, now: clock.now() });
  }

  async function onTrayAction(action: TrayAction): Promise<void> {
    if (service === null) return;
    const h = service.handlers;
    const report = (r: Result<unknown>) => {
      if (!r.ok) notify({ title: APP_TITLE, body: r.error.message, runId: null, urgent: true });
    };
    switch (action.type) {
      case 'start':
        report(await h['agent:start'](undefined));
        break;
      case 'stop':
        report(await h['agent:stop'](undefined));
        break;
      case 'run-now':
        report(await h['run:now']({ target: action.target }));
        break;
      case 'open-settings':
        openWindow('#/settings');
        break;
      case 'open-history':
        unseenFailure = false;
        openWindow('#/history');
        break;
      case 'open-folder':
        report(await h['shell:open-folder']({ which: 'root' }));
        break;
      case 'quit':
        await requestQuit({ confirm: true });
        return;
    }
    refreshTray();
  }

  // ---- login item -------------------------------------------------------------------------------------

  async function applyLoginItem(openAtLogin: boolean) {
    // A development build would register electron(.exe) itself: only the installed app does this.
    if (!app.isPackaged) return;
    const plan = loginItemPlan({ platform: options.platform, execPath: options.execPath, appImage: options.env.APPIMAGE, configHome: options.configHome, openAtLogin });
    try {
      if (plan.kind === 'electron') {
        app.setLoginItemSettings({ ...plan.settings, args: [...plan.settings.args] });
      } else if (plan.content === null) {
        await rm(plan.file, { force: true });
      } else {
        const existing = await readFile(plan.file, 'utf8').catch(() => null);
        if (existing !== plan.content) {
          await mkdir(dirname(plan.file), { recursive: true });
          await writeFile(plan.file, plan.content);
        }
      }
    } catch (e) {
      logger.warn('login item not applied', { error: String(e) });
    }
  }

  // ---- quit ------------------------------------------------------------------------------------------

  async function requestQuit({ confirm = true }: { readonly confirm?: boolean } = {}): Promise<boolean> {
    if (quitting) return true;
    if (confirm && service?.busy()) {
      const { response } = await electron.dialog.showMessageBox({
        type: 'question',
        title: APP_TITLE,
        message: '連携を実行中です。終了しますか？',
        detail: '終了すると、送信中のファイルを終えたところで止まります。残りのファイルは次に起動したときに送ります。',
        buttons: ['終了する', 'キャンセル'],
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      });
      if (response !== 0) return false;
    }
    quitting = true;
    logger.info('quitting');
    try {
      await service?.dispose({ graceful: false });
    } catch (e) {
      logger.error('stop before quit failed', { error: String(e) });
    }
    tray?.destroy();
    app.quit();
    return true;
  }

  // ---- ready -----------------------------------------------------------------------------------------

  async function whenReady(): Promise<'running' | 'failed'> {
    await app.whenReady();
    app.dock?.hide();
    const session = electron.session.defaultSession;
    // The window asks for nothing (camera, notifications API, geolocation…): refuse all.
    session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.setPermissionCheckHandler(() => false);
    // The CSP also as a response header, for anything not served by our protocol (the dev server).
    session.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
    });
    electron.protocol.handle(APP_SCHEME, async (request) => {
      const file = resolveAppFile(request.url, options.rendererDir);
      if (file === null) return new Response('Not found', { status: 404 });
      try {
        const body = await readFile(file);
        return new Response(new Uint8Array(body), {
          headers: { 'content-type': mimeTypeOf(file), 'content-security-policy': csp, 'x-content-type-options': 'nosniff' },
        });
      } catch {
        return new Response('Not found', { status: 404 });
      }
    });

    const secretStore =
      options.secretStore ??
      createFileSecretStore({
        file: join(options.dataPaths.dataDir, 'api-token.json'),
        encryptor: createSafeStorageEncryptor(electron.safeStorage, options.platform),
        logger: options.logger,
      });
    const created = await (options.createService ?? createAppService)({
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
      newId: options.newId ?? (() => randomUUID()),
      version: options.version,
      platform: options.platform,
      resolveProxy: (url) => session.resolveProxy(url),
      caCertificates: systemCaCertificates(),
      logFile: options.logFile,
      env: options.env,
      ...(options.sandbox ? { sandbox: true } : {}),
      ...(options.tuning ? { tuning: options.tuning } : {}),
      // requestSingleInstanceLock succeeded above: no earlier tray app can still be running.
      singleInstance: true,
    });
    if (!created.ok) {
      logger.error('app service failed to start', { code: created.error.code, detail: created.error.detail });
      electron.dialog.showErrorBox(APP_TITLE, `起動できませんでした。\n${created.error.message}`);
      quitting = true;
      app.quit();
      return 'failed';
    }
    const svc = created.value;
    service = svc;

    // IPC: every channel of the contract, each call checked for its sender before dispatch.
    for (const channel of INVOKE_CHANNELS) {
      electron.ipcMain.handle(channel, (event: IpcInvokeEventLike, payload: unknown) => {
        const frame = event.senderFrame;
        const trusted = isTrustedSender(
          { webContentsId: event.sender.id, frameUrl: frame?.url ?? null, isMainFrame: frame !== null && frame.parent === null },
          { webContentsId: window !== null && !window.isDestroyed() ? window.webContents.id : null, origin },
        );
        return svc.dispatch(channel, payload, trusted);
      });
    }
    svc.events.onAny((channel, payload) => {
      if (window !== null && !window.isDestroyed() && !window.webContents.isDestroyed()) window.webContents.send(channel, payload);
    });

    tray = createTrayController({ electron, iconsDir: options.iconsDir, platform: options.platform, onAction: (a) => void onTrayAction(a) });

    svc.events.on('agent:status', (status) => {
      const was = lastAgentState;
      lastAgentState = status.agent.state;
      // 起動 from the tray, the window or the login start: the manual's 「起動が完了しました」.
      if (was === 'stopped' && status.agent.state !== 'stopped') notify(startedNotification());
      refreshTray();
    });
    svc.events.on('history:changed', ({ run }: { run: RunSummary }) => {
      if (run.outcome === 'running') return;
      if (run.outcome === 'failed' || run.outcome === 'partial' || run.outcome === 'attention') unseenFailure = true;
      const text = runFinishedNotification(run);
      if (text !== null) notify(text);
      refreshTray();
    });
    svc.events.on('settings:changed', (view) => {
      void applyLoginItem(view.agent.startAtLogin);
      refreshTray();
    });

    electron.powerMonitor.on('resume', () => {
      logger.info('system resumed');
      void svc.resume();
      // Explorer is often restarted around sleep: make sure the icon is there.
      tray?.recreate();
    });
    electron.powerMonitor.on('unlock-screen', () => refreshTray());
    electron.nativeTheme.on('updated', () => refreshTray());

    lastAgentState = svc.status().agent.state;
    refreshTray();
    const atLogin = startedAtLogin(options.argv, app.getLoginItemSettings().wasOpenedAtLogin === true);
    const settings = svc.settings();
    await svc.start({ autoStart: atLogin && settings?.agent.startAtLogin !== false });
    if (settings !== null) await applyLoginItem(settings.agent.startAtLogin);
    refreshTray();
    // A start by the clerk (not at login) shows the window; the first start always does.
    if (!atLogin || settings === null) openWindow(settings === null ? '#/settings' : '');
    logger.info('ready', { atLogin, configured: settings !== null });
    return 'running';
  }

  let lastFaultNotice = Number.NEGATIVE_INFINITY;
  function reportFault(error: unknown) {
    logger.error('unexpected error', { error: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) });
    unseenFailure = true;
    try {
      refreshTray();
      const now = clock.now().getTime();
      // One notice per burst: a fault in a loop must not bury the clerk's screen.
      if (now - lastFaultNotice >= FAULT_NOTICE_INTERVAL_MS) {
        lastFaultNotice = now;
        notify(unexpectedErrorNotification(options.logFile));
      }
    } catch (e) {
      logger.error('fault report failed', { error: String(e) });
    }
  }

  function handle(ready: Promise<'running' | 'second-instance' | 'failed'>): MainHandle {
    return {
      ready,
      service: () => service,
      tray: () => tray,
      window: () => (window !== null && !window.isDestroyed() ? window : null),
      openWindow: (hash) => openWindow(hash),
      requestQuit: (o) => requestQuit(o),
      trayAction: (a) => onTrayAction(a),
      notifications: () => [...shownTexts],
      reportFault,
    };
  }

  return handle(
    whenReady().catch((e: unknown) => {
      logger.error('start-up failed', { error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
      electron.dialog.showErrorBox(APP_TITLE, `起動できませんでした。\n${e instanceof Error ? e.message : String(e)}`);
      quitting = true;
      app.quit();
      return 'failed' as const;
    }),
  );
}
