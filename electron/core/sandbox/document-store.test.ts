// 新規発行 and 差替発行 as the sandbox tenant applies them: pure on the store, then end to end through
// the project's own client over HTTP (what the runner sends for the clerk's 差替発行).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeisaiClient } from '../api/meisai-client';
import type { ImportState, MeisaiApi } from '../api/types';
import { silentLogger } from '../ports/logger';
import { csvRows } from './csv-rows';
import { createDocumentStore } from './document-store';
import { defaultSandboxAccount, type DocumentType } from './sandbox-accounts';
import { SANDBOX_TOKEN, startSandbox, type SandboxHandle } from './sandbox-server';

const BILL: DocumentType = { reportTypeId: 14, name: '請求書', columns: ['日付', '顧客コード', '明細名称', '明細金額'], customerCodeColumn: '顧客コード' };
const rows = (text: string) => {
  const parsed = csvRows(text);
  if (!parsed.ok) throw new Error('csv');
  return parsed.rows;
};
const current = (store: ReturnType<typeof createDocumentStore>) => store.all().filter((d) => d.replacedBy === null);

describe('document store', () => {
  const NOV = '11/30,C1,保守,1000\r\n11/30,C1,追加,500\r\n11/30,C2,部品,2000\r\n';

  it('a new issue makes one document per customer code (auto-numbered); issuing the same lines again doubles them', () => {
    const store = createDocumentStore();
    expect(store.apply(BILL, rows(NOV), 1, 1001)).toEqual([]);
    expect(current(store).map((d) => [d.documentNo, d.lines.length])).toEqual([['R14001001_000000C1', 2], ['R14001001_000000C2', 1]]);
    store.apply(BILL, rows(NOV), 1, 1002);
    expect(current(store).filter((d) => d.customerCode === 'C1')).toHaveLength(2);
  });

  it('a 差替発行 replaces the customer’s newest document, keeping its number', () => {
    const store = createDocumentStore();
    store.apply(BILL, rows(NOV), 1, 1001);
    expect(store.apply(BILL, rows(NOV.replace('2000', '2200')), 2, 1002)).toEqual([]);
    const now = current(store);
    expect(now.map((d) => [d.customerCode, d.documentNo, d.importId, d.issue])).toEqual([
      ['C1', 'R14001001_000000C1', 1002, 'replace'],
      ['C2', 'R14001001_000000C2', 1002, 'replace'],
    ]);
    expect(now.find((d) => d.customerCode === 'C2')?.lines).toEqual(['11/30,C2,部品,2200']);
    expect(store.all().filter((d) => d.replacedBy === 1002)).toHaveLength(2);
  });

  it('a 差替発行 line with nothing to replace refuses the whole file, changing nothing', () => {
    const store = createDocumentStore();
    store.apply(BILL, rows('11/30,C1,保守,1000\r\n'), 1, 1001);
    const problems = store.apply(BILL, rows('11/30,C1,保守,900\r\n11/30,C9,新規,1\r\n'), 2, 1002);
    expect(problems.map((p) => p.msg)).toEqual(['2行目: 差替対象の帳票がありません（顧客コード「C9」）。']);
    expect(current(store).map((d) => d.importId)).toEqual([1001]);
  });

  it('with a 帳票No column: one document per 帳票No, a new issue of a taken 帳票No is refused, 差替発行 replaces by it', () => {
    const type: DocumentType = { ...BILL, columns: ['帳票No', ...BILL.columns], documentNoColumn: '帳票No' };
    const store = createDocumentStore();
    expect(store.apply(type, rows('B-1,11/30,C1,保守,1000\r\nB-2,11/30,C1,別件,10\r\n'), 1, 1001)).toEqual([]);
    expect(current(store).map((d) => d.documentNo)).toEqual(['B-1', 'B-2']);
    expect(store.apply(type, rows('B-1,11/30,C1,保守,1000\r\n'), 1, 1002).map((p) => p.code)).toEqual(['E2007']);
    expect(store.apply(type, rows('B-2,11/30,C1,別件,20\r\n'), 2, 1003)).toEqual([]);
    expect(current(store).map((d) => [d.documentNo, d.importId])).toEqual([['B-1', 1001], ['B-2', 1003]]);
  });
});

describe('差替発行 through the client and the sandbox over HTTP', () => {
  let sandbox: SandboxHandle;
  let api: MeisaiApi;
  beforeAll(async () => {
    const customers = ['C0001', 'C0002', 'C0003', 'C0004', 'C0005'].map((code) => ({ code, fields: {}, webStatus: '未利用' as const }));
    sandbox = await startSandbox({ importDelayMs: 0, rateLimitPerMinute: null, accounts: [defaultSandboxAccount({ customers })] });
    api = createMeisaiClient({ baseUrl: sandbox.baseUrl(), token: SANDBOX_TOKEN, logger: silentLogger });
  });
  afterAll(() => sandbox.close());

  async function imported(issue: 'new' | 'replace', csv: Uint8Array): Promise<ImportState> {
    const r = await api.importReports({ reportTypeId: 14, skipFirst: true, approve: false, approvalFlowId: null, importProcessName: 't', fileName: 'b.csv', csv, issue });
    if (!r.ok) throw new Error(r.error.detail);
    for (;;) {
      const state = await api.reportImportState(r.value.importId);
      if (!state.ok) throw new Error(state.error.detail);
      if (state.value.processStatus !== 'active') return state.value;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('the sample issued, then corrected and sent as 差替発行: each customer’s invoice exists once, with the corrected line', async () => {
    const original = await readFile(join(import.meta.dirname, '../../../resources/samples/billdata_20261130.csv'));
    expect((await imported('new', original)).processStatus).toBe('complete');
    const corrected = iconv.encode(iconv.decode(original, 'cp932').replace(',33000,2026年12月31日,2026年11月,資材レンタル料,No.000003,33000,', ',36300,2026年12月31日,2026年11月,資材レンタル料,No.000003,36300,'), 'cp932');
    expect((await imported('replace', corrected)).processStatus).toBe('complete');
    const live = sandbox.documents().filter((d) => d.replacedBy === null);
    expect(live.map((d) => d.customerCode).sort()).toEqual(['C0001', 'C0002', 'C0003', 'C0004', 'C0005']);
    expect(live.find((d) => d.customerCode === 'C0002')?.lines[0]).toContain('36300');
    expect(sandbox.imports().map((i) => i.json.isNewIssues)).toEqual([1, 2]);
  });
});
