// Which API token a run uses: MEISAI_API_TOKEN (set by an administrator or a scheduled task) wins
// over the settings file, so a token never has to be written to disk on a shared PC.
import type { Env } from './data-paths';

export const TOKEN_ENV = 'MEISAI_API_TOKEN';

export interface ResolvedToken {
  readonly token: string;
  readonly source: 'environment' | 'file';
}

export function envToken(env: Env): string | null {
  const v = env[TOKEN_ENV]?.trim();
  return v ? v : null;
}

export function resolveToken(settings: { readonly meisai: { readonly apiToken?: string | undefined } } | null, env: Env): ResolvedToken | null {
  const fromEnv = envToken(env);
  if (fromEnv !== null) return { token: fromEnv, source: 'environment' };
  const fromFile = settings?.meisai.apiToken?.trim();
  return fromFile ? { token: fromFile, source: 'file' } : null;
}
