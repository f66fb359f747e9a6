import { describe, expect, it } from 'vitest';
import type { IgnoredReason } from './run';
import { ignoredReasonText } from './waiting-words';

describe('ignoredReasonText', () => {
  it.each([
    ['other-prefix', 'ファイル名が「billdata」で始まっていません（ファイル名は前方一致です）'],
    ['not-csv', '拡張子が「.csv」ではありません'],
    ['temporary', '一時ファイルです（Excelなどが作業中に作るファイルや、コピー途中のファイル）'],
    ['link', 'ショートカット（リンク）は送信しません。元のファイルをこのフォルダに置いてください'],
    ['not-a-file', '通常のファイルではありません'],
  ] as [IgnoredReason, string][])('%s', (reason, text) => {
    expect(ignoredReasonText(reason, 'billdata')).toBe(text);
  });
});
