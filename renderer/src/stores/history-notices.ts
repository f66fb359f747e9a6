// What the 実行履歴 page says after the clerk's choice on a file, and after ファイルを表示 — each
// answer of main turned into the clerk's words, pure, so the wording is read (and changed) here.
import type { InvokeResponses } from '../../../shared/ipc/contract';
import type { OverlapChoice } from '../../../shared/run';

type OkValue<C extends keyof InvokeResponses> = Extract<InvokeResponses[C], { ok: true }>['value'];

export function heldChoiceNotice(action: 'resend' | 'mark-sent'): string {
  return action === 'resend' ? '再送信を受け付けました。結果は実行履歴に追加されます。' : '送信済みとして記録しました。このファイルは再送信しません。';
}

export const FORCE_SEND_NOTICE = '送信を受け付けました。結果は実行履歴に追加されます。';

/** Documents let go without their refused customer file: sent now, or — said why — by the next run. */
export function customerHoldNotice(v: OkValue<'history:release-customer-hold'>): string {
  if (v.runId !== null) return `顧客データ「${v.customerFileName}」を待たずに送信します。結果は実行履歴に追加されます。`;
  const later = v.notStarted === 'busy' ? 'この連携設定は実行中のため、次回の実行で送信します。' : 'エージェントが停止しているため、起動後の次回の実行で送信します。';
  return `顧客データ「${v.customerFileName}」を待たずに送るよう記録しました。${later}`;
}

export function overlapChoiceNotice(choice: OverlapChoice): string {
  if (choice === 'skip') return '送信しないことを記録しました。ファイルは「エラー」フォルダに残してあります。';
  return `${choice === 'replace' ? '差替発行' : '新規発行'}での送信を受け付けました。結果は実行履歴に追加されます。`;
}

/** After ファイルを表示: nothing to say when the file was shown; a note when only its last folder could be opened. */
export function shownFileNote(v: OkValue<'shell:show-file'>): { readonly text: string; readonly error: boolean } | null {
  return v.shown === 'folder' ? { text: 'ファイルはもうその場所にありません（移動または削除されています）。最後にあったフォルダを開きました。', error: false } : null;
}
