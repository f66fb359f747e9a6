// What the clerk reads about updates and the support bundle — the notifications and the tray's
// maintenance items — as pure functions of the update state, so the wording and what is enabled
// when are tested without Electron.
import type { NotificationText } from './notification-text';
import { APP_TITLE } from './notification-text';
import type { TrayMenuItem } from './tray-menu';
import type { UpdateDisabledReason, UpdateView } from './update-state';

export function updateReadyNotification(version: string): NotificationText {
  return {
    title: `${APP_TITLE}: 更新の準備ができました（バージョン ${version}）`,
    body: '終了するとき、または次に起動したときに更新します（連携の実行中は更新しません）。すぐに更新するには、トレイのメニューから「再起動して更新」を選んでください。',
    runId: null,
    urgent: false,
  };
}

export function upToDateNotification(version: string): NotificationText {
  return { title: APP_TITLE, body: `お使いの明細コネクタ（バージョン ${version}）は最新です。`, runId: null, urgent: false };
}

export function updateCheckFailedNotification(): NotificationText {
  return {
    title: APP_TITLE,
    body: '更新を確認できませんでした。ネットワークの接続を確認して、しばらくしてからもう一度お試しください。続く場合は社内の管理者にご連絡ください。',
    runId: null,
    urgent: false,
  };
}

export function supportBundleSavedNotification(file: string): NotificationText {
  return { title: APP_TITLE, body: `サポート用情報を保存しました: ${file}\nAPIトークンは含まれていません。`, runId: null, urgent: false };
}

const DISABLED_LABELS: Record<UpdateDisabledReason, string> = {
  'no-url': '更新を確認（更新の配布先が設定されていないため使えません）',
  unsupported: '更新を確認（この形式のインストールでは使えません）',
  development: '更新を確認（開発版では使えません）',
};

/** The update item(s) of the tray menu. */
export function updateMenuItems(view: UpdateView): TrayMenuItem[] {
  const { state, busy } = view;
  switch (state.kind) {
    case 'disabled':
      return [{ kind: 'action', label: DISABLED_LABELS[state.reason], action: { type: 'check-updates' }, enabled: false }];
    case 'idle':
      return [{ kind: 'action', label: '更新を確認', action: { type: 'check-updates' }, enabled: true }];
    case 'failed':
      return [{ kind: 'action', label: '更新を確認（前回は確認できませんでした）', action: { type: 'check-updates' }, enabled: true }];
    case 'checking':
      return [{ kind: 'action', label: '更新を確認中…', action: { type: 'check-updates' }, enabled: false }];
    case 'downloading':
      return [
        {
          kind: 'action',
          label: `更新をダウンロード中（バージョン ${state.version}${state.percent === null ? '' : `、${state.percent}%`}）`,
          action: { type: 'check-updates' },
          enabled: false,
        },
      ];
    case 'ready':
      return [
        {
          kind: 'action',
          label: busy ? `再起動して更新（バージョン ${state.version}、連携の終了後に選べます）` : `再起動して更新（バージョン ${state.version}）`,
          action: { type: 'install-update' },
          enabled: !busy,
        },
      ];
  }
}

/** What the tray adds before 終了: the support bundle and the update items. */
export function maintenanceMenuItems(view: UpdateView | undefined): TrayMenuItem[] {
  return [
    { kind: 'action', label: 'サポート用情報を保存…', action: { type: 'save-support-bundle' }, enabled: true },
    ...(view === undefined ? [] : updateMenuItems(view)),
  ];
}
