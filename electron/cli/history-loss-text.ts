// What the CLI says when the run history was found lost at start: the same account the window's
// banner and the tray give, and how a headless clerk confirms it.
import type { HistoryLossNotice } from '../../shared/run';

export const CONFIRM_LOSS_COMMAND = 'meisai-connector history --confirm-loss';

export function historyLossText(notice: HistoryLossNotice): string {
  return [
    '【実行履歴が失われました】',
    notice.message,
    `確認したら「${CONFIRM_LOSS_COMMAND}」を実行するか、明細コネクタの画面で「確認しました」を選んでください。`,
    '',
  ].join('\n');
}
