import { describe, expect, it } from 'vitest';
import type { SettingRef } from './setting-refs';
import { settingRefusal } from './setting-errors';

const bill: SettingRef = {
  kind: 'report', key: 'bill', label: '帳票データ連携設定1 請求書',
  setting: { id: 'bill', name: '請求書', reportTypeId: 99, folder: 'b', filePrefix: 'b', firstLine: 'skip', approve: true, approvalFlowId: 3, timing: { mode: 'manual' } } as never,
};
const customers: SettingRef = {
  kind: 'customers', key: 'customers', label: '顧客データ連携設定',
  setting: { settingId: null, folder: 'c', filePrefix: 'c', overwriteInUse: false, overwriteWithBlank: false, firstLine: 'skip' } as never,
};

describe('settingRefusal', () => {
  it.each([
    ['帳票種別ID not there', bill, { column: 'reportTypeId', message: '指定された帳票種別IDの帳票がありません。（値: 99）' }, '帳票データ連携設定1 請求書 の 帳票種別ID（99）が楽楽明細にありません', 'Step4'],
    ['承認フローID not there', bill, { column: 'approvalFlowId', message: '指定された承認フローIDがありません。' }, '帳票データ連携設定1 請求書 の 承認フローID（3）が楽楽明細にありません', 'Step4'],
    ['承認フローID refused for another reason', bill, { column: 'approvalFlowId', message: '「承認をスキップする」が設定された承認フローのみ使用できます。' }, '帳票データ連携設定1 請求書 の 承認フローID（3）を楽楽明細が受け付けませんでした（「承認をスキップする」が設定された承認フローのみ使用できます。）', 'Step4'],
    ['取込設定ID omitted and refused', customers, { column: 'settingId', message: '取込設定IDが存在しません。' }, '顧客データ連携設定 の 取込設定ID（未指定）が楽楽明細にありません', 'Step3'],
  ] as const)('%s', (_n, ref, problem, message, step) => {
    const r = settingRefusal(ref, [{ message: '12行目: 別の問題', line: 12, column: '顧客コード' }, problem]);
    expect(r?.message).toBe(message);
    expect(r?.whatToDo).toContain(step);
  });
  it('a CSV column is not a setting, nor is a field of the other kind', () => {
    expect(settingRefusal(bill, [{ message: 'x', column: '顧客コード' }])).toBeNull();
    expect(settingRefusal(customers, [{ message: 'x', column: 'reportTypeId' }])).toBeNull();
    expect(settingRefusal(bill, [{ message: 'x' }])).toBeNull();
  });
});
