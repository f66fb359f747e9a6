// Which TLS roots the 楽楽明細 client trusts, so that an office's TLS inspection certificate is
// accepted: the OS certificate store where the runtime can list it (Electron's Node, Node ≥ 22.15:
// `tls.getCACertificates('system')`), plus the PEM file NODE_EXTRA_CA_CERTS names — read here, from
// the environment the engine is given, rather than left to Node, because an explicit list of roots
// replaces Node's own (which is where Node would have put them).
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import type { Env } from '../settings/data-paths';

interface TlsLike {
  readonly getCACertificates?: (type?: string) => string[];
  readonly rootCertificates?: readonly string[];
}

/**
 * The OS's trusted roots plus Node's own, where the runtime can list them; null means "use the
 * runtime's default".
 */
export function systemCaCertificates(tlsModule: TlsLike = tls as TlsLike): string[] | null {
  const get = tlsModule.getCACertificates;
  if (typeof get !== 'function') return null;
  try {
    const system = get.call(tlsModule, 'system');
    if (!Array.isArray(system) || system.length === 0) return null;
    return [...new Set([...get.call(tlsModule, 'default'), ...system])];
  } catch {
    return null;
  }
}

export interface TrustedRoots {
  /** null: the runtime's defaults. */
  readonly ca: readonly string[] | null;
  /** Japanese, for the terminal: NODE_EXTRA_CA_CERTS was set but could not be used. */
  readonly warning: string | null;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export interface TrustedRootsDeps {
  readonly tlsModule?: TlsLike;
  readonly readText?: (path: string) => string;
}

/** The roots for the CLI: the OS store where listable, plus NODE_EXTRA_CA_CERTS as Node reads it. */
export function trustedRoots(env: Env, deps: TrustedRootsDeps = {}): TrustedRoots {
  const tlsModule = deps.tlsModule ?? (tls as TlsLike);
  const system = systemCaCertificates(tlsModule);
  const file = env.NODE_EXTRA_CA_CERTS?.trim();
  if (!file) return { ca: system, warning: null };
  let extra: string[];
  try {
    extra = (deps.readText ?? ((p) => readFileSync(p, 'utf8')))(file).match(PEM_CERTIFICATE) ?? [];
  } catch (e) {
    return { ca: system, warning: `NODE_EXTRA_CA_CERTS の証明書ファイルを読めませんでした（${file}）: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (extra.length === 0) return { ca: system, warning: `NODE_EXTRA_CA_CERTS のファイルにPEM形式の証明書がありません（${file}）。` };
  const base = system ?? [...(tlsModule.rootCertificates ?? [])];
  return { ca: [...new Set([...base, ...extra])], warning: null };
}
