// The settings window's life: one window at a time, opened on a route (`#/history/<runId>`…) or
// brought to the front, locked down as it is created (sandbox, no Node, navigation and new windows
// refused, https links to the browser), and closed only after asking when the form has unsaved
// changes. The decisions themselves (where it may navigate, what opens outside) are window-security.ts.
import type { ElectronLike, BrowserWindowLike, EventLike } from './electron-like';
import type { Logger } from '../core/ports/logger';
import { UNSAVED_CHANGES_DIALOG } from './clerk-dialogs';
import { APP_TITLE } from './notification-text';
import { decideNavigation, decideWindowOpen } from './window-security';

export interface SettingsWindowOptions {
  readonly electron: Pick<ElectronLike, 'BrowserWindow' | 'shell' | 'dialog'>;
  /** The page to load (app://meisai/index.html, or the dev server). */
  readonly entryUrl: string;
  /** The only origin the window may show. */
  readonly origin: string;
  readonly preloadFile: string;
  readonly icon: string;
  /** DevTools only in a development build. */
  readonly devTools: boolean;
  readonly logger: Logger;
}

export interface SettingsWindow {
  /** Shows the window (creating it if needed); a non-empty `hash` (e.g. `#/history`) navigates it there. */
  open(hash?: string): BrowserWindowLike;
  /** The live window, or null when it is closed. */
  current(): BrowserWindowLike | null;
}

export function createSettingsWindow(options: SettingsWindowOptions): SettingsWindow {
  const { electron, logger } = options;
  let window: BrowserWindowLike | null = null;

  const current = () => (window !== null && !window.isDestroyed() ? window : null);

  function lockDown(w: BrowserWindowLike) {
    const contents = w.webContents;
    const onNavigate = (event: EventLike, target: string) => {
      const decision = decideNavigation(target, options.origin);
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
      if (response === 0) event.preventDefault(); // 保存せずに閉じる
    });
    contents.setWindowOpenHandler(({ url: target }) => {
      const decision = decideWindowOpen(target);
      if (decision.openExternal) void electron.shell.openExternal(decision.openExternal);
      return { action: 'deny' };
    });
  }

  function create(url: string): BrowserWindowLike {
    const w = new electron.BrowserWindow({
      width: 1120,
      height: 820,
      minWidth: 720,
      minHeight: 560,
      show: false,
      title: APP_TITLE,
      icon: options.icon,
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
        devTools: options.devTools,
      },
    });
    lockDown(w);
    w.once('ready-to-show', () => w.show());
    w.on('closed', () => {
      if (window === w) window = null;
    });
    window = w;
    void w.loadURL(url).catch((e: unknown) => logger.error('window load failed', { error: String(e) }));
    return w;
  }

  return {
    open(hash = '') {
      const url = `${options.entryUrl}${hash}`;
      const w = current();
      if (w === null) return create(url);
      if (hash !== '') void w.loadURL(url);
      if (w.isMinimized()) w.restore();
      w.show();
      w.focus();
      return w;
    },
    current,
  };
}
