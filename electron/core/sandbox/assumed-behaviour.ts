// EVERY [assumed] behaviour of the sandbox lives here (see docs/rakuraku-meisai-api.md): the
// wording and codes of errors, which HTTP status a failure gets, the limits' exact counting, the
// processStatus of a failed import, the lookup's body shape. When a real tenant answers differently,
// change it here and nowhere else.

/** Limits of one CSV [doc: 10,000 lines and 3 MB]. [assumed]: MB = 1024 × 1024 bytes; lines are physical lines, header included. */
export const LIMITS = { maxLines: 10_000, maxBytes: 3 * 1024 * 1024 } as const;

/** [assumed] processStatus of an import that failed validation (the page only says "not active/complete"). */
export const FAILED_PROCESS_STATUS = 'error';

/**
 * [assumed] A request-level problem (unknown settingId, missing file, over a limit…) is answered
 * HTTP 200 with `status: "error"`, no importId — the import response shape the page describes.
 */
export const REQUEST_ERROR_HTTP_STATUS = 200;

/** [assumed] Only requests that were answered count towards the rate limit (a 429 does not). */
export const RATE_LIMIT_COUNTS_REFUSED = false;
export const RATE_LIMIT_WINDOW_MS = 60_000;

/** [assumed] A file with any bad line is refused whole: nothing of it is applied. */
export const ALL_OR_NOTHING = true;

/** [assumed] Completely empty lines are skipped, not reported. */
export const SKIP_BLANK_LINES = true;

// [assumed] With isUpdateInfo=0, customers whose Web利用ステータス is 利用中 are left as they were,
// silently. The sandbox keeps no customer status, so there is nothing to emulate.

export interface ApiErrorDescription {
  readonly code: string;
  readonly msg: string;
  readonly name: string;
  readonly value: string;
}

export interface ApiErrorItem {
  readonly code: string;
  readonly msg: string;
  readonly description: readonly ApiErrorDescription[];
}

/** The informational fields every JSON answer carries [seen: names; assumed: values]. */
export function envelope(path: string, now: Date, httpStatus: number): Record<string, unknown> {
  return { code: String(httpStatus), url: path, version: '1.0', accessTime: jstTimestamp(now) };
}

function jstTimestamp(now: Date): string {
  const jst = new Date(now.getTime() + 9 * 3_600_000);
  return jst.toISOString().replace('T', ' ').slice(0, 19);
}

const item = (code: string, msg: string, description: ApiErrorDescription[] = []): ApiErrorItem => ({ code, msg, description });

// ── Authentication and account ─────────────────────────────────────────────────────────────────
/** [assumed] Wrong or missing token: 401 and this list. The token itself is never echoed. */
export const AUTH_FAILURE_STATUS = 401;
export function authFailureErrors(missing: boolean): ApiErrorItem[] {
  return [item('E0401', missing ? 'APIトークンが指定されていません。' : 'APIトークンが正しくありません。', [
    { code: 'E0401', msg: 'X-WB-apitoken を確認してください。', name: 'X-WB-apitoken', value: '' },
  ])];
}

/** [assumed] Unknown account: the web server's 404 page (HTML, not JSON). */
export function unknownAccountPage(account: string): string {
  return `<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>/${escapeHtml(account)}/</p></body></html>`;
}

/** [assumed] Unknown API path under a valid account: 404 with an errors list. */
export function unknownPathErrors(path: string): ApiErrorItem[] {
  return [item('E0404', `APIが見つかりません: ${path}`)];
}

// ── Maintenance [doc: 楽楽精算] and rate limit ──────────────────────────────────────────────────
export function maintenancePage(): string {
  return 'Status: 503 Maintenance mode\r\n\r\n<!DOCTYPE html><html><head><meta charset="UTF-8"><title>メンテナンス中</title></head>'
    + '<body><p>ただいまメンテナンス中です。ご迷惑をおかけしますが、しばらくお待ちください。</p></body></html>';
}

export function rateLimitErrors(perMinute: number): ApiErrorItem[] {
  return [item('E0429', `リクエスト数が上限（1分間に${perMinute}回）を超えました。しばらくしてから再度実行してください。`)];
}

// ── Request-level errors: answered at once, no importId ────────────────────────────────────────
export const requestErrors = {
  notMultipart: () => item('E1000', 'multipart/form-data で送信してください。'),
  badJson: () => item('E1001', 'json パラメータが正しくありません。', [{ code: 'E1001', msg: 'JSON として解釈できません。', name: 'json', value: '' }]),
  missingFile: () => item('E1002', '取込ファイルが指定されていません。', [{ code: 'E1002', msg: 'files[0] がありません。', name: 'files[0]', value: '' }]),
  notInteger: (field: string, value: string) => item('E1003', `${field} の値が正しくありません。`, [{ code: 'E1003', msg: `${field} は整数で指定してください。`, name: field, value }]),
  unknownSettingId: (value: number) => item('E1010', '取込設定IDが存在しません。', [{ code: 'E1010', msg: '指定された取込設定IDの取込フォーマット設定がありません。', name: 'settingId', value: String(value) }]),
  noCustomerFormat: () => item('E1011', '取込フォーマット設定がありません。'),
  unknownReportType: (value: number) => item('E1020', '帳票種別IDが存在しません。', [{ code: 'E1020', msg: '指定された帳票種別IDの帳票がありません。', name: 'reportTypeId', value: String(value) }]),
  pdfIssueTypeRequired: () => item('E1021', 'pdfIssueType を指定してください。', [{ code: 'E1021', msg: 'isImmApproval=1 のときは pdfIssueType が必須です。', name: 'pdfIssueType', value: '' }]),
  unknownApprovalFlow: (value: number) => item('E1022', '承認フローIDが存在しません。', [{ code: 'E1022', msg: '指定された承認フローIDがありません。', name: 'approvalFlowId', value: String(value) }]),
  approvalFlowNotSkippable: (value: number) => item('E1023', '「承認する」で使用できない承認フローです。', [{ code: 'E1023', msg: '「承認をスキップする」が設定された承認フローのみ使用できます。', name: 'approvalFlowId', value: String(value) }]),
  tooManyLines: (lines: number) => item('E1030', `取込ファイルの行数が上限（${LIMITS.maxLines.toLocaleString('ja-JP')}行）を超えています（${lines.toLocaleString('ja-JP')}行）。`, [{ code: 'E1030', msg: '行数の上限を超えています。', name: 'files[0]', value: String(lines) }]),
  tooLarge: (bytes: number) => item('E1031', `取込ファイルのサイズが上限（3MB）を超えています（${bytes.toLocaleString('ja-JP')}バイト）。`, [{ code: 'E1031', msg: 'ファイルサイズの上限を超えています。', name: 'files[0]', value: String(bytes) }]),
  badIssueType: (value: number) => item('E1024', 'isNewIssues の値が正しくありません。', [{ code: 'E1024', msg: 'isNewIssues は 1（新規発行）か 2（差替発行）で指定してください。', name: 'isNewIssues', value: String(value) }]),
  notFound: (importId: string) => item('E1040', '指定された取込IDの取込情報がありません。', [{ code: 'E1040', msg: '取込IDを確認してください。', name: 'importId', value: importId }]),
};

// ── Per-line errors: found while importing, reported by the state call ──────────────────────────
/** [assumed] One top-level error whose description lists each bad line; each msg starts with 「N行目」. */
export function lineErrors(descriptions: readonly ApiErrorDescription[]): ApiErrorItem[] {
  return [item('E2000', 'CSVファイルの内容に誤りがあるため、取り込みませんでした。', [...descriptions])];
}

export const lineProblems = {
  columnCount: (line: number, expected: number, actual: number): ApiErrorDescription =>
    ({ code: 'E2001', msg: `${line}行目: 項目数が正しくありません（${expected}項目必要ですが${actual}項目です）。`, name: '項目数', value: String(actual) }),
  required: (line: number, column: string): ApiErrorDescription =>
    ({ code: 'E2002', msg: `${line}行目: ${column}が入力されていません。`, name: column, value: '' }),
  unknownCustomer: (line: number, column: string, code: string): ApiErrorDescription =>
    ({ code: 'E2003', msg: `${line}行目: ${column}「${code}」の顧客が登録されていません。`, name: column, value: code }),
  unclosedQuote: (line: number): ApiErrorDescription =>
    ({ code: 'E2004', msg: `${line}行目: ダブルクォートが閉じられていません。`, name: 'files[0]', value: '' }),
  /** [assumed] Bytes that are not Windows-31J (e.g. a UTF-8 file sent unconverted) make the line an error. */
  undecodable: (line: number): ApiErrorDescription =>
    ({ code: 'E2006', msg: `${line}行目: 文字コードがWindows-31J（Shift_JIS）ではない文字が含まれています。`, name: 'files[0]', value: '' }),
  /** [doc] A new issue of a 帳票No already imported. [assumed] wording and code. */
  documentNoTaken: (line: number, column: string, documentNo: string): ApiErrorDescription =>
    ({ code: 'E2007', msg: `${line}行目: ${column}「${documentNo}」の帳票はすでに取り込まれています。`, name: column, value: documentNo }),
  /** [assumed] A 差替発行 line whose document was never issued. */
  nothingToReplace: (line: number, column: string, key: string): ApiErrorDescription =>
    ({ code: 'E2008', msg: `${line}行目: 差替対象の帳票がありません（${column}「${key}」）。`, name: column, value: key }),
  noData: (): ApiErrorDescription =>
    ({ code: 'E2005', msg: '1行目: 取り込むデータがありません。', name: 'files[0]', value: '' }),
};

// ── 差替発行 (isNewIssues 2) ──────────────────────────────────────────────────────────────────────
// [doc: 楽楽明細 manual, 領収書レイアウト] One PDF is made per 帳票No when the CSV import setting maps a
// 帳票No column; a 帳票No already imported is an error for a new issue, and a 差替発行 replaces by
// 帳票No. Without a 帳票No column 楽楽明細 numbers one document per 顧客コード per import
// (R + 帳票種別ID + 取込ID + _ + 顧客コード), so every new issue of the same lines issues them again.
// [assumed] Without a 帳票No column a 差替発行 line replaces the customer's most recently issued,
// not yet replaced document of that 帳票種別, and the replacement keeps its 帳票No.
// [assumed] A 差替発行 line that matches no issued document is an error for that line, and the whole
// file is refused (ALL_OR_NOTHING): nothing is issued as new by mistake.
// [assumed] isNewIssues omitted means 1; a value other than 1 or 2 is a request error.
export const DEFAULT_IS_NEW_ISSUES = 1;
export const ISSUE_NEW = 1;
export const ISSUE_REPLACE = 2;

/** [doc: the rule; assumed: the shape] The number 楽楽明細 gives a document without a 帳票No column. */
export function autoDocumentNo(reportTypeId: number, importId: number, customerCode: string): string {
  return `R${String(reportTypeId).padStart(2, '0')}${String(importId).padStart(6, '0')}_${customerCode.padStart(8, '0')}`;
}

// ── Import state ────────────────────────────────────────────────────────────────────────────────
/**
 * [assumed] The state call itself succeeds (`status: "success"`) whatever the import's fate; a failed
 * import says so in processStatus and carries its errors. A deleted or unknown importId is a
 * request error (requestErrors.notFound), not a 404, so it is not mistaken for a wrong URL.
 */
export function stateBody(processStatus: string | null, errors: readonly ApiErrorItem[]): Record<string, unknown> {
  return { status: 'success', processStatus, errors };
}

// ── Customer lookup [assumed body shape] ─────────────────────────────────────────────────────────
export function lookupBody(customers: readonly { code: string; fields: Readonly<Record<string, string>>; webStatus: string }[]): Record<string, unknown> {
  return {
    status: 'success',
    count: customers.length,
    customers: customers.map((c) => ({ customerCode: c.code, webStatus: c.webStatus, ...c.fields })),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
