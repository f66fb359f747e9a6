// One call to the 楽楽明細 API, end to end: the token header, the call's deadline, the capped answer
// read into a verdict, one log line, and every failure — an answer that says no, or none at all — as
// an ApiError value with anything the server echoed of the token scrubbed out.
import type { Got } from 'got';
import type { Logger } from '../ports/logger';
import { readAnswer } from './answer-reading';
import { cappedExchange } from './capped-exchange';
import { loadGot } from './got-loader';
import type { RequestDeadlines } from './request-deadlines';
import { classifyTransportFailure, type CallContext, type Redact } from './response-classifier';
import { transportFacts } from './transport-facts';
import type { ApiError } from './types';

export type CallOutcome = { ok: true; json: Record<string, unknown> } | { ok: false; error: ApiError };

export interface CallExtra {
  readonly headers?: Record<string, string>;
  readonly body?: Buffer;
  readonly searchParams?: Record<string, string>;
}

export type ApiCall = (ctx: CallContext, extra: CallExtra, signal: AbortSignal | undefined) => Promise<CallOutcome>;

export interface ApiCallDeps {
  /** Normalised base URL ending in `/<account>/`. */
  readonly baseUrl: string;
  readonly token: string;
  readonly logger: Logger;
  readonly deadlines: RequestDeadlines;
  readonly maxAnswerBytes: number;
  readonly got: () => Promise<Got>;
  /** Everything the server says passes this before it can be stored or shown: a server may echo the token. */
  readonly redact: Redact;
}

export function createApiCall(deps: ApiCallDeps): ApiCall {
  const { logger, redact } = deps;
  const scrub = (error: ApiError): ApiError => ({ ...error, message: redact(error.message), detail: redact(error.detail) });

  return async (ctx, extra, signal) => {
    const started = performance.now();
    const url = new URL(ctx.path, deps.baseUrl);
    if (extra.searchParams) for (const [k, v] of Object.entries(extra.searchParams)) url.searchParams.set(k, v);
    try {
      const answer = await cappedExchange(await deps.got(), url, {
        method: ctx.method,
        headers: { 'x-wb-apitoken': deps.token, ...extra.headers },
        ...(extra.body ? { body: extra.body } : {}),
        ...(signal ? { signal } : {}),
        deadlineMs: deps.deadlines.overallMs(extra.body),
        maxAnswerBytes: deps.maxAnswerBytes,
      });
      const outcome = readAnswer(answer, ctx, redact);
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
  };
}
