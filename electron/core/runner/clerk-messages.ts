// Every sentence the runner writes for the clerk (history, the .txt beside a moved file), in one
// place so the wording stays consistent and reviewable. The advice itself lives in
// shared/clerk-advice.ts, where the window reads the same words for its 実行履歴.
import { DUPLICATE_MESSAGE } from '../../../shared/clerk-advice';
import { formatLocalIso } from '../../../shared/local-time';

export {
  ADVICE_API_REJECTED,
  ADVICE_FIX_AND_RETRY,
  ADVICE_HELD,
  ADVICE_OVERLAP,
  DUPLICATE_MESSAGE,
  OVERLAP_CAUSE,
  OVERLAP_SKIPPED_MESSAGE,
  HEADLINE_PREFLIGHT,
  HEADLINE_REJECTED,
  headlineImportFailed,
  heldReason,
  importNameOf,
  importProcessName,
  legacyImportProcessName,
  NOT_SENT_SENTENCE,
} from '../../../shared/clerk-advice';

/** The clerk's file no longer holds the bytes that were sent: the new content is new work. */
export const CHANGED_AFTER_SEND =
  '送信後にファイルが変更されました。楽楽明細に送った内容は「処理済み」（またはエラー）に保存し、変更後のファイルは元のフォルダに戻しました。次回の実行で新しい内容として確認します。';
/** The same, for a file that was refused or had no data (nothing was sent). */
export const CHANGED_BEFORE_FILING =
  '確認のあとでファイルが変更されました。確認した内容は保存し、変更後のファイルは元のフォルダに戻しました。次回の実行で新しい内容として確認します。';

/** The note beside the copy of what was sent, in 処理済み. */
export function changedNote(fileName: string): string {
  return [
    `このファイルは、楽楽明細に送った「${fileName}」の内容です。`,
    '送信したあとで元のファイルが変更されたため、変更後のファイルは元のフォルダに戻しました。次回の実行で新しい内容として確認します（すでに送った行と重なる場合は、明細コネクタが確認を求めます）。',
  ].join('\r\n');
}

/** `at`: ISO time from the history; the note shows it in the PC's local time, as the clerk reads it. */
export function duplicateNote(fileName: string, previousRunId: string, at: string): string {
  return [
    `${DUPLICATE_MESSAGE}。`,
    `ファイル「${fileName}」と同じ内容のファイルは、実行 ${previousRunId}（${formatLocalIso(at, 'date-time-seconds')}）で取り込み済みです。`,
    // The button's own words: one word per action.
    `もう一度送る必要がある場合は、明細コネクタの実行履歴で「同じ内容でも送信する」を選んでください。`,
  ].join('\r\n');
}

