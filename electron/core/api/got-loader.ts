// got, loaded when the first request needs it, and configured the one way this client uses it: no
// retries, no redirects, no thrown HTTP errors, every phase timed, fresh connections.
import type http from 'node:http';
import type https from 'node:https';
import type * as GotNamespace from 'got';
import type { Got } from 'got';

export type GotModule = typeof GotNamespace;

let gotModule: Promise<GotModule> | undefined;
/**
 * got (with Node's http, https and tls under it) is loaded at the first request, not at start: the
 * headless agent waits for hours between runs, and got is the largest thing it would otherwise hold
 * while idle (about 8 MB of its RSS, measured with bench/idle.ts).
 */
export const loadGot = (): Promise<GotModule> => (gotModule ??= import('got'));

export interface GotSettings {
  readonly connectMs: number;
  readonly responseMs: number;
  /** Proxy agents (hpagent) wired by the app; plain Node agents otherwise. */
  readonly agent?: { readonly http?: http.Agent; readonly https?: https.Agent };
  readonly userAgent: string;
}

/** The configured got, made once at the first call. */
export function createGotSender(settings: GotSettings): () => Promise<Got> {
  const { connectMs, responseMs } = settings;
  // Without agents from the app, fresh connections every time (keepAlive off). Node 20's global agent
  // keeps sockets alive, and a POST written onto a pooled socket the server has just closed fails
  // with ECONNRESET after writing: a false 要確認 for a file that never arrived. At ≤ 20 requests a
  // minute the extra handshake costs nothing. (The app's hpagent proxy agents should be created
  // with keepAlive: false for the same reason.)
  let sender: Promise<Got> | undefined;
  return () => (sender ??= Promise.all([loadGot(), import('node:http'), import('node:https')]).then(([{ default: got }, nodeHttp, nodeHttps]) => got.extend({
    // No automatic retry of anything: an import POST must never be sent twice without the clerk knowing.
    retry: { limit: 0 },
    throwHttpErrors: false,
    // A redirected API call lands on a login page: report it, do not follow it.
    followRedirect: false,
    timeout: {
      lookup: connectMs,
      connect: connectMs,
      secureConnect: connectMs,
      send: responseMs,
      response: responseMs,
      socket: responseMs,
    },
    agent: {
      http: settings.agent?.http ?? new nodeHttp.Agent({ keepAlive: false }),
      https: settings.agent?.https ?? new nodeHttps.Agent({ keepAlive: false }),
    },
    headers: { 'user-agent': settings.userAgent, accept: 'application/json' },
  })));
}
