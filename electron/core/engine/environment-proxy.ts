// The system proxy of a process without Chromium (the CLI, the headless agent on a server): the
// environment variables every command-line tool honours. https_proxy / HTTPS_PROXY names the proxy
// for https URLs (the 楽楽明細 API is always https); no_proxy / NO_PROXY lists hosts reached directly
// (`*`, a host or domain suffix — `example.jp` and `.example.jp` both cover `a.example.jp` — with an
// optional `:port`). Answered the way Chromium answers, so chooseProxy treats both faces alike.
import type { Env } from '../settings/data-paths';
import type { ResolveProxy } from './proxy';

function variable(env: Env, name: string): string | undefined {
  const v = (env[name.toLowerCase()] ?? env[name.toUpperCase()])?.trim();
  return v ? v : undefined;
}

function defaultPort(protocol: string): string {
  return protocol === 'http:' ? '80' : '443';
}

/** Does a NO_PROXY list exempt this URL? */
export function bypassesProxy(url: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = url.port || defaultPort(url.protocol);
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry);
    if (!m) continue;
    const name = m[1]!.replace(/^\[|\]$/g, '').replace(/^\*?\./, '');
    if (m[2] !== undefined && m[2] !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/** A ResolveProxy over the environment's proxy variables: "PROXY host:port", "HTTPS host:port" or "DIRECT". */
export function environmentProxy(env: Env): ResolveProxy {
  return async (target) => {
    const url = new URL(target);
    const proxy = url.protocol === 'http:' ? variable(env, 'http_proxy') : variable(env, 'https_proxy');
    if (proxy === undefined || bypassesProxy(url, variable(env, 'no_proxy'))) return 'DIRECT';
    // A bare host:port is an http proxy, as curl reads it.
    const parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`);
    const auth = parsed.username ? `${parsed.username}${parsed.password ? `:${parsed.password}` : ''}@` : '';
    // Node keeps an IPv6 hostname in brackets, as a proxy answer needs it.
    const hostPort = `${auth}${parsed.hostname}:${parsed.port || defaultPort(parsed.protocol)}`;
    if (parsed.protocol === 'https:') return `HTTPS ${hostPort}`;
    if (parsed.protocol === 'http:') return `PROXY ${hostPort}`;
    // socks5:// and friends: named, so that the choice says it is not supported rather than ignoring it.
    return `SOCKS ${parsed.hostname}:${parsed.port}`;
  };
}
