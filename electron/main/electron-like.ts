// The part of Electron's API the main process uses, as an interface. index.ts passes the real
// `electron` module (the compiler checks it fits); the wiring test passes a hand-written stand-in.
// Only types come from 'electron' here, so nothing Electron runs in the tests.
import type {
  BrowserWindowConstructorOptions,
  MenuItemConstructorOptions,
  MessageBoxOptions,
  NativeImage,
  NotificationConstructorOptions,
  OpenDialogOptions,
  SaveDialogOptions,
} from 'electron';
import type { SafeStorageLike } from '../core/secrets/safe-storage-encryptor';

/** Electron's own type: images only come from `nativeImage`, so the stand-in casts its fake. */
export type ImageLike = NativeImage;

export interface EventLike {
  preventDefault(): void;
}

export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
}

export interface WebContentsLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: EventLike, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: EventLike) => void): unknown;
  /** The page's beforeunload refused (unsaved changes): preventDefault() closes anyway. */
  on(event: 'will-prevent-unload', listener: (event: EventLike) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface BrowserWindowLike {
  readonly webContents: WebContentsLike;
  loadURL(url: string): Promise<void>;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
  close(): void;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
}

export interface TrayLike {
  setImage(image: ImageLike): void;
  setToolTip(text: string): void;
  setContextMenu(menu: MenuLike | null): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
  isDestroyed(): boolean;
}

export type MenuLike = object;

export interface NotificationLike {
  show(): void;
  on(event: 'click' | 'close', listener: () => void): unknown;
}

export interface IpcInvokeEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: FrameLike | null;
}

export interface SessionLike {
  resolveProxy(url: string): Promise<string>;
  setPermissionRequestHandler(handler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null): void;
  setPermissionCheckHandler(handler: (() => boolean) | null): void;
  readonly webRequest: {
    onHeadersReceived(
      listener: (
        details: { responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders?: Record<string, string[] | string> }) => void,
      ) => void,
    ): void;
  };
}

export interface AppLike {
  requestSingleInstanceLock(): boolean;
  setAppUserModelId(id: string): void;
  setLoginItemSettings(settings: { openAtLogin: boolean; path: string; args: string[] }): void;
  getLoginItemSettings(): { wasOpenedAtLogin?: boolean };
  setPath(name: 'userData', path: string): void;
  whenReady(): Promise<unknown>;
  quit(): void;
  readonly isPackaged: boolean;
  on(event: 'second-instance' | 'window-all-closed' | 'activate', listener: () => void): unknown;
  on(event: 'before-quit', listener: (event: EventLike) => void): unknown;
  readonly dock?: { hide(): void } | undefined;
}

export interface ElectronLike {
  readonly app: AppLike;
  readonly BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindowLike;
  readonly Tray: new (image: ImageLike) => TrayLike;
  readonly Menu: { buildFromTemplate(template: MenuItemConstructorOptions[]): MenuLike };
  readonly nativeImage: { createFromPath(path: string): ImageLike };
  readonly Notification: { new (options: NotificationConstructorOptions): NotificationLike; isSupported(): boolean };
  readonly ipcMain: {
    handle(channel: string, listener: (event: IpcInvokeEventLike, payload: unknown) => Promise<unknown>): void;
    removeHandler(channel: string): void;
  };
  readonly shell: { openExternal(url: string): Promise<void>; openPath(path: string): Promise<string>; showItemInFolder(fullPath: string): void };
  readonly dialog: {
    showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
    /** 「サポート用情報を保存」: where to write the zip. */
    showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
    showMessageBox(options: MessageBoxOptions): Promise<{ response: number }>;
    /** Synchronous: will-prevent-unload must decide before its handler returns. */
    showMessageBoxSync(options: MessageBoxOptions): number;
    showErrorBox(title: string, content: string): void;
  };
  readonly powerMonitor: { on(event: 'resume' | 'suspend' | 'unlock-screen', listener: () => void): unknown };
  readonly nativeTheme: { readonly shouldUseDarkColors: boolean; on(event: 'updated', listener: () => void): unknown };
  readonly session: { readonly defaultSession: SessionLike };
  readonly protocol: {
    registerSchemesAsPrivileged(schemes: { scheme: string; privileges: { standard?: boolean; secure?: boolean; supportFetchAPI?: boolean } }[]): void;
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
  };
  readonly safeStorage: SafeStorageLike;
}
