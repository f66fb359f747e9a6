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

  it('says what failed and where to look', () => {
    const n = runFinishedNotification(run({ outcome: 'failed', message: 'billdata_1130.csv: 3行目「顧客コード」が空です', counts: { files: 1, done: 0, failed: 1, skipped: 0, attention: 0 } }));
    expect(n?.title).toBe('請求書: 連携できませんでした');
    expect(n?.body).toContain('billdata_1130.csv: 3行目「顧客コード」が空です');
    expect(n?.body).toContain('実行履歴');
    expect(n?.body).toContain('「エラー」フォルダ');
    expect(n?.urgent).toBe(true);
    const p = runFinishedNotification(run({ outcome: 'partial', counts: { files: 3, done: 2, failed: 1, skipped: 0, attention: 0 } }));
    expect(p?.body).toMatch(/^取込 2件、エラー 1件（スケジュール）。/);
    const a = runFinishedNotification(run({ outcome: 'attention', counts: { files: 1, done: 0, failed: 0, skipped: 0, attention: 1 } }));
    expect(a?.body).toContain('要確認');
  });

  it('stays quiet for a scheduled run that found nothing, but answers a manual one', () => {
    expect(runFinishedNotification(run({ outcome: 'nothing' }))).toBeNull();
    expect(runFinishedNotification(run({ outcome: 'nothing', trigger: 'manual' }))?.title).toBe('請求書: 送るファイルはありませんでした');
    expect(runFinishedNotification(run({ outcome: 'running' }))).toBeNull();
  });

  it('再送待ち: told once, with when, not at every automatic attempt; then 完了, or the 72 hours', () => {
    const waiting = run({ outcome: 'retry-wait', message: '請求書: 1件再送待ち 11/30(月) 9:01に自動で送信します。' });
    expect(runFinishedNotification(waiting)).toEqual({
      title: '請求書: 再送待ちのファイルは自動で送信します',
      body: '1件再送待ち 11/30(月) 9:01に自動で送信します。\n何もする必要はありません。送信できたら、もう一度お知らせします。',
      runId: 'run-1',
      urgent: false,
    });
    expect(runFinishedNotification({ ...waiting, retry: { continued: true, expired: 0, waiting: 1 } })).toBeNull();
    expect(runFinishedNotification(run({ retry: { continued: true, expired: 0, waiting: 0 } }))?.title).toBe('請求書: 連携が完了しました');
    const expired = runFinishedNotification(run({ outcome: 'failed', retry: { continued: true, expired: 2, waiting: 0 } }));
    expect(expired).toMatchObject({ title: '請求書: 送信できないまま72時間が過ぎました', urgent: true, runId: 'run-1' });
    expect(expired?.body).toContain('ファイルは元のフォルダに残っています');
  });
});
