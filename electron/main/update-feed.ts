// Where updates come from. The URL is fixed when IT builds the installer (`MEISAI_UPDATE_URL=… npm
// run dist`, scripts/dist-config.ts): electron-builder then writes it into resources/app-update.yml,
// which electron-updater reads. A build without the URL has no app-update.yml, and the tray says that
// updates are not set up instead of failing quietly. electron-updater is imported only when updates
// are on, so a build without them never loads it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../core/ports/logger';
import type { UpdateDisabledReason, UpdaterLike } from './updater';

export const APP_UPDATE_CONFIG = 'app-update.yml';

export type UpdateFeedPlan = { readonly kind: 'on'; readonly configFile: string } | { readonly kind: 'off'; readonly reason: UpdateDisabledReason };

export interface UpdateFeedInput {
  readonly isPackaged: boolean;
  readonly platform: string;
  /** process.resourcesPath of the packaged app. */
  readonly resourcesPath: string;
  readonly exists?: (path: string) => boolean;
}

/**
 * Windows (NSIS) and Linux (AppImage, deb) update in place. macOS would need a signed app and a zip
 * build, which this project does not make: there updates stay off.
 */
export function updateFeedPlan(input: UpdateFeedInput): UpdateFeedPlan {
  if (!input.isPackaged) return { kind: 'off', reason: 'development' };
  if (input.platform !== 'win32' && input.platform !== 'linux') return { kind: 'off', reason: 'unsupported' };
  const configFile = join(input.resourcesPath, APP_UPDATE_CONFIG);
  return (input.exists ?? existsSync)(configFile) ? { kind: 'on', configFile } : { kind: 'off', reason: 'no-url' };
}

/** electron-updater's logger interface, onto ours (the URL it logs holds no secret). */
export function updaterLogger(logger: Logger) {
  const log = logger.child({ module: 'updater' });
  return {
    info: (m: unknown) => log.info(String(m)),
    warn: (m: unknown) => log.warn(String(m)),
    error: (m: unknown) => log.error(String(m)),
    debug: (m: unknown) => log.debug(String(m)),
  };
}

/** What we set on any electron-updater instance, the product's and the test's alike. */
export function configureUpdater<U extends UpdaterLike & { logger: unknown; disableWebInstaller: boolean }>(updater: U, logger: Logger): U {
  updater.logger = updaterLogger(logger);
  // The installers are whole NSIS files, never the web installer.
  updater.disableWebInstaller = true;
  return updater;
}

/** The library's updater for this platform, or null (the controller shows why). */
export async function openUpdater(plan: UpdateFeedPlan, logger: Logger): Promise<UpdaterLike | null> {
  if (plan.kind === 'off') return null;
  const mod = await import('electron-updater');
  // A CommonJS module: its getter may only be on the default export.
  const autoUpdater = mod.autoUpdater ?? (mod as unknown as { default: typeof mod }).default.autoUpdater;
  return configureUpdater(autoUpdater, logger);
}
