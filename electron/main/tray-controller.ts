// The tray icon: kept referenced for the life of the app (a collected Tray vanishes from the task
// bar), redrawn from the agent's status, and recreated on demand (the PC woke up, the display
// changed). When Explorer restarts, Windows broadcasts "TaskbarCreated"; Electron's own
// NotifyIconHost answers it by re-adding every live icon (shell/browser/ui/win/notify_icon_host.cc),
// which is one more reason the Tray must never be collected. The menu comes from the pure
// trayMenuTemplate; this file only turns its actions into click handlers.
import type { MenuItemConstructorOptions } from 'electron';
import type { ElectronLike, TrayLike } from './electron-like';
import type { TimeZoneOption } from '../../shared/local-time';
import { trayIconFile } from './tray-icons';
import { trayMenuTemplate, type TrayAction, type TrayMenuInput, type TrayMenuItem } from './tray-menu';
import { trayIconState, trayTooltip } from './tray-state';

export interface TrayControllerOptions {
  readonly electron: ElectronLike;
  readonly iconsDir: string;
  readonly platform: string;
  readonly onAction: (action: TrayAction) => void;
  readonly time?: TimeZoneOption;
}

function toElectronMenu(items: readonly TrayMenuItem[], onAction: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'info':
        return { label: item.label, enabled: false };
      case 'action':
        return { label: item.label, enabled: item.enabled, click: () => onAction(item.action) };
      case 'submenu':
        return { label: item.label, enabled: item.enabled, submenu: toElectronMenu(item.items, onAction) };
    }
  });
}

export interface TrayController {
  update(input: TrayMenuInput): void;
  /** Destroys and recreates the icon with the last state (Explorer restarted, display changed). */
  recreate(): void;
  destroy(): void;
  /** For tests and diagnostics: the last menu, as data. */
  lastMenu(): readonly TrayMenuItem[];
}

export function createTrayController(options: TrayControllerOptions): TrayController {
  const { electron, iconsDir, platform } = options;
  let tray: TrayLike | null = null;
  let last: TrayMenuInput | null = null;
  let lastItems: TrayMenuItem[] = [];
  let lastIcon = '';

  const iconFor = (input: TrayMenuInput) =>
    trayIconFile(iconsDir, platform, trayIconState(input), electron.nativeTheme.shouldUseDarkColors);

  const make = (icon: string): TrayLike => {
    const t = new electron.Tray(electron.nativeImage.createFromPath(icon));
    // Windows: a left click opens the settings window (macOS and Linux show the menu on click).
    t.on('click', () => options.onAction({ type: 'open-settings' }));
    lastIcon = icon;
    return t;
  };

  const apply = (input: TrayMenuInput) => {
    const icon = iconFor(input);
    if (tray === null || tray.isDestroyed()) tray = make(icon);
    else if (icon !== lastIcon) {
      tray.setImage(electron.nativeImage.createFromPath(icon));
      lastIcon = icon;
    }
    tray.setToolTip(trayTooltip(input, input.now, options.time));
    lastItems = trayMenuTemplate(input, options.time);
    tray.setContextMenu(electron.Menu.buildFromTemplate(toElectronMenu(lastItems, options.onAction)));
  };

  return {
    update(input) {
      last = input;
      apply(input);
    },
    recreate() {
      if (tray !== null && !tray.isDestroyed()) tray.destroy();
      tray = null;
      if (last !== null) apply(last);
    },
    destroy() {
      if (tray !== null && !tray.isDestroyed()) tray.destroy();
      tray = null;
    },
    lastMenu: () => lastItems,
  };
}
