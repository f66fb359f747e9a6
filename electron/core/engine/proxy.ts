// How the agent reaches 楽楽明細 from an office network: the proxy URL the clerk set in Step 2 wins;
// otherwise the system's proxy as Chromium resolves it (PAC scripts, WPAD, per-user settings), given
// to us as Chromium's answer string ("PROXY host:port; DIRECT"). The choice is described in Japanese
// so that the connection test can say which way it went. The CLI has no Chromium: its system proxy
// is the environment's HTTPS_PROXY / NO_PROXY, answered in the same form (environment-proxy.ts).
import type http from 'node:http';
import https from 'node:https';
import { HttpProxyAgent, HttpsProxyAgent } from 'hpagent';

export type ProxyEntry =
  | { readonly type: 'direct' }
  | { readonly type: 'http' | 'https'; readonly host: string; readonly url: string }
  | { readonly type: 'socks'; readonly host: string };

/** Parses Chromium's proxy answer (`session.resolveProxy`): entries separated by `;`. */
export function parseProxyAnswer(answer: string): ProxyEntry[] {
  const entries: ProxyEntry[] = [];
  for (const part of answer.split(';')) {
    const [kind = '', host = ''] = part.trim().split(/\s+/);
    const k = kind.toUpperCase();
    if (k === 'DIRECT') entries.push({ type: 'direct' });
    else if ((k === 'PROXY' || k === 'HTTP') && host) entries.push({ type: 'http', host, url: `http://${host}` });
    else if (k === 'HTTPS' && host) entries.push({ type: 'https', host, url: `https://${host}` });
    else if (k.startsWith('SOCKS') && host) entries.push({ type: 'socks', host });
  }
  return entries;
}

export interface ProxyChoice {
  /** The proxy to use, or null for a direct connection. */
  readonly proxyUrl: string | null;
  /** Japanese, for the connection test result and the log (never holds a password). */
  readonly description: string;
  readonly source: 'settings' | 'system' | 'direct';
}

/** Strips user:password from a `host:port` as a proxy answer names it (`user:pw@host:port`). */
function redactProxyHost(host: string): string {
  const at = host.lastIndexOf('@');
  return at < 0 ? host : `***@${host.slice(at + 1)}`;
}

/** Strips user:password from a proxy URL before it is shown or logged. */
export function redactProxyUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = '***';
      u.password = '';
    }
    return u.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i;

export type ResolveProxy = (url: string) => Promise<string>;

export async function chooseProxy(targetUrl: string, settingsProxyUrl: string | null, resolveProxy: ResolveProxy | null): Promise<ProxyChoice> {
  let host = '';
  try {
    host = new URL(targetUrl).hostname;
  } catch {
    // an invalid URL fails later with its own message; choose direct here
  }
  if (LOOPBACK.test(host)) return { proxyUrl: null, description: 'プロキシなし（このPC内のサンドボックスに直接接続）', source: 'direct' };
  if (settingsProxyUrl !== null) {
    return { proxyUrl: settingsProxyUrl, description: `設定のプロキシ（${redactProxyUrl(settingsProxyUrl)}）`, source: 'settings' };
  }
  if (resolveProxy === null) return { proxyUrl: null, description: 'プロキシなし（直接接続）', source: 'direct' };
  let answer: string;
  try {
    answer = await resolveProxy(targetUrl);
  } catch {
    return { proxyUrl: null, description: 'プロキシなし（直接接続。システムのプロキシ設定を読めませんでした）', source: 'direct' };
  }
  const entries = parseProxyAnswer(answer);
  const usable = entries.find((e) => e.type !== 'socks');
  const socksSkipped = entries.some((e, i) => e.type === 'socks' && (usable === undefined || i < entries.indexOf(usable)));
  const note = socksSkipped ? '。SOCKSプロキシには対応していないため使っていません' : '';
  if (usable === undefined || usable.type === 'direct') {
    return { proxyUrl: null, description: `プロキシなし（システムの設定どおり直接接続${note}）`, source: 'direct' };
  }
  return { proxyUrl: usable.url, description: `システムのプロキシ（${redactProxyHost(usable.host)}${note}）`, source: 'system' };
}

export interface HttpAgents {
  readonly http?: http.Agent;
  readonly https?: https.Agent;
}

/** got agents for a choice: hpagent through a proxy, or a plain agent that trusts `ca`. */
export function agentsFor(choice: ProxyChoice, ca: readonly string[] | null): HttpAgents | undefined {
  const tlsOptions = ca === null ? {} : { ca: [...ca] };
  // keepAlive off: an import POST written onto a pooled socket the server has just closed fails
  // with ECONNRESET after the body went out — indistinguishable from "may have arrived", so a file
  // would be held as 要確認 for nothing. At 20 requests a minute a fresh handshake costs nothing.
  if (choice.proxyUrl === null) return ca === null ? undefined : { https: new https.Agent({ keepAlive: false, ...tlsOptions }) };
  const common = { keepAlive: false, proxy: choice.proxyUrl, ...(ca === null ? {} : { proxyRequestOptions: { ca: [...ca] } }) };
  return {
    http: new HttpProxyAgent(common),
    https: new HttpsProxyAgent({ ...common, ...tlsOptions }),
  };
}
