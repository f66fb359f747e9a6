// Installing a downloaded update, the only part that may end the process: never while a run is in
// flight. Every install goes through the app's quit path (which stops the agent first) and asks
// `busy()` once more; 「再起動して更新」 and an update left from an earlier session leave a restart mark
// so the new version brings the agent back as it was. The download that precedes it is updater.ts's.
import type { Clock } from '../core/ports/clock';
import type { Logger } from '../core/ports/logger';
import { pendingAtStart, restartStateOf, type UpdateMarksStore } from './update-marks';
import type { UpdaterLike } from './updater';

export interface UpdateInstallDeps {
  /** null: updates are off; the restart mark is still read (and cleared) at start-up. */
  readonly updater: Pick<UpdaterLike, 'quitAndInstall'> | null;
  /** The downloaded version, or null while none is ready. */
  readonly readyVersion: () => string | null;
  readonly currentVersion: string;
  readonly busy: () => boolean;
  readonly agentStarted: () => boolean;
  readonly marks: UpdateMarksStore;
  /** The app's quit path: stops the agent, then calls installOnQuit. */
  readonly quit: () => Promise<unknown>;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface UpdateInstall {
  /** At start-up, from the marks: true when an update downloaded earlier is to be installed now (check at once). */
  takePendingAtStart(): boolean;
  /** The download finished: remembered, so a PC switched off before the install gets it at the next start. */
  downloaded(version: string): void;
  /** Installs at start once no run is in flight (called again whenever the agent's state changes). */
  maybeInstallAtStart(): void;
  restartToUpdate(): Promise<boolean>;
  installOnQuit(): boolean;
  takeRestartState(): { readonly agentWasRunning: boolean } | null;
}

export function createUpdateInstall(deps: UpdateInstallDeps): UpdateInstall {
  const { marks, logger } = deps;
  let installAtStart = false;
  let restartRequested = false;

  async function restartToUpdate(): Promise<boolean> {
    const version = deps.readyVersion();
    if (version === null || restartRequested) return false;
    if (deps.busy()) {
      logger.info('update restart postponed: a run is in flight');
      return false;
    }
    restartRequested = true;
    marks.write({ ...marks.read(), restart: { agentWasRunning: deps.agentStarted(), at: deps.clock.now().toISOString() } });
    logger.info('restarting to install the update', { version });
    await deps.quit();
    return true;
  }

  function maybeInstallAtStart() {
    if (installAtStart && deps.readyVersion() !== null && !deps.busy()) {
      installAtStart = false;
      void restartToUpdate();
    }
  }

  return {
    takePendingAtStart() {
      const read = marks.read();
      const pending = pendingAtStart(read, deps.currentVersion);
      if (pending === 'installed') {
        logger.info('update installed', { version: deps.currentVersion });
        marks.write({ ...read, pendingVersion: undefined });
      }
      // Downloaded earlier, never installed (the PC was switched off): install at this start.
      installAtStart = pending === 'install';
      return installAtStart;
    },
    downloaded(version) {
      marks.write({ ...marks.read(), pendingVersion: version });
    },
    maybeInstallAtStart,
    restartToUpdate,
    installOnQuit() {
      const version = deps.readyVersion();
      if (deps.updater === null || version === null) return false;
      if (deps.busy()) {
        logger.warn('update not installed: a run is still in flight at quit');
        return false;
      }
      logger.info('installing the update', { version, restart: restartRequested });
      deps.updater.quitAndInstall(true, restartRequested);
      return true;
    },
    takeRestartState() {
      const read = marks.read();
      if (read.restart === undefined) return null;
      marks.write({ ...read, restart: undefined });
      return restartStateOf(read, deps.clock.now());
    },
  };
}
