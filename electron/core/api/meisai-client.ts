// The 楽楽明細 API client (got). Speaks exactly docs/rakuraku-meisai-api.md: token header on every
// call, multipart import POSTs, no-cache state polls. Never retries by itself (an import POST must
// never be sent twice without the clerk knowing; polling again is the runner's decision) and never
// throws for an API or network failure: every failure comes back as an ApiError value. Every
// request has an overall deadline and every answer a size cap, so no server can hold a run.
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

/** Every wait of a request, bounded; tests shorten them. */
export interface ClientTimeouts {
  /** DNS + TCP + TLS. Default 15 s. */
  readonly connectMs?: number;
  /** Silence: waiting for the answer's first byte after the request, or for its next byte. Default 30 s. */
  readonly responseMs?: number;
  /**
   * The whole of an import POST, from the first DNS lookup to the answer's last byte. Default 45 s,
   * plus the time the body needs at a slow office uplink (64 KiB/s: about 48 s more for 3 MB).
   */
  readonly postDeadlineMs?: number;
  /** The whole of any other call (state polls, the connection test, delete). Default 20 s. */
  readonly getDeadlineMs?: number;
}

export interface MeisaiClientOptions {
  /** Normalised base URL ending in `/<account>/` (https eco-serv.jp, or the loopback sandbox). */
  readonly baseUrl: string;
  readonly token: string;
  readonly logger: Logger;
  readonly timeouts?: ClientTimeouts;
  /** Answers longer than this are cut off unread (default 1 MiB: real answers are a few KB). */
  readonly maxAnswerBytes?: number;
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
export const DEFAULT_RESPONSE_TIMEOUT_MS = 30_000;
export const DEFAULT_POST_DEADLINE_MS = 45_000;
export const DEFAULT_GET_DEADLINE_MS = 20_000;
/** The slowest uplink a POST deadline allows for: the body's share of the deadline grows with its size. */
export const SLOWEST_UPLOAD_BYTES_PER_SECOND = 64 * 1024;
export const DEFAULT_MAX_ANSWER_BYTES = 1024 * 1024;
export const DEFAULT_USER_AGENT = 'meisai-connector';

/** CSV part content type: every public client sends Windows-31J (rakuraku-meisai-api.md). */
export const CSV_CONTENT_TYPE = 'text/csv; charset=Windows-31J';
export const JSON_CONTENT_TYPE = 'application/json; charset=UTF-8';

/** The overall deadline of an import POST with a body of `bytes`. */
export function postDeadlineMs(bytes: number, baseMs = DEFAULT_POST_DEADLINE_MS): number {
  return baseMs + Math.ceil((bytes / SLOWEST_UPLOAD_BYTES_PER_SECOND) * 1000);
}

/** An HTTP answer as far as it was read: at most the cap, `truncated` when there was more. */
interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
  readonly truncated: boolean;
}

export function createMeisaiClient(options: MeisaiClientOptions): MeisaiApi {
  const { baseUrl, token, logger } = options;
  const connectMs = options.timeouts?.connectMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const responseMs = options.timeouts?.responseMs ?? DEFAULT_RESPONSE_TIMEOUT_MS;
  const postBaseMs = options.timeouts?.postDeadlineMs ?? DEFAULT_POST_DEADLINE_MS;
  const getDeadline = options.timeouts?.getDeadlineMs ?? DEFAULT_GET_DEADLINE_MS;
  const maxAnswerBytes = options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
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

  /**
   * One request, streamed: the answer is counted as it arrives and cut off past the cap (a 2 GB
   * reply must not take 2 GB), and `deadlineMs` bounds everything from the lookup to the last byte
   * (a server that answers one byte every few seconds must not hold a run, and agent.lock, forever).
   */
  async function exchange(url: URL, init: { method: CallContext['method']; headers: Record<string, string>; body?: Buffer; signal?: AbortSignal; deadlineMs: number }): Promise<Answer> {
    const got = await send();
    return new Promise<Answer>((resolve, reject) => {
      const stream = got.stream(url, {
        method: init.method,
        headers: init.headers,
        ...(init.body ? { body: init.body } : {}),
        ...(init.signal ? { signal: init.signal } : {}),
        timeout: { request: init.deadlineMs },
      });
      // got's stream waits for a body on a DELETE (it may carry one); ours has none.
      if (!init.body && init.method !== 'GET') stream.end();
      const chunks: Buffer[] = [];
      let kept = 0;
      let status = 0;
      let headers: http.IncomingHttpHeaders = {};
      let settled = false;
      const cutOff = () => {
        settled = true;
        stream.destroy();
        resolve({ status, headers, body: Buffer.concat(chunks), truncated: true });
      };
      stream.on('response', (response: http.IncomingMessage) => {
        status = response.statusCode ?? 0;
        headers = response.headers;
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxAnswerBytes) cutOff();
      });
      stream.on('data', (chunk: Buffer) => {
        if (settled) return;
        const room = maxAnswerBytes - kept;
        if (chunk.byteLength > room) {
          chunks.push(chunk.subarray(0, room));
          kept += room;
          cutOff();
          return;
        }
        chunks.push(chunk);
        kept += chunk.byteLength;
      });
      stream.on('end', () => {
        if (settled) return;
        settled = true;
        resolve({ status, headers, body: Buffer.concat(chunks), truncated: false });
      });
      stream.on('error', (error: unknown) => {
        if (settled) return;
        settled = true;
        reject(error);
      });
    });
  }

  type Outcome = { ok: true; json: Record<string, unknown> } | { ok: false; error: ApiError };

  async function call(
    ctx: CallContext,
    extra: { headers?: Record<string, string>; body?: Buffer; searchParams?: Record<string, string> },
    signal: AbortSignal | undefined,
  ): Promise<Outcome> {
    const started = performance.now();
    const url = new URL(ctx.path, baseUrl);
    if (extra.searchParams) for (const [k, v] of Object.entries(extra.searchParams)) url.searchParams.set(k, v);
    const deadlineMs = extra.body ? postDeadlineMs(extra.body.byteLength, postBaseMs) : getDeadline;
    try {
      const answer = await exchange(url, {
        method: ctx.method,
        headers: { 'x-wb-apitoken': token, ...extra.headers },
        ...(extra.body ? { body: extra.body } : {}),
        ...(signal ? { signal } : {}),
        deadlineMs,
      });
      const outcome = withRetryAfter(cutOffAnswer(classifyAnswer({ status: answer.status, contentType: headerText(answer.headers['content-type']), body: answer.body }, ctx, redact), answer, ctx), answer);
      logger.info('楽楽明細 API', {
        method: ctx.method, path: ctx.path, status: answer.status,
        ms: Math.round(performance.now() - started), bytesSent: extra.body?.byteLength ?? 0,
        ...(answer.truncated ? { truncatedAt: answer.body.byteLength } : {}),
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

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * An answer cut off at the cap is never a success: its first bytes still tell maintenance (503, or
 * the HTML page) apart, everything else is an answer this client cannot read — for an import POST
 * the 要確認 case, since the server did answer.
 */
function cutOffAnswer(outcome: ReturnType<typeof classifyAnswer>, answer: Answer, ctx: CallContext): ReturnType<typeof classifyAnswer> {
  if (!answer.truncated) return outcome;
  if (!outcome.ok && (outcome.error.kind === 'maintenance' || outcome.error.kind === 'server' || outcome.error.kind === 'auth' || outcome.error.kind === 'not-found')) return outcome;
  return {
    ok: false,
    error: {
      kind: 'malformed',
      message: '楽楽明細からの応答が大きすぎるため、読み取りを途中でやめました。',
      detail: `${ctx.method} ${ctx.path} → HTTP ${answer.status}: answer longer than ${answer.body.byteLength} bytes, cut off`,
    },
  };
}

/** 楽楽明細's `Retry-After` (seconds or an HTTP date) travels with the error it came with. */
function withRetryAfter(outcome: ReturnType<typeof classifyAnswer>, answer: Answer): ReturnType<typeof classifyAnswer> {
  const retryAfter = headerText(answer.headers['retry-after'])?.trim();
  if (outcome.ok || retryAfter === undefined || retryAfter === '') return outcome;
  const e = outcome.error;
  if (e.kind === 'maintenance' || e.kind === 'rate-limited' || e.kind === 'server') return { ok: false, error: { ...e, retryAfter } };
  return outcome;
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
