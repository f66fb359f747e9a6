import { describe, expect, it } from 'vitest';
import type { AgentStatus } from '../../shared/run';
import { formatShortDateTime } from '../../shared/local-time';
import { nextScheduledRun, TOOLTIP_MAX, trayIconState, trayTooltip } from './tray-state';

const TZ = { timeZone: 'Asia/Tokyo' };
const now = new Date('2026-11-28T10:00:00+09:00');
const base: AgentStatus = {
  agent: { state: 'idle' },
  nextRuns: [
    { reportId: 'b', name: '支払通知', at: '2026-12-01T08:00:00+09:00' },
    { reportId: 'a', name: '請求書', at: '2026-11-30T09:00:00+09:00' },
    { reportId: 'c', name: '手動', at: null },
  ],
  attention: 0,
};

describe('tray icon state', () => {
  it('maps the agent to 停止中 / 稼働中 / 実行中 / エラーあり', () => {
    expect(trayIconState({ status: { ...base, agent: { state: 'stopped' } }, unseenFailure: false })).toBe('stopped');
    expect(trayIconState({ status: base, unseenFailure: false })).toBe('active');
    expect(trayIconState({ status: { ...base, agent: { state: 'running', runIds: ['x'] } }, unseenFailure: true })).toBe('running');
    expect(trayIconState({ status: { ...base, agent: { state: 'error', message: 'x' } }, unseenFailure: false })).toBe('error');
    expect(trayIconState({ status: { ...base, attention: 1 }, unseenFailure: false })).toBe('error');
    expect(trayIconState({ status: base, unseenFailure: true })).toBe('error');
  });
});

describe('tooltip', () => {
  it('shows the state and the earliest next run', () => {
    expect(nextScheduledRun(base.nextRuns)?.reportId).toBe('a');
    expect(trayTooltip({ status: base, unseenFailure: false }, now, TZ)).toBe('明細コネクタ（稼働中）\n次回: 11/30(月) 9:00 請求書');
  });

  it('says the schedule is stopped, and what needs the clerk', () => {
    expect(trayTooltip({ status: { ...base, agent: { state: 'stopped' } }, unseenFailure: false }, now, TZ)).toBe('明細コネクタ（停止中）\nスケジュール実行・ファイル配置時は停止中のため実行されません');
    expect(trayTooltip({ status: { ...base, attention: 3 }, unseenFailure: false }, now, TZ)).toBe('明細コネクタ（エラーあり）\n要確認のファイル: 3件\n次回: 11/30(月) 9:00 請求書');
    expect(trayTooltip({ status: { ...base, nextRuns: [] }, unseenFailure: true }, now, TZ)).toBe('明細コネクタ（エラーあり）\nエラーのある実行があります（実行履歴）\n次回の予定はありません');
    const historyLoss = { id: 1, detectedAt: '2026-11-28T01:00:00.000Z', kind: 'missing', message: 'm', keptAt: null, recovered: { imported: 0, polled: 0, held: 0 } } as const;
    expect(trayTooltip({ status: { ...base, historyLoss }, unseenFailure: false }, now, TZ)).toBe('明細コネクタ（エラーあり）\n実行履歴が失われました（確認が必要です）\n次回: 11/30(月) 9:00 請求書');
  });

  it('stays within the Windows tooltip limit', () => {
    const long: AgentStatus = { ...base, agent: { state: 'error', message: 'あ'.repeat(200) } };
    const text = trayTooltip({ status: long, unseenFailure: false }, now, TZ);
    expect(text.length).toBeLessThanOrEqual(TOOLTIP_MAX);
    expect(text.endsWith('…')).toBe(true);
  });

  it('formats dates with the year only when it differs', () => {
    expect(formatShortDateTime(new Date('2027-01-04T00:05:00+09:00'), now, TZ)).toBe('2027/1/4(月) 0:05');
    expect(formatShortDateTime(new Date('2026-12-31T23:00:00+09:00'), now, TZ)).toBe('12/31(木) 23:00');
  });

  it('says how many files wait for the automatic resend and when it is, or that a stopped agent does not resend', () => {
    const retryWait = { files: 2, nextAttemptAt: '2026-11-30T00:05:00.000Z' };
    expect(trayTooltip({ status: { ...base, retryWait }, unseenFailure: false }, now, TZ)).toContain('再送待ち: 2件（次回 11/30(月) 9:05）');
    expect(trayTooltip({ status: { ...base, agent: { state: 'stopped' }, retryWait }, unseenFailure: false }, now, TZ)).toContain('再送待ち: 2件（停止中のため再送しません）');
    expect(trayTooltip({ status: base, unseenFailure: false }, now, TZ)).not.toContain('再送待ち');
  });
});
