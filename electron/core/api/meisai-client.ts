// The 楽楽明細 API client (got). Speaks exactly docs/rakuraku-meisai-api.md: token header on every
// call, multipart import POSTs, no-cache state polls. Never retries by itself (an import POST must
// never be sent twice without the clerk knowing; polling again is the runner's decision) and never
// throws for an API or network failure: every failure comes back as an ApiError value. Every
// request has an overall deadline and every answer a size cap, so no server can hold a run.
// This module is the endpoints; one call end to end is api-call.ts.
import type http from 'node:http';
import type https from 'node:https';
import { secretTextRedactor } from '../logging/log-redaction';
import type { Logger } from '../ports/logger';
import { createApiCall, type ApiCall } from './api-call';
import { createGotSender } from './got-loader';
import { customerImportFields, reportImportFields } from './import-fields';
import { buildMultipartBody } from './multipart-body';
import { requestDeadlines, type ClientTimeouts } from './request-deadlines';
import { interpretDelete, interpretImport, interpretLookup, interpretState, type CallContext, type Redact } from './response-classifier';
import type { ApiResult, CustomerImportRequest, ImportAccepted, MeisaiApi, ReportImportRequest } from './types';

export type { ClientTimeouts } from './request-deadlines';

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

export const DEFAULT_MAX_ANSWER_BYTES = 1024 * 1024;
export const DEFAULT_USER_AGENT = 'meisai-connector';

/** CSV part content type: every public client sends Windows-31J (rakuraku-meisai-api.md). */
export const CSV_CONTENT_TYPE = 'text/csv; charset=Windows-31J';
export const JSON_CONTENT_TYPE = 'application/json; charset=UTF-8';

export function createMeisaiClient(options: MeisaiClientOptions): MeisaiApi {
  const { logger } = options;
  const deadlines = requestDeadlines(options.timeouts);
  // The token is scrubbed from everything the server says (a server may echo it).
  const redact = secretTextRedactor([options.token]);
  const call = createApiCall({
    baseUrl: options.baseUrl,
    token: options.token,
    logger,
    deadlines,
    maxAnswerBytes: options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES,
    redact,
    got: createGotSender({
      connectMs: deadlines.connectMs,
      responseMs: deadlines.responseMs,
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
      ...(options.agent ? { agent: options.agent } : {}),
    }),
  });
  const postImport = importPoster(call, logger, redact);

  const getState = async (path: string, signal: AbortSignal | undefined) => {
    const ctx: CallContext = { method: 'GET', path };
    // no-cache: a proxy must never answer a poll with an old "active".
    const outcome = await call(ctx, { headers: { 'cache-control': 'no-cache' } }, signal);
    return outcome.ok ? interpretState(outcome.json, ctx, redact) : outcome;
  };

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

/** An import POST: the `json` part and the CSV as files[0], Windows-31J as every public client sends it. */
function importPoster(call: ApiCall, logger: Logger, redact: Redact) {
  return async (
    path: string,
    fields: Record<string, string | number>,
    request: { fileName: string; csv: Uint8Array },
    signal: AbortSignal | undefined,
  ): Promise<ApiResult<ImportAccepted>> => {
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
