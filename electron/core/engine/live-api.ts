// The 楽楽明細 client as the runner sees it, in the tray app and the CLI alike: one MeisaiApi whose
// every call uses the URL, token and proxy in force at that moment (through the proxy chosen for
// it, trusting the roots given). The clerk can change any of them in the window while the agent
// runs; the runner is built once and never has to know. Each account (base URL) keeps one request
// budget (20 a minute) however often the client is rebuilt.
import type { Result } from '../../../shared/result';
import { createMeisaiClient, type ClientTimeouts } from '../api/meisai-client';
import { createRequestBudgets, DEFAULT_REQUESTS_PER_MINUTE, withRequestBudget } from '../api/request-budget';
import type { ApiError, ApiResult, MeisaiApi } from '../api/types';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import { agentsFor, chooseProxy, type ProxyChoice, type ResolveProxy } from './proxy';

export interface Connection {
  readonly baseUrl: string;
  readonly token: string;
  readonly proxyUrl: string | null;
}

/** How the agent reaches 楽楽明細: the same for the tray app and the CLI, each filling it its own way. */
export interface ClientNetwork {
  /** The system proxy: Chromium's answer in the tray app, HTTPS_PROXY / NO_PROXY for the CLI; null: direct. */
  readonly resolveProxy: ResolveProxy | null;
  /** Trusted TLS roots (OS store plus the runtime's, trusted-certificates.ts); null: the runtime's defaults. */
  readonly ca: readonly string[] | null;
  /** 楽楽明細 allows 20 a minute per account (default). null: no budget (tests against the sandbox). */
  readonly requestsPerMinute?: number | null;
  readonly timeouts?: ClientTimeouts;
  /** Answers longer than this are cut off (default 1 MiB). */
  readonly maxAnswerBytes?: number;
}

export interface ClientFactoryOptions extends ClientNetwork {
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface ClientFactory {
  /** A client for `baseUrl` with `token`, through the proxy chosen for it, and that choice described. */
  connect(baseUrl: string, token: string, settingsProxyUrl: string | null): Promise<{ api: MeisaiApi; proxy: ProxyChoice }>;
}

export function createClientFactory(options: ClientFactoryOptions): ClientFactory {
  const perMinute = options.requestsPerMinute === undefined ? DEFAULT_REQUESTS_PER_MINUTE : options.requestsPerMinute;
  const budgets = perMinute === null ? null : createRequestBudgets({ clock: options.clock, perMinute });
  return {
    async connect(baseUrl, token, settingsProxyUrl) {
      const proxy = await chooseProxy(baseUrl, settingsProxyUrl, options.resolveProxy);
      const agent = agentsFor(proxy, options.ca);
      const client = createMeisaiClient({
        baseUrl,
        token,
        logger: options.logger,
        ...(agent ? { agent } : {}),
        ...(options.timeouts ? { timeouts: options.timeouts } : {}),
        ...(options.maxAnswerBytes !== undefined ? { maxAnswerBytes: options.maxAnswerBytes } : {}),
      });
      return { api: budgets === null ? client : withRequestBudget(client, budgets.forBaseUrl(baseUrl)), proxy };
    },
  };
}

export interface LiveApiOptions {
  readonly factory: ClientFactory;
  /** The connection in force now, or an error value saying what is missing (no token, undecryptable…). */
  readonly connection: () => Promise<Result<Connection>>;
  readonly logger: Logger;
}

export interface LiveApi extends MeisaiApi {
  /** Drops the cached client (settings or token changed). */
  invalidate(): void;
}

export function createLiveApi(options: LiveApiOptions): LiveApi {
  let cached: { key: string; api: MeisaiApi } | null = null;

  async function current(): Promise<ApiResult<MeisaiApi>> {
    const c = await options.connection();
    if (!c.ok) {
      // No usable token: nothing can be sent, and nothing was — report it like a refused login.
      const error: ApiError = { kind: 'auth', status: 0, message: c.error.message, detail: `no connection: ${c.error.code}` };
      return { ok: false, error };
    }
    const key = JSON.stringify([c.value.baseUrl, c.value.token, c.value.proxyUrl]);
    if (cached?.key !== key) {
      const { api, proxy } = await options.factory.connect(c.value.baseUrl, c.value.token, c.value.proxyUrl);
      options.logger.info('api client ready', { baseUrl: c.value.baseUrl, proxy: proxy.description });
      cached = { key, api };
    }
    return { ok: true, value: cached.api };
  }

  const via =
    <A extends unknown[], T>(call: (api: MeisaiApi, ...args: A) => Promise<ApiResult<T>>) =>
    async (...args: A): Promise<ApiResult<T>> => {
      const api = await current();
      return api.ok ? call(api.value, ...args) : api;
    };

  return {
    invalidate: () => {
      cached = null;
    },
    importCustomers: via((api, request, signal) => api.importCustomers(request, signal)),
    importReports: via((api, request, signal) => api.importReports(request, signal)),
    customerImportState: via((api, importId, signal) => api.customerImportState(importId, signal)),
    reportImportState: via((api, importId, signal) => api.reportImportState(importId, signal)),
    deleteReportImport: via((api, importId, signal) => api.deleteReportImport(importId, signal)),
    lookupCustomers: via((api, keyword, signal) => api.lookupCustomers(keyword, signal)),
  };
}
