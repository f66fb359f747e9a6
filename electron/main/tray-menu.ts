// The tray's right-click menu as data: a pure function of the agent status and the settings. The
// main process turns each item's `action` into a click handler (tray-controller.ts), so what the
// clerk sees and what a click does are both testable without Electron.
import type { Settings } from '../../shared/settings/schema';
import { describeTiming } from '../../shared/settings/describe-timing';
import { NOT_RUN_WHILE_STOPPED, type AgentStatus, type RunTarget } from '../../shared/run';
import { formatShortDateTime, type TimeZoneOption } from '../../shared/local-time';
import { HISTORY_LOST_LINE, retryWaitLine, TRAY_STATE_LABELS, trayIconState } from './tray-state';
import { maintenanceMenuItems } from './update-text';
import type { UpdateView } from './update-state';

export type TrayAction =
  | { readonly type: 'start' }
  | { readonly type: 'stop' }
  | { readonly type: 'run-now'; readonly target: RunTarget }
  | { readonly type: 'open-settings' }
  | { readonly type: 'open-history' }
  | { readonly type: 'open-folder' }
  | { readonly type: 'save-support-bundle' }
  | { readonly type: 'check-updates' }
  | { readonly type: 'install-update' }
  | { readonly type: 'quit' };

export type TrayMenuItem =
  | { readonly kind: 'info'; readonly label: string }
  | { readonly kind: 'separator' }
  | { readonly kind: 'action'; readonly label: string; readonly action: TrayAction; readonly enabled: boolean }
  | { readonly kind: 'submenu'; readonly label: string; readonly enabled: boolean; readonly items: readonly TrayMenuItem[] };

export interface TrayMenuInput {
  readonly status: AgentStatus;
  /** null until the clerk has saved settings once. */
  readonly settings: Pick<Settings, 'reports'> | null;
  readonly unseenFailure: boolean;
  readonly now: Date;
  /** The updater's state (updater.ts); absent where the tray has no updater. */
  readonly updates?: UpdateView;
}


export function trayMenuTemplate(input: TrayMenuInput, options: TimeZoneOption = {}): TrayMenuItem[] {
  const { status, settings, now } = input;
  const stopped = status.agent.state === 'stopped';
  const items: TrayMenuItem[] = [{ kind: 'info', label: `状態: ${TRAY_STATE_LABELS[trayIconState(input)]}` }];
  if (status.agent.state === 'error') items.push({ kind: 'info', label: status.agent.message });
  // Documents wait until the clerk confirms, in the window (its banner says what was found).
  if ((status.historyLoss ?? null) !== null) items.push({ kind: 'action', label: `${HISTORY_LOST_LINE}…`, action: { type: 'open-history' }, enabled: true });
  if (status.attention > 0) items.push({ kind: 'info', label: `要確認のファイル: ${status.attention}件` });
  const waiting = retryWaitLine(status, now, options);
  if (waiting !== null) items.push({ kind: 'info', label: waiting });

  if (settings === null) {
    items.push({ kind: 'info', label: '設定がまだありません（設定を開く）' });
  } else {
    const nextById = new Map(status.nextRuns.map((r) => [r.reportId, r.at]));
    for (const report of settings.reports) {
      const at = nextById.get(report.id) ?? null;
      let when: string;
      const automatic = report.timing.mode === 'schedule' || report.timing.mode === 'arrival';
      if (stopped && automatic) {
        // Said outright: a schedule shown as if it would run is how a month-end run gets missed.
        when = `${describeTiming(report.timing)} — ${NOT_RUN_WHILE_STOPPED}`;
      } else if (report.timing.mode === 'schedule' && at !== null) {
        when = `次回 ${formatShortDateTime(new Date(at), now, options)}`;
      } else {
        when = describeTiming(report.timing);
      }
      items.push({ kind: 'info', label: `${report.name}: ${when}` });
    }
  }

  items.push({ kind: 'separator' });
  items.push({ kind: 'action', label: '起動', action: { type: 'start' }, enabled: stopped && settings !== null });
  items.push({ kind: 'action', label: '停止', action: { type: 'stop' }, enabled: !stopped });

  const runItems: TrayMenuItem[] = (settings?.reports ?? []).map((r) => ({
    kind: 'action',
    label: r.timing.mode === 'none' ? `${r.name}（連携しない）` : r.name,
    action: { type: 'run-now', target: { kind: 'report', reportId: r.id } },
    // 連携しない means the clerk switched this setting off: do not offer to send it.
    enabled: r.timing.mode !== 'none',
  }));
  if (runItems.length > 0) runItems.push({ kind: 'separator' });
  runItems.push({ kind: 'action', label: '顧客データのみ', action: { type: 'run-now', target: { kind: 'customers' } }, enabled: settings !== null });
  // The agent refuses manual runs while stopped (起動 first), so the menu does not offer them.
  items.push({ kind: 'submenu', label: stopped && settings !== null ? '今すぐ連携（起動してから）' : '今すぐ連携', enabled: settings !== null && !stopped, items: runItems });

  items.push({ kind: 'separator' });
  items.push({ kind: 'action', label: '設定を開く', action: { type: 'open-settings' }, enabled: true });
  items.push({ kind: 'action', label: '実行履歴', action: { type: 'open-history' }, enabled: true });
  items.push({ kind: 'action', label: 'フォルダを開く', action: { type: 'open-folder' }, enabled: settings !== null });
  items.push({ kind: 'separator' });
  items.push(...maintenanceMenuItems(input.updates));
  items.push({ kind: 'separator' });
  items.push({ kind: 'action', label: '終了', action: { type: 'quit' }, enabled: true });
  return items;
}
