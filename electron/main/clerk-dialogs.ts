// The questions main asks the clerk in a native dialog. Each keeps the same shape: the first button
// goes ahead, the second — the default, and what Esc gives — is the safe answer.
import { APP_TITLE } from './notification-text';

function question(message: string, detail: string, goAhead: string, stay: string) {
  return { type: 'question' as const, title: APP_TITLE, message, detail, buttons: [goAhead, stay], defaultId: 1, cancelId: 1, noLink: true };
}

/** The settings window is closed with unsaved changes. Button 0 discards them. */
export const UNSAVED_CHANGES_DIALOG = question('保存していない変更があります。閉じますか？', '閉じると、入力した内容は保存されません。', '保存せずに閉じる', '戻って保存する');

/** 終了 is chosen while a run is in flight. Button 0 quits. */
export const QUIT_WHILE_RUNNING_DIALOG = question(
  '連携を実行中です。終了しますか？',
  '終了すると、送信中のファイルを終えたところで止まります。残りのファイルは次に起動したときに送ります。',
  '終了する',
  'キャンセル',
);
