// Updates for the tray app, on electron-updater behind a port (UpdaterLike), so that the rules below
// are tested against a stand-in and against the real library serving a real latest.yml.
//
// The rules, for a program that sends invoices:
//   - check at start-up (after the agent has settled) and every 6 hours, or when the clerk or IT
//     chooses 「更新を確認」; download in the background (the library checks the sha512 that
//     latest.yml gives, and on Windows the publisher's signature when the build names one);
//   - once downloaded, tell the clerk once; the tray offers 「再起動して更新」;
//   - install when the app quits (終了, log-off), after the agent has stopped, silently; or at the
//     next start when the app was not quit (the PC was switched off): as soon as no run is in
//     flight, restart into the new version with the agent as it was;
//   - never while a run is in flight: every install path goes through the quit path, which stops
//     the agent first, and checks `busy()` once more.
// The state machine those rules run on is pure (update-state.ts); installing is update-install.ts,
// what survives a restart update-marks.ts; this file adapts the library to them and owns the timer.
import type { Clock, TimerHandle } from '../core/ports/clock';
import type { Logger } from '../core/ports/logger';
import type { NotificationText } from './notification-text';
import type { UpdateMarksStore } from './update-marks';
import { createUpdateInstall } from './update-install';
import { stepUpdate, type UpdateDisabledReason, type UpdateEvent, type UpdateProgress, type UpdateView } from './update-state';
import { updateReadyNotification } from './update-text';

export { fileMarksStore, isNewer, type UpdateMarks, type UpdateMarksStore } from './update-marks';
export type { UpdateDisabledReason, UpdateState, UpdateView } from './update-state';

/** What the controller uses of electron-updater's AppUpdater (NsisUpdater, AppImageUpdater…). */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  /** Resolves once the check is answered; a download it starts goes on in `downloadPromise`. */
  checkForUpdates(): Promise<{ readonly downloadPromise?: Promise<unknown> | null } | null>;
  /** Runs the downloaded installer and quits. isSilent: no installer UI; isForceRunAfter: start the app again. */
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'update-available' | 'update-not-available' | 'update-downloaded', listener: (info: { readonly version: string }) => void): unknown;
  on(event: 'download-progress', listener: (progress: { readonly percent: number }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdateControllerDeps {
  /** null: updates are off, for `disabledReason`. */
  readonly updater: UpdaterLike | null;
  readonly disabledReason?: UpdateDisabledReason;
  readonly currentVersion: string;
  /** A run is running or queued (AppService.busy). */
  readonly busy: () => boolean;
  /** The agent is started (稼働中), to start it again after an update restart. */
  readonly agentStarted: () => boolean;
  readonly marks: UpdateMarksStore;
  readonly notify: (text: NotificationText) => void;
  /** The menu should be drawn again. */
  readonly changed: () => void;
  /** The app's quit path (lifecycle.requestQuit without asking): stops the agent, then calls installOnQuit. */
  readonly quit: () => Promise<unknown>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** First check after start-up. Default 2 minutes. */
  readonly firstCheckMs?: number;
  /** Then every… Default 6 hours. */
  readonly intervalMs?: number;
}

export interface UpdateController {
  view(): UpdateView;
  /** Arms the first and the periodic checks; an update downloaded in an earlier session is installed at this start. */
  start(): void;
  /** 「更新を確認」 (manual: the clerk is told the outcome) or a timer. */
  check(options?: { readonly manual?: boolean }): Promise<void>;
  /** 「再起動して更新」, and the install at the next start: refused (false) while a run is in flight. */
  restartToUpdate(): Promise<boolean>;
  /** The agent's state changed: an install waiting for the run to end may go now. */
  agentChanged(): void;
  /** The quit path, after the agent has stopped: installs a downloaded update. True when the installer was started. */
  installOnQuit(): boolean;
  /** Once, at start-up: the agent's state before our own update restart (null otherwise). */
  takeRestartState(): { readonly agentWasRunning: boolean } | null;
  dispose(): void;
}

const FIRST_CHECK_MS = 2 * 60_000;
const INTERVAL_MS = 6 * 3_600_000;

export function createUpdateController(deps: UpdateControllerDeps): UpdateController {
  const { updater, logger } = deps;
  let progress: UpdateProgress = {
    state: updater === null ? { kind: 'disabled', reason: deps.disabledReason ?? 'no-url' } : { kind: 'idle', checkedAt: null },
    manual: false,
    toldReady: null,
  };
  let timer: TimerHandle | null = null;
  let disposed = false;
  const install = createUpdateInstall({
    updater,
    readyVersion: () => (progress.state.kind === 'ready' ? progress.state.version : null),
    currentVersion: deps.currentVersion,
    busy: deps.busy,
    agentStarted: deps.agentStarted,
    marks: deps.marks,
    quit: deps.quit,
    clock: deps.clock,
    logger,
  });

  /** One step of the machine: the menu is drawn again when its state changed, then the clerk is told. */
  const apply = (event: UpdateEvent) => {
    const step = stepUpdate(progress, event, deps.currentVersion);
    const changed = step.next.state !== progress.state;
    progress = step.next;
    if (changed) deps.changed();
    return step.tell;
  };
  const tell = (text: NotificationText | null) => {
    if (text) deps.notify(text);
  };

  const arm = (ms: number) => {
    timer?.cancel();
    if (disposed || updater === null) return;
    timer = deps.clock.setTimeout(() => {
      void check().finally(() => arm(deps.intervalMs ?? INTERVAL_MS));
    }, ms);
  };

  async function check(options: { readonly manual?: boolean } = {}): Promise<void> {
    if (updater === null || disposed) return;
    const { state } = progress;
    if (state.kind === 'checking' || state.kind === 'downloading') return;
    if (state.kind === 'ready') {
      if (options.manual) deps.notify(updateReadyNotification(state.version));
      return;
    }
    apply({ type: 'check-started', manual: options.manual === true });
    try {
      const result = await updater.checkForUpdates();
      // A failed download is reported through 'error'; its promise must not become an unhandled
      // rejection, which main treats as a fault (エラーあり).
      result?.downloadPromise?.catch(() => undefined);
      apply({ type: 'check-returned', at: deps.clock.now().toISOString() });
    } catch (e) {
      // The library also emits 'error'; the state is set there, this only keeps the promise quiet.
      if (progress.state.kind === 'checking') fail(e instanceof Error ? e : new Error(String(e)));
    }
  }

  function fail(error: Error) {
    logger.warn('update check or download failed', { error: error.message });
    tell(apply({ type: 'failed', message: error.message }));
  }

  if (updater !== null) {
    updater.autoDownload = true;
    // Installing is ours to decide (installOnQuit), after the agent has stopped.
    updater.autoInstallOnAppQuit = false;
    updater.on('update-available', (info) => tell(apply({ type: 'available', version: info.version })));
    updater.on('download-progress', (p) => tell(apply({ type: 'progress', percent: p.percent })));
    updater.on('update-not-available', () => tell(apply({ type: 'not-available', at: deps.clock.now().toISOString() })));
    updater.on('update-downloaded', (info) => {
      const text = apply({ type: 'downloaded', version: info.version });
      install.downloaded(info.version);
      tell(text);
      install.maybeInstallAtStart();
    });
    updater.on('error', (error) => fail(error));
  }

  return {
    view: () => ({ state: progress.state, busy: deps.busy() }),

    start() {
      if (updater === null) {
        logger.info('updates off', { reason: progress.state.kind === 'disabled' ? progress.state.reason : '' });
        return;
      }
      // An update downloaded in an earlier session and never installed: check (and install) at once.
      arm(install.takePendingAtStart() ? 0 : (deps.firstCheckMs ?? FIRST_CHECK_MS));
    },

    check,
    restartToUpdate: install.restartToUpdate,
    agentChanged: install.maybeInstallAtStart,
    installOnQuit: install.installOnQuit,
    takeRestartState: install.takeRestartState,

    dispose() {
      disposed = true;
      timer?.cancel();
      timer = null;
    },
  };
}
