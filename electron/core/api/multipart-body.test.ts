// The exact bytes of one import POST as they arrive on a loopback server: only the random boundary
// is substituted. The expected bytes are written out by hand here, independent of the builder.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLogger } from '../ports/logger';
import { createMeisaiClient } from './meisai-client';
import { buildMultipartBody, quoteFormDataValue } from './multipart-body';

interface Captured { method: string; url: string; headers: http.IncomingHttpHeaders; body: Buffer }
const captured: Captured[] = [];
let server: http.Server;
let port: number;
const TOKEN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ab';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      captured.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ importId: 42, status: 'success', code: '200', url: '', version: '1.0', accessTime: '', linkuri: '', errors: [] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('import POST on the wire', () => {
  it('is exactly the expected multipart body (CSV bytes untouched, Japanese file name in raw UTF-8)', async () => {
    const csvText = '日付,顧客コード,明細名称\r\n2026年11月30日,C0003,髙橋様 倉庫保管料 ①\r\n';
    const csv = iconv.encode(csvText, 'cp932');
    const api = createMeisaiClient({ baseUrl: `http://127.0.0.1:${port}/acme/`, token: TOKEN, logger: new MemoryLogger(), userAgent: 'meisai-connector/test' });
    const result = await api.importReports({
      reportTypeId: 14, skipFirst: true, approve: true, approvalFlowId: null,
      importProcessName: '明細コネクタ 2026-11-30 09:00', fileName: '請求"データ_11月.csv', csv: new Uint8Array(csv),
    });
    expect(result).toEqual({ ok: true, value: { importId: 42 } });

    const request = captured.at(-1);
    if (!request) throw new Error('nothing captured');
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/acme/api/v1/reports/imports');
    expect(request.headers['x-wb-apitoken']).toBe(TOKEN);
    expect(request.headers['user-agent']).toBe('meisai-connector/test');
    const boundary = /^multipart\/form-data; boundary=(\S+)$/.exec(request.headers['content-type'] ?? '')?.[1];
    if (!boundary) throw new Error(`no boundary in ${request.headers['content-type']}`);
    expect(request.headers['content-length']).toBe(String(request.body.byteLength));

    const expected = Buffer.concat([
      Buffer.from(
        '--BOUNDARY\r\n'
        + 'Content-Disposition: form-data; name="json"\r\n'
        + 'Content-Type: application/json; charset=UTF-8\r\n'
        + '\r\n'
        + '{"reportTypeId":14,"isNewIssues":1,"skipFirst":1,"isImmApproval":1,"pdfIssueType":0,"importProcessName":"明細コネクタ 2026-11-30 09:00"}\r\n'
        + '--BOUNDARY\r\n'
        + 'Content-Disposition: form-data; name="files[0]"; filename="請求%22データ_11月.csv"\r\n'
        + 'Content-Type: text/csv; charset=Windows-31J\r\n'
        + '\r\n',
        'utf8',
      ),
      csv,
      Buffer.from('\r\n--BOUNDARY--\r\n', 'utf8'),
    ]);
    // Substitute only the boundary; compare as latin1 so every byte counts (CP932 bytes included).
    const actual = request.body.toString('latin1').split(boundary).join('BOUNDARY');
    expect(actual).toBe(expected.toString('latin1'));
  });
});

describe('quoteFormDataValue', () => {
  it('escapes only quote, CR and LF, as browsers do', () => {
    expect(quoteFormDataValue('a"b\r\nc\\d 請求.csv')).toBe('"a%22b%0D%0Ac\\d 請求.csv"');
  });

  it('a built body parses back with Node’s own multipart parser', async () => {
    const built = buildMultipartBody([
      { name: 'json', contentType: 'application/json; charset=UTF-8', body: Buffer.from('{"a":1}') },
      { name: 'files[0]', contentType: 'text/csv; charset=Windows-31J', fileName: '顧客"マスタ".csv', body: iconv.encode('髙,﨑\r\n', 'cp932') },
    ]);
    const form = await new Response(built.body, { headers: { 'content-type': built.contentType } }).formData();
    expect(form.get('json')).toBe('{"a":1}');
    const file = form.get('files[0]') as unknown as { name: string; arrayBuffer(): Promise<ArrayBuffer> };
    expect(file.name).toBe('顧客"マスタ".csv');
    expect(iconv.decode(Buffer.from(await file.arrayBuffer()), 'cp932')).toBe('髙,﨑\r\n');
  });
});
