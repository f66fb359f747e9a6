// The 楽楽明細 API client (got). Speaks exactly docs/rakuraku-meisai-api.md: token header on every
// call, multipart import POSTs, no-cache state polls. Never retries by itself (an import POST must
// never be sent twice without the clerk knowing; polling again is the runner's decision) and never
// throws for an API or network failure: every failure comes back as an ApiError value.
import type http from 'node:http';
import type https from 'node:https';
import type * as GotNamespace from 'got';
import type { Got } from 'got';
import { secretTextRedactor } from '../logging/log-redaction';
import type { Logger } from '../ports/logger';
import { customerImportFields, reportImportFields } from './import-fields';
import { buildMultipartBody } from './multipart-body';
import {
  classifyAnswer, classifyTransportFailure, interpretDelete, interpretImport, interpretLookup, interpretState,
  type CallContext,
} from './response-classifier';
import type { ApiError, ApiResult, CustomerImportRequest, ImportAccepted, MeisaiApi, ReportImportRequest } from './types';

export interface MeisaiClientOptions {
  /** Normalised base URL ending in `/<account>/` (https eco-serv.jp, or the loopback sandbox). */
  readonly baseUrl: string;
  readonly token: string;
  readonly logger: Logger;
  readonly timeouts?: {
    /** DNS + TCP + TLS. Default 15 s. */
    readonly connectMs?: number;
    /** Writing the request, then waiting for the answer headers, and any silence while reading it. Default 120 s. */
    readonly responseMs?: number;
  };
  /** Proxy agents (hpagent) wired by the app; plain Node agents otherwise. */
  readonly agent?: { readonly http?: http.Agent; readonly https?: https.Agent };
  readonly userAgent?: string;
}

type GotModule = typeof GotNamespace;
let gotModule: Promise<GotModule> | undefined;
/**
 * got (with Node's http, https and tls under it) is loaded at the first request, not at start: the
 * headless agent waits for hours between runs, and got is the largest thing it would otherwise hold
 * while idle (about 8 MB of its RSS, measured with bench/idle.ts).
 */
const loadGot = (): Promise<GotModule> => (gotModule ??= import('got'));

export const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;
export const DEFAULT_RESPONSE_TIMEOUT_MS = 120_000;
export const DEFAULT_USER_AGENT = 'meisai-connector';

/** CSV part content type: every public client sends Windows-31J (rakuraku-meisai-api.md). */
export const CSV_CONTENT_TYPE = 'text/csv; charset=Windows-31J';
export const JSON_CONTENT_TYPE = 'application/json; charset=UTF-8';

export function createMeisaiClient(options: MeisaiClientOptions): MeisaiApi {
  const { baseUrl, token, logger } = options;
  const connectMs = options.timeouts?.connectMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const responseMs = options.timeouts?.responseMs ?? DEFAULT_RESPONSE_TIMEOUT_MS;
  // Everything the server says passes this before it can be stored or shown: a server may echo the token.
  const redact = secretTextRedactor([token]);

  // Without agents from the app, fresh connections every time (keepAlive off). Node 20's global agent
  // keeps sockets alive, and a POST written onto a pooled socket the server has just closed fails
  // with ECONNRESET after writing: a false 要確認 for a file that never arrived. At ≤ 20 requests a
  // minute the extra handshake costs nothing. (The app's hpagent proxy agents should be created
  // with keepAlive: false for the same reason.)
  let sender: Promise<Got> | undefined;
  const send = (): Promise<Got> => (sender ??= Promise.all([loadGot(), import('node:http'), import('node:https')]).then(([{ default: got }, nodeHttp, nodeHttps]) => got.extend({
    // No automatic retry of anything: see the module comment.
    retry: { limit: 0 },
    throwHttpErrors: false,
    // A redirected API call lands on a login page: report it, do not follow it.
    followRedirect: false,
    responseType: 'buffer',
    timeout: {
      lookup: connectMs,
      connect: connectMs,
      secureConnect: connectMs,
      send: responseMs,
      response: responseMs,
      socket: responseMs,
    },
    agent: {
      http: options.agent?.http ?? new nodeHttp.Agent({ keepAlive: false }),
      https: options.agent?.https ?? new nodeHttps.Agent({ keepAlive: false }),
    },
    headers: { 'user-agent': options.userAgent ?? DEFAULT_USER_AGENT, accept: 'application/json' },
  })));

  type Outcome = { ok: true; json: Record<string, unknown> } | { ok: false; error: ApiError };

  async function call(
    ctx: CallContext,
    extra: { headers?: Record<string, string>; body?: Buffer; searchParams?: Record<string, string> },
    signal: AbortSignal | undefined,
  ): Promise<Outcome> {
    const started = performance.now();
    const url = new URL(ctx.path, baseUrl);
    if (extra.searchParams) for (const [k, v] of Object.entries(extra.searchParams)) url.searchParams.set(k, v);
    try {
      const response = await (await send())(url, {
        method: ctx.method,
        headers: { 'x-wb-apitoken': token, ...extra.headers },
        ...(extra.body ? { body: extra.body } : {}),
        ...(signal ? { signal } : {}),
      });
      const contentType = response.headers['content-type'];
      const outcome = classifyAnswer({ status: response.statusCode, contentType, body: response.rawBody }, ctx, redact);
      logger.info('楽楽明細 API', {
        method: ctx.method, path: ctx.path, status: response.statusCode,
        ms: Math.round(performance.now() - started), bytesSent: extra.body?.byteLength ?? 0,
        ...(outcome.ok ? {} : { kind: outcome.error.kind }),
      });
      return outcome.ok ? outcome : { ok: false, error: scrub(outcome.error) };
    } catch (thrown) {
      // got's errors carry the request options, headers (the token!) included: read only plain facts.
      // (got itself failing to load lands here too, and is reported like any other failure.)
      const error = scrub(classifyTransportFailure(transportFacts(thrown, await loadGot().catch(() => null)), ctx));
      logger.warn('楽楽明細 API 通信失敗', { method: ctx.method, path: ctx.path, kind: error.kind, detail: error.detail, ms: Math.round(performance.now() - started) });
      return { ok: false, error };
    }
  }

  function scrub(error: ApiError): ApiError {
    return { ...error, message: redact(error.message), detail: redact(error.detail) };
  }

  async function postImport(
    path: string,
    fields: Record<string, string | number>,
    request: { fileName: string; csv: Uint8Array },
    signal: AbortSignal | undefined,
  ): Promise<ApiResult<ImportAccepted>> {
    const multipart = buildMultipartBody([
      { name: 'json', contentType: JSON_CONTENT_TYPE, body: Buffer.from(JSON.stringify(fields), 'utf8') },
      { name: 'files[0]', contentType: CSV_CONTENT_TYPE, fileName: request.fileName, body: request.csv },
    ]);
    const ctx: CallContext = { method: 'POST', path };
    const outcome = await call(ctx, { headers: { 'content-type': multipart.contentType }, body: multipart.body }, signal);
    if (!outcome.ok) return outcome;
    const result = interpretImport(outcome.json, ctx, redact);
    if (result.ok) logger.info('楽楽明細 取込受付', { path, importId: result.value.importId, fileName: request.fileName });
    return result;
  }

  async function getState(path: string, signal: AbortSignal | undefined) {
    const ctx: CallContext = { method: 'GET', path };
    // no-cache: a proxy must never answer a poll with an old "active".
    const outcome = await call(ctx, { headers: { 'cache-control': 'no-cache' } }, signal);
    return outcome.ok ? interpretState(outcome.json, ctx, redact) : outcome;
  }

  return {
    importCustomers(request: CustomerImportRequest, signal?: AbortSignal) {
      return postImport('api/v1/customers/imports', customerImportFields(request), request, signal);
    },
    importReports(request: ReportImportRequest, signal?: AbortSignal) {
      return postImport('api/v1/reports/imports', reportImportFields(request), request, signal);
    },
    async customerImportState(importId: number, signal?: AbortSignal) {
      return validId(importId) ? getState(`api/v1/customers/imports/${idSegment(importId)}/state`, signal) : invalidId(importId);
    },
    async reportImportState(importId: number, signal?: AbortSignal) {
      return validId(importId) ? getState(`api/v1/reports/imports/${idSegment(importId)}/state`, signal) : invalidId(importId);
    },
    async deleteReportImport(importId: number, signal?: AbortSignal) {
      const ctx: CallContext = { method: 'DELETE', path: `api/v1/reports/imports/${idSegment(importId)}` };
      const outcome = await call(ctx, {}, signal);
      return outcome.ok ? interpretDelete(outcome.json, ctx) : outcome;
    },
    async lookupCustomers(keyword: string, signal?: AbortSignal) {
      const ctx: CallContext = { method: 'GET', path: 'api/v1/customers/' };
      const outcome = await call(ctx, { searchParams: { keyword }, headers: { 'cache-control': 'no-cache' } }, signal);
      return outcome.ok ? interpretLookup(outcome.json) : outcome;
    },
  };
}

const validId = (importId: number): boolean => Number.isSafeInteger(importId) && importId > 0;

/**
 * An id no answer can have given (the answers are checked since; an older history may still hold
 * one): an error value the poller gives up on, never a throw that would stop every later run.
 */
function invalidId(importId: number): ApiResult<never> {
  const message = `記録されている取込ID（${importId}）が正しくないため、取込状況を確認できません。楽楽明細の取込履歴で確認してください。`;
  return { ok: false, error: { kind: 'rejected', status: 0, problems: [{ message }], message, detail: `invalid importId ${importId}` } };
}

function idSegment(importId: number): string {
  // The id goes into the path: refuse anything that is not a plain integer rather than build a URL from it.
  if (!Number.isSafeInteger(importId) || importId < 0) throw new RangeError(`importId must be a non-negative integer: ${importId}`);
  return String(importId);
}

function transportFacts(thrown: unknown, gotErrors: Pick<GotModule, 'RequestError' | 'TimeoutError'> | null): Parameters<typeof classifyTransportFailure>[0] {
  if (gotErrors !== null && thrown instanceof gotErrors.RequestError) {
    const timings = thrown.timings ?? thrown.request?.timings;
    return {
      name: thrown.name,
      code: thrown.code,
      message: thrown.message,
      timeoutEvent: thrown instanceof gotErrors.TimeoutError ? thrown.event : undefined,
      connected: timings?.connect !== undefined,
      requestWritten: timings?.upload !== undefined,
    };
  }
  const e = thrown as { name?: unknown; code?: unknown; message?: unknown } | null;
  return {
    name: typeof e?.name === 'string' ? e.name : 'Error',
    code: typeof e?.code === 'string' ? e.code : undefined,
    message: typeof e?.message === 'string' ? e.message : String(thrown),
    timeoutEvent: undefined,
    // Unknown failure: assume the worst (may have been sent).
    connected: true,
    requestWritten: true,
  };
}
