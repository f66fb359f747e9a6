import { describe, expect, it } from 'vitest';
import { decideOutcome } from './run-outcome';

describe('decideOutcome', () => {
  const cases: Array<[string, Parameters<typeof decideOutcome>[0], string, string]> = [
    ['no files', { targetName: '請求書', states: [] }, 'nothing', '請求書: 送信するファイルはありませんでした'],
    ['only header-only files', { targetName: '請求書', states: ['no-data'] }, 'nothing', '請求書: データなし1件'],
    ['all done', { targetName: '請求書', states: ['done', 'done'] }, 'success', '請求書: 2件完了'],
    ['done and duplicate', { targetName: '請求書', states: ['done', 'duplicate'] }, 'success', '請求書: 1件完了、同一内容1件'],
    ['some failed', { targetName: '請求書', states: ['done', 'failed'] }, 'partial', '請求書: 1件完了、1件エラー'],
    ['all failed', { targetName: '請求書', states: ['failed'] }, 'failed', '請求書: 1件エラー'],
    ['locked file only', { targetName: '請求書', states: ['skipped'] }, 'failed', '請求書: 1件保留'],
    ['held wins', { targetName: '請求書', states: ['done', 'held'] }, 'attention', '請求書: 1件完了、1件要確認'],
    ['unknown wins', { targetName: '顧客データ', states: ['unknown', 'failed'] }, 'attention', '顧客データ: 1件エラー、1件要確認'],
    ['cancelled', { targetName: '請求書', states: ['done'], cancelled: true }, 'cancelled', '請求書: 中止しました（1件完了）'],
    ['maintenance, nothing sent', { targetName: '請求書', states: [], notice: 'メンテナンス中でした。' }, 'failed', '請求書: メンテナンス中でした。'],
    ['maintenance after one file', { targetName: '請求書', states: ['done'], notice: 'メンテナンス中のため残りは次回送ります。' }, 'partial', '請求書: 1件完了 メンテナンス中のため残りは次回送ります。'],
    ['held file resent by a later run', { targetName: '請求書', states: ['done'], resent: 1 }, 'success', '請求書: 1件完了、1件は再送で対応'],
    ['only file resent by a later run', { targetName: '請求書', states: [], resent: 1 }, 'nothing', '請求書: 1件は再送で対応'],
    // 再送待ち: the agent resends by itself; the message says when (in the PC's time zone, TZ pinned by the test run).
    ['waiting for the automatic resend', { targetName: '請求書', states: ['done', 'retry-wait'], nextRetryAt: new Date(2026, 10, 25, 9, 5), now: new Date(2026, 10, 25, 9, 0) }, 'retry-wait', '請求書: 1件完了、1件再送待ち 11/25(水) 9:05に自動で送信します。'],
    ['an error is not hidden by a waiting file', { targetName: '請求書', states: ['failed', 'retry-wait'] }, 'failed', '請求書: 1件エラー、1件再送待ち'],
    ['要確認 wins over 再送待ち', { targetName: '請求書', states: ['held', 'retry-wait'] }, 'attention', '請求書: 1件要確認、1件再送待ち'],
    ['files of an earlier run waiting are mentioned, not counted', { targetName: '請求書', states: [], info: '以前の実行の再送待ちのファイルが1件あります。' }, 'nothing', '請求書: 送信するファイルはありませんでした 以前の実行の再送待ちのファイルが1件あります。'],
  ];
  it.each(cases)('%s', (_name, input, outcome, message) => {
    expect(decideOutcome(input)).toEqual({ outcome, message });
  });
});
