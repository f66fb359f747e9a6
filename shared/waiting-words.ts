// The clerk's words for the files in a watched folder that will not be sent, shared by the window's
// 待機中のファイル and the CLI agent's start banner, so both say the same thing about the same file.
import type { IgnoredReason } from './run';

/** Why this file will not be sent, for a setting whose ファイル名 (前方一致) is `prefix`. */
export function ignoredReasonText(reason: IgnoredReason, prefix: string): string {
  switch (reason) {
    case 'other-prefix':
      return `ファイル名が「${prefix}」で始まっていません（ファイル名は前方一致です）`;
    case 'not-csv':
      return '拡張子が「.csv」ではありません';
    case 'temporary':
      return '一時ファイルです（Excelなどが作業中に作るファイルや、コピー途中のファイル）';
    case 'link':
      return 'ショートカット（リンク）は送信しません。元のファイルをこのフォルダに置いてください';
    case 'not-a-file':
      return '通常のファイルではありません';
  }
}
