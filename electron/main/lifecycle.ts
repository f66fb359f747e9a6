// The tray app's life as the operating system sees it: one instance per user (a second launch shows
// the first one's window), the app stays in the tray when its window closes, 「ログイン時に起動」 as
// each OS does it, sleep and resume, and quitting — asked first while a run is in flight, and always
// after stopping the agent, whoever asked (the tray, log-off, Cmd+Q). The decisions are pure
// (login-item.ts); this file carries them out.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Logger } from '../core/ports/logger';
import type { ElectronLike } from './electron-like';
import { loginItemPlan, startedAtLogin } from './login-item';
import { QUIT_WHILE_RUNNING_DIALOG } from './clerk-dialogs';

/** Must equal electron-builder.yml's appId: Windows ties notifications to it. */
export const APP_USER_MODEL_ID = 'jp.meisai-connector.agent';

export interface LifecycleOptions {
  readonly electron: Pick<ElectronLike, 'app' | 'dialog' | 'powerMonitor' | 'nativeTheme'>;
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: string;
  readonly execPath: string;
  /** ~/.config (Linux autostart). */
  readonly configHome: string;
  /** The app's data folder: Chromium's profile goes inside it. */
  readonly dataDir: string;
  readonly logger: Logger;
}

export interface QuitHooks {
  /** A run is running or queued: 終了 asks first. */
  busy(): boolean;
  /** Stops the agent and releases what it holds; called once, before the app quits. */
  stop(): Promise<void>;
}

export interface Lifecycle {
  /** Before `ready`. False when another instance already runs: this one quits. */
  claimSingleInstance(): boolean;
  /** A second launch or a Dock click shows the window; closing the window keeps the app; an outside quit stops cleanly. */
  wireAppEvents(hooks: { readonly showWindow: () => void }): void;
  /** The PC woke up (events may be lost, Explorer may have restarted); the screen unlocked or the theme changed. */
  wireSystemEvents(hooks: { readonly resumed: () => void; readonly refresh: () => void }): void;
  /** Launched by the OS at login (tray only, agent started) rather than by the clerk. */
  startedAtLogin(): boolean;
  applyLoginItem(openAtLogin: boolean): Promise<void>;
  setQuitHooks(hooks: QuitHooks): void;
  /** 終了: asks while a run is in flight (when `confirm`), stops the agent, quits. False when the clerk cancelled. */
  requestQuit(options?: { readonly confirm?: boolean }): Promise<boolean>;
  /** Start-up failed: quit without stopping anything. */
  abandon(): void;
}

export function createLifecycle(options: LifecycleOptions): Lifecycle {
  const { electron, logger } = options;
  const { app } = electron;
  let quitting = false;
  let hooks: QuitHooks | null = null;

  async function requestQuit({ confirm = true }: { readonly confirm?: boolean } = {}): Promise<boolean> {
    if (quitting) return true;
    if (confirm && hooks?.busy()) {
      const { response } = await electron.dialog.showMessageBox(QUIT_WHILE_RUNNING_DIALOG);
      if (response !== 0) return false;
    }
    quitting = true;
    logger.info('quitting');
    try {
      await hooks?.stop();
    } catch (e) {
      logger.error('stop before quit failed', { error: String(e) });
    }
    app.quit();
    return true;
  }

  return {
    claimSingleInstance() {
      if (!app.requestSingleInstanceLock()) {
        quitting = true;
        app.quit();
        return false;
      }
      // Windows shows notifications only for an app with an AppUserModelID (the installer's appId).
      if (options.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);
      // Chromium's profile beside our own data, so that everything the app keeps is in one folder.
      app.setPath('userData', join(options.dataDir, 'chromium'));
      return true;
    },

    wireAppEvents({ showWindow }) {
      app.on('second-instance', showWindow);
      // Closing the window leaves the agent in the tray: without this listener Electron would quit.
      app.on('window-all-closed', () => {});
      app.on('activate', showWindow);
      app.on('before-quit', (event) => {
        if (quitting) return;
        // Quit from outside (log off, shutdown, Cmd+Q): stop cleanly first, then quit for real.
        event.preventDefault();
        void requestQuit({ confirm: false });
      });
    },

    wireSystemEvents({ resumed, refresh }) {
      electron.powerMonitor.on('resume', () => {
        logger.info('system resumed');
        resumed();
      });
      electron.powerMonitor.on('unlock-screen', refresh);
      electron.nativeTheme.on('updated', refresh);
    },

    startedAtLogin: () => startedAtLogin(options.argv, app.getLoginItemSettings().wasOpenedAtLogin === true),

    async applyLoginItem(openAtLogin) {
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
    },

    setQuitHooks(h) {
      hooks = h;
    },

    requestQuit,

    abandon() {
      quitting = true;
      app.quit();
    },
  };
}
