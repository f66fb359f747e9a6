import { describe, expect, it } from 'vitest';
import type { AgentStatus } from '../../shared/run';
import type { ReportSetting } from '../../shared/settings/schema';
import { trayMenuTemplate, type TrayMenuItem } from './tray-menu';

const TZ = { timeZone: 'Asia/Tokyo' };
const now = new Date('2026-11-28T10:00:00+09:00');

function report(id: string, name: string, timing: ReportSetting['timing']): ReportSetting {
  return { id, name, reportTypeId: 1, folder: id, filePrefix: id, firstLine: 'skip', approve: false, approvalFlowId: null, timing };
}

const reports = [
  report('r1', '請求書', { mode: 'schedule', every: 'day', hour: 9, businessDay: 'as-is' }),
  report('r2', '支払通知', { mode: 'manual' }),
  report('r3', '旧帳票', { mode: 'none' }),
  report('r4', '納品書', { mode: 'arrival' }),
];

const idle: AgentStatus = {
  agent: { state: 'idle' },
  nextRuns: [{ reportId: 'r1', name: '請求書', at: '2026-11-30T09:00:00+09:00' }, { reportId: 'r2', name: '支払通知', at: null }],
  attention: 0,
};

const labels = (items: readonly TrayMenuItem[]) => items.map((i) => (i.kind === 'separator' ? '---' : i.label));
const find = (items: readonly TrayMenuItem[], label: string) => items.find((i) => i.kind !== 'separator' && i.label === label);

describe('tray menu template', () => {
  it('lists the state, each setting with its next run, and the manual’s commands in order', () => {
    const items = trayMenuTemplate({ status: idle, settings: { reports }, unseenFailure: false, now }, TZ);
    expect(labels(items)).toEqual([
      '状態: 稼働中',
      '請求書: 次回 11/30(月) 9:00',
      '支払通知: 手動実行',
      '旧帳票: 連携しない',
      '納品書: ファイル配置時',
      '---',
      '起動',
      '停止',
      '今すぐ連携',
      '---',
      '設定を開く',
      '実行履歴',
      'フォルダを開く',
      '---',
      'サポート用情報を保存…',
      '---',
      '終了',
    ]);
    expect(find(items, '起動')).toMatchObject({ enabled: false });
    expect(find(items, '停止')).toMatchObject({ enabled: true, action: { type: 'stop' } });
  });

  it('offers every document setting plus 顧客データのみ under 今すぐ連携, with 連携しない disabled', () => {
    const items = trayMenuTemplate({ status: idle, settings: { reports }, unseenFailure: false, now }, TZ);
    const sub = find(items, '今すぐ連携');
    expect(sub?.kind).toBe('submenu');
    if (sub?.kind !== 'submenu') return;
    expect(labels(sub.items)).toEqual(['請求書', '支払通知', '旧帳票（連携しない）', '納品書', '---', '顧客データのみ']);
    expect(find(sub.items, '請求書')).toMatchObject({ enabled: true, action: { type: 'run-now', target: { kind: 'report', reportId: 'r1' } } });
    expect(find(sub.items, '旧帳票（連携しない）')).toMatchObject({ enabled: false });
    expect(find(sub.items, '顧客データのみ')).toMatchObject({ enabled: true, action: { type: 'run-now', target: { kind: 'customers' } } });
  });

  it('when stopped: 起動 enabled, 停止 disabled, schedules and arrivals said not to run', () => {
    const stopped: AgentStatus = { ...idle, agent: { state: 'stopped' } };
    const items = trayMenuTemplate({ status: stopped, settings: { reports }, unseenFailure: false, now }, TZ);
    expect(labels(items)[0]).toBe('状態: 停止中');
    expect(labels(items)).toContain('請求書: 毎日 9時 — 停止中のため実行されません');
    expect(labels(items)).toContain('納品書: ファイル配置時 — 停止中のため実行されません');
    expect(labels(items)).toContain('支払通知: 手動実行');
    expect(find(items, '起動')).toMatchObject({ enabled: true, action: { type: 'start' } });
    expect(find(items, '停止')).toMatchObject({ enabled: false });
    expect(find(items, '今すぐ連携（起動してから）')).toMatchObject({ enabled: false });
  });

  it('without settings: says so and only offers to open them', () => {
    const items = trayMenuTemplate({ status: { agent: { state: 'stopped' }, nextRuns: [], attention: 0 }, settings: null, unseenFailure: false, now });
    expect(labels(items)).toContain('設定がまだありません（設定を開く）');
    expect(find(items, '起動')).toMatchObject({ enabled: false });
    expect(find(items, '今すぐ連携')).toMatchObject({ enabled: false });
    expect(find(items, 'フォルダを開く')).toMatchObject({ enabled: false });
    expect(find(items, '設定を開く')).toMatchObject({ enabled: true });
    expect(find(items, '終了')).toMatchObject({ enabled: true, action: { type: 'quit' } });
  });

  it('shows errors and 要確認 counts as lines of their own', () => {
    const status: AgentStatus = { agent: { state: 'error', message: 'ファイルの配置場所が見つかりません' }, nextRuns: [], attention: 2 };
    const items = trayMenuTemplate({ status, settings: { reports: [] }, unseenFailure: false, now });
    expect(labels(items).slice(0, 3)).toEqual(['状態: エラーあり', 'ファイルの配置場所が見つかりません', '要確認のファイル: 2件']);
  });

  it('has a state line for files in 再送待ち, with the next automatic attempt', () => {
    const items = trayMenuTemplate({ status: { ...idle, retryWait: { files: 1, nextAttemptAt: '2026-11-28T01:10:00.000Z' } }, settings: { reports }, unseenFailure: false, now }, TZ);
    expect(labels(items).slice(0, 2)).toEqual(['状態: 稼働中', '再送待ち: 1件（次回 11/28(土) 10:10）']);
  });

  it('a lost run history awaiting the clerk: a line that opens the window where it is confirmed', () => {
    const historyLoss = { id: 1, detectedAt: '2026-11-28T01:00:00.000Z', kind: 'rows-gone', message: 'm', keptAt: null, recovered: { imported: 0, polled: 4, held: 0 } } as const;
    const items = trayMenuTemplate({ status: { ...idle, historyLoss }, settings: { reports }, unseenFailure: false, now });
    expect(labels(items).slice(0, 2)).toEqual(['状態: エラーあり', '実行履歴が失われました（確認が必要です）…']);
    expect(find(items, '実行履歴が失われました（確認が必要です）…')).toMatchObject({ kind: 'action', action: { type: 'open-history' }, enabled: true });
  });
});
