// The emulator seen from outside, with Node's own fetch and FormData (what a browser-like client
// sends), independent of the project's client.
import http from 'node:http';
import iconv from 'iconv-lite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../ports/logger';
import { LIMITS } from './assumed-behaviour';
import { defaultSandboxAccount, SANDBOX_ACCOUNT, SANDBOX_TOKEN, startSandbox, type SandboxHandle } from './sandbox-server';

const CUSTOMERS = '顧客コード,顧客名,郵便番号,住所１,住所２,会社名,担当者名,メールアドレス\r\nC0001,株式会社さくら商事,100-0001,東京都千代田区千代田1-1,さくらビル3F,株式会社さくら商事,山田 太郎 様,yamada@sakura.example.jp\r\nC0005,﨑山デザイン事務所,810-0001,福岡県福岡市中央区天神1-2-3,天神ビル5F,﨑山デザイン事務所,﨑山 さくら 様,sakiyama@design.example.jp\r\n';

let sandbox: SandboxHandle;
const logger = new MemoryLogger();

beforeAll(async () => {
  sandbox = await startSandbox({ importDelayMs: 20, rateLimitPerMinute: null, logger });
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.reset());

function form(json: Record<string, unknown>, files: { name: string; bytes: Uint8Array; type?: string }[]): FormData {
  const body = new FormData();
  body.append('json', new Blob([JSON.stringify(json)], { type: 'application/json' }));
  files.forEach((f, i) => body.append(`files[${i}]`, new Blob([f.bytes], { type: f.type ?? 'text/csv; charset=Windows-31J' }), f.name));
  return body;
}

async function call(path: string, init: RequestInit & { token?: string | null; base?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.token !== null) headers.set('x-wb-apitoken', init.token ?? SANDBOX_TOKEN);
  const response = await fetch(new URL(path, init.base ?? sandbox.baseUrl()), { ...init, headers });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try { json = JSON.parse(text) as Record<string, unknown>; } catch { /* HTML pages */ }
  return { status: response.status, text, json, headers: response.headers };
}

const postCustomers = (json: Record<string, unknown>, text = CUSTOMERS, name = '顧客マスタ.csv') =>
  call('api/v1/customers/imports', { method: 'POST', body: form(json, [{ name, bytes: iconv.encode(text, 'cp932') }]) });

/**
 * A POST in the exact shape of RAKUS's public Java sample (HttpURLConnection, written by hand): a
 * boundary of six `=` and the time in milliseconds, bare in the header; `fileName=` with the name in
 * raw UTF-8; the CSV written line by line in Windows-31J, then one more CRLF before the closing
 * delimiter. Sent with node:http so that every byte is ours, not a FormData encoder's.
 */
function postJavaSampleShape(path: string, json: string, fileName: string, csv: Buffer): Promise<{ status: number; json: Record<string, unknown> }> {
  const boundary = '======1732950000000';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\n`
      + 'Content-Disposition: form-data; name="json"\r\n'
      + 'Content-Type: application/json; charset=UTF-8\r\n'
      + '\r\n'
      + `${json}\r\n`
      + `--${boundary}\r\n`
      + `Content-Disposition: form-data; name="files[0]"; fileName="${fileName}"\r\n`
      + 'Content-Type: text/csv; charset=Windows-31J\r\n'
      + '\r\n',
      'utf8',
    ),
    csv,
    Buffer.from(`\r\n\r\n--${boundary}--\r\n`, 'utf8'),
  ]);
  const url = new URL(path, sandbox.baseUrl());
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'X-WB-apitoken': SANDBOX_TOKEN, 'Content-Length': String(body.byteLength) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function settle(kind: 'customers' | 'reports', importId: unknown): Promise<Record<string, unknown>> {
  for (;;) {
    const { json } = await call(`api/v1/${kind}/imports/${String(importId)}/state`, { headers: { 'cache-control': 'no-cache' } });
    if (json.processStatus !== 'active') return json;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('startSandbox', () => {
  it('listens on 127.0.0.1 and names the default account', () => {
    expect(sandbox.port).toBeGreaterThan(0);
    expect(sandbox.baseUrl()).toBe(`http://127.0.0.1:${sandbox.port}/${SANDBOX_ACCOUNT}/`);
    expect(SANDBOX_TOKEN).toMatch(/^[A-Za-z0-9]{64}$/);
  });

  it('answers an import with the page’s fields, then active → complete', async () => {
    const { status, json } = await postCustomers({ settingId: 1, isUpdateInfo: 0, updateBlank: 2, skipFirst: 1, importProcessName: 'テスト' });
    expect(status).toBe(200);
    expect(Object.keys(json).sort()).toEqual(['accessTime', 'code', 'errors', 'importId', 'linkuri', 'status', 'url', 'version']);
    expect(json.status).toBe('success');
    expect(typeof json.importId).toBe('number');
    expect((await settle('customers', json.importId)).processStatus).toBe('complete');
    const [received] = sandbox.imports();
    expect(received).toMatchObject({ kind: 'customers', fileName: '顧客マスタ.csv', text: CUSTOMERS, processStatus: 'complete', appliedRows: 2, answered: true });
    expect(received?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(sandbox.customers().map((c) => c.fields['顧客名'])).toEqual(['株式会社さくら商事', '﨑山デザイン事務所']);
  });

  it('takes a request byte for byte in the shape of RAKUS’s Java sample (bare = boundary, fileName= in raw UTF-8)', async () => {
    // The sample's own json, typo included ("ispdatenfo"), with this tenant's settingId.
    const json = '{"ispdatenfo":0,"updateBlank":2,"importProcessName":"顧客データ取込サンプル","skipFirst":1,"settingId":1}';
    const { status, json: answer } = await postJavaSampleShape('api/v1/customers/imports', json, '顧客20211112.csv', iconv.encode(CUSTOMERS, 'cp932'));
    expect([status, answer.status, answer.errors]).toEqual([200, 'success', []]);
    expect((await settle('customers', answer.importId)).processStatus).toBe('complete');
    const [received] = sandbox.imports();
    // The sample's extra CRLF arrives as part of the file; the blank line it makes is not a customer.
    expect(received).toMatchObject({ fileName: '顧客20211112.csv', text: `${CUSTOMERS}\r\n`, appliedRows: 2, json: { importProcessName: '顧客データ取込サンプル', settingId: 1 } });
    expect(sandbox.customers().map((c) => c.fields['顧客名'])).toEqual(['株式会社さくら商事', '﨑山デザイン事務所']);
  });

  it('counts the limits on a Java-sample-shaped file the way the API page says: 10,000 lines, 3 MB', async () => {
    const line = 'C1,名前,100-0001,東京都,,会社,担当,a@example.jp\r\n';
    const json = '{"skipFirst":1,"settingId":1}';
    const atLimit = await postJavaSampleShape('api/v1/customers/imports', json, 'a.csv', iconv.encode(`${CUSTOMERS}${line.repeat(LIMITS.maxLines - 3)}`, 'cp932'));
    expect(atLimit.json.status).toBe('success');
    const overLines = await postJavaSampleShape('api/v1/customers/imports', json, 'b.csv', iconv.encode(`${CUSTOMERS}${line.repeat(LIMITS.maxLines - 2)}`, 'cp932'));
    expect((overLines.json.errors as { code: string }[])[0]?.code).toBe('E1030');
    const overBytes = await postJavaSampleShape('api/v1/customers/imports', '{"skipFirst":0}', 'c.csv', iconv.encode(`C1,${'あ'.repeat(LIMITS.maxBytes / 2)},,,,,,\r\n`, 'cp932'));
    expect((overBytes.json.errors as { code: string }[])[0]?.code).toBe('E1031');
  });

  it('refuses with 「multipart/form-data で送信してください。」 what no server could read as a form', async () => {
    const urlEncoded = await call('api/v1/customers/imports', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'json=%7B%7D' });
    const noBoundary = await call('api/v1/customers/imports', { method: 'POST', headers: { 'content-type': 'multipart/form-data' }, body: '--x\r\n\r\n--x--\r\n' });
    for (const r of [urlEncoded, noBoundary]) {
      expect(r.json).toMatchObject({ status: 'error', importId: null, errors: [{ code: 'E1000', msg: 'multipart/form-data で送信してください。' }] });
    }
  });

  it('uses the smallest settingId when it is omitted', async () => {
    const custom = await startSandbox({
      importDelayMs: 0,
      rateLimitPerMinute: null,
      accounts: [defaultSandboxAccount({
        account: 'acme',
        customerFormats: [
          { settingId: 9, name: 'wide', columns: ['顧客コード', 'a', 'b'], codeColumn: '顧客コード' },
          { settingId: 4, name: 'narrow', columns: ['顧客コード', '顧客名'], codeColumn: '顧客コード' },
        ],
      })],
    });
    try {
      const posted = await call('api/v1/customers/imports', { base: custom.baseUrl(), method: 'POST', body: form({ skipFirst: 0 }, [{ name: 'a.csv', bytes: iconv.encode('K1,名前\r\n', 'cp932') }]) });
      expect(posted.json.status).toBe('success');
      for (;;) {
        const state = custom.imports('acme')[0]?.processStatus;
        if (state !== 'active') { expect(state).toBe('complete'); break; }
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(custom.customers('acme')).toEqual([{ code: 'K1', fields: { 顧客コード: 'K1', 顧客名: '名前' }, webStatus: '未利用' }]);
    } finally {
      await custom.close();
    }
  });

  it('reads the header as data when skipFirst is 0', async () => {
    const { json } = await postCustomers({ skipFirst: 0 });
    await settle('customers', json.importId);
    expect(sandbox.customers().map((c) => c.code)).toEqual(['顧客コード', 'C0001', 'C0005']);
  });

  it('takes the CSV from files[1] when files[0] is a ZIP of attachments, and ignores extra fields', async () => {
    await settle('customers', (await postCustomers({})).json.importId);
    const bill = '日付,顧客コード,ページ,ご請求金額,振込期限日,請求年月,明細名称,請求明細No.,明細金額,備考,登録番号\r\n2026年11月30日,C0001,1,100,2026年12月31日,2026年11月,作業 ①,No.1,100,,T1\r\n';
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]);
    const { json } = await call('api/v1/reports/imports', {
      method: 'POST',
      body: form({ reportTypeId: 14, isNewIssues: 1, skipFirst: 1, isImmApproval: 0, isSendMail: 0, inputUserComment: 'x' }, [
        { name: '添付.zip', bytes: zip, type: 'application/zip' },
        { name: '請求.csv', bytes: iconv.encode(bill, 'cp932') },
      ]),
    });
    expect(json.status).toBe('success');
    expect((await settle('reports', json.importId)).processStatus).toBe('complete');
    expect(sandbox.imports().at(-1)).toMatchObject({ fileName: '請求.csv', attachmentFileName: '添付.zip', text: bill });
  });

  it('fails an import per line through the state call, in the import response’s shape', async () => {
    const { json } = await postCustomers({ skipFirst: 1 }, `${CUSTOMERS},,,,,,,\r\nC0009,足りない\r\n`);
    const state = await settle('customers', json.importId);
    expect(state.processStatus).toBe('error');
    expect(state.errors).toEqual([{
      code: 'E2000', msg: 'CSVファイルの内容に誤りがあるため、取り込みませんでした。', description: [
        { code: 'E2002', msg: '4行目: 顧客コードが入力されていません。', name: '顧客コード', value: '' },
        { code: 'E2001', msg: '5行目: 項目数が正しくありません（8項目必要ですが2項目です）。', name: '項目数', value: '2' },
      ],
    }]);
    // All or nothing: the good lines were not applied either.
    expect(sandbox.customers()).toEqual([]);
  });

  it('refuses at once: unknown settingId / reportTypeId, pdfIssueType missing, flow that cannot skip approval, no file, bad json', async () => {
    const refusals = [
      await postCustomers({ settingId: 99 }),
      await call('api/v1/reports/imports', { method: 'POST', body: form({ reportTypeId: 99 }, [{ name: 'a.csv', bytes: new Uint8Array([0x41]) }]) }),
      await call('api/v1/reports/imports', { method: 'POST', body: form({ reportTypeId: 14, isImmApproval: 1 }, [{ name: 'a.csv', bytes: new Uint8Array([0x41]) }]) }),
      await call('api/v1/reports/imports', { method: 'POST', body: form({ reportTypeId: 14, isImmApproval: 1, pdfIssueType: 0, approvalFlowId: 2 }, [{ name: 'a.csv', bytes: new Uint8Array([0x41]) }]) }),
      await call('api/v1/customers/imports', { method: 'POST', body: form({}, []) }),
      await call('api/v1/customers/imports', { method: 'POST', body: (() => { const f = form({}, [{ name: 'a.csv', bytes: new Uint8Array([0x41]) }]); f.set('json', '{oops'); return f; })() }),
    ];
    expect(refusals.map((r) => [r.status, r.json.status, r.json.importId, (r.json.errors as { code: string }[])[0]?.code])).toEqual([
      [200, 'error', null, 'E1010'],
      [200, 'error', null, 'E1020'],
      [200, 'error', null, 'E1021'],
      [200, 'error', null, 'E1023'],
      [200, 'error', null, 'E1002'],
      [200, 'error', null, 'E1001'],
    ]);
  });

  it('refuses files over 10,000 lines or 3 MB', async () => {
    const line = 'C1,名前,100-0001,東京都,,会社,担当,a@example.jp\r\n';
    const tooLong = await postCustomers({}, `${CUSTOMERS}${line.repeat(LIMITS.maxLines - 2)}`);
    expect((tooLong.json.errors as { code: string }[])[0]?.code).toBe('E1030');
    const atLimit = await postCustomers({}, `${CUSTOMERS}${line.repeat(LIMITS.maxLines - 3)}`);
    expect(atLimit.json.status).toBe('success');
    const big = await postCustomers({ skipFirst: 0 }, `C1,${'あ'.repeat(LIMITS.maxBytes / 2)},,,,,,\r\n`);
    expect((big.json.errors as { code: string }[])[0]?.code).toBe('E1031');
  });

  it('documents need their customers; 利用中 customers are kept unless isUpdateInfo=1', async () => {
    const seeded = await startSandbox({
      importDelayMs: 0, rateLimitPerMinute: null,
      accounts: [defaultSandboxAccount({ customers: [{ code: 'C0001', fields: { 顧客コード: 'C0001', 顧客名: '旧名' }, webStatus: '利用中' }] })],
    });
    try {
      const post = (json: Record<string, unknown>) => call('api/v1/customers/imports', { base: seeded.baseUrl(), method: 'POST', body: form(json, [{ name: 'c.csv', bytes: iconv.encode(CUSTOMERS, 'cp932') }]) });
      const waitComplete = async () => {
        while (seeded.imports().some((i) => i.processStatus === 'active')) await new Promise((r) => setTimeout(r, 5));
      };
      await post({ isUpdateInfo: 0 });
      await waitComplete();
      expect(seeded.customers().find((c) => c.code === 'C0001')?.fields['顧客名']).toBe('旧名');
      await post({ isUpdateInfo: 1 });
      await waitComplete();
      expect(seeded.customers().find((c) => c.code === 'C0001')?.fields['顧客名']).toBe('株式会社さくら商事');
    } finally {
      await seeded.close();
    }
  });

  it('looks customers up by keyword and deletes report imports', async () => {
    await settle('customers', (await postCustomers({})).json.importId);
    const lookup = await call(`api/v1/customers/?keyword=${encodeURIComponent('さくら')}`);
    expect(lookup.json).toMatchObject({ status: 'success', count: 2 });
    const missing = await call('api/v1/reports/imports/999999', { method: 'DELETE' });
    expect(missing.json.status).toBe('error');
  });

  it('401 with an errors list for a wrong or missing token, never echoing it; 404 page for an unknown account', async () => {
    const wrong = await call('api/v1/customers/', { token: 'W'.repeat(64) });
    expect(wrong.status).toBe(401);
    expect(wrong.json.errors).toEqual([{ code: 'E0401', msg: 'APIトークンが正しくありません。', description: [{ code: 'E0401', msg: 'X-WB-apitoken を確認してください。', name: 'X-WB-apitoken', value: '' }] }]);
    expect(wrong.text).not.toContain('WWWW');
    expect((await call('api/v1/customers/', { token: null })).status).toBe(401);
    const unknown = await call('api/v1/customers/', { base: sandbox.baseUrl('nobody') });
    expect([unknown.status, unknown.headers.get('content-type')]).toEqual([404, 'text/html; charset=UTF-8']);
    expect(sandbox.requestCount('nobody')).toBe(1);
  });

  it('maintenance: 503, or 200 with a page whose first line is “Status: 503 Maintenance mode”', async () => {
    sandbox.faults.maintenance = '503';
    expect((await call('api/v1/customers/')).status).toBe(503);
    sandbox.faults.maintenance = 'html';
    const page = await call('api/v1/customers/');
    expect(page.status).toBe(200);
    expect(page.text.split('\r\n')[0]).toBe('Status: 503 Maintenance mode');
  });

  it('fail500 counts down and can be limited to one path', async () => {
    sandbox.faults.fail500 = 1;
    sandbox.faults.match = /\/state$/;
    expect((await call('api/v1/customers/')).status).toBe(200);
    expect((await call('api/v1/customers/imports/1/state')).status).toBe(500);
    expect((await call('api/v1/customers/imports/1/state')).status).toBe(200);
    expect(sandbox.requestCount()).toBe(3);
  });

  it('dropAfterBody records the import, processes it, and answers nothing', async () => {
    sandbox.faults.dropAfterBody = 1;
    await expect(postCustomers({})).rejects.toThrow();
    const [received] = sandbox.imports();
    expect(received).toMatchObject({ answered: false, status: 'success' });
    expect((await settle('customers', received?.importId)).processStatus).toBe('complete');
  });

  it('429 over the per-minute limit, with Retry-After; refused calls do not count', async () => {
    const limited = await startSandbox({ rateLimitPerMinute: 3 });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 5; i++) {
        const r = await call('api/v1/customers/', { base: limited.baseUrl() });
        statuses.push(r.status);
        retryAfter ??= r.headers.get('retry-after');
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(retryAfter).toBe('60');
      expect(limited.requestCount()).toBe(5);
    } finally {
      await limited.close();
    }
  });

  it('close() ends even while an answer is held back by hangMs', async () => {
    const hanging = await startSandbox({ rateLimitPerMinute: null });
    hanging.faults.hangMs = 600_000;
    const pending = fetch(new URL('api/v1/customers/', hanging.baseUrl()), { headers: { 'x-wb-apitoken': SANDBOX_TOKEN } }).then(() => 'answered', () => 'dropped');
    while (hanging.requestCount() === 0) await new Promise((r) => setTimeout(r, 5));
    await hanging.close();
    expect(await pending).toBe('dropped');
  });

  it('never logs the token', () => {
    expect(logger.lines.length).toBeGreaterThan(0);
    expect(logger.text()).not.toContain(SANDBOX_TOKEN);
  });
});
