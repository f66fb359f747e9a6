// The tray and the update controller, made together because each needs the other: the tray's menu
// shows the update's state and offers 「更新を確認」 / 「再起動して更新」, and a change of that state
// redraws the menu. The controller installs only through the app's quit path (lifecycle.ts), so the
// agent has stopped first.
import { join } from 'node:path';
import type { AppService } from '../core/app/app-service';
import type { Clock } from '../core/ports/clock';
import type { Logger } from '../core/ports/logger';
import { createAppTray, type AppTray } from './app-tray';
import type { ElectronLike } from './electron-like';
import type { Lifecycle } from './lifecycle';
import { APP_TITLE } from './notification-text';
import type { Notifier } from './notifier';
import { supportBundleSavedNotification } from './update-text';
import { createUpdateController, fileMarksStore, type UpdateController, type UpdateDisabledReason, type UpdaterLike } from './updater';

/** The updater (update-feed.ts): the library's, a stand-in, or off with why. */
export type OpenUpdater = () => Promise<{ readonly updater: UpdaterLike | null; readonly disabledReason?: UpdateDisabledReason }>;

export interface TrayAndUpdatesDeps {
  readonly electron: ElectronLike;
  readonly service: AppService;
  readonly notifier: Pick<Notifier, 'show'>;
  readonly lifecycle: Pick<Lifecycle, 'requestQuit'>;
  readonly openWindow: (hash: string) => void;
  readonly iconsDir: string;
  readonly platform: string;
  readonly version: string;
  /** The update marks live here (update.json). */
  readonly dataDir: string;
  /** Default: updates off (development). */
  readonly openUpdater: OpenUpdater | undefined;
  readonly clock: Clock;
  readonly logger: Logger;
}

export async function openTrayAndUpdates(deps: TrayAndUpdatesDeps): Promise<{ readonly tray: AppTray; readonly updates: UpdateController }> {
  const { service, notifier, lifecycle, clock, logger } = deps;
  const feed = deps.openUpdater ? await deps.openUpdater() : { updater: null, disabledReason: 'development' as const };
  let tray: AppTray | null = null;
  const updates = createUpdateController({
    updater: feed.updater,
    ...(feed.disabledReason ? { disabledReason: feed.disabledReason } : {}),
    currentVersion: deps.version,
    busy: () => service.busy(),
    agentStarted: () => service.status().agent.state !== 'stopped',
    marks: fileMarksStore(join(deps.dataDir, 'update.json'), logger),
    notify: (text) => notifier.show(text),
    changed: () => tray?.refresh(),
    quit: () => lifecycle.requestQuit({ confirm: false }),
    clock,
    logger,
  });
  tray = createAppTray({
    electron: deps.electron,
    iconsDir: deps.iconsDir,
    platform: deps.platform,
    clock,
    service,
    openWindow: deps.openWindow,
    quit: () => lifecycle.requestQuit({ confirm: true }),
    refused: (error) => notifier.show({ title: APP_TITLE, body: error.message, runId: null, urgent: true }),
    updates,
    told: (file) => notifier.show(supportBundleSavedNotification(file)),
  });
  return { tray, updates };
}
