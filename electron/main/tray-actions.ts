// What a click on a tray menu item does. The tray drives the core through AppCommands — named,
// typed operations — never through the window's IPC channel table, and opens the window on the
// route the item names. A refusal (no token yet, 実行中です…) is told to the clerk, never dropped.
import type { AppError, Result } from '../../shared/result';
import type { AppCommands } from '../core/app/app-service';
import type { TrayAction } from './tray-menu';

export interface TrayActionDeps {
  readonly commands: AppCommands;
  /** Shows the settings window on a route (`#/settings`, `#/history`). */
  readonly openWindow: (hash: string) => void;
  /** The clerk is going to look at the history: the tray stops showing エラーあり for runs already failed. */
  readonly markFailuresSeen: () => void;
  readonly quit: () => Promise<unknown>;
  /** A command was refused: say why. */
  readonly refused: (error: AppError) => void;
  /** 「更新を確認」 and 「再起動して更新」 (updater.ts). */
  readonly updates?: { check(options: { readonly manual: boolean }): Promise<void>; restartToUpdate(): Promise<boolean> };
  /** A maintenance command succeeded (the support bundle was saved where). */
  readonly told?: (text: string) => void;
}

export async function performTrayAction(action: TrayAction, deps: TrayActionDeps): Promise<void> {
  const { commands } = deps;
  const report = (r: Result<unknown>) => {
    if (!r.ok) deps.refused(r.error);
  };
  switch (action.type) {
    case 'start':
      return report(await commands.startAgent());
    case 'stop':
      return report(await commands.stopAgent());
    case 'run-now':
      return report(await commands.runNow(action.target));
    case 'open-folder':
      return report(await commands.openFolder('root'));
    case 'open-settings':
      return deps.openWindow('#/settings');
    case 'open-history':
      deps.markFailuresSeen();
      return deps.openWindow('#/history');
    case 'save-support-bundle': {
      const r = await commands.saveSupportBundle();
      if (!r.ok) return deps.refused(r.error);
      if (r.value !== null) deps.told?.(r.value.saved);
      return;
    }
    case 'check-updates':
      return deps.updates?.check({ manual: true });
    case 'install-update':
      await deps.updates?.restartToUpdate();
      return;
    case 'quit':
      await deps.quit();
      return;
  }
}
