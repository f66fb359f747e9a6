// The tray's update item for each state of the updater, and when it can be chosen.
import { describe, expect, it } from 'vitest';
import type { TrayMenuItem } from './tray-menu';
import { maintenanceMenuItems, updateMenuItems, updateReadyNotification } from './update-text';
import type { UpdateState } from './updater';

const item = (state: UpdateState, busy = false): TrayMenuItem => {
  const items = updateMenuItems({ state, busy });
  expect(items).toHaveLength(1);
  return items[0]!;
};

describe('update menu items', () => {
  it.each<[string, UpdateState, boolean, string, boolean, string]>([
    ['built without a URL', { kind: 'disabled', reason: 'no-url' }, false, '更新を確認（更新の配布先が設定されていないため使えません）', false, 'check-updates'],
    ['macOS', { kind: 'disabled', reason: 'unsupported' }, false, '更新を確認（この形式のインストールでは使えません）', false, 'check-updates'],
    ['npm run dev', { kind: 'disabled', reason: 'development' }, false, '更新を確認（開発版では使えません）', false, 'check-updates'],
    ['up to date', { kind: 'idle', checkedAt: null }, false, '更新を確認', true, 'check-updates'],
    ['checking', { kind: 'checking' }, false, '更新を確認中…', false, 'check-updates'],
    ['downloading', { kind: 'downloading', version: '0.2.0', percent: 42 }, false, '更新をダウンロード中（バージョン 0.2.0、42%）', false, 'check-updates'],
    ['failed last time', { kind: 'failed', message: 'ENOTFOUND' }, false, '更新を確認（前回は確認できませんでした）', true, 'check-updates'],
    ['ready, nothing running', { kind: 'ready', version: '0.2.0' }, false, '再起動して更新（バージョン 0.2.0）', true, 'install-update'],
    ['ready during a run', { kind: 'ready', version: '0.2.0' }, true, '再起動して更新（バージョン 0.2.0、連携の終了後に選べます）', false, 'install-update'],
  ])('%s', (_name, state, busy, label, enabled, action) => {
    expect(item(state, busy)).toEqual({ kind: 'action', label, enabled, action: { type: action } });
  });

  it('puts the support bundle first, always available', () => {
    const items = maintenanceMenuItems({ state: { kind: 'idle', checkedAt: null }, busy: true });
    expect(items[0]).toEqual({ kind: 'action', label: 'サポート用情報を保存…', action: { type: 'save-support-bundle' }, enabled: true });
    expect(items).toHaveLength(2);
  });

  it('tells when the update installs, and that a run is never cut short', () => {
    expect(updateReadyNotification('0.2.0').body).toMatch(/終了するとき、または次に起動したとき.*連携の実行中は更新しません/);
  });
});
