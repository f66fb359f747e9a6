// Which API token is used, one rule for both faces: the first source that gives a non-blank value
// wins — for the CLI a flag (--token-file, --token), then MEISAI_API_TOKEN, then the settings file's
// meisai.apiToken; for the tray app MEISAI_API_TOKEN, then the encrypted store. A blank value is
// "not given" (a blank MEISAI_API_TOKEN must not hide the saved token). Only the token that is used
// is read to the end and checked, so a placeholder in a source further down ("…" in the README's
// example file) never stops a run that has its real token from a flag or the environment.
import { appError, err, ok, type Result } from '../../../shared/result';
import type { Env } from '../settings/data-paths';
import type { SecretStore } from './secret-store';

export const TOKEN_ENV = 'MEISAI_API_TOKEN';

/** What 楽楽明細 issues: letters and digits. */
export const TOKEN_SHAPE = /^[A-Za-z0-9]{1,512}$/;
export const TOKEN_SHAPE_MESSAGE = 'APIトークンは英数字だけです。コピーした時に余分な文字が入っていないか確認してください。';

export type TokenOrigin = 'flag' | 'environment' | 'file' | 'store';

export interface TokenCandidate {
  readonly origin: TokenOrigin;
  /** Where it comes from, named for the person at the keyboard (「環境変数 MEISAI_API_TOKEN」…). */
  readonly where: string;
  /** Read only when every source before it was blank; null or blank: not given here. */
  read(): Promise<Result<string | null>>;
}

export interface ResolvedToken {
  readonly token: string;
  readonly origin: TokenOrigin;
  readonly where: string;
}

/** A value already at hand: a flag, a variable, a field of the settings file. */
export function givenToken(origin: TokenOrigin, where: string, value: string | null | undefined): TokenCandidate {
  return { origin, where, read: async () => ok(value ?? null) };
}

export function environmentToken(env: Env): TokenCandidate {
  return givenToken('environment', `環境変数 ${TOKEN_ENV}`, env[TOKEN_ENV]);
}

export function storedToken(store: SecretStore): TokenCandidate {
  return { origin: 'store', where: '保存されたAPIトークン', read: () => store.get() };
}

/** The token to use, null when no source gives one, or why the one that should be used cannot be. */
export async function resolveToken(candidates: readonly TokenCandidate[]): Promise<Result<ResolvedToken | null>> {
  for (const candidate of candidates) {
    const read = await candidate.read();
    if (!read.ok) return read;
    const token = read.value?.trim() ?? '';
    if (token === '') continue;
    if (!TOKEN_SHAPE.test(token)) return err(appError('secrets.invalid-token', `${TOKEN_SHAPE_MESSAGE}（${candidate.where}）`));
    return ok({ token, origin: candidate.origin, where: candidate.where });
  }
  return ok(null);
}

/** MEISAI_API_TOKEN when it holds something. */
export function envToken(env: Env): string | null {
  const v = env[TOKEN_ENV]?.trim();
  return v ? v : null;
}

/**
 * The tray app's token store with MEISAI_API_TOKEN in front (servers, a support session): the window
 * says the token comes from the environment rather than pretending it was saved. Saving still writes
 * the store, so the token survives once the variable is gone.
 */
export function withEnvironmentToken(store: SecretStore, env: Env): SecretStore {
  return {
    storage: () => (envToken(env) !== null ? 'environment' : store.storage()),
    async get() {
      const resolved = await resolveToken([environmentToken(env), storedToken(store)]);
      return resolved.ok ? ok(resolved.value?.token ?? null) : resolved;
    },
    set: (token) => store.set(token),
    clear: () => store.clear(),
  };
}
