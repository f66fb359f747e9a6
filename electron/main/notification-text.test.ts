import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../shared/run';
import { runFinishedNotification, startedNotification } from './notification-text';

const run = (over: Partial<RunSummary>): RunSummary => ({
  id: 'run-1',
  target: { kind: 'report', reportId: 'r1' },
  targetName: '請求書',
  trigger: 'schedule',
  startedAt: '2026-11-30T09:00:00+09:00',
  finishedAt: '2026-11-30T09:01:00+09:00',
  outcome: 'success',
  counts: { files: 2, done: 2, failed: 0, skipped: 0, attention: 0 },
  message: '2件取り込みました',
  ...over,
});

describe('notification texts', () => {
  it('says 起動が完了しました, as the manual promises', () => {
    expect(startedNotification()).toEqual({ title: '明細コネクタ', body: '起動が完了しました', runId: null, urgent: false });
  });

  it('gives counts for a finished run and links the run', () => {
    expect(runFinishedNotification(run({}))).toEqual({
      title: '請求書: 連携が完了しました',
      body: '2件のファイルを取り込みました（スケジュール）。',
      runId: 'run-1',
      urgent: false,
    });
  });

  it('says what failed and where the file is: in 「エラー」 only when it was moved there', () => {
    const moved = '請求書: 1件エラー（「エラー」フォルダへ1件）';
    const n = runFinishedNotification(run({ outcome: 'failed', message: moved, counts: { files: 1, done: 0, failed: 1, skipped: 0, attention: 0 } }));
    expect(n?.title).toBe('請求書: 連携できませんでした');
    expect(n?.body).toContain('1件エラー（「エラー」フォルダへ1件）');
    expect(n?.body).toContain('実行履歴');
    expect(n?.urgent).toBe(true);
    // A wrong token moved nothing: the clerk is not sent to 「エラー」.
    const token = runFinishedNotification(run({ outcome: 'failed', message: '請求書: 1件エラー（元のフォルダのまま1件） APIトークンが正しくありません。', counts: { files: 1, done: 0, failed: 1, skipped: 0, attention: 0 } }));
    expect(token?.body).toContain('元のフォルダのまま1件');
    expect(token?.body).not.toContain('「エラー」フォルダ');
    const p = runFinishedNotification(run({ outcome: 'partial', message: '請求書: 2件完了、1件エラー（「エラー」フォルダへ1件）', counts: { files: 3, done: 2, failed: 1, skipped: 0, attention: 0 } }));
    expect(p?.body).toMatch(/^2件完了、1件エラー（「エラー」フォルダへ1件）（スケジュール）。/);
    const a = runFinishedNotification(run({ outcome: 'attention', counts: { files: 1, done: 0, failed: 0, skipped: 0, attention: 1 } }));
    expect(a?.body).toContain('要確認');
  });

  it('stays quiet for a scheduled run that found nothing, but answers a manual one', () => {
    expect(runFinishedNotification(run({ outcome: 'nothing' }))).toBeNull();
    expect(runFinishedNotification(run({ outcome: 'nothing', trigger: 'manual' }))?.title).toBe('請求書: 送るファイルはありませんでした');
    expect(runFinishedNotification(run({ outcome: 'running' }))).toBeNull();
  });
});
