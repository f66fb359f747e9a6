// The settings in force in the tray app: loaded from settings.json once the data folder is held,
// replaced by each save from the window. A file that could not be read at start stays the answer to
// settings:get until a save fixes it, so the window can say what is wrong instead of showing a blank
// form as if nothing had been saved.
import type { AppError, Result } from '../../../shared/result';
import type { Settings } from '../../../shared/settings/schema';
import type { Logger } from '../ports/logger';
import { createSettingsStore, type SettingsFileError } from '../settings';

export interface AppSettings {
  /** Reads settings.json (call once the data folder is held: a load may persist new ids). */
  load(): void;
  current(): Settings | null;
  loadProblem(): AppError | null;
  /** Validates and writes atomically; the saved settings become the ones in force. */
  save(raw: unknown): Result<Settings, SettingsFileError>;
}

export interface AppSettingsDeps {
  readonly path: string;
  readonly newId: () => string;
  readonly logger: Logger;
  /** A loopback 「楽楽明細」URL (the built-in sandbox) is accepted. */
  readonly sandbox: boolean;
}

export function createAppSettings(deps: AppSettingsDeps): AppSettings {
  const store = createSettingsStore({ path: deps.path, env: {}, newId: deps.newId, logger: deps.logger, tokenStorage: 'elsewhere', allowLoopbackUrl: deps.sandbox });
  let current: Settings | null = null;
  let problem: AppError | null = null;
  return {
    load() {
      const loaded = store.load();
      if (loaded.ok) current = loaded.value;
      else {
        problem = loaded.error;
        deps.logger.error('settings file unreadable', { code: loaded.error.code, file: loaded.error.file });
      }
    },
    current: () => current,
    loadProblem: () => problem,
    save(raw) {
      const written = store.save(raw);
      if (written.ok) {
        current = written.value;
        problem = null;
      }
      return written;
    },
  };
}
