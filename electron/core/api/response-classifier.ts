// Turns what came back from 楽楽明細 (an HTTP answer, or a transport failure) into the ApiError union.
// Pure functions over plain facts, so every branch is tested without a network; meisai-client.ts only
// gathers the facts. Rules follow docs/rakuraku-meisai-api.md “Failure behaviour”. Answers are
// untrusted: JSON bodies are read through the schemas of answer-schemas.ts (anything else is an
// unknown outcome, never a crash), and every text that came from the server passes `redact` before
// it can reach the history, a note or the terminal (a server may echo the token back).
import type { FileProblem } from '../../../shared/run';
import { importAcceptedSchema, importStateSchema, parseErrors, type ApiErrorItem } from './answer-schemas';
import type { ApiError, ApiResult, CustomerLookup, ImportAccepted, ImportState } from './types';

/** Masks secrets in a text that came from the server (log-redaction.ts's text redactor with the token). */
export type Redact = (text: string) => string;
const keep: Redact = (text) => text;

export interface CallContext {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Path relative to the base URL, e.g. `api/v1/customers/imports` (never holds the token). */
  readonly path: string;
}

export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: Uint8Array;
}

type JsonObject = Record<string, unknown>;
export type JsonOutcome = { readonly ok: true; readonly json: JsonObject } | { readonly ok: false; readonly error: ApiError };

const SNIPPET_CHARS = 300;

function bodyText(body: Uint8Array): string {
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS)}…` : flat;
}

function describe(ctx: CallContext, status: number, text: string, redact: Redact): string {
  return `${ctx.method} ${ctx.path} → HTTP ${status}: ${redact(snippet(text))}`;
}

/** 楽楽精算's maintenance page starts with this line even with HTTP 200 (rakuraku-meisai-api.md). */
function looksLikeMaintenancePage(text: string, contentType: string | undefined): boolean {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (/^Status:\s*503/i.test(head)) return true;
  if (contentType !== undefined && /text\/html/i.test(contentType)) return true;
  return /^<(!doctype|html|head|body)/i.test(head);
}

function parseJsonObject(text: string): JsonObject | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : null;
  } catch {
    return null;
  }
}

/** Said when an errors list is there but not shaped as the API page documents it. */
const UNREADABLE_ERRORS = '楽楽明細がエラーを返しましたが、内容は想定外の形式のため読み取れませんでした。楽楽明細の取込履歴で確認してください。';

/**
 * The API's `errors` list as problems for the clerk, or null when it is not a list shaped as
 * documented. Messages are kept as 楽楽明細 wrote them (secrets masked); `description[].name` is the
 * field or CSV column, `value` the offending value. The line number is read from a leading 「N行目」
 * in the message — [assumed]: the sandbox writes it that way, the real wording is not public.
 */
export function problemsFromErrors(raw: unknown, redact: Redact = keep): FileProblem[] | null {
  const parsed = parseErrors(raw);
  if (!parsed.ok) return null;
  return problemsOf(parsed.items, redact);
}

function problemsOf(errors: readonly ApiErrorItem[], redact: Redact): FileProblem[] {
  const problems: FileProblem[] = [];
  for (const error of errors) {
    const topMsg = error.msg ?? error.message ?? '';
    const descriptions = error.description ?? [];
    if (descriptions.length === 0) {
      problems.push(problem(topMsg || '楽楽明細がエラーを返しました（内容の記載なし）', error.code, undefined, undefined, redact));
      continue;
    }
    for (const d of descriptions) problems.push(problem(d.msg ?? topMsg, d.code ?? error.code, d.name, d.value, redact));
  }
  return problems;
}

function problem(msg: string, code: string | undefined, name: string | undefined, value: string | undefined, redact: Redact): FileProblem {
  const lineMatch = /^(\d+)\s*行目/.exec(msg);
  const withValue = value !== undefined && value !== '' && !msg.includes(value) ? `${msg}（値: ${value}）` : msg;
  return {
    message: redact(withValue),
    ...(lineMatch?.[1] !== undefined ? { line: Number(lineMatch[1]) } : {}),
    ...(name !== undefined && name !== '' ? { column: redact(name) } : {}),
    ...(code !== undefined && code !== '' ? { code: redact(code) } : {}),
  };
}

/** An errors list that talks about the token means a wrong token, whatever the HTTP status. */
function isAboutToken(errors: unknown): boolean {
  const text = JSON.stringify(errors ?? null);
  return /apitoken|api\s*token|トークン|認証/i.test(text);
}

function rejected(status: number, problems: FileProblem[], detail: string): ApiError {
  const first = problems[0]?.message ?? '理由は返されませんでした';
  const more = problems.length > 1 ? `（ほか${problems.length - 1}件）` : '';
  return { kind: 'rejected', status, problems, message: `楽楽明細が受け付けませんでした: ${first}${more}`, detail };
}

function authError(status: number, detail: string): ApiError {
  const message = status === 403
    ? '楽楽明細が接続を拒否しました（HTTP 403）。APIトークンと、IPアドレス制限でこのPCのインターネット側アドレスが許可されているかを確認してください。'
    : `APIトークンが正しくありません（HTTP ${status}）。楽楽明細のAPI設定画面で発行したトークンを設定し直してください。`;
  return { kind: 'auth', status, message, detail };
}

/**
 * First step for every answer: HTTP status and body shape. Returns the JSON object only for a 2xx
 * whose body is JSON and not `status: "error"`; everything else becomes an ApiError.
 */
export function classifyAnswer(answer: HttpAnswer, ctx: CallContext, redact: Redact = keep): JsonOutcome {
  const { status } = answer;
  const text = bodyText(answer.body);
  const detail = describe(ctx, status, text, redact);
  const json = parseJsonObject(text);
  const errors = json?.errors;
  const listed = problemsFromErrors(errors, redact);
  const fail = (error: ApiError): JsonOutcome => ({ ok: false, error });

  if (status === 503) {
    return fail({ kind: 'maintenance', message: '楽楽明細はメンテナンス中です（HTTP 503）。メンテナンス終了後に送信します。', detail });
  }
  if (status === 429) {
    return fail({ kind: 'rate-limited', message: '楽楽明細への要求が多すぎるため、一時的に受け付けられませんでした（HTTP 429）。少し待ってから送信します。', detail });
  }
  if (status === 401 || status === 403) return fail(authError(status, detail));
  if (status === 404) {
    return fail({ kind: 'not-found', status, message: '楽楽明細のURLが見つかりません（HTTP 404）。設定の「楽楽明細」URL（アカウント名まで）を確認してください。', detail });
  }
  if (status >= 300 && status < 400) {
    // Redirects are not followed: an API call that is redirected lands on a login or top page,
    // which means the URL (account) is wrong, not that the call succeeded.
    return fail({ kind: 'not-found', status, message: `楽楽明細のURLが正しくない可能性があります（HTTP ${status} 転送）。設定の「楽楽明細」URLを確認してください。`, detail });
  }
  if (status >= 500) {
    // The API's own JSON error answer without an importId: the service itself refused to accept it.
    const apiAnswer = json !== null && (json.status === 'error' || (Array.isArray(errors) && errors.length > 0)) && json.importId == null;
    return fail({ kind: 'server', status, apiAnswer, message: `楽楽明細でエラーが発生しました（HTTP ${status}）。時間をおいて再度お試しください。`, detail });
  }
  if (status >= 400) {
    if (listed !== null && listed.length > 0 && isAboutToken(errors)) return fail(authError(status, detail));
    // The HTTP status says refused, whatever shape the body has.
    const problems = listed !== null && listed.length > 0
      ? listed
      : [{ message: `楽楽明細が要求を受け付けませんでした（HTTP ${status}）` }];
    return fail(rejected(status, problems, detail));
  }
  if (status < 200) {
    return fail({ kind: 'malformed', message: `楽楽明細から想定外の応答がありました（HTTP ${status}）。`, detail });
  }
  // 2xx from here: only a JSON object counts; a 200 that is not JSON is never a success.
  if (json === null) {
    if (looksLikeMaintenancePage(text, answer.contentType)) {
      return fail({ kind: 'maintenance', message: '楽楽明細はメンテナンス中です。メンテナンス終了後に送信します。', detail });
    }
    return fail({ kind: 'malformed', message: '楽楽明細から想定外の応答がありました（JSONではありません）。', detail });
  }
  if (json.status === 'error' && !('processStatus' in json)) {
    if (isAboutToken(errors)) return fail(authError(status, detail));
    // `status: "error"` without an import id: 楽楽明細 itself said it did not take the file, even when
    // its list of reasons cannot be read.
    const problems = listed === null ? [{ message: UNREADABLE_ERRORS }] : listed.length > 0 ? listed : [{ message: '楽楽明細がエラーを返しました（内容の記載なし）' }];
    return fail(rejected(status, problems, detail));
  }
  return { ok: true, json };
}

function malformed(ctx: CallContext, what: string, json: JsonObject, redact: Redact): ApiError {
  return {
    kind: 'malformed',
    message: redact(`楽楽明細から想定外の応答がありました（${what}）。`),
    detail: `${ctx.method} ${ctx.path} → ${redact(snippet(JSON.stringify(json)))}`,
  };
}

/** A value from the answer, short enough to name in a message. */
function shown(value: unknown): string {
  const text = value === undefined ? 'なし' : typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * The import POST's answer: an import id the state call can be asked about, or an unknown outcome
 * (malformed). A document whose answer is unknown becomes 要確認, never resent on a guess.
 */
export function interpretImport(json: JsonObject, ctx: CallContext, redact: Redact = keep): ApiResult<ImportAccepted> {
  const parsed = importAcceptedSchema.safeParse(json);
  if (parsed.success) return { ok: true, value: { importId: parsed.data.importId } };
  const what = json.status === 'success' ? `取込IDが正しくありません: importId ${shown(json.importId)}` : `status: ${shown(json.status)}`;
  return { ok: false, error: malformed(ctx, what, json, redact) };
}

export function interpretState(json: JsonObject, ctx: CallContext, redact: Redact = keep): ApiResult<ImportState> {
  const parsed = importStateSchema.safeParse(json);
  if (!parsed.success) return { ok: false, error: malformed(ctx, `processStatus: ${shown(json.processStatus)}`, json, redact) };
  const processStatus = parsed.data.processStatus;
  if (processStatus === 'active') return { ok: true, value: { processStatus: 'active' } };
  if (processStatus === 'complete') return { ok: true, value: { processStatus: 'complete' } };
  // "any other value means the import failed" (rakuraku-meisai-api.md). The status decides; a list
  // of reasons that cannot be read does not make a failed import less failed.
  const listed = problemsFromErrors(json.errors, redact);
  const raw = redact(processStatus);
  const problems = listed === null
    ? [{ message: `楽楽明細での取込が失敗しました（processStatus: ${raw}）。${UNREADABLE_ERRORS}` }]
    : listed.length > 0 ? listed : [{ message: `楽楽明細での取込が失敗しました（processStatus: ${raw}）` }];
  return { ok: true, value: { processStatus: 'failed', raw, problems } };
}

export function interpretDelete(json: JsonObject, ctx: CallContext): ApiResult<null> {
  if (json.status !== undefined && json.status !== 'success') return { ok: false, error: malformed(ctx, `status: ${shown(json.status)}`, json, keep) };
  return { ok: true, value: null };
}

function count(value: unknown): number | null {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  return null;
}

/** The lookup's body shape is [assumed]; the count is read from `count`/`totalCount` or the list's length. */
export function interpretLookup(json: JsonObject): ApiResult<CustomerLookup> {
  for (const key of ['count', 'totalCount', 'total']) {
    const n = count(json[key]);
    if (n !== null) return { ok: true, value: { count: n } };
  }
  for (const key of ['customers', 'data', 'list', 'items']) {
    const list = json[key];
    if (Array.isArray(list)) return { ok: true, value: { count: list.length } };
  }
  return { ok: true, value: { count: null } };
}

/** The facts about a request that failed without an HTTP answer. */
export interface TransportFailure {
  readonly name: string;
  readonly code: string | undefined;
  readonly message: string;
  /** For got's TimeoutError: which phase timed out (lookup, connect, secureConnect, send, response…). */
  readonly timeoutEvent: string | undefined;
  /** A TCP connection to the server (or the proxy) was established. */
  readonly connected: boolean;
  /** The whole request (headers and body) was written to the socket. */
  readonly requestWritten: boolean;
}

/** Codes that only arise while resolving or connecting: nothing of the request left this PC. */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL']);
const PRE_REQUEST_TIMEOUTS = new Set(['lookup', 'connect', 'secureConnect']);
const TLS_CODE = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_CERT_ALTNAME_INVALID|ERR_SSL_)/;

export function classifyTransportFailure(failure: TransportFailure, ctx: CallContext): ApiError {
  const detail = `${ctx.method} ${ctx.path} → ${failure.name}${failure.code ? ` ${failure.code}` : ''}${failure.timeoutEvent ? ` (${failure.timeoutEvent})` : ''}: ${failure.message}`;
  const unreachable = (message: string): ApiError => ({ kind: 'unreachable', message: `${message}データは送信されていません。`, detail });
  if (!failure.requestWritten) {
    if (failure.code !== undefined && NEVER_CONNECTED.has(failure.code)) {
      const why = failure.code === 'ECONNREFUSED' ? '接続を拒否されました'
        : failure.code.startsWith('EAI_') || failure.code === 'ENOTFOUND' ? 'ホスト名を解決できませんでした'
          : 'ネットワークに到達できませんでした';
      return unreachable(`楽楽明細に接続できませんでした（${why}: ${failure.code}）。ネットワーク・プロキシ・URLの設定を確認してください。`);
    }
    if (failure.timeoutEvent !== undefined && PRE_REQUEST_TIMEOUTS.has(failure.timeoutEvent)) {
      return unreachable('楽楽明細への接続がタイムアウトしました。ネットワーク・プロキシの設定を確認してください。');
    }
    // The overall deadline (or the send timeout) passed before the whole body was written: 楽楽明細
    // cannot have read a complete request.
    if (failure.timeoutEvent === 'request' || failure.timeoutEvent === 'send') {
      return unreachable('楽楽明細への送信が時間内に終わりませんでした（回線が遅いか混んでいます）。');
    }
    if (failure.code !== undefined && TLS_CODE.test(failure.code)) {
      // The TLS handshake comes before any byte of the HTTP request.
      return unreachable(`楽楽明細との安全な接続（証明書の確認）に失敗しました（${failure.code}）。社内プロキシが通信を検査している場合は管理者に確認してください。`);
    }
    // hpagent reports a refused CONNECT tunnel this way: the proxy never forwarded our request.
    if (/^Bad response: \d{3}/.test(failure.message)) {
      return unreachable('プロキシサーバーが楽楽明細への接続を拒否しました。プロキシの設定（認証）を確認してください。');
    }
    if (!failure.connected && failure.code === 'ERR_ABORTED') {
      return unreachable('送信前に中断しました。');
    }
  }
  // Anything else may have reached the server: for an import POST that is the 要確認 case.
  const message = ctx.method === 'POST'
    ? '楽楽明細からの応答が途中で途切れたため、データが届いたか確認できません。楽楽明細の取込履歴を確認してください。'
    : ctx.method === 'DELETE'
      ? '楽楽明細からの応答が途中で途切れたため、削除されたか確認できません。'
      : '楽楽明細からの応答が途中で途切れました（タイムアウトまたは切断）。';
  return { kind: 'uncertain', message, detail };
}
