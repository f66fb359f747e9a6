// The client over real HTTP against the sandbox on 127.0.0.1: every endpoint and every ApiError kind,
// with the token checked absent from every log line and every error.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../ports/logger';
import { SANDBOX_TOKEN, startSandbox, type SandboxHandle } from '../sandbox/sandbox-server';
import { createMeisaiClient } from './meisai-client';
import type { ApiError, ApiResult, CustomerImportRequest, ImportState, MeisaiApi, ReportImportRequest } from './types';

const CUSTOMERS_TEXT = [
  '顧客コード,顧客名,郵便番号,住所１,住所２,会社名,担当者名,メールアドレス',
  'C0001,株式会社さくら商事,100-0001,東京都千代田区千代田1-1,さくらビル3F,株式会社さくら商事,山田 太郎 様,yamada@sakura.example.jp',
  'C0003,髙橋製作所,460-0008,愛知県名古屋市中区栄3-4-5,栄タワー10F,株式会社髙橋製作所,髙橋 一郎 様,takahashi@takahashi.example.jp',
  'C0005,﨑山デザイン事務所,810-0001,福岡県福岡市中央区天神1-2-3,天神ビル5F,﨑山デザイン事務所,﨑山 さくら 様,sakiyama@design.example.jp',
  '',
].join('\r\n');

const BILL_HEADER = '日付,顧客コード,ページ,ご請求金額,振込期限日,請求年月,明細名称,請求明細No.,明細金額,備考,登録番号';
const billLine = (code: string, no: number, note = '') => `2026年11月30日,${code},1,165000,2026年12月31日,2026年11月,システム保守費用 ①,No.00000${no},110000,${note},T1234567890123`;

const cp932 = (text: string) => new Uint8Array(iconv.encode(text, 'cp932'));

function customerRequest(overrides: Partial<CustomerImportRequest> = {}): CustomerImportRequest {
  return {
    settingId: 1, overwriteInUse: false, overwriteWithBlank: false, skipFirst: true,
    importProcessName: '明細コネクタ run-1', fileName: 'clientmaster_20261130.csv', csv: cp932(CUSTOMERS_TEXT), ...overrides,
  };
}

function reportRequest(overrides: Partial<ReportImportRequest> = {}): ReportImportRequest {
  const text = [BILL_HEADER, billLine('C0001', 1), billLine('C0001', 2), billLine('C0003', 3), ''].join('\r\n');
  return {
    reportTypeId: 14, skipFirst: true, approve: false, approvalFlowId: null,
    importProcessName: '明細コネクタ run-2', fileName: '請求データ_11月.csv', csv: cp932(text), ...overrides,
  };
}

let sandbox: SandboxHandle;
let logger: MemoryLogger;
let api: MeisaiApi;
const seenErrors: ApiError[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ importDelayMs: 30, rateLimitPerMinute: null });
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(() => {
  sandbox.reset();
  // The token must never reach the log, whatever happened in the test.
  expect(logger.text()).not.toContain(SANDBOX_TOKEN);
  for (const error of seenErrors) expect(JSON.stringify(error)).not.toContain(SANDBOX_TOKEN);
});

function client(overrides: { baseUrl?: string; token?: string; responseMs?: number; postDeadlineMs?: number; getDeadlineMs?: number; maxAnswerBytes?: number } = {}): MeisaiApi {
  logger = new MemoryLogger();
  return createMeisaiClient({
    baseUrl: overrides.baseUrl ?? sandbox.baseUrl(),
    token: overrides.token ?? SANDBOX_TOKEN,
    logger,
    timeouts: {
      connectMs: 5_000,
      responseMs: overrides.responseMs ?? 10_000,
      ...(overrides.postDeadlineMs !== undefined ? { postDeadlineMs: overrides.postDeadlineMs } : {}),
      ...(overrides.getDeadlineMs !== undefined ? { getDeadlineMs: overrides.getDeadlineMs } : {}),
    },
    ...(overrides.maxAnswerBytes !== undefined ? { maxAnswerBytes: overrides.maxAnswerBytes } : {}),
  });
}

function expectOk<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.kind}: ${result.error.message} / ${result.error.detail}`);
  return result.value;
}

function expectError<T>(result: ApiResult<T>, kind: ApiError['kind']): ApiError {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('unreachable');
  seenErrors.push(result.error);
  expect(result.error.kind).toBe(kind);
  expect(result.error.message).toMatch(/[ぁ-んァ-ン一-龥]/);
  expect(result.error.detail.length).toBeGreaterThan(0);
  return result.error;
}

async function waitUntilDone(poll: () => Promise<ApiResult<ImportState>>): Promise<ImportState> {
  // Polls until the sandbox finishes (importDelayMs is short); no assertion on how long it takes.
  for (;;) {
    const state = expectOk(await poll());
    if (state.processStatus !== 'active') return state;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('imports', () => {
  beforeAll(() => { api = client(); });

  it('imports customers: the import is received byte for byte, goes active → complete and fills the master', async () => {
    api = client();
    const request = customerRequest();
    // Held 'active' until released: the first poll sees 'active' however slow the machine is.
    sandbox.faults.holdImports = true;
    const { importId } = expectOk(await api.importCustomers(request));
    const first = expectOk(await api.customerImportState(importId));
    expect(first.processStatus).toBe('active');
    sandbox.releaseImports();
    expect(await waitUntilDone(() => api.customerImportState(importId))).toEqual({ processStatus: 'complete' });

    const [received] = sandbox.imports();
    expect(received?.fileName).toBe('clientmaster_20261130.csv');
    expect(received?.text).toBe(CUSTOMERS_TEXT);
    expect(received?.bytes).toBe(request.csv.byteLength);
    expect(received?.json).toEqual({ settingId: 1, isUpdateInfo: 0, updateBlank: 2, skipFirst: 1, importProcessName: '明細コネクタ run-1' });
    expect(sandbox.customers().map((c) => c.code)).toEqual(['C0001', 'C0003', 'C0005']);
    expect(sandbox.customers().find((c) => c.code === 'C0003')?.fields['顧客名']).toBe('髙橋製作所');
    expect(logger.lines.some((l) => l.fields.importId === importId)).toBe(true);
  });

  it('omits settingId when null and maps the overwrite switches to 1', async () => {
    api = client();
    expectOk(await api.importCustomers(customerRequest({ settingId: null, overwriteInUse: true, overwriteWithBlank: true, skipFirst: false })));
    expect(sandbox.imports()[0]?.json).toEqual({ isUpdateInfo: 1, updateBlank: 1, skipFirst: 0, importProcessName: '明細コネクタ run-1' });
  });

  it('imports documents after their customers, keeping the Japanese file name', async () => {
    api = client();
    const customers = expectOk(await api.importCustomers(customerRequest()));
    await waitUntilDone(() => api.customerImportState(customers.importId));
    const { importId } = expectOk(await api.importReports(reportRequest()));
    expect(await waitUntilDone(() => api.reportImportState(importId))).toEqual({ processStatus: 'complete' });
    const received = sandbox.imports().find((i) => i.kind === 'reports');
    expect(received?.fileName).toBe('請求データ_11月.csv');
    expect(received?.json).toEqual({ reportTypeId: 14, isNewIssues: 1, skipFirst: 1, isImmApproval: 0, importProcessName: '明細コネクタ run-2' });
    expect(received?.appliedRows).toBe(3);
  });

  it('sends isImmApproval 1 with pdfIssueType 0 and the approval flow when approving', async () => {
    api = client();
    const customers = expectOk(await api.importCustomers(customerRequest()));
    await waitUntilDone(() => api.customerImportState(customers.importId));
    const { importId } = expectOk(await api.importReports(reportRequest({ approve: true, approvalFlowId: 1 })));
    expect(await waitUntilDone(() => api.reportImportState(importId))).toEqual({ processStatus: 'complete' });
    expect(sandbox.imports()[1]?.json).toEqual({ reportTypeId: 14, isNewIssues: 1, skipFirst: 1, isImmApproval: 1, pdfIssueType: 0, approvalFlowId: 1, importProcessName: '明細コネクタ run-2' });
  });

  it('reports per-line failures from the state call with line and column (unknown 顧客コード)', async () => {
    api = client();
    const { importId } = expectOk(await api.importReports(reportRequest()));
    const state = await waitUntilDone(() => api.reportImportState(importId));
    expect(state.processStatus).toBe('failed');
    if (state.processStatus !== 'failed') return;
    expect(state.raw).toBe('error');
    expect(state.problems.map((p) => [p.line, p.column])).toEqual([[2, '顧客コード'], [3, '顧客コード'], [4, '顧客コード']]);
    expect(state.problems[0]?.message).toContain('C0001');
    expect(state.problems[0]?.code).toBe('E2003');
  });

  it('reports a line with the wrong number of columns', async () => {
    api = client();
    const text = [BILL_HEADER, billLine('C0001', 1), '2026年11月30日,C0002,1', ''].join('\r\n');
    const { importId } = expectOk(await api.importReports(reportRequest({ csv: cp932(text) })));
    const state = await waitUntilDone(() => api.reportImportState(importId));
    expect(state).toMatchObject({ processStatus: 'failed', problems: [{ line: 3, column: '項目数' }] });
  });

  it('refuses an unknown settingId at once (rejected, naming the field)', async () => {
    api = client();
    const error = expectError(await api.importCustomers(customerRequest({ settingId: 99 })), 'rejected');
    if (error.kind !== 'rejected') return;
    expect(error.problems).toEqual([{ message: '指定された取込設定IDの取込フォーマット設定がありません。（値: 99）', column: 'settingId', code: 'E1010' }]);
    expect(error.message).toContain('取込設定ID');
  });

  it('refuses an unknown reportTypeId at once', async () => {
    api = client();
    const error = expectError(await api.importReports(reportRequest({ reportTypeId: 7 })), 'rejected');
    if (error.kind === 'rejected') expect(error.problems[0]?.column).toBe('reportTypeId');
  });
});

describe('other calls', () => {
  it('deletes a document import; its state is then refused', async () => {
    api = client();
    const { importId } = expectOk(await api.importReports(reportRequest()));
    expect(await api.deleteReportImport(importId)).toEqual({ ok: true, value: null });
    expect(sandbox.imports()[0]?.deleted).toBe(true);
    expectError(await api.reportImportState(importId), 'rejected');
    expectError(await api.deleteReportImport(importId), 'rejected');
  });

  it('looks customers up by keyword', async () => {
    api = client();
    const { importId } = expectOk(await api.importCustomers(customerRequest()));
    await waitUntilDone(() => api.customerImportState(importId));
    expect(expectOk(await api.lookupCustomers('髙橋'))).toEqual({ count: 1 });
    expect(expectOk(await api.lookupCustomers(''))).toEqual({ count: 3 });
    expect(expectOk(await api.lookupCustomers('存在しない'))).toEqual({ count: 0 });
  });

  it('sends Cache-Control: no-cache on state calls and the token header everywhere', async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: 'success', processStatus: 'active', count: 0 }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      api = client({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/acme/` });
      expectOk(await api.reportImportState(5));
      expectOk(await api.lookupCustomers('x'));
      expect(seen[0]?.['cache-control']).toBe('no-cache');
      expect(seen.every((h) => h['x-wb-apitoken'] === SANDBOX_TOKEN)).toBe(true);
    } finally {
      server.close();
    }
  });

  it('opens a fresh connection per call by default (no stale keep-alive socket under an import POST)', async () => {
    let connections = 0;
    const server = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: 'success', count: 0 }));
    });
    server.on('connection', () => { connections++; });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      api = client({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/acme/` });
      expectOk(await api.lookupCustomers('a'));
      expectOk(await api.lookupCustomers('b'));
      expect(connections).toBe(2);
    } finally {
      server.close();
    }
  });

  it('uses the agent it is given (the app wires hpagent proxies this way)', async () => {
    let connections = 0;
    const agent = new (class extends http.Agent {
      override createConnection(...args: Parameters<http.Agent['createConnection']>) {
        connections++;
        return super.createConnection(...args);
      }
    })();
    logger = new MemoryLogger();
    api = createMeisaiClient({ baseUrl: sandbox.baseUrl(), token: SANDBOX_TOKEN, logger, agent: { http: agent } });
    expectOk(await api.lookupCustomers(''));
    expect(connections).toBe(1);
    agent.destroy();
  });
});

describe('every failure as an ApiError', () => {
  it('auth: wrong token → 401, and the wrong token is not logged either', async () => {
    const wrong = 'X'.repeat(64);
    api = client({ token: wrong });
    const error = expectError(await api.lookupCustomers(''), 'auth');
    expect(error).toMatchObject({ status: 401 });
    expect(JSON.stringify(error) + logger.text()).not.toContain(wrong);
  });

  it('not-found: unknown account → 404', async () => {
    api = client({ baseUrl: sandbox.baseUrl('nobody') });
    expect(expectError(await api.importCustomers(customerRequest()), 'not-found')).toMatchObject({ status: 404 });
    expect(sandbox.imports()).toEqual([]);
  });

  it('maintenance: HTTP 503', async () => {
    api = client();
    sandbox.faults.maintenance = '503';
    expectError(await api.importCustomers(customerRequest()), 'maintenance');
    expectError(await api.customerImportState(1), 'maintenance');
  });

  it('maintenance: HTTP 200 with the “Status: 503 Maintenance mode” page is never a success', async () => {
    api = client();
    sandbox.faults.maintenance = 'html';
    expectError(await api.importReports(reportRequest()), 'maintenance');
    expectError(await api.lookupCustomers(''), 'maintenance');
    expect(sandbox.imports()).toEqual([]);
  });

  it('server: HTTP 500, once', async () => {
    api = client();
    sandbox.faults.fail500 = 1;
    expect(expectError(await api.lookupCustomers(''), 'server')).toMatchObject({ status: 500 });
    expectOk(await api.lookupCustomers(''));
  });

  it('rate-limited: HTTP 429 over the per-minute limit', async () => {
    const limited = await startSandbox({ rateLimitPerMinute: 2 });
    try {
      api = client({ baseUrl: limited.baseUrl() });
      expectOk(await api.lookupCustomers(''));
      expectOk(await api.lookupCustomers(''));
      expectError(await api.lookupCustomers(''), 'rate-limited');
    } finally {
      await limited.close();
    }
  });

  it('unreachable: connection refused (nothing listens on the port)', async () => {
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    api = client({ baseUrl: `http://127.0.0.1:${port}/sandbox/` });
    const error = expectError(await api.importCustomers(customerRequest()), 'unreachable');
    expect(error.detail).toContain('ECONNREFUSED');
  });

  it('unreachable: aborted before anything was sent', async () => {
    api = client();
    const controller = new AbortController();
    controller.abort();
    expectError(await api.importCustomers(customerRequest(), controller.signal), 'unreachable');
    expect(sandbox.requestCount()).toBe(0);
  });

  it('uncertain: the connection drops after the whole body arrived — and the import did arrive', async () => {
    api = client();
    sandbox.faults.dropAfterBody = 1;
    const error = expectError(await api.importCustomers(customerRequest()), 'uncertain');
    expect(error.message).toContain('確認できません');
    const [received] = sandbox.imports();
    expect(received).toMatchObject({ answered: false, status: 'success', fileName: 'clientmaster_20261130.csv' });
  });

  it('uncertain: no answer within the response timeout', async () => {
    api = client({ responseMs: 200 });
    sandbox.faults.hangMs = 5_000;
    sandbox.faults.match = /^POST /;
    expectError(await api.importReports(reportRequest()), 'uncertain');
    expect(sandbox.imports()).toHaveLength(1);
    sandbox.faults.match = /\/state$/;
    expectError(await api.reportImportState(1), 'uncertain');
  });

  it('malformed: a 200 that is neither JSON nor a maintenance page, and JSON without importId', async () => {
    const bodies = [
      { type: 'text/plain', body: 'OK' },
      { type: 'application/json', body: JSON.stringify({ status: 'success' }) },
      { type: 'application/json', body: JSON.stringify({ status: 'success' }) },
    ];
    const server = http.createServer((_req, res) => {
      const next = bodies.shift() ?? { type: 'text/plain', body: '' };
      res.setHeader('content-type', next.type);
      res.end(next.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      api = client({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/acme/` });
      expectError(await api.importCustomers(customerRequest()), 'malformed');
      expectError(await api.importCustomers(customerRequest()), 'malformed');
      expectError(await api.customerImportState(3), 'malformed');
    } finally {
      server.close();
    }
  });

  it('maintenance for a time window, on the sandbox\'s clock, with Retry-After', async () => {
    api = client();
    const now = Date.now();
    sandbox.faults.maintenanceWindow = { from: new Date(now - 60_000), until: new Date(now + 3_600_000), kind: '503' };
    sandbox.faults.retryAfter = '120';
    const error = expectError(await api.importReports(reportRequest()), 'maintenance');
    expect(error).toMatchObject({ retryAfter: '120' });
    sandbox.faults.maintenanceWindow = { from: new Date(now - 60_000), until: new Date(now + 3_600_000), kind: 'html' };
    expectError(await api.reportImportState(1), 'maintenance');
    // Over: answered as usual.
    sandbox.faults.maintenanceWindow = { from: new Date(now - 60_000), until: new Date(now - 1), kind: '503' };
    expectOk(await api.lookupCustomers(''));
    expect(sandbox.imports()).toEqual([]);
  });

  it('rate-limited: the 429 carries the server\'s Retry-After', async () => {
    const limited = await startSandbox({ rateLimitPerMinute: 1 });
    try {
      api = client({ baseUrl: limited.baseUrl() });
      limited.faults.retryAfter = 'Wed, 25 Nov 2026 00:10:00 GMT';
      expectOk(await api.lookupCustomers(''));
      expect(expectError(await api.lookupCustomers(''), 'rate-limited')).toMatchObject({ retryAfter: 'Wed, 25 Nov 2026 00:10:00 GMT' });
    } finally {
      await limited.close();
    }
  });

  it('a crawling answer (headers, then a byte at a time) is cut at the POST deadline: uncertain, and the import did arrive', async () => {
    api = client({ postDeadlineMs: 1_500 });
    sandbox.faults.match = /^POST /;
    sandbox.faults.crawl = { everyMs: 200 };
    const error = expectError(await api.importReports(reportRequest()), 'uncertain');
    expect(error.detail).toContain('(request)');
    expect(sandbox.imports()).toHaveLength(1);
    // Far from the whole answer was read.
    expect(sandbox.faultStats().answerBytesWritten).toBeLessThan(100);
  });

  it('a crawling state poll is cut at the (shorter) poll deadline, as a failure worth another try', async () => {
    api = client({ getDeadlineMs: 600 });
    sandbox.faults.match = /\/state$/;
    sandbox.faults.crawl = { everyMs: 200 };
    expectError(await api.reportImportState(1), 'uncertain');
  });

  it('a huge answer is cut off at the cap without being held: malformed, only the cap read', async () => {
    api = client({ maxAnswerBytes: 64 * 1024 });
    sandbox.faults.match = /^POST /;
    sandbox.faults.hugeAnswerBytes = 512 * 1024 * 1024;
    const error = expectError(await api.importCustomers(customerRequest()), 'malformed');
    expect(error.message).toContain('大きすぎる');
    // The sandbox stopped writing soon after the client hung up: a few socket buffers, not 512 MB.
    expect(sandbox.faultStats().answerBytesWritten).toBeLessThan(64 * 1024 * 1024);
  });

  it('a huge maintenance page is still maintenance (the first bytes say so)', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/html' });
      res.end(`<html>${'m'.repeat(256 * 1024)}</html>`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      api = client({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/acme/`, maxAnswerBytes: 1024 });
      expectError(await api.importReports(reportRequest()), 'maintenance');
    } finally {
      server.close();
    }
  });

  it('unreachable: the body could not be fully sent in time (the server never read it)', async () => {
    // The send timeout ends it here (the POST's deadline grows with the body's size).
    api = client({ postDeadlineMs: 1_000, responseMs: 800 });
    sandbox.faults.match = /^POST /;
    sandbox.faults.stallRequestBody = true;
    // Far larger than the socket buffers on both sides, so the body cannot all leave.
    const big = new Uint8Array(32 * 1024 * 1024).fill(0x41);
    const error = expectError(await api.importReports(reportRequest({ csv: big })), 'unreachable');
    expect(error.message).toContain('データは送信されていません');
    expect(sandbox.imports()).toEqual([]);
  });

  it('no error or log line carries the token', () => {
    expect(seenErrors.length).toBeGreaterThan(10);
    const kinds = new Set(seenErrors.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['auth', 'maintenance', 'malformed', 'not-found', 'rate-limited', 'rejected', 'server', 'uncertain', 'unreachable']);
    for (const error of seenErrors) expect(`${error.message} ${error.detail}`).not.toContain(SANDBOX_TOKEN);
  });
});
