// The composition root of the tray app, with Electron passed in (index.ts hands over the real module,
// the wiring test a stand-in). What must exist before Electron's `ready` is made here; app-ready.ts
// opens the core at `ready` and connects the rooms of the main process, each a module a newcomer can name:
//   lifecycle.ts        single instance, app events, login item, sleep/resume, quit
//   app-protocol.ts     the app:// scheme the window is served from, the CSP, no permissions
//   settings-window.ts  the window's life, locked down, the unsaved-changes question
//   ipc-wiring.ts       the only module that touches ipcMain: contract channels and events
//   app-tray.ts         the tray icon and menu; tray-actions.ts carries out its clicks
//   tray-and-updates.ts the tray with the update controller it offers (updater.ts)
//   notifier.ts         notifications, and a click that opens the run
//   fault-report.ts     an error no code expected: logged, エラーあり in the tray, the clerk told
// Every decision is a pure module beside them; this file only connects them.
import type { Result } from '../../shared/result';
import type { AppService, AppServiceDeps } from '../core/app/app-service';
import { systemClock, type Clock } from '../core/ports/clock';
import type { Logger } from '../core/ports/logger';
import type { SecretStore } from '../core/secrets/secret-store';
import type { DataPaths } from '../core/settings/data-paths';
import { registerAppScheme } from './app-protocol';
import { whenAppReady } from './app-ready';
import type { AppTray } from './app-tray';
import type { BrowserWindowLike, ElectronLike } from './electron-like';
import { createFaultReport, describeError } from './fault-report';
import { createLifecycle } from './lifecycle';
import { APP_TITLE, type NotificationText } from './notification-text';
import { createNotifier } from './notifier';
import { createSettingsWindow } from './settings-window';
import type { OpenUpdater } from './tray-and-updates';
import type { TrayController } from './tray-controller';
import type { TrayAction } from './tray-menu';
import { appIconFile } from './tray-icons';
import type { UpdateController } from './updater';
import { APP_ENTRY_URL, APP_ORIGIN, contentSecurityPolicy } from './window-security';

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
  readonly openUpdater?: OpenUpdater;
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
  const faults = createFaultReport({ logger, notifier, logFile: options.logFile });

  // ---- before ready ---------------------------------------------------------------------------

  if (!lifecycle.claimSingleInstance()) return handle(Promise.resolve('second-instance'));
  registerAppScheme(electron.protocol);
  // Before `ready` a BrowserWindow cannot exist yet, and the first start opens one anyway.
  lifecycle.wireAppEvents({
    showWindow: () => {
      if (service !== null) openWindow();
    },
  });

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
      reportFault: faults.report,
    };
  }

  // ---- ready (app-ready.ts) ------------------------------------------------------------------

  const ready = whenAppReady({
    electron,
    options,
    clock,
    logger,
    origin,
    csp,
    lifecycle,
    window: settingsWindow,
    notifier,
    opened: {
      service: (svc) => void (service = svc),
      tray(t, u) {
        tray = t;
        updates = u;
        faults.trayReady(t);
      },
    },
  });
  return handle(
    ready.catch((e: unknown) => {
      logger.error('start-up failed', { error: describeError(e) });
      electron.dialog.showErrorBox(APP_TITLE, `起動できませんでした。\n${e instanceof Error ? e.message : String(e)}`);
      lifecycle.abandon();
      return 'failed' as const;
    }),
  );
}
