// Every sentence the runner writes for the clerk (history, the .txt beside a moved file), in one
// place so the wording stays consistent and reviewable.
/** Shown in 楽楽明細's import history (取込履歴): the clerk finds our import there by the run id. */
export function importProcessName(runId: string): string {
  return `明細コネクタ ${runId}`;
}

/** 要確認: the POST of a document file may or may not have reached 楽楽明細. */
export function heldReason(runId: string, why: string): string {
  return [
    `${why}`,
    `楽楽明細に取り込まれたかどうか分からないため、自動では再送しません（請求書が二重に発行されるのを防ぐためです）。`,
    `楽楽明細の管理画面で帳票データの取込履歴を開き、処理名「${importProcessName(runId)}」の取込があるか確認してください。`,
    `取込がある場合は「送信済みにする」、ない場合は「再送する」を選んでください。`,
  ].join('');
}

export const DUPLICATE_MESSAGE = '同一内容のため送信しませんでした';

export function duplicateNote(fileName: string, previousRunId: string, at: string): string {
  return [
    `${DUPLICATE_MESSAGE}。`,
    `ファイル「${fileName}」と同じ内容のファイルは、実行 ${previousRunId}（${at}）で取り込み済みです。`,
    `もう一度送る必要がある場合は、明細コネクタの実行履歴から強制送信してください。`,
  ].join('\r\n');
}

export const ADVICE_FIX_AND_RETRY =
  '内容を直したファイルを元のフォルダに置くと、次回の実行で送信されます。このファイルはそのまま残してあります（削除はしていません）。';

export const ADVICE_API_REJECTED =
  '楽楽明細が取込を受け付けませんでした。上の内容（楽楽明細からのメッセージ）を確認し、CSVか連携設定（取込設定ID・帳票種別ID）を直してから、ファイルを元のフォルダに置き直してください。';

export const ADVICE_HELD =
  '楽楽明細の取込履歴を確認し、明細コネクタの実行履歴で「送信済みにする」か「再送する」を選んでください。このファイルは削除していません。';
