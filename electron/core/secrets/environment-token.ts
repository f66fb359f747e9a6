// MEISAI_API_TOKEN in the environment wins over the saved token (servers, CI, a support session),
// and the window says the token comes from the environment rather than pretending it was saved.
import { ok } from '../../../shared/result';
import type { SecretStore } from './secret-store';

export const TOKEN_ENV_VAR = 'MEISAI_API_TOKEN';

export function withEnvironmentToken(store: SecretStore, envToken: string | undefined): SecretStore {
  const fromEnv = envToken?.trim() ?? '';
  if (fromEnv === '') return store;
  return {
    storage: () => 'environment',
    get: async () => ok(fromEnv),
    // Saving still writes the store, so the token survives once the variable is gone.
    set: (token) => store.set(token),
    clear: () => store.clear(),
  };
}
