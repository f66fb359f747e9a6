// Which icon file the tray shows: per OS (Windows light/dark task bar, macOS template, Linux) and per
// state. Files are drawn by build/make-icons.mjs into resources/icons/ (extraResources `icons` when
// packaged); the `@2x` sibling is picked up by Electron's nativeImage for high-DPI screens.
import { join } from 'node:path';
import type { TrayIconState } from './tray-state';

export function trayIconFile(iconsDir: string, platform: string, state: TrayIconState, darkTaskbar: boolean): string {
  if (platform === 'darwin') return join(iconsDir, 'mac', `tray-${state}Template.png`);
  if (platform === 'win32') return join(iconsDir, 'win', `tray-${state}-${darkTaskbar ? 'dark' : 'light'}.png`);
  return join(iconsDir, 'linux', `tray-${state}.png`);
}

export function appIconFile(iconsDir: string): string {
  return join(iconsDir, 'icon.png');
}
