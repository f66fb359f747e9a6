// The API token as the tray app handles it: MEISAI_API_TOKEN in front of the encrypted store (one
// precedence rule with the CLI, secrets/token-source.ts), read once for runs and afresh for the
// window, which is where a key that stopped working must show up. It never crosses IPC in full.
import type { TokenView } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/result';
import type { SecretStore } from '../secrets/secret-store';
import { withEnvironmentToken } from '../secrets/token-source';
import type { Env } from '../settings/data-paths';

export interface AppToken {
  /** The token in force (cached), null when none is saved. */
  read(): Promise<Result<string | null>>;
  /** What the window may see: saved or not, the last 4 characters, where it is kept, a problem. */
  view(): Promise<TokenView>;
  /** A newly typed token: encrypted into the store. */
  save(token: string): Promise<Result<null>>;
}

export function createAppToken(store: SecretStore, env: Env): AppToken {
  const secrets = withEnvironmentToken(store, env);
  let cache: Result<string | null> | null = null;
  return {
    read: async () => (cache ??= await secrets.get()),
    async view() {
      const r = (cache = await secrets.get());
      const storage = secrets.storage();
      if (!r.ok) return { saved: storage !== 'none', last4: null, storage, problem: r.error.message };
      if (r.value === null) return { saved: false, last4: null, storage: 'none', problem: null };
      return { saved: true, last4: r.value.slice(-4), storage, problem: null };
    },
    async save(token) {
      const saved = await secrets.set(token);
      cache = null;
      return saved;
    },
  };
}
