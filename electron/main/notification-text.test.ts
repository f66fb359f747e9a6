import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../shared/run';
import { runFinishedNotification, startedNotification, stoppedSlotNotification } from './notification-text';

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

  it('a scheduled run that found nothing says so (unless turned off) and leads to the waiting files; an arrival run stays quiet', () => {
    const empty = { outcome: 'nothing' as const, counts: { files: 0, done: 0, failed: 0, skipped: 0, attention: 0 } };
    expect(runFinishedNotification(run(empty))).toMatchObject({
      title: '請求書: 対象のファイルがありませんでした',
      body: expect.stringContaining('「待機中のファイル」'),
      urgent: true,
      open: '#/waiting',
    });
    expect(runFinishedNotification(run({ ...empty, trigger: 'catch-up' }))?.title).toBe('請求書: 対象のファイルがありませんでした');
    expect(runFinishedNotification(run(empty), { notifyEmptyRuns: false })).toBeNull();
    expect(runFinishedNotification(run({ ...empty, trigger: 'arrival' }))).toBeNull();
    expect(runFinishedNotification(run({ outcome: 'nothing', counts: { files: 2, done: 0, failed: 0, skipped: 0, attention: 0 } }))?.title).toBe('請求書: 送るデータがありませんでした');
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
    expect(expired?.body).toContain('ファイルは「処理中」フォルダから元のフォルダに戻しました');
  });

  it('a slot that passed while stopped: what did not run, and that 起動 runs it once', () => {
    const n = stoppedSlotNotification([{ reportId: 'r1', name: '請求書', at: '2026-11-30T09:00:00+09:00' }], new Date('2026-11-30T09:00:00+09:00'), { timeZone: 'Asia/Tokyo' });
    expect(n).toMatchObject({ title: '明細コネクタ: 停止中のため実行されませんでした', urgent: true, essential: true, runId: null });
    expect(n.body).toContain('請求書（');
    expect(n.body).toContain('9:00）のスケジュール実行は、エージェントが停止中のため行われていません。トレイの「起動」を選ぶと、遅延実行として送信します。');
  });
});
