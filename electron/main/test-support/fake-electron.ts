// A hand-written stand-in for the parts of Electron that createMain uses (ElectronLike): it records
// what main does (windows, tray menus, notifications, IPC handlers) and lets a test click, invoke and
// emit as Electron would. No module mocking: it is passed to createMain as an argument.
import type { MenuItemConstructorOptions, NativeImage } from 'electron';
import type {
  BrowserWindowLike,
  ElectronLike,
  EventLike,
  FrameLike,
  IpcInvokeEventLike,
  NotificationLike,
  TrayLike,
  WebContentsLike,
} from '../electron-like';

type Listener = (...args: never[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) (l as (...a: unknown[]) => unknown)(...args);
  }
}

export class FakeEvent implements EventLike {
  prevented = false;
  preventDefault(): void {
    this.prevented = true;
  }
}

let nextContentsId = 1;

export class FakeWebContents extends Emitter implements WebContentsLike {
  readonly id = nextContentsId++;
  readonly sent: { channel: string; payload: unknown }[] = [];
  destroyed = false;
  openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  readonly mainFrame: FrameLike;
  constructor(private readonly owner: FakeBrowserWindow) {
    super();
    const urls = owner.urls;
    this.mainFrame = {
      get url() {
        return urls.at(-1) ?? '';
      },
      parent: null,
    };
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
}

export class FakeBrowserWindow extends Emitter implements BrowserWindowLike {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents: FakeWebContents;
  readonly urls: string[] = [];
  shown = 0;
  focused = 0;
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    this.webContents = new FakeWebContents(this);
    FakeBrowserWindow.instances.push(this);
  }
  async loadURL(url: string): Promise<void> {
    this.urls.push(url);
    this.emit('ready-to-show');
  }
  show(): void {
    this.shown++;
  }
  focus(): void {
    this.focused++;
  }
  restore(): void {}
  isMinimized(): boolean {
    return false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  close(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

export class FakeTray extends Emitter implements TrayLike {
  static instances: FakeTray[] = [];
  image: string;
  tooltip = '';
  menu: MenuItemConstructorOptions[] | null = null;
  destroyed = false;
  constructor(image: NativeImage) {
    super();
    this.image = (image as unknown as { path: string }).path;
    FakeTray.instances.push(this);
  }
  setImage(image: NativeImage): void {
    this.image = (image as unknown as { path: string }).path;
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: object | null): void {
    this.menu = menu === null ? null : (menu as { template: MenuItemConstructorOptions[] }).template;
  }
  destroy(): void {
    this.destroyed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** Clicks the menu item at `path` of labels (e.g. ['今すぐ連携', '顧客データのみ']). */
  clickMenu(...path: string[]): void {
    let items = this.menu ?? [];
    for (const [i, label] of path.entries()) {
      const item = items.find((m) => m.label === label);
      if (!item) throw new Error(`no menu item ${path.slice(0, i + 1).join(' > ')} in ${items.map((m) => m.label).join(', ')}`);
      if (i === path.length - 1) {
        if (item.enabled === false) throw new Error(`menu item ${label} is disabled`);
        (item.click as unknown as () => void)();
        return;
      }
      items = item.submenu as MenuItemConstructorOptions[];
    }
  }
  labels(): string[] {
    return (this.menu ?? []).map((m) => (m.type === 'separator' ? '---' : (m.label ?? '')));
  }
  item(label: string): MenuItemConstructorOptions | undefined {
    return (this.menu ?? []).find((m) => m.label === label);
  }
}

export class FakeNotification extends Emitter implements NotificationLike {
  static shown: FakeNotification[] = [];
  constructor(readonly options: { title?: string; body?: string; urgency?: string }) {
    super();
  }
  show(): void {
    FakeNotification.shown.push(this);
  }
  click(): void {
    this.emit('click');
  }
  static isSupported(): boolean {
    return true;
  }
}

export interface FakeElectron extends ElectronLike {
  readonly appListeners: Emitter;
  readonly quitCalls: number[];
  readonly loginItems: { openAtLogin: boolean; path: string; args: string[] }[];
  readonly handlers: Map<string, (event: IpcInvokeEventLike, payload: unknown) => Promise<unknown>>;
  readonly externalOpened: string[];
  readonly pathsOpened: string[];
  /** Files shell.showItemInFolder was asked to show. */
  readonly itemsShown: string[];
  readonly messageBoxes: { message?: string }[];
  readonly errorBoxes: string[];
  readonly power: Emitter;
  readonly protocolHandlers: Map<string, (request: Request) => Response | Promise<Response>>;
  messageBoxResponse: number;
  /** What the save dialog answers (null: cancelled). */
  saveDialogPath: string | null;
  readonly saveDialogs: { defaultPath?: string }[];
  /** Calls an IPC handler as Electron would, from a given sender. */
  invoke(channel: string, payload: unknown, sender: { id: number; frame: FrameLike | null }): Promise<unknown>;
}

export function createFakeElectron(options: { singleInstance?: boolean; packaged?: boolean; wasOpenedAtLogin?: boolean } = {}): FakeElectron {
  FakeBrowserWindow.instances = [];
  FakeTray.instances = [];
  FakeNotification.shown = [];
  const appListeners = new Emitter();
  const quitCalls: number[] = [];
  const loginItems: { openAtLogin: boolean; path: string; args: string[] }[] = [];
  const handlers = new Map<string, (event: IpcInvokeEventLike, payload: unknown) => Promise<unknown>>();
  const externalOpened: string[] = [];
  const pathsOpened: string[] = [];
  const itemsShown: string[] = [];
  const messageBoxes: { message?: string }[] = [];
  const errorBoxes: string[] = [];
  const saveDialogs: { defaultPath?: string }[] = [];
  const power = new Emitter();
  const protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  const theme = new Emitter();

  const fake: FakeElectron = {
    appListeners,
    quitCalls,
    loginItems,
    handlers,
    externalOpened,
    pathsOpened,
    itemsShown,
    messageBoxes,
    errorBoxes,
    power,
    protocolHandlers,
    messageBoxResponse: 0,
    saveDialogPath: null,
    saveDialogs,
    app: {
      requestSingleInstanceLock: () => options.singleInstance !== false,
      setAppUserModelId: () => {},
      setLoginItemSettings: (s) => void loginItems.push(s),
      getLoginItemSettings: () => ({ wasOpenedAtLogin: options.wasOpenedAtLogin === true }),
      setPath: () => {},
      whenReady: async () => undefined,
      quit: () => void quitCalls.push(Date.now()),
      isPackaged: options.packaged === true,
      on: (event: string, listener: Listener) => appListeners.on(event, listener),
    },
    BrowserWindow: FakeBrowserWindow as unknown as ElectronLike['BrowserWindow'],
    Tray: FakeTray,
    Menu: { buildFromTemplate: (template) => ({ template }) },
    nativeImage: { createFromPath: (path) => ({ path, isEmpty: () => false }) as unknown as NativeImage },
    Notification: FakeNotification,
    ipcMain: {
      handle: (channel, listener) => void handlers.set(channel, listener),
      removeHandler: (channel) => void handlers.delete(channel),
    },
    shell: {
      openExternal: async (url) => void externalOpened.push(url),
      openPath: async (path) => {
        pathsOpened.push(path);
        return '';
      },
      showItemInFolder: (path) => void itemsShown.push(path),
    },
    dialog: {
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
      showSaveDialog: async (o) => {
        saveDialogs.push(o);
        return fake.saveDialogPath === null ? { canceled: true } : { canceled: false, filePath: fake.saveDialogPath };
      },
      showMessageBox: async (o) => {
        messageBoxes.push(o);
        return { response: fake.messageBoxResponse };
      },
      showMessageBoxSync: (o) => {
        messageBoxes.push(o);
        return fake.messageBoxResponse;
      },
      showErrorBox: (_title, content) => void errorBoxes.push(content),
    },
    powerMonitor: { on: (event: string, listener: Listener) => power.on(event, listener) },
    nativeTheme: { shouldUseDarkColors: false, on: (event: string, listener: Listener) => theme.on(event, listener) },
    session: {
      defaultSession: {
        resolveProxy: async () => 'DIRECT',
        setPermissionRequestHandler: () => {},
        setPermissionCheckHandler: () => {},
        webRequest: { onHeadersReceived: () => {} },
      },
    },
    protocol: {
      registerSchemesAsPrivileged: () => {},
      handle: (scheme, handler) => void protocolHandlers.set(scheme, handler),
    },
    safeStorage: {},
    invoke(channel, payload, sender) {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`no IPC handler for ${channel}`);
      return handler({ sender: { id: sender.id }, senderFrame: sender.frame }, payload);
    },
  };
  return fake;
}
