// The built-in 楽楽明細 emulator (node:http, 127.0.0.1 only): the API page's endpoints, token and
// account checks, imports that go 'active' → 'complete' (or 'error' with per-line problems), a
// customer master, maintenance, rate limit, and fault knobs (sandbox-faults.ts) so that tests and
// the demo meet every failure the real service can show.
// Anything not written in docs/rakuraku-meisai-api.md is taken from assumed-behaviour.ts.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { silentLogger, type Logger } from '../ports/logger';
import {
  ALL_OR_NOTHING, AUTH_FAILURE_STATUS, envelope, FAILED_PROCESS_STATUS, LIMITS, lineErrors, lookupBody,
  maintenancePage, RATE_LIMIT_COUNTS_REFUSED, RATE_LIMIT_WINDOW_MS, rateLimitErrors, REQUEST_ERROR_HTTP_STATUS,
  requestErrors, authFailureErrors, stateBody, unknownAccountPage, unknownPathErrors, type ApiErrorItem,
  DEFAULT_IS_NEW_ISSUES, ISSUE_NEW, ISSUE_REPLACE,
} from './assumed-behaviour';
import { createDocumentStore, type DocumentStore, type SandboxDocument } from './document-store';
import { checkCustomerCsv, checkReportCsv, upsertCustomers } from './import-validation';
import { parseMultipartForm } from './multipart-form';
import { defaultSandboxAccount, type CustomerFormat, type DocumentType, type SandboxAccountConfig, type SandboxCustomer } from './sandbox-accounts';
import { crawlAnswer, hugeAnswer, maintenanceNow, noFaults, type FaultStats, type SandboxFaults } from './sandbox-faults';

export { SANDBOX_ACCOUNT, SANDBOX_TOKEN, defaultSandboxAccount } from './sandbox-accounts';
export type { SandboxAccountConfig, SandboxCustomer, CustomerFormat, DocumentType, ApprovalFlow, WebStatus } from './sandbox-accounts';
export type { SandboxFaults } from './sandbox-faults';
export type { SandboxDocument } from './document-store';

export interface SandboxOptions {
  /** 0 (default) = a free port. */
  readonly port?: number;
  /** Default: one account, defaultSandboxAccount(). The first account is the default for inspection. */
  readonly accounts?: readonly SandboxAccountConfig[];
  /** How long an accepted import stays 'active' before it completes (or fails). Default 300 ms. */
  readonly importDelayMs?: number;
  /** Requests per sliding minute per account before 429. Default 20; null = no limit. */
  readonly rateLimitPerMinute?: number | null;
  readonly logger?: Logger;
  /** The clock a maintenance window is read on (tests share their ManualClock); default the real one. */
  readonly now?: () => Date;
}

export type SandboxImportKind = 'customers' | 'reports';

export interface SandboxImport {
  readonly account: string;
  /** null when refused at once (status "error"). */
  readonly importId: number | null;
  readonly kind: SandboxImportKind;
  readonly receivedAt: Date;
  readonly fileName: string;
  /** The `json` part as received. */
  readonly json: Readonly<Record<string, unknown>>;
  /** The CSV decoded from Windows-31J. */
  readonly text: string;
  readonly bytes: number;
  /** sha256 (hex) of the CSV bytes as received. */
  readonly sha256: string;
  /** A ZIP of attachments that travelled with the CSV, if any. */
  readonly attachmentFileName: string | null;
  readonly status: 'success' | 'error';
  /** null when refused at once; otherwise 'active' → 'complete' | 'error'. */
  readonly processStatus: 'active' | 'complete' | 'error' | null;
  readonly errors: readonly ApiErrorItem[];
  /** Data lines applied (customers upserted / document lines recorded) when complete. */
  readonly appliedRows: number;
  readonly deleted: boolean;
  /** false when the connection was dropped on purpose (dropAfterBody) or the client went away. */
  readonly answered: boolean;
}

export interface SandboxHandle {
  readonly port: number;
  /** `http://127.0.0.1:PORT/<account>/` (default: the first account). */
  baseUrl(account?: string): string;
  readonly faults: SandboxFaults;
  imports(account?: string): SandboxImport[];
  customers(account?: string): SandboxCustomer[];
  /** Every document version the tenant issued (差替発行 marks the replaced ones), oldest first. */
  documents(account?: string): SandboxDocument[];
  /** Requests received for the account (all of them, faulted and refused included). */
  requestCount(account?: string): number;
  /** Imports held 'active' by faults.holdImports go on to complete (or fail) now. */
  releaseImports(): void;
  /** Bytes of crawling or huge fault answers that actually left (a client that cut off reads few). */
  faultStats(): FaultStats;
  /** Requests received and not yet answered (a test driving a manual clock waits for none). */
  openRequests(): number;
  /** Forget imports, counts and rate windows; master back to the configured customers; faults off. */
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_IMPORT_DELAY_MS = 300;
const DEFAULT_RATE_LIMIT = 20;
const MAX_BODY_BYTES = 32 * 1024 * 1024;

type MutableImport = { -readonly [K in keyof SandboxImport]: SandboxImport[K] };

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  readonly headers?: Record<string, string>;
}

interface AccountState {
  readonly config: SandboxAccountConfig;
  master: Map<string, SandboxCustomer>;
  documents: DocumentStore;
  imports: MutableImport[];
  requests: number;
  window: number[];
}

export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const logger = options.logger ?? silentLogger;
  const configs = options.accounts && options.accounts.length > 0 ? options.accounts : [defaultSandboxAccount()];
  const defaultAccount = configs[0]?.account ?? 'sandbox';
  const importDelayMs = options.importDelayMs ?? DEFAULT_IMPORT_DELAY_MS;
  const rateLimit = options.rateLimitPerMinute === undefined ? DEFAULT_RATE_LIMIT : options.rateLimitPerMinute;
  const faults: SandboxFaults = noFaults();
  const now = options.now ?? (() => new Date());
  const stats: FaultStats = { answerBytesWritten: 0 };
  // Completions of imports held 'active' (faults.holdImports), run by releaseImports().
  const held: (() => void)[] = [];
  const accounts = new Map<string, AccountState>();
  const unknownAccountRequests = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const wakers = new Set<() => void>();
  let nextImportId = 1001;
  let closed = false;

  const freshMaster = (config: SandboxAccountConfig) => new Map(config.customers.map((c) => [c.code, c]));
  const initAccounts = () => {
    accounts.clear();
    for (const config of configs) accounts.set(config.account, { config, master: freshMaster(config), documents: createDocumentStore(), imports: [], requests: 0, window: [] });
  };
  initAccounts();

  /** A delay that close() cuts short, so no handler outlives the server. */
  const delay = (ms: number) => new Promise<void>((resolve) => {
    if (ms <= 0 || closed) return resolve();
    const wake = () => {
      clearTimeout(t);
      timers.delete(t);
      wakers.delete(wake);
      resolve();
    };
    const t = setTimeout(wake, ms);
    timers.add(t);
    wakers.add(wake);
  });

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!closed) fn();
    }, Math.max(0, ms));
    timers.add(t);
  };

  const json = (status: number, body: Record<string, unknown>, path: string): Answer => ({
    status,
    contentType: 'application/json; charset=UTF-8',
    body: JSON.stringify({ ...body, ...envelope(path, new Date(), status) }),
  });
  const errorAnswer = (status: number, errors: ApiErrorItem[], path: string, extra: Record<string, unknown> = {}): Answer =>
    json(status, { status: 'error', ...extra, errors }, path);

  // ── imports ────────────────────────────────────────────────────────────────────────────────────
  async function receiveImport(state: AccountState, kind: SandboxImportKind, req: http.IncomingMessage, body: Buffer, path: string): Promise<{ answer: Answer; record: MutableImport | null }> {
    const refuse = (errors: ApiErrorItem[]) => ({ answer: errorAnswer(REQUEST_ERROR_HTTP_STATUS, errors, path, { importId: null }), record: null });
    const form = await parseMultipartForm(req.headers['content-type'] ?? '', body);
    if (!form.ok) {
      logger.info('sandbox: not multipart/form-data', { path, detail: form.detail });
      return refuse([requestErrors.notMultipart()]);
    }
    // The `json` part travels as a plain field (Java, Python) or as a file part (a browser's Blob).
    const jsonPart = form.parts.find((p) => p.name === 'json');
    const jsonText = jsonPart === undefined ? '{}' : jsonPart.kind === 'field' ? jsonPart.value : jsonPart.bytes.toString('utf8');
    let fields: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(jsonText);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      fields = parsed as Record<string, unknown>;
    } catch {
      return refuse([requestErrors.badJson()]);
    }
    const files = form.parts
      .flatMap((p) => (p.kind === 'file' ? [{ index: /^files\[(\d+)\]$/.exec(p.name)?.[1], part: p }] : []))
      .filter((e) => e.index !== undefined)
      .sort((a, b) => Number(a.index) - Number(b.index))
      .map((e) => e.part);
    const isZip = (i: number) => /\.zip$/i.test(files[i]?.fileName ?? '') || files[i]?.bytes.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1')) === true;
    // A ZIP of attachments may travel as files[0] with the CSV as files[1] (seen once).
    const csvIndex = files.findIndex((_, i) => !isZip(i));
    const zipIndex = files.findIndex((_, i) => isZip(i));
    const csvFile = files[csvIndex];
    if (csvFile === undefined) return refuse([requestErrors.missingFile()]);
    const bytes = csvFile.bytes;

    const text = iconv.decode(bytes, 'cp932');
    const record: MutableImport = {
      account: state.config.account, importId: null, kind, receivedAt: new Date(), fileName: csvFile.fileName, json: fields, text,
      bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex'),
      attachmentFileName: zipIndex >= 0 ? (files[zipIndex]?.fileName ?? null) : null,
      status: 'error', processStatus: null, errors: [], appliedRows: 0, deleted: false, answered: true,
    };
    const problems = kind === 'customers' ? checkCustomerRequest(state.config, fields) : checkReportRequest(state.config, fields);
    if (problems.errors.length === 0) {
      if (bytes.byteLength > LIMITS.maxBytes) problems.errors.push(requestErrors.tooLarge(bytes.byteLength));
      const lines = physicalLineCount(text);
      if (lines > LIMITS.maxLines) problems.errors.push(requestErrors.tooManyLines(lines));
    }
    state.imports.push(record);
    if (problems.errors.length > 0) {
      record.errors = problems.errors;
      return { answer: errorAnswer(REQUEST_ERROR_HTTP_STATUS, problems.errors, path, { importId: null, linkuri: '' }), record };
    }
    record.importId = nextImportId++;
    record.status = 'success';
    record.processStatus = 'active';
    const skipFirst = intField(fields.skipFirst) !== 0;
    const holding = faults.holdImports;
    const settle = (complete: () => void) => (holding ? held.push(complete) : later(importDelayMs, complete));
    settle(() => {
      if (kind === 'customers' && problems.format) {
        const checked = checkCustomerCsv(text, problems.format, skipFirst);
        if (checked.problems.length > 0 && ALL_OR_NOTHING) return fail(record, checked.problems);
        upsertCustomers(state.master, problems.format, checked.rows, {
          overwriteInUse: intField(fields.isUpdateInfo) === 1,
          overwriteWithBlank: intField(fields.updateBlank) === 1,
        });
        record.appliedRows = checked.rows.length;
      } else if (kind === 'reports' && problems.type) {
        const checked = checkReportCsv(text, problems.type, skipFirst, state.master);
        if (checked.problems.length > 0 && ALL_OR_NOTHING) return fail(record, checked.problems);
        // 新規発行 adds documents, 差替発行 replaces them (document-store.ts).
        const issued = state.documents.apply(problems.type, checked.rows, problems.issue ?? DEFAULT_IS_NEW_ISSUES, record.importId!);
        if (issued.length > 0) return fail(record, [...issued]);
        record.appliedRows = checked.rows.length;
      }
      record.processStatus = 'complete';
      logger.info('sandbox import complete', { account: record.account, importId: record.importId, kind, rows: record.appliedRows });
    });
    return {
      answer: json(200, { importId: record.importId, status: 'success', linkuri: '', errors: [] }, path),
      record,
    };
  }

  function fail(record: MutableImport, problems: Parameters<typeof lineErrors>[0]): void {
    record.processStatus = FAILED_PROCESS_STATUS;
    record.errors = lineErrors(problems);
    logger.info('sandbox import failed', { account: record.account, importId: record.importId, problems: problems.length });
  }

  function findImport(state: AccountState, kind: SandboxImportKind, id: string): MutableImport | undefined {
    return state.imports.find((r) => r.kind === kind && r.importId !== null && String(r.importId) === id && !r.deleted);
  }

  function importState(state: AccountState, kind: SandboxImportKind, id: string, path: string): Answer {
    const record = findImport(state, kind, id);
    if (!record) return errorAnswer(REQUEST_ERROR_HTTP_STATUS, [requestErrors.notFound(id)], path);
    return json(200, stateBody(record.processStatus, record.errors), path);
  }

  // ── routing ────────────────────────────────────────────────────────────────────────────────────
  async function route(state: AccountState, req: http.IncomingMessage, url: URL, rest: string, body: Buffer): Promise<{ answer: Answer; record: MutableImport | null }> {
    const method = req.method ?? 'GET';
    const plain = (answer: Answer) => ({ answer, record: null });
    let m: RegExpExecArray | null;
    if (method === 'POST' && rest === 'api/v1/customers/imports') return receiveImport(state, 'customers', req, body, rest);
    if (method === 'POST' && rest === 'api/v1/reports/imports') return receiveImport(state, 'reports', req, body, rest);
    if (method === 'GET' && (m = /^api\/v1\/(customers|reports)\/imports\/([^/]+)\/state\/?$/.exec(rest))) {
      return plain(importState(state, m[1] as SandboxImportKind, m[2] ?? '', rest));
    }
    if (method === 'DELETE' && (m = /^api\/v1\/reports\/imports\/([^/]+)\/?$/.exec(rest))) {
      const record = findImport(state, 'reports', m[1] ?? '');
      if (!record) return plain(errorAnswer(REQUEST_ERROR_HTTP_STATUS, [requestErrors.notFound(m[1] ?? '')], rest));
      record.deleted = true;
      return plain(json(200, { status: 'success' }, rest));
    }
    if (method === 'GET' && /^api\/v1\/customers\/?$/.test(rest)) {
      const keyword = url.searchParams.get('keyword') ?? '';
      const found = [...state.master.values()].filter((c) => keyword === '' || c.code.includes(keyword) || Object.values(c.fields).some((v) => v.includes(keyword)));
      return plain(json(200, lookupBody(found), rest));
    }
    return plain(errorAnswer(404, unknownPathErrors(rest), rest));
  }

  function overRateLimit(state: AccountState): boolean {
    if (rateLimit === null) return false;
    const now = Date.now();
    state.window = state.window.filter((t) => t > now - RATE_LIMIT_WINDOW_MS);
    if (state.window.length >= rateLimit) {
      if (RATE_LIMIT_COUNTS_REFUSED) state.window.push(now);
      return true;
    }
    state.window.push(now);
    return false;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [, accountName = '', ...restParts] = url.pathname.split('/');
    const account = decodeURIComponent(accountName);
    const rest = restParts.join('/');
    const key = `${method} ${rest}`;
    const state = accounts.get(account);
    if (state) state.requests++;
    else unknownAccountRequests.set(account, (unknownAccountRequests.get(account) ?? 0) + 1);

    const faulted = faults.match === null || faults.match.test(key);
    if (faulted && faults.stallRequestBody) {
      // Never read: the client's body backs up in the socket and it cannot finish sending.
      req.pause();
      logger.info('sandbox fault: request body not read', { account, path: rest });
      return;
    }
    const body = await readBody(req);
    if (body === null) {
      return send(res, { status: 413, contentType: 'text/plain', body: 'Payload Too Large' }, true);
    }
    if (faulted && faults.latencyMs > 0) await delay(faults.latencyMs);
    if (closed) return void res.destroy();

    let answer: Answer;
    let record: MutableImport | null = null;
    const maintenance = faulted ? maintenanceNow(faults, now()) : null;
    if (maintenance === '503') {
      answer = { status: 503, contentType: 'text/html; charset=UTF-8', body: maintenancePage(), ...(faults.retryAfter !== null ? { headers: { 'retry-after': faults.retryAfter } } : {}) };
    } else if (maintenance === 'html') {
      answer = { status: 200, contentType: 'text/html; charset=UTF-8', body: maintenancePage() };
    } else if (faulted && faults.fail500 > 0) {
      faults.fail500--;
      answer = { status: 500, contentType: 'text/html; charset=UTF-8', body: '<!DOCTYPE html><html><body><h1>500 Internal Server Error</h1></body></html>' };
    } else if (!state) {
      answer = { status: 404, contentType: 'text/html; charset=UTF-8', body: unknownAccountPage(account) };
    } else if (req.headers['x-wb-apitoken'] !== state.config.token) {
      answer = errorAnswer(AUTH_FAILURE_STATUS, authFailureErrors(req.headers['x-wb-apitoken'] === undefined), rest);
    } else if (overRateLimit(state)) {
      answer = { ...errorAnswer(429, rateLimitErrors(rateLimit ?? 0), rest), headers: { 'retry-after': faults.retryAfter ?? '60' } };
    } else if (faulted && faults.echoTokenInError > 0 && method === 'POST' && /^api\/v1\/(customers|reports)\/imports$/.test(rest)) {
      faults.echoTokenInError--;
      const token = String(req.headers['x-wb-apitoken'] ?? '');
      answer = errorAnswer(REQUEST_ERROR_HTTP_STATUS, [{ code: 'E9999', msg: `受付番号${token}の要求は処理できませんでした。`, description: [{ code: 'E9999', msg: `値 ${token} を処理できませんでした`, name: 'files[0]', value: token }] }], rest, { importId: null });
    } else {
      ({ answer, record } = await route(state, req, url, rest, body));
      const isImportPost = method === 'POST' && /^api\/v1\/(customers|reports)\/imports$/.test(rest);
      if (faulted && isImportPost && faults.replaceImportId !== undefined && record?.importId != null) {
        answer = { ...answer, body: JSON.stringify({ ...(JSON.parse(answer.body) as Record<string, unknown>), importId: faults.replaceImportId }) };
        faults.replaceImportId = undefined;
      }
      if (faulted && isImportPost && faults.dropAfterBody > 0) {
        faults.dropAfterBody--;
        if (record) record.answered = false;
        logger.info('sandbox fault: connection dropped after the body', { account, path: rest, importId: record?.importId ?? null });
        res.destroy();
        return;
      }
    }
    if (faulted && faults.hangMs > 0) await delay(faults.hangMs);
    if (closed || res.destroyed || req.socket.destroyed) {
      if (record) record.answered = false;
      return void res.destroy();
    }
    logger.info('sandbox request', { account, method, path: rest, status: answer.status });
    if (faulted && faults.hugeAnswerBytes > 0) {
      if (record) record.answered = false;
      return hugeAnswer(res, faults.hugeAnswerBytes, stats, () => closed);
    }
    if (faulted && faults.crawl !== null) {
      if (record) record.answered = false;
      const body = Buffer.from(answer.body, 'utf8');
      return crawlAnswer(res, answer.status, { 'content-type': answer.contentType, ...answer.headers }, body, faults.crawl.everyMs, stats, () => closed);
    }
    send(res, answer, false);
  }

  let open = 0;
  const server = http.createServer((req, res) => {
    open++;
    res.once('close', () => open--);
    handle(req, res).catch((error: unknown) => {
      logger.error('sandbox handler failed', { error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent && !res.destroyed) send(res, { status: 500, contentType: 'text/plain', body: 'sandbox error' }, true);
    });
  });
  // Long hangs are a feature here (hangMs); Node's default timeouts must not cut them.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  logger.info('sandbox listening', { port, accounts: configs.map((c) => c.account) });

  const stateOf = (account?: string): AccountState | undefined => accounts.get(account ?? defaultAccount);

  return {
    port,
    faults,
    baseUrl: (account) => `http://127.0.0.1:${port}/${encodeURIComponent(account ?? defaultAccount)}/`,
    imports: (account) => (stateOf(account)?.imports ?? []).map((r) => ({ ...r, errors: [...r.errors] })),
    customers: (account) => [...(stateOf(account)?.master.values() ?? [])],
    documents: (account) => (stateOf(account)?.documents.all() ?? []).map((d) => ({ ...d })),
    requestCount: (account) => stateOf(account)?.requests ?? unknownAccountRequests.get(account ?? defaultAccount) ?? 0,
    releaseImports() {
      for (const complete of held.splice(0)) complete();
    },
    faultStats: () => ({ ...stats }),
    openRequests: () => open,
    reset() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      held.length = 0;
      stats.answerBytesWritten = 0;
      initAccounts();
      unknownAccountRequests.clear();
      Object.assign(faults, noFaults());
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const wake of [...wakers]) wake();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

interface RequestCheck {
  errors: ApiErrorItem[];
  format?: CustomerFormat;
  type?: DocumentType;
  /** isNewIssues of a document import: 1 新規発行, 2 差替発行. */
  issue?: number;
}

function intField(value: unknown): number | null | 'invalid' {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return 'invalid';
}

function integerProblems(fields: Record<string, unknown>, names: readonly string[]): ApiErrorItem[] {
  return names.filter((n) => intField(fields[n]) === 'invalid').map((n) => requestErrors.notInteger(n, String(fields[n])));
}

function checkCustomerRequest(config: SandboxAccountConfig, fields: Record<string, unknown>): RequestCheck {
  const errors = integerProblems(fields, ['settingId', 'isUpdateInfo', 'updateBlank', 'skipFirst']);
  if (errors.length > 0) return { errors };
  const settingId = intField(fields.settingId);
  const sorted = [...config.customerFormats].sort((a, b) => a.settingId - b.settingId);
  // settingId omitted → the format with the smallest id (seed manual).
  const format = typeof settingId === 'number' ? sorted.find((f) => f.settingId === settingId) : sorted[0];
  if (!format) return { errors: [typeof settingId === 'number' ? requestErrors.unknownSettingId(settingId) : requestErrors.noCustomerFormat()] };
  return { errors: [], format };
}

function checkReportRequest(config: SandboxAccountConfig, fields: Record<string, unknown>): RequestCheck {
  const errors = integerProblems(fields, ['reportTypeId', 'isNewIssues', 'skipFirst', 'isImmApproval', 'pdfIssueType', 'approvalFlowId', 'isSendMail', 'isPostReplaceBill']);
  if (errors.length > 0) return { errors };
  const issue = intField(fields.isNewIssues) ?? DEFAULT_IS_NEW_ISSUES;
  if (issue !== ISSUE_NEW && issue !== ISSUE_REPLACE) return { errors: [requestErrors.badIssueType(issue as number)] };
  const reportTypeId = intField(fields.reportTypeId) ?? 1;
  const type = config.documentTypes.find((t) => t.reportTypeId === reportTypeId);
  if (!type) return { errors: [requestErrors.unknownReportType(reportTypeId as number)] };
  const approve = intField(fields.isImmApproval) === 1;
  if (approve && intField(fields.pdfIssueType) === null) return { errors: [requestErrors.pdfIssueTypeRequired()] };
  const flowId = intField(fields.approvalFlowId);
  if (typeof flowId === 'number') {
    const flow = config.approvalFlows.find((f) => f.approvalFlowId === flowId);
    if (!flow) return { errors: [requestErrors.unknownApprovalFlow(flowId)] };
    if (approve && !flow.skipApproval) return { errors: [requestErrors.approvalFlowNotSkippable(flowId)] };
  }
  return { errors: [], type, issue };
}

/**
 * Lines as the 10,000-line limit counts them. Empty lines at the very end are not counted [assumed]:
 * RAKUS's Java sample writes one more CRLF after the CSV, and a file at the limit sent that way
 * should not be refused for a line that holds nothing.
 */
function physicalLineCount(text: string): number {
  const trimmed = text.replace(/(?:\r\n|\r|\n)+$/, '');
  if (trimmed.length === 0) return 0;
  return (trimmed.match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
}

function readBody(req: http.IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooBig ? null : Buffer.concat(chunks)));
    req.on('error', () => resolve(null));
    req.on('aborted', () => resolve(null));
  });
}

function send(res: http.ServerResponse, answer: Answer, close: boolean): void {
  const body = Buffer.from(answer.body, 'utf8');
  res.writeHead(answer.status, {
    'content-type': answer.contentType,
    'content-length': String(body.byteLength),
    'cache-control': 'no-store',
    ...(close ? { connection: 'close' } : {}),
    ...answer.headers,
  });
  res.end(body);
}
