import { describe, expect, it } from 'vitest';
import { checkCustomerCsv, checkReportCsv, upsertCustomers } from './import-validation';
import { defaultSandboxAccount, type SandboxCustomer } from './sandbox-accounts';

const account = defaultSandboxAccount();
const simple = account.customerFormats.find((f) => f.settingId === 2);
const payment = account.documentTypes.find((t) => t.reportTypeId === 15);
if (!simple || !payment) throw new Error('default account changed');

describe('checkCustomerCsv', () => {
  it('accepts good lines and skips the header only when told', () => {
    const text = '顧客コード,顧客名,メールアドレス\r\nC1,一,a@example.jp\r\n';
    expect(checkCustomerCsv(text, simple, true)).toMatchObject({ problems: [], rows: [{ line: 2 }] });
    expect(checkCustomerCsv(text, simple, false).rows).toHaveLength(2);
  });

  it('names every bad line: column count and empty 顧客コード', () => {
    const text = 'h,h,h\r\nC1,一\r\n,二,b@example.jp\r\nC3,三,c@example.jp\r\n';
    expect(checkCustomerCsv(text, simple, true).problems.map((p) => p.msg)).toEqual([
      '2行目: 項目数が正しくありません（3項目必要ですが2項目です）。',
      '3行目: 顧客コードが入力されていません。',
    ]);
  });

  it('names a line holding bytes that are not Windows-31J', () => {
    const text = 'h,h,h\r\nC1,\uFFFD名前,a@example.jp\r\n';
    expect(checkCustomerCsv(text, simple, true).problems.map((p) => [p.code, p.msg])).toEqual([
      ['E2006', '2行目: 文字コードがWindows-31J（Shift_JIS）ではない文字が含まれています。'],
    ]);
  });

  it('a header-only file has no data', () => {
    expect(checkCustomerCsv('顧客コード,顧客名,メールアドレス\r\n', simple, true).problems.map((p) => p.code)).toEqual(['E2005']);
  });
});

describe('checkReportCsv', () => {
  it('refuses lines whose 顧客コード is not in the master', () => {
    const master = new Map<string, SandboxCustomer>([['C1', { code: 'C1', fields: {}, webStatus: '未利用' }]]);
    const text = 'h,h,h,h,h,h,h\r\n2026/11/30,C1,2026年11月,100,作業,100,\r\n2026/11/30,C2,2026年11月,100,作業,100,\r\n';
    expect(checkReportCsv(text, payment, true, master).problems).toEqual([
      { code: 'E2003', msg: '3行目: 顧客コード「C2」の顧客が登録されていません。', name: '顧客コード', value: 'C2' },
    ]);
  });
});

describe('upsertCustomers', () => {
  const rows = (fields: string[][]) => fields.map((f, i) => ({ line: i + 2, fields: f }));
  const start = () => new Map<string, SandboxCustomer>([
    ['C1', { code: 'C1', fields: { 顧客コード: 'C1', 顧客名: '旧一', メールアドレス: 'old1@example.jp' }, webStatus: '未利用' }],
    ['C2', { code: 'C2', fields: { 顧客コード: 'C2', 顧客名: '旧二', メールアドレス: 'old2@example.jp' }, webStatus: '利用中' }],
  ]);

  it('adds new customers, updates existing ones and keeps 利用中 customers unless told', () => {
    const master = start();
    const counts = upsertCustomers(master, simple, rows([['C1', '新一', 'new1@example.jp'], ['C2', '新二', ''], ['C3', '三', '']]), { overwriteInUse: false, overwriteWithBlank: false });
    expect(counts).toEqual({ added: 1, updated: 1, skippedInUse: 1 });
    expect(master.get('C1')?.fields['顧客名']).toBe('新一');
    expect(master.get('C2')?.fields['顧客名']).toBe('旧二');
    expect(master.get('C3')?.webStatus).toBe('未利用');
  });

  it('updateBlank: 2 keeps the old value for a blank cell, 1 clears it', () => {
    const keep = start();
    upsertCustomers(keep, simple, rows([['C1', '新一', '']]), { overwriteInUse: false, overwriteWithBlank: false });
    expect(keep.get('C1')?.fields['メールアドレス']).toBe('old1@example.jp');
    const clear = start();
    upsertCustomers(clear, simple, rows([['C1', '新一', ''], ['C2', '新二', '']]), { overwriteInUse: true, overwriteWithBlank: true });
    expect(clear.get('C1')?.fields['メールアドレス']).toBe('');
    expect(clear.get('C2')?.fields).toEqual({ 顧客コード: 'C2', 顧客名: '新二', メールアドレス: '' });
  });
});
