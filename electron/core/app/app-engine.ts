// The engine as the tray app opens it: under the tray app's lock (a lock left by an earlier tray app
// is stale once Electron's single-instance lock is ours), with the saved token — its absence said
// the way Step 1 says it — and the app's network and tuning defaults.
import { appError, err, ok, type Result } from '../../../shared/result';
import { openEngine, type Engine } from '../engine/engine';
import { TRAY_APP_PURPOSE } from '../instance-lock/data-dir-lock';
import type { AppServiceDeps } from './app-service';
import { APP_ERRORS } from './app-errors';
import type { AppSettings } from './app-settings';
import type { AppToken } from './app-token';

export type AppEngineDeps = Pick<AppServiceDeps, 'dataPaths' | 'clock' | 'logger' | 'newId' | 'singleInstance' | 'resolveProxy' | 'caCertificates' | 'tuning'>;

/** How long a file must stay unchanged before it is sent, unless tests shorten it. */
const STABLE_FOR_MS = 2_000;

export function openAppEngine(deps: AppEngineDeps, settings: Pick<AppSettings, 'current'>, token: Pick<AppToken, 'read'>): Result<Engine> {
  const tuning = deps.tuning ?? {};
  return openEngine({
    paths: deps.dataPaths,
    purpose: TRAY_APP_PURPOSE,
    supersedes: (owner) => deps.singleInstance === true && owner.purpose === TRAY_APP_PURPOSE,
    settings: () => settings.current(),
    token: async () => {
      const t = await token.read();
      if (!t.ok) return t;
      return t.value === null ? err(appError(APP_ERRORS.noToken, 'APIトークンが保存されていません。Step1でAPIトークンを入力して保存してください。')) : ok(t.value);
    },
    network: {
      resolveProxy: deps.resolveProxy,
      ca: deps.caCertificates ?? null,
      ...(tuning.requestsPerMinute !== undefined ? { requestsPerMinute: tuning.requestsPerMinute } : {}),
    },
    clock: deps.clock,
    logger: deps.logger,
    newId: deps.newId,
    tuning: {
      stableForMs: tuning.stableForMs ?? STABLE_FOR_MS,
      ...(tuning.runner ? { runner: tuning.runner } : {}),
      ...(tuning.watch ? { watch: tuning.watch } : {}),
    },
  });
}
