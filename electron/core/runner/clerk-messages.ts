// Every sentence the runner writes for the clerk (history, the .txt beside a moved file), in one
// place so the wording stays consistent and reviewable. The advice itself lives in
// shared/clerk-advice.ts, where the window reads the same words for its 実行履歴.
import { DUPLICATE_MESSAGE } from '../../../shared/clerk-advice';

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
  importProcessName,
  NOT_SENT_SENTENCE,
} from '../../../shared/clerk-advice';

export function duplicateNote(fileName: string, previousRunId: string, at: string): string {
  return [
    `${DUPLICATE_MESSAGE}。`,
    `ファイル「${fileName}」と同じ内容のファイルは、実行 ${previousRunId}（${at}）で取り込み済みです。`,
    `もう一度送る必要がある場合は、明細コネクタの実行履歴から強制送信してください。`,
  ].join('\r\n');
}

