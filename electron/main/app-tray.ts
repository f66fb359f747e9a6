// The tray as the app uses it: the controller (icon, tooltip, menu) redrawn from the agent's status,
// the settings and whether a failed run is still unseen, with each menu click carried out through
// tray-actions.ts. The menu's content is tray-menu.ts (pure); this file keeps the little state the
// icon needs between redraws.
import type { RunSummary } from '../../shared/run';
import type { AppError } from '../../shared/result';
import type { AppService } from '../core/app/app-service';
import type { Clock } from '../core/ports/clock';
import type { ElectronLike } from './electron-like';
import { createTrayController, type TrayController } from './tray-controller';
import { performTrayAction } from './tray-actions';
import type { TrayAction } from './tray-menu';
import type { UpdateController } from './updater';

export interface AppTrayOptions {
  readonly electron: ElectronLike;
  readonly iconsDir: string;
  readonly platform: string;
  readonly clock: Clock;
  readonly service: Pick<AppService, 'commands' | 'status' | 'settings'>;
  readonly openWindow: (hash: string) => void;
  readonly quit: () => Promise<unknown>;
  readonly refused: (error: AppError) => void;
  /** The updater (updater.ts): its menu items and their clicks. */
  readonly updates?: Pick<UpdateController, 'view' | 'check' | 'restartToUpdate'>;
  /** The support bundle was saved: where. */
  readonly told?: (file: string) => void;
}

export interface AppTray {
  readonly controller: TrayController;
  /** Redraws icon, tooltip and menu from the current status. */
  refresh(): void;
  /** A run ended: a failed one shows エラーあり until the clerk looks at the history. */
  runFinished(run: RunSummary): void;
  /** An unexpected error: エラーあり until the clerk looks. */
  faulted(): void;
  /** The clerk opened the history (menu or notification). */
  markFailuresSeen(): void;
  perform(action: TrayAction): Promise<void>;
}

const FAILED_OUTCOMES: ReadonlySet<RunSummary['outcome']> = new Set(['failed', 'partial', 'attention']);

export function createAppTray(options: AppTrayOptions): AppTray {
  const { service, clock } = options;
  let unseenFailure = false;

  const refresh = () =>
    controller.update({ status: service.status(), settings: service.settings(), unseenFailure, now: clock.now(), ...(options.updates ? { updates: options.updates.view() } : {}) });

  const perform = async (action: TrayAction) => {
    await performTrayAction(action, {
      commands: service.commands,
      openWindow: options.openWindow,
      markFailuresSeen: () => {
        unseenFailure = false;
      },
      quit: options.quit,
      refused: options.refused,
      ...(options.updates ? { updates: options.updates } : {}),
      ...(options.told ? { told: options.told } : {}),
    });
    if (action.type !== 'quit') refresh();
  };

  const controller = createTrayController({ electron: options.electron, iconsDir: options.iconsDir, platform: options.platform, onAction: (a) => void perform(a) });

  return {
    controller,
    refresh,
    runFinished(run) {
      if (FAILED_OUTCOMES.has(run.outcome)) unseenFailure = true;
      refresh();
    },
    faulted() {
      unseenFailure = true;
      refresh();
    },
    markFailuresSeen() {
      unseenFailure = false;
      refresh();
    },
    perform,
  };
}
