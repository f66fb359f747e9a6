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
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock, TimerHandle } from '../core/ports/clock';
import type { Logger } from '../core/ports/logger';
import type { NotificationText } from './notification-text';
import {
  updateCheckFailedNotification,
  updateReadyNotification,
  upToDateNotification,
} from './update-text';

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

export type UpdateDisabledReason = 'no-url' | 'unsupported' | 'development';

export type UpdateState =
  | { readonly kind: 'disabled'; readonly reason: UpdateDisabledReason }
  | { readonly kind: 'idle'; readonly checkedAt: string | null }
  | { readonly kind: 'checking' }
  | { readonly kind: 'downloading'; readonly version: string; readonly percent: number | null }
  | { readonly kind: 'ready'; readonly version: string }
  | { readonly kind: 'failed'; readonly message: string };

/** What the tray menu shows. */
export interface UpdateView {
  readonly state: UpdateState;
  readonly busy: boolean;
}

/** What survives a restart: an update downloaded earlier, and the agent's state across our own update restart. */
export interface UpdateMarks {
  readonly pendingVersion?: string;
  readonly restart?: { readonly agentWasRunning: boolean; readonly at: string };
}

export interface UpdateMarksStore {
  read(): UpdateMarks;
  write(marks: UpdateMarks): void;
}

/** The marks as one small JSON file in the state folder, replaced whole. */
export function fileMarksStore(file: string, logger: Logger): UpdateMarksStore {
  return {
    read() {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as UpdateMarks;
      } catch {
        return {};
      }
    },
    write(marks) {
      try {
        if (marks.pendingVersion === undefined && marks.restart === undefined) {
          rmSync(file, { force: true });
          return;
        }
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(`${file}.tmp`, JSON.stringify(marks));
        renameSync(`${file}.tmp`, file);
      } catch (e) {
        logger.warn('update marks not written', { error: String(e) });
      }
    },
  };
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
/** A restart mark older than this is not ours to honour (the app was started by hand much later). */
const RESTART_MARK_TTL_MS = 30 * 60_000;

/** a.b.c (numeric parts) newer than b? Pre-release tags are not used by this app. */
export function isNewer(a: string, b: string): boolean {
  const pa = a.split(/[.+-]/).map((n) => Number.parseInt(n, 10));
  const pb = b.split(/[.+-]/).map((n) => Number.parseInt(n, 10));
  for (let i = 0; i < 3; i++) {
    const x = pa[i] ?? 0;
    const y = pb[i] ?? 0;
    if (Number.isNaN(x) || Number.isNaN(y)) return false;
    if (x !== y) return x > y;
  }
  return false;
}

export function createUpdateController(deps: UpdateControllerDeps): UpdateController {
  const { updater, logger } = deps;
  let state: UpdateState = updater === null ? { kind: 'disabled', reason: deps.disabledReason ?? 'no-url' } : { kind: 'idle', checkedAt: null };
  let timer: TimerHandle | null = null;
  let manualCheck = false;
  let installAtStart = false;
  let restartRequested = false;
  let toldReady: string | null = null;
  let disposed = false;

  // Read through a function: the library's events change `state` while check() awaits.
  const current = (): UpdateState => state;
  const set = (next: UpdateState) => {
    state = next;
    deps.changed();
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
    if (state.kind === 'checking' || state.kind === 'downloading') return;
    if (state.kind === 'ready') {
      if (options.manual) deps.notify(updateReadyNotification(state.version));
      return;
    }
    manualCheck = options.manual === true;
    set({ kind: 'checking' });
    try {
      const result = await updater.checkForUpdates();
      // A failed download is reported through 'error'; its promise must not become an unhandled
      // rejection, which main treats as a fault (エラーあり).
      result?.downloadPromise?.catch(() => undefined);
      // Without an answer event (the library skips an inactive updater), leave `checking`.
      if (current().kind === 'checking') set({ kind: 'idle', checkedAt: deps.clock.now().toISOString() });
    } catch (e) {
      // The library also emits 'error'; the state is set there, this only keeps the promise quiet.
      if (current().kind === 'checking') fail(e instanceof Error ? e : new Error(String(e)));
    }
  }

  function fail(error: Error) {
    logger.warn('update check or download failed', { error: error.message });
    set({ kind: 'failed', message: error.message });
    if (manualCheck) deps.notify(updateCheckFailedNotification());
    manualCheck = false;
  }

  function maybeInstallAtStart() {
    if (installAtStart && state.kind === 'ready' && !deps.busy()) {
      installAtStart = false;
      void restartToUpdate();
    }
  }

  async function restartToUpdate(): Promise<boolean> {
    if (state.kind !== 'ready' || restartRequested) return false;
    if (deps.busy()) {
      logger.info('update restart postponed: a run is in flight');
      return false;
    }
    restartRequested = true;
    deps.marks.write({ ...deps.marks.read(), restart: { agentWasRunning: deps.agentStarted(), at: deps.clock.now().toISOString() } });
    logger.info('restarting to install the update', { version: state.version });
    await deps.quit();
    return true;
  }

  if (updater !== null) {
    updater.autoDownload = true;
    // Installing is ours to decide (installOnQuit), after the agent has stopped.
    updater.autoInstallOnAppQuit = false;
    updater.on('update-available', (info) => set({ kind: 'downloading', version: info.version, percent: null }));
    updater.on('download-progress', (p) => {
      if (state.kind === 'downloading') set({ ...state, percent: Math.round(p.percent) });
    });
    updater.on('update-not-available', () => {
      set({ kind: 'idle', checkedAt: deps.clock.now().toISOString() });
      if (manualCheck) deps.notify(upToDateNotification(deps.currentVersion));
      manualCheck = false;
    });
    updater.on('update-downloaded', (info) => {
      set({ kind: 'ready', version: info.version });
      manualCheck = false;
      deps.marks.write({ ...deps.marks.read(), pendingVersion: info.version });
      if (toldReady !== info.version) {
        toldReady = info.version;
        deps.notify(updateReadyNotification(info.version));
      }
      maybeInstallAtStart();
    });
    updater.on('error', (error) => fail(error));
  }

  return {
    view: () => ({ state, busy: deps.busy() }),

    start() {
      if (updater === null) {
        logger.info('updates off', { reason: state.kind === 'disabled' ? state.reason : '' });
        return;
      }
      const marks = deps.marks.read();
      if (marks.pendingVersion !== undefined) {
        if (isNewer(marks.pendingVersion, deps.currentVersion)) {
          // Downloaded earlier, never installed (the PC was switched off): install at this start.
          installAtStart = true;
          arm(0);
          return;
        }
        logger.info('update installed', { version: deps.currentVersion });
        deps.marks.write({ ...marks, pendingVersion: undefined });
      }
      arm(deps.firstCheckMs ?? FIRST_CHECK_MS);
    },

    check,
    restartToUpdate,
    agentChanged: maybeInstallAtStart,

    installOnQuit() {
      if (updater === null || state.kind !== 'ready') return false;
      if (deps.busy()) {
        logger.warn('update not installed: a run is still in flight at quit');
        return false;
      }
      logger.info('installing the update', { version: state.version, restart: restartRequested });
      updater.quitAndInstall(true, restartRequested);
      return true;
    },

    takeRestartState() {
      const marks = deps.marks.read();
      if (marks.restart === undefined) return null;
      deps.marks.write({ ...marks, restart: undefined });
      const age = deps.clock.now().getTime() - new Date(marks.restart.at).getTime();
      return age >= 0 && age <= RESTART_MARK_TTL_MS ? { agentWasRunning: marks.restart.agentWasRunning } : null;
    },

    dispose() {
      disposed = true;
      timer?.cancel();
      timer = null;
    },
  };
}
