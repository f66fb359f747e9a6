// A SecretStore held in memory: for tests and for the settings-window test host. It can be told to
// behave like a store whose saved token no longer decrypts, so that the window's "enter it again"
// path can be exercised without an OS keyring.
import { appError, err, ok, type AppError, type Result } from '../../../shared/result';
import { SECRET_ERRORS, UNDECRYPTABLE_MESSAGE, type SecretStore, type TokenStorage } from './secret-store';
import { TOKEN_SHAPE, TOKEN_SHAPE_MESSAGE } from './token-source';

export interface MemorySecretStoreOptions {
  readonly token?: string | null;
  /** The label a saved token gets; `encrypted` unless told (e.g. `plain-text` for a Linux desktop). */
  readonly protection?: 'encrypted' | 'plain-text';
  /** Start as a store whose saved token cannot be decrypted. */
  readonly undecryptable?: boolean;
}

export interface MemorySecretStore extends SecretStore {
  /** Makes the saved token unreadable from now on, as a password change would. */
  breakDecryption(): void;
}

export function createMemorySecretStore(options: MemorySecretStoreOptions = {}): MemorySecretStore {
  const protection = options.protection ?? 'encrypted';
  let token: string | null = options.token ?? null;
  let broken = options.undecryptable === true;
  const problem: AppError = appError(SECRET_ERRORS.undecryptable, UNDECRYPTABLE_MESSAGE, 'memory store told to fail');

  return {
    storage: (): TokenStorage => (token !== null || broken ? protection : 'none'),
    async get(): Promise<Result<string | null>> {
      if (broken) return err(problem);
      return ok(token);
    },
    async set(value) {
      const trimmed = value.trim();
      if (!TOKEN_SHAPE.test(trimmed)) {
        return err(appError('secrets.invalid-token', TOKEN_SHAPE_MESSAGE));
      }
      token = trimmed;
      broken = false;
      return ok(null);
    },
    async clear() {
      token = null;
      broken = false;
      return ok(null);
    },
    breakDecryption() {
      broken = true;
    },
  };
}
