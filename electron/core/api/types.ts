// The 楽楽明細 API as the rest of the core sees it. The implementation (meisai-client.ts, got) and
// the sandbox both follow docs/rakuraku-meisai-api.md; the runner only knows this interface.
import type { FileProblem, IssueKind } from '../../../shared/run';

/** Every way a call can fail, as a value. `message` is Japanese for the clerk; `detail` is for the log. */
export type ApiError =
  /** HTTP 503, or a 200 whose body is HTML / `Status: 503 Maintenance mode`. */
  | { readonly kind: 'maintenance'; readonly message: string; readonly detail: string; readonly retryAfter?: string }
  /** 401/403 or an errors list saying the token is wrong. */
  | { readonly kind: 'auth'; readonly status: number; readonly message: string; readonly detail: string }
  /** 404 on the base URL: wrong account or URL. */
  | { readonly kind: 'not-found'; readonly status: number; readonly message: string; readonly detail: string }
  /** The API answered `status: "error"` (or 4xx with an errors list) about the request or the CSV. */
  | { readonly kind: 'rejected'; readonly status: number; readonly problems: readonly FileProblem[]; readonly message: string; readonly detail: string }
  /** 429 / rate limited. */
  | { readonly kind: 'rate-limited'; readonly message: string; readonly detail: string; readonly retryAfter?: string }
  /**
   * 5xx other than 503. `apiAnswer`: the body is the API's own JSON error answer without an importId
   * (the service itself said it did not accept the request); otherwise a gateway or a crash answered,
   * and an import POST may have been processed behind it.
   */
  | { readonly kind: 'server'; readonly status: number; readonly apiAnswer: boolean; readonly message: string; readonly detail: string; readonly retryAfter?: string }
  /**
   * The request provably never reached the server (connection refused, DNS failure, a deadline that
   * passed before the request body was fully sent): safe to resend.
   */
  | { readonly kind: 'unreachable'; readonly message: string; readonly detail: string }
  /**
   * The request may have reached the server (reset after sending, timeout waiting for the answer):
   * for an import POST this is the 要確認 case, never resent automatically.
   */
  | { readonly kind: 'uncertain'; readonly message: string; readonly detail: string }
  /** 200 with a body that is not the JSON the page describes (or one too large to read). */
  | { readonly kind: 'malformed'; readonly message: string; readonly detail: string };

/** The `Retry-After` header as received (seconds or an HTTP date), on the answers that may carry it. */
export type RetryAfterKind = Extract<ApiError, { retryAfter?: string }>['kind'];

export type ApiResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

export interface CustomerImportRequest {
  /** 取込設定ID; null → omitted (the format with the smallest id is used). */
  readonly settingId: number | null;
  /** 利用中の上書き → isUpdateInfo 1/0. */
  readonly overwriteInUse: boolean;
  /** 空白での上書き → updateBlank 1 (overwrite) / 2 (keep). */
  readonly overwriteWithBlank: boolean;
  /** ファイル1行目 → skipFirst 1 (skip) / 0 (read). */
  readonly skipFirst: boolean;
  /** Shown in 楽楽明細's import history; carries the run id. */
  readonly importProcessName: string;
  readonly fileName: string;
  /** The CSV as Windows-31J bytes, exactly as checked. */
  readonly csv: Uint8Array;
}

export interface ReportImportRequest {
  readonly reportTypeId: number;
  readonly skipFirst: boolean;
  /** 承認フラグ: true → isImmApproval 1 with pdfIssueType 0. */
  readonly approve: boolean;
  readonly approvalFlowId: number | null;
  readonly importProcessName: string;
  readonly fileName: string;
  readonly csv: Uint8Array;
  /** isNewIssues: 新規発行 (1, the default) or, by the clerk's choice only, 差替発行 (2). */
  readonly issue?: IssueKind;
}

export interface ImportAccepted {
  readonly importId: number;
}

export type ImportState =
  | { readonly processStatus: 'active' }
  | { readonly processStatus: 'complete' }
  | { readonly processStatus: 'failed'; readonly raw: string; readonly problems: readonly FileProblem[] };

export interface CustomerLookup {
  /** Number of customers the lookup returned, when the body says. */
  readonly count: number | null;
}

export interface MeisaiApi {
  importCustomers(request: CustomerImportRequest, signal?: AbortSignal): Promise<ApiResult<ImportAccepted>>;
  importReports(request: ReportImportRequest, signal?: AbortSignal): Promise<ApiResult<ImportAccepted>>;
  customerImportState(importId: number, signal?: AbortSignal): Promise<ApiResult<ImportState>>;
  reportImportState(importId: number, signal?: AbortSignal): Promise<ApiResult<ImportState>>;
  deleteReportImport(importId: number, signal?: AbortSignal): Promise<ApiResult<null>>;
  /** Cheap and read-only: the connection test. */
  lookupCustomers(keyword: string, signal?: AbortSignal): Promise<ApiResult<CustomerLookup>>;
}
