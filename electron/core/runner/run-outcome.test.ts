import { describe, expect, it } from 'vitest';
import { decideOutcome, outcomeFacts } from './run-outcome';

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
    ['files of an earlier run waiting are mentioned, not counted', { targetName: '請求書', states: [], note: '以前の実行の再送待ちのファイルが1件あります。' }, 'nothing', '請求書: 送信するファイルはありませんでした 以前の実行の再送待ちのファイルが1件あります。'],
    // Resumed after a crash: what happened decides, the resume is only said (was 一部エラー).
    ['resumed, all done', { targetName: '請求書', states: ['done', 'done'], note: '（再開して完了）' }, 'success', '請求書: 2件完了 （再開して完了）'],
    ['resumed, one interrupted before sending (the next run sends it)', { targetName: '請求書', states: ['done', 'skipped'], carried: { interrupted: 1, changed: 0 }, note: '（再開）' }, 'success', '請求書: 1件完了、中断1件（次回の実行で送信） （再開）'],
    ['changed after sending: new work, not a problem', { targetName: '請求書', states: ['done', 'skipped'], carried: { interrupted: 0, changed: 1 } }, 'success', '請求書: 1件完了、送信後に変更1件（変更後のファイルは元のフォルダに戻し、次回の実行で確認）'],
    // Where the files are: never the エラー folder for a file that never moved.
    ['refused files moved to エラー', { targetName: '請求書', states: ['done', 'failed'], placement: { errorFolder: 1, leftInFolder: 0 } }, 'partial', '請求書: 1件完了、1件エラー（「エラー」フォルダへ1件）'],
    // 再送待ち files wait claimed in 処理中: the message says so, beside the time of the resend.
    ['waiting files are in 処理中', { targetName: '請求書', states: ['failed', 'retry-wait'], placement: { errorFolder: 1, leftInFolder: 0, inProgress: 1 } }, 'failed', '請求書: 1件エラー、1件再送待ち（「エラー」フォルダへ1件、「処理中」フォルダに1件）'],
    ['wrong token: nothing moved', { targetName: '請求書', states: ['failed'], placement: { errorFolder: 0, leftInFolder: 1 }, notice: 'APIトークンが正しくありません。' }, 'failed', '請求書: 1件エラー（元のフォルダのまま1件） APIトークンが正しくありません。'],
  ];
  it.each(cases)('%s', (_name, input, outcome, message) => {
    expect(decideOutcome(input)).toEqual({ outcome, message });
  });
});

describe('outcomeFacts', () => {
  it('tells files moved to エラー from files left where the clerk put them, and carried files apart', () => {
    const facts = outcomeFacts([
      { state: { state: 'failed', problems: [], cause: 'preflight' }, originalPath: '/r/bill/a.csv', currentPath: '/r/bill/エラー/2026-11-30/a.csv' },
      { state: { state: 'held', sha256: 'x', reason: 'r' }, originalPath: '/r/bill/b.csv', currentPath: '/r/bill/エラー/2026-11-30/b (2).csv' },
      { state: { state: 'failed', problems: [], cause: 'not-sent' }, originalPath: '/r/bill/c.csv', currentPath: '/r/bill/c.csv' },
      { state: { state: 'failed', problems: [], cause: 'setting' }, originalPath: '/r/bill/d.csv', currentPath: '/r/bill/d (2).csv' },
      { state: { state: 'skipped', reason: 'r', cause: 'interrupted' }, originalPath: '/r/bill/e.csv', currentPath: '/r/bill/e.csv' },
      { state: { state: 'skipped', reason: 'r', cause: 'changed' }, originalPath: '/r/bill/f.csv', currentPath: '/r/bill/f.csv' },
      { state: { state: 'done', importId: 1 }, originalPath: '/r/bill/g.csv', currentPath: '/r/bill/処理済み/2026-11-30/g.csv' },
      // 再送待ち: claimed in 処理中 until the resend, or in place where no 処理中 could be made.
      { state: { state: 'retry-wait', sha256: 'x', attempts: 1, nextAttemptAt: 't', firstFailedAt: 't', reason: 'r' }, originalPath: '/r/bill/h.csv', currentPath: '/r/bill/処理中/h.csv' },
      { state: { state: 'retry-wait', sha256: 'x', attempts: 0, nextAttemptAt: 't', firstFailedAt: 't', reason: 'r' }, originalPath: '/r/bill/i.csv', currentPath: '/r/bill/i.csv' },
    ]);
    expect(facts.placement).toEqual({ errorFolder: 2, leftInFolder: 3, inProgress: 1 });
    expect(facts.carried).toEqual({ interrupted: 1, changed: 1 });
  });
});
